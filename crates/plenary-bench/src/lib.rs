//! Measures Plenary: a synthetic corpus to measure on, and the harness of `plenary bench`.
//!
//! It owns the deterministic synthetic corpus ([`synthetic`], `plenary corpus generate`:
//! six languages, Zipf vocabularies, the taxonomy's real terms, every metadata field
//! filled) and the benchmark harness ([`run`]): indexing throughput, CPU and memory with
//! where the time goes (`bench index`, a child process per run), the latency of a fixed
//! query mix through the search service (`bench query`), and the load of a running server
//! on loopback (`bench http`), with the operating system's probes they read (CPU time,
//! peak memory, CPU affinity). It depends on every stage and no stage depends on it; the
//! `plenary` binary links it only with its `bench` feature (on by default), since the
//! HTTP client and the histograms are no part of the product.
//!
//! ```
//! use plenary_bench::synthetic::{CorpusOptions, SyntheticCorpus};
//! use plenary_core::Taxonomy;
//!
//! let mut corpus = SyntheticCorpus::new(CorpusOptions::with_seed(7), &Taxonomy::bundled());
//! let mut lines = Vec::new();
//! let generated = corpus.write_jsonl(3, &mut lines).unwrap();
//! assert_eq!(generated.documents, 3);
//! assert_eq!(lines.iter().filter(|&&byte| byte == b'\n').count(), 3);
//! ```

mod args;
mod error;
mod http;
mod index;
mod os;
mod query;
pub mod synthetic;

pub use args::{BenchArgs, BenchCommand, BenchHttpArgs, BenchIndexArgs, BenchQueryArgs};
pub use error::BenchError;
pub use query::{AGGREGATION_MIX, QUERY_MIX};

/// Runs the measurement `args` names and prints its figures on standard output.
pub fn run(args: BenchArgs) -> Result<(), BenchError> {
    match args.command {
        BenchCommand::Index(args) => index::bench_index(args),
        BenchCommand::Query(args) => query::bench_query(args),
        BenchCommand::Http(args) => http::bench_http(args),
    }
}
