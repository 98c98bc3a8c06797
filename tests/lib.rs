//! Shared helpers of the system tests: where the bundled corpus is and what its ground
//! truth says.

use std::collections::BTreeMap;
use std::path::PathBuf;

use plenary_eval::{LabelRecord, read_labels};

/// The `corpus/` folder of the workspace.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// The ground truth of the bundled corpus.
pub fn expected_labels() -> Vec<LabelRecord> {
    read_labels(&corpus_dir().join("expected.jsonl")).expect("corpus/expected.jsonl is readable")
}

/// How many labelled documents have each value of a field, as the facet counts must say.
pub fn expected_counts(field: impl Fn(&LabelRecord) -> Vec<String>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for label in expected_labels() {
        for value in field(&label) {
            *counts.entry(value).or_insert(0) += 1;
        }
    }
    counts
}

/// The file extension of a label's file.
pub fn extension(label: &LabelRecord) -> String {
    label
        .file
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_string()
}
