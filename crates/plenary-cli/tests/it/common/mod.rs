//! Helpers of the binary's end-to-end tests: run the real `plenary` and read its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn plenary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
    command.env("PLENARY_LOG", "warn");
    command
}

/// Runs `command`, which must fail, and returns what it wrote to standard error.
pub fn stderr_of_failure(command: &mut Command) -> String {
    let output = command.output().expect("the plenary binary runs");
    assert!(!output.status.success(), "{output:?}");
    String::from_utf8(output.stderr).expect("UTF-8 on standard error")
}

pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn corpus_docs() -> PathBuf {
    workspace_dir().join("corpus/docs")
}

/// How many documents the ground truth of the bundled corpus lists.
pub fn expected_document_count() -> u64 {
    let text = std::fs::read_to_string(workspace_dir().join("corpus/expected.jsonl"))
        .expect("expected.jsonl");
    text.lines().filter(|line| !line.trim().is_empty()).count() as u64
}

/// Runs `plenary index <paths> --index <index> --json [extra]` and returns its output and summary.
pub fn index(paths: &[&Path], index: &Path, extra: &[&str]) -> (Output, serde_json::Value) {
    let output = plenary()
        .arg("index")
        .args(paths)
        .arg("--index")
        .arg(index)
        .arg("--json")
        .args(extra)
        .output()
        .expect("plenary runs");
    let summary = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "summary is JSON ({error}); stdout: {}; stderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output, summary)
}

pub fn count(summary: &serde_json::Value, field: &str) -> u64 {
    summary[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} in {summary}"))
}

/// Every live document of an index by id: what it stores (metadata, language, topics,
/// paragraphs) and its text, as JSON.
pub fn stored_documents(index_dir: &Path) -> std::collections::BTreeMap<String, serde_json::Value> {
    use tantivy::schema::Value;
    let schema = plenary_core::PlenarySchema::new();
    let index = schema.open_index(index_dir).expect("the index opens");
    let reader = index.reader().expect("reader");
    let searcher = reader.searcher();
    let fields = schema.fields();
    let mut documents = std::collections::BTreeMap::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in segment.doc_ids_alive() {
            let address = tantivy::DocAddress::new(ordinal as u32, doc);
            let record: tantivy::TantivyDocument = searcher.doc(address).expect("stored");
            let text_of = |field| {
                record
                    .get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let mut stored: serde_json::Value =
                serde_json::from_str(&text_of(fields.payload)).expect("payload");
            stored["text"] = serde_json::Value::String(text_of(fields.text));
            let id = text_of(fields.id);
            assert!(
                documents.insert(id.clone(), stored).is_none(),
                "{id} is in the index twice"
            );
        }
    }
    documents
}

/// `plenary search <query> --json` on an index: the total, the ids of the first hits and
/// the counts of every facet.
pub fn search_json(index_dir: &Path, query: &str) -> serde_json::Value {
    let output = plenary()
        .args(["search", query, "--json", "--size", "50", "--index"])
        .arg(index_dir)
        .output()
        .expect("plenary runs");
    assert!(
        output.status.success(),
        "search {query}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// What two indexes must answer alike: totals, facet counts and the set of hits.
pub fn answers(index_dir: &Path, query: &str) -> serde_json::Value {
    let answer = search_json(index_dir, query);
    let mut hits: Vec<String> = answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect();
    hits.sort();
    serde_json::json!({"total": answer["total"], "facets": answer["facets"], "hits": hits})
}
