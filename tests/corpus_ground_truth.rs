//! The bundled corpus read by the real parsers and enrichers, compared with the ground
//! truth of `corpus/expected.jsonl`, format by format.

use std::collections::BTreeMap;

use plenary_core::Taxonomy;
use plenary_enrich::Enricher;
use plenary_eval::{Evaluation, evaluate};
use plenary_parse::ParseLimits;
use plenary_tests::{corpus_dir, expected_labels, extension};

fn evaluate_corpus() -> Evaluation {
    let enricher = Enricher::new(&Taxonomy::bundled());
    evaluate(
        &expected_labels(),
        &corpus_dir(),
        &enricher,
        &ParseLimits::default(),
    )
}

#[test]
fn the_corpus_meets_the_issue_s_shape() {
    let labels = expected_labels();
    let mut files: BTreeMap<String, u32> = BTreeMap::new();
    for label in &labels {
        files.entry(label.file.clone()).or_default();
    }
    assert!(
        files.len() >= 60,
        "at least 60 documents, found {}",
        files.len()
    );
    let mut by_format: BTreeMap<String, u32> = BTreeMap::new();
    for file in files.keys() {
        *by_format
            .entry(file.rsplit('.').next().unwrap_or_default().to_string())
            .or_default() += 1;
    }
    for (format, minimum) in [("pdf", 5), ("docx", 5), ("txt", 1), ("md", 1), ("html", 1)] {
        let count = by_format.get(format).copied().unwrap_or_default();
        assert!(
            count >= minimum,
            "{format}: {count} files, expected at least {minimum}"
        );
    }
    let mut by_language: BTreeMap<String, u32> = BTreeMap::new();
    for label in &labels {
        *by_language
            .entry(label.language.clone().unwrap_or_default())
            .or_default() += 1;
    }
    for (language, minimum) in [("fr", 4), ("es", 4), ("ru", 2), ("ar", 2), ("zh", 2)] {
        let count = by_language.get(language).copied().unwrap_or_default();
        assert!(
            count >= minimum,
            "{language}: {count} documents, expected at least {minimum}"
        );
    }
    for topic in Taxonomy::bundled().topics() {
        let count = labels
            .iter()
            .filter(|label| label.topics.contains(&topic.slug))
            .count();
        assert!(
            count >= 3,
            "topic {} is a subject of {count} documents, expected at least 3",
            topic.slug
        );
    }
}

#[test]
fn every_document_of_every_format_is_read() {
    let evaluation = evaluate_corpus();
    assert!(
        evaluation.unread.is_empty(),
        "unread: {:#?}",
        evaluation.unread
    );
    assert_eq!(evaluation.documents as usize, expected_labels().len());
}

#[test]
fn metadata_matches_the_ground_truth_in_every_format() {
    let evaluation = evaluate_corpus();
    let labels = expected_labels();
    let metadata_mismatches: Vec<_> = evaluation
        .mismatches
        .iter()
        .filter(|mismatch| mismatch.field != "topics")
        .collect();
    // Say which formats the disagreements come from, so a parser regression is plain.
    let mut by_format: BTreeMap<String, usize> = BTreeMap::new();
    for mismatch in &metadata_mismatches {
        let format = mismatch
            .file
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_string();
        *by_format.entry(format).or_default() += 1;
    }
    assert!(
        metadata_mismatches.is_empty(),
        "{} metadata disagreements (by format: {by_format:?}):\n{metadata_mismatches:#?}",
        metadata_mismatches.len()
    );
    let formats: std::collections::BTreeSet<String> = labels.iter().map(extension).collect();
    let every_format: std::collections::BTreeSet<String> =
        ["csv", "docx", "html", "jsonl", "md", "pdf", "txt"]
            .map(String::from)
            .into();
    assert_eq!(formats, every_format, "every file format is covered");
}

#[test]
fn language_is_detected_for_every_document() {
    let evaluation = evaluate_corpus();
    assert!(evaluation.language_evaluated >= 80);
    assert_eq!(
        evaluation.language_accuracy,
        1.0,
        "language mismatches: {:#?}",
        evaluation
            .mismatches
            .iter()
            .filter(|mismatch| mismatch.field == "language")
            .collect::<Vec<_>>()
    );
}

#[test]
fn topics_match_the_ground_truth() {
    let evaluation = evaluate_corpus();
    let topic_mismatches: Vec<_> = evaluation
        .mismatches
        .iter()
        .filter(|mismatch| mismatch.field == "topics")
        .collect();
    assert!(
        evaluation.topic_macro_f1 >= 0.90,
        "topic macro-F1 {:.3} < 0.90; per topic: {:#?}\ndisagreements: {topic_mismatches:#?}",
        evaluation.topic_macro_f1,
        evaluation.topics
    );
    for (slug, score) in &evaluation.topics {
        assert!(
            score.f1 >= 0.75,
            "topic {slug}: F1 {:.3} (precision {:.3}, recall {:.3})",
            score.f1,
            score.precision,
            score.recall
        );
    }
}
