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
