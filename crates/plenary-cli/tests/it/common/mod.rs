//! Helpers of the binary's end-to-end tests: run the real `plenary` and read its output.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn plenary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
    command.env("PLENARY_LOG", "warn");
    command
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
