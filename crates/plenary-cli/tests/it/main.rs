//! The `plenary` binary end to end: indexing, serving, tagging, benchmarks and hostile input, run as a user runs it.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

#[cfg(feature = "bench")]
mod bench;
mod common;
mod enrich;
mod export;
mod hostile;
mod index;
mod merge;
mod serve;
mod spark;
mod tag;
