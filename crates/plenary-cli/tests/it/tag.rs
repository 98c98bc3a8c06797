//! `plenary tag`: what Plenary reads off documents, and every line it cannot read reported.

use crate::common;

use common::plenary;

#[test]
fn tag_shows_topics_with_their_evidence_and_reports_bad_lines() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("statements.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"We call for the abolition of the death penalty and an end to executions for drug offences.\"}\nnot json\n",
    )
    .unwrap();
    let output = plenary().arg("tag").arg(&input).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("death-penalty"), "{stdout}");
    assert!(
        stdout.contains("\"executions\"×1"),
        "the evidence: {stdout}"
    );
    assert!(
        stderr.contains("line 2: invalid json"),
        "the bad line is reported: {stderr}"
    );
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}

#[test]
fn tag_tells_of_stated_values_it_cannot_read_and_still_tags_the_record() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("statements.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"We call for the abolition of the death penalty and an end to executions for drug offences.\", \"forum\": \"Vienna Council\", \"date\": \"sometime in March\"}\n",
    )
    .unwrap();
    let output = plenary().arg("tag").arg(&input).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("death-penalty"), "still tagged: {stdout}");
    for told in [
        "line 1: forum \"Vienna Council\" cannot be read",
        "line 1: date \"sometime in March\" cannot be read",
    ] {
        assert!(stderr.contains(told), "{told}: {stderr}");
    }
    assert!(output.status.success(), "nothing was skipped: {stderr}");

    // In JSON, each document carries the warnings of its record.
    let output = plenary()
        .arg("tag")
        .arg("--json")
        .arg(&input)
        .output()
        .unwrap();
    assert!(output.status.success());
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let warnings = document["warnings"].as_array().expect("warnings");
    let mut told: Vec<(&str, &str)> = warnings
        .iter()
        .filter_map(|warning| Some((warning["field"].as_str()?, warning["value"].as_str()?)))
        .collect();
    told.sort_unstable();
    assert_eq!(
        told,
        [("date", "sometime in March"), ("forum", "Vienna Council")],
        "{document}"
    );
    assert!(warnings.iter().all(|warning| warning["line"] == 1));
}

#[test]
fn a_taxonomy_too_large_to_tag_with_is_refused_naming_the_limit() {
    let work = tempfile::tempdir().unwrap();
    let taxonomy = work.path().join("huge.toml");
    let limit = plenary_core::taxonomy::MAX_TAXONOMY_TERM_BYTES;
    let mut text = String::from(
        "[[topic]]\nslug = \"huge\"\nlabel = \"Huge\"\n[topic.terms]\nen = [\"pangolin\"",
    );
    // 29 bytes a term, past the limit.
    for number in 0..limit / 25 {
        text.push_str(&format!(", \"wordless term number {number:08}\""));
    }
    text.push_str("]\n");
    std::fs::write(&taxonomy, text).unwrap();
    let input = work.path().join("note.txt");
    std::fs::write(&input, "Pangolin trafficking: pangolin scales seized.\n").unwrap();
    let output = plenary()
        .arg("tag")
        .arg(&input)
        .arg("--taxonomy")
        .arg(&taxonomy)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "refused, not a tagger that tags nothing: {stderr}"
    );
    assert!(stderr.contains(&limit.to_string()), "{stderr}");
    assert!(output.stdout.is_empty());
}
