//! Labels made from what a real bulk corpus states are read back by the evaluator: a
//! sample of the UN General Debate speeches (JSON Lines, `id, country_iso3, session,
//! year, text`) from the shared external corpus. Skipped with a notice when the shared
//! folder is absent.

use std::fs;
use std::io::Write;

use plenary_core::Taxonomy;
use plenary_core::countries::country_by_code;
use plenary_enrich::Enricher;
use plenary_eval::{evaluate, read_labels};
use plenary_parse::ParseLimits;

#[test]
fn general_debate_speeches_are_read_with_the_country_region_year_and_session_they_state() {
    let Some(sample) = plenary_testkit::general_debate_sample() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    fs::write(work.path().join("ungdc-sample.jsonl"), sample.join("\n")).unwrap();
    // Labels made from what the corpus states, for the evaluator.
    let mut labels = fs::File::create(work.path().join("labels.jsonl")).unwrap();
    for (position, line) in sample.iter().enumerate() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let code = record["country_iso3"].as_str().unwrap();
        let country = country_by_code(code).unwrap_or_else(|| panic!("{code} in the table"));
        let label = serde_json::json!({
            "file": "ungdc-sample.jsonl",
            "item": position + 1,
            "country": code,
            "region": country.region.map(|region| region.code()),
            "actor_type": country.actor_type().code(),
            "year": record["year"],
            "session": record["session"],
        });
        writeln!(labels, "{label}").unwrap();
    }
    drop(labels);

    let labels = read_labels(&work.path().join("labels.jsonl")).unwrap();
    let evaluation = evaluate(
        &labels,
        work.path(),
        &Enricher::new(&Taxonomy::bundled()),
        &ParseLimits::default(),
    );
    assert!(evaluation.unread.is_empty(), "{:?}", evaluation.unread);
    for field in ["country", "region", "actor_type", "year", "session"] {
        let accuracy = evaluation.field_accuracy(field).expect("evaluated");
        println!("General Debate sample, {field}: {accuracy:.3}");
        assert!(accuracy >= 0.99, "{field}: {accuracy}");
    }
    // Fields the labels do not state are not judged.
    assert_eq!(evaluation.field_accuracy("forum"), None);
}
