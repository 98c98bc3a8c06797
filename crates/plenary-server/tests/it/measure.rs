//! Latency figures on a larger generated index. Slow: run on purpose with
//! `cargo test -p plenary-server --test it measure -- --ignored --nocapture`.

use crate::common;

use std::time::Instant;

use plenary_core::taxonomy::Taxonomy;
use plenary_server::{SearchRequest, SearchService};

/// Documents in the generated index: the fixture documents repeated with new ids, years and words.
const DOCUMENTS: usize = 20_000;
const WORDS: [&str; 8] = [
    "detention",
    "sentencing",
    "naloxone",
    "registry",
    "smuggling",
    "ransomware",
    "witness",
    "custody",
];

#[test]
#[ignore = "slow: builds a 20,000-document index"]
fn search_latency_on_a_generated_index() {
    let directory = tempfile::tempdir().expect("temp dir");
    let templates = common::documents();
    let mut documents = Vec::with_capacity(DOCUMENTS);
    for number in 0..DOCUMENTS {
        let mut document = templates[number % templates.len()].clone();
        document.id = format!("{}-{number}", document.id);
        document.symbol = None;
        let year = 2011 + (number % 16) as i32;
        document.year = Some(year);
        document.date = chrono::NaiveDate::from_ymd_opt(
            year,
            1 + (number % 12) as u32,
            1 + (number % 28) as u32,
        );
        let extra = WORDS[number % WORDS.len()];
        document.text = format!("{}\n\n{extra} {}", document.text, number);
        documents.push(document);
    }
    let started = Instant::now();
    common::write_documents(directory.path(), &documents);
    println!(
        "indexed {DOCUMENTS} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let service = SearchService::open(directory.path(), Taxonomy::bundled()).expect("open");
    for (label, request) in [
        ("match all, facets", SearchRequest::default()),
        ("two terms", SearchRequest::query("death penalty")),
        (
            "phrase + filter",
            SearchRequest {
                forum: vec!["CND".into()],
                ..SearchRequest::query("\"harm reduction\"")
            },
        ),
        ("fuzzy", SearchRequest::query("femicde~1")),
        (
            "date sort, 2 filters",
            SearchRequest {
                lang: vec!["en".into()],
                topic: vec!["organized-crime".into()],
                sort: plenary_server::SortOrder::DateDesc,
                ..SearchRequest::query("trafficking")
            },
        ),
    ] {
        let runs = 20;
        let started = Instant::now();
        let mut total = 0;
        for _ in 0..runs {
            total = service.search(&request).expect("search").total;
        }
        let per_search = started.elapsed().as_secs_f64() * 1000.0 / runs as f64;
        println!(
            "{label}: {total} hits, {per_search:.1} ms per search (10 hits, passages, all facets)"
        );
    }
    let started = Instant::now();
    let exported = service
        .for_each_document(&SearchRequest::default(), |_| true)
        .expect("export");
    println!(
        "export: {exported} documents in {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
}
