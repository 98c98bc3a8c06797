//! Shared helpers of the benchmarks: the seeded synthetic corpus, the committed sample
//! documents, and the line each benchmark prints to say what it measured and on what.
//!
//! Every benchmark states its input (documents, bytes, threads, seed) so that a figure
//! can be reproduced with the same command on another machine.

use std::path::PathBuf;

use plenary_bench::synthetic::{CorpusOptions, SyntheticCorpus, SyntheticRecord};
use plenary_core::Taxonomy;
use plenary_parse::JsonlRecord;

/// The seed of every generated benchmark corpus.
pub const BENCH_SEED: u64 = 42;

/// The committed sample documents (`corpus/docs`).
pub fn corpus_docs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus/docs")
}

/// `count` generated records with [`BENCH_SEED`].
pub fn generated_records(count: usize) -> Vec<SyntheticRecord> {
    let mut corpus =
        SyntheticCorpus::new(CorpusOptions::with_seed(BENCH_SEED), &Taxonomy::bundled());
    (0..count).map(|_| corpus.next_record()).collect()
}

/// The generated records as the indexer reads them from JSON Lines.
pub fn generated_jsonl_records(count: usize) -> Vec<JsonlRecord> {
    let mut corpus =
        SyntheticCorpus::new(CorpusOptions::with_seed(BENCH_SEED), &Taxonomy::bundled());
    let mut bytes = Vec::new();
    corpus
        .write_jsonl(count as u64, &mut bytes)
        .expect("writing to memory cannot fail");
    plenary_parse::read_jsonl(bytes.as_slice())
        .filter_map(Result::ok)
        .collect()
}

/// Prints what a benchmark measures, on what, so the figure can be reproduced.
pub fn describe(benchmark: &str, input: &str) {
    println!("[{benchmark}] on {input}");
}
