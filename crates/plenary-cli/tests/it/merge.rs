//! `plenary index merge`: shards built apart, merged, answer as one index built at once.

use crate::common;

use std::path::PathBuf;

use common::{answers, corpus_docs, count, index, plenary, stored_documents};

/// The queries both indexes are asked: everything, words, a phrase, filters.
pub const QUERIES: [&str; 5] = [
    "",
    "death penalty",
    "\"drug policy\"",
    "corruption OR femicide",
    "peine de mort",
];

#[test]
fn merged_shards_answer_as_one_index() {
    let work = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(corpus_docs())
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap().into_path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    // Three shards of files taken in turn, as partitions of a cluster job would be.
    let mut shards = Vec::new();
    for shard in 0..3 {
        let mine: Vec<&std::path::Path> = files
            .iter()
            .skip(shard)
            .step_by(3)
            .map(PathBuf::as_path)
            .collect();
        let dir = work.path().join(format!("shard-{shard}"));
        let (output, _) = index(&mine, &dir, &[]);
        assert!(output.status.code().is_some_and(|code| code <= 2));
        shards.push(dir);
    }
    let direct = work.path().join("direct");
    let (output, direct_summary) = index(&[&corpus_docs()], &direct, &[]);
    assert!(output.status.success());

    let merged = work.path().join("merged");
    for _ in 0..2 {
        // Twice: a second merge replaces the first.
        let output = plenary()
            .args(["index", "merge"])
            .args(&shards)
            .arg("--index")
            .arg(&merged)
            .arg("--json")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(
            count(&summary, "documents"),
            count(&direct_summary, "documents_in_index")
        );
    }
    let (one, merged_documents) = (stored_documents(&direct), stored_documents(&merged));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        merged_documents.keys().collect::<Vec<_>>()
    );
    for (id, document) in &one {
        assert_eq!(document, &merged_documents[id], "document {id}");
    }
    for query in QUERIES {
        assert_eq!(
            answers(&direct, query),
            answers(&merged, query),
            "query {query:?}"
        );
    }

    // The merged index knows its files: indexing them again into it changes nothing.
    let (output, again) = index(&[&corpus_docs()], &merged, &[]);
    assert!(output.status.success());
    assert_eq!(count(&again, "files_indexed"), 0, "{again}");
    assert_eq!(
        count(&again, "documents_in_index"),
        count(&direct_summary, "documents_in_index")
    );

    // A folder that is not a Plenary index is no shard.
    let output = plenary()
        .args(["index", "merge"])
        .arg(work.path())
        .arg("--index")
        .arg(work.path().join("other"))
        .output()
        .unwrap();
    assert!(!output.status.success());
}
