//! `plenary enrich` end to end: enriched records, indexed, give the index that indexing
//! the files directly gives, document by document.

use crate::common;

use std::fs;
use std::io::Write;
use std::process::Stdio;

use common::{corpus_docs, count, index, plenary, stored_documents};

#[test]
fn enriched_then_indexed_equals_indexed_directly() {
    let work = tempfile::tempdir().unwrap();
    let enriched = work.path().join("enriched.jsonl");
    let output = plenary()
        .arg("enrich")
        .arg(corpus_docs())
        .arg("--out")
        .arg(&enriched)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap();
    let lines = fs::read_to_string(&enriched).unwrap();
    assert_eq!(lines.lines().count() as u64, count(&summary, "documents"));
    // Every line is a whole document: metadata, language, topics, numbered paragraphs.
    let first: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    for field in [
        "plenary_document",
        "id",
        "language",
        "topics",
        "passages",
        "text",
        "doc_type",
    ] {
        assert!(first.get(field).is_some(), "{field} in {first}");
    }
    assert!(lines.contains("\"number\":"), "paragraph numbers are kept");

    let direct = work.path().join("direct");
    let (output, direct_summary) = index(&[&corpus_docs()], &direct, &[]);
    assert!(output.status.success());
    let from_records = work.path().join("from-records");
    let (output, record_summary) = index(&[&enriched], &from_records, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        count(&record_summary, "documents_in_index"),
        count(&direct_summary, "documents_in_index")
    );
    let (direct, from_records) = (stored_documents(&direct), stored_documents(&from_records));
    assert_eq!(
        direct.keys().collect::<Vec<_>>(),
        from_records.keys().collect::<Vec<_>>()
    );
    for (id, document) in &direct {
        assert_eq!(document, &from_records[id], "document {id}");
    }
}

#[test]
fn reads_paths_and_records_from_standard_input_and_reports_bad_input() {
    let work = tempfile::tempdir().unwrap();
    let docs = corpus_docs();
    let mut child = plenary()
        .arg("enrich")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let missing = work.path().join("no-such-file.txt");
    let first = fs::read_dir(&docs)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .expect("a text file in the corpus");
    writeln!(
        child.stdin.as_mut().unwrap(),
        "{}\n{}",
        first.display(),
        missing.display()
    )
    .unwrap();
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2), "a path was skipped");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-file.txt"), "{stderr}");
    assert!(!output.stdout.is_empty(), "the readable file was enriched");

    // Records: a bad line is reported with its number, the others are enriched.
    let records = "{\"title\": \"Death penalty for drug offences\", \"text\": \"The death penalty for drug offences must be abolished.\", \"forum\": \"CND\"}\nnot json\n{\"text\": \"La pena de muerte debe ser abolida en todos los países que todavía la aplican para los delitos de drogas, y los Estados deben respetar los derechos humanos de las personas que usan drogas.\", \"forum\": \"the Vienna tea party\"}\n";
    let mut child = plenary()
        .arg("enrich")
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(records.as_bytes())
        .unwrap();
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    let documents: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["forum"], "CND");
    assert!(
        documents[0]["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|topic| topic["slug"] == "death-penalty"),
        "{}",
        documents[0]
    );
    assert_eq!(documents[1]["language"], "es");
    // A forum that cannot be read keeps the record, and is said.
    assert!(
        stderr.contains("1 warnings") && stderr.contains("the Vienna tea party"),
        "{stderr}"
    );

    // An enriched file with a broken line: the line is reported, the rest indexed.
    let enriched = work.path().join("records.jsonl");
    let mut text = String::from_utf8_lossy(&output.stdout).to_string();
    text.push_str("{\"plenary_document\":1,\"id\":\n");
    fs::write(&enriched, text).unwrap();
    let (output, summary) = index(&[&enriched], &work.path().join("index"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(count(&summary, "documents_in_index"), 2);
    let reason = summary["skipped"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("line 3"), "{reason}");
}
