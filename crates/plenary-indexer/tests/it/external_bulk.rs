//! Real bulk corpora indexed as a user would index them: samples of the UN General
//! Debate speeches (JSON Lines, `id, country_iso3, session, year, text`) and of the UPR
//! Info recommendations (CSV, State to State), from the shared external corpus. Skipped
//! with a notice when the shared folder is absent.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::stored_documents;
use plenary_core::countries::{country_by_code, find_country};
use plenary_indexer::{IndexOptions, IndexSummary, NoProgress, run_index};

fn index(inputs: &[PathBuf], index_dir: &Path) -> IndexSummary {
    let mut options = IndexOptions::new(index_dir.to_path_buf());
    options.threads = 2;
    options.writer_threads = 1;
    options.writer_memory_bytes = 30_000_000;
    run_index(inputs, &options, &NoProgress).expect("the run")
}

#[test]
fn general_debate_speeches_keep_their_country_region_year_and_session() {
    let Some(sample) = plenary_testkit::general_debate_sample() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("ungdc-sample.jsonl");
    fs::write(&input, sample.join("\n")).unwrap();
    let summary = index(std::slice::from_ref(&input), &work.path().join("index"));
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    // The fields the corpus gives besides the common ones are named once for the file.
    assert_eq!(summary.unmapped.len(), 1, "{:?}", summary.unmapped);
    assert_eq!(summary.unmapped[0].fields, ["n_chars", "source_path"]);

    let documents = stored_documents(&work.path().join("index"));
    assert_eq!(documents.len(), sample.len());
    for line in &sample {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = record["id"].as_str().unwrap();
        let code = record["country_iso3"].as_str().unwrap();
        let document = documents.get(id).unwrap_or_else(|| panic!("{id} indexed"));
        let country = country_by_code(code).unwrap_or_else(|| panic!("{code} in the table"));
        assert_eq!(document.meta.country.as_deref(), Some(code), "{id}");
        assert_eq!(document.meta.region, country.region, "{id}");
        assert!(
            document.meta.region.is_some() || code == "EU",
            "{id}: every State has its group"
        );
        assert_eq!(document.meta.actor_type, Some(country.actor_type()), "{id}");
        assert_eq!(
            document.year,
            record["year"].as_i64().map(|y| y as i32),
            "{id}"
        );
        assert_eq!(
            document.session,
            record["session"].as_u64().map(|s| s as u32),
            "{id}"
        );
        // A date read from the speech never contradicts the stated year.
        if let Some(date) = document.date {
            assert_eq!(Some(chrono::Datelike::year(&date)), document.year, "{id}");
        }
        assert!(document.meta.fields.contains_key("source_path"), "{id}");
    }
}

#[test]
fn upr_recommendations_index_with_their_states_sessions_and_issue_tags() {
    let Some(corpus) = plenary_testkit::external_corpus_file(
        "upr-info-recommendations/upr_info_recommendations_s1-20.csv.gz",
    ) else {
        return;
    };
    // Every 100th row, written back as a gzipped CSV with the corpus's own header.
    let mut rows = csv::Reader::from_reader(flate2::read::GzDecoder::new(
        fs::File::open(corpus).unwrap(),
    ));
    let headers = rows.headers().unwrap().clone();
    let sample: Vec<csv::StringRecord> = rows
        .records()
        .step_by(100)
        .map(|row| row.expect("a row"))
        .collect();
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("upr-sample.csv.gz");
    let mut writer = csv::Writer::from_writer(flate2::write::GzEncoder::new(
        fs::File::create(&input).unwrap(),
        flate2::Compression::fast(),
    ));
    writer.write_record(&headers).unwrap();
    for row in &sample {
        writer.write_record(row).unwrap();
    }
    writer.into_inner().unwrap().finish().unwrap();

    let summary = index(std::slice::from_ref(&input), &work.path().join("index"));
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    let unmapped: BTreeSet<&str> = summary.unmapped[0]
        .fields
        .iter()
        .map(String::as_str)
        .collect();
    assert!(
        unmapped.contains("Response") && unmapped.contains("From-Rgrp"),
        "{unmapped:?}"
    );

    let documents = stored_documents(&work.path().join("index"));
    assert_eq!(documents.len(), sample.len());
    let column = |row: &csv::StringRecord, name: &str| {
        let position = headers.iter().position(|header| header == name).unwrap();
        row.get(position).unwrap_or_default().to_string()
    };
    let mut states = 0;
    for row in &sample {
        let id = column(row, "rec_id");
        let document = documents.get(&id).unwrap_or_else(|| panic!("{id} indexed"));
        assert_eq!(
            document.session.map(|session| session.to_string()),
            Some(column(row, "Session")),
            "{id}"
        );
        let tags: Vec<String> = column(row, "Issue")
            .split(',')
            .map(|tag| tag.trim().to_string())
            .filter(|tag| !tag.is_empty())
            .collect();
        assert_eq!(document.meta.tags, tags, "{id}");
        assert_eq!(
            document.meta.fields.get("Response"),
            Some(&column(row, "Response")).filter(|response| !response.is_empty()),
            "{id}"
        );
        let from = column(row, "From");
        match find_country(&from) {
            Some(country) => {
                states += 1;
                assert_eq!(
                    document.meta.country.as_deref(),
                    Some(country.code.as_str())
                );
                assert_eq!(document.meta.region, country.region, "{id}");
                assert_eq!(document.meta.actor_type, Some(country.actor_type()), "{id}");
            }
            // The one recommending State the database does not know.
            None => assert!(from.contains("Unknown"), "{id}: {from} is not in the table"),
        }
        let to = column(row, "To");
        let recipient = find_country(&to).unwrap_or_else(|| panic!("{id}: {to}"));
        assert_eq!(
            document.meta.recipient.as_deref(),
            Some(recipient.code.as_str())
        );
    }
    assert!(states + 2 >= sample.len(), "{states} of {}", sample.len());
}
