//! The options of `plenary bench`, one struct a measurement.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use plenary_indexer::DEFAULT_MAX_MERGED_DOCS;

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Index a JSON Lines file with the real pipeline and report throughput, memory and where time goes.
    Index(BenchIndexArgs),
    /// Run a fixed query mix through the search service and report latency percentiles.
    Query(BenchQueryArgs),
    /// Load a running server on loopback with the query mix for a fixed time.
    Http(BenchHttpArgs),
}

#[derive(Debug, Args)]
pub struct BenchIndexArgs {
    /// The JSON Lines file to index.
    #[arg(long)]
    pub input: PathBuf,
    /// Thread counts to run, comma-separated (`1,2`); each gets its own run and process.
    #[arg(long, value_delimiter = ',', default_value = "0")]
    pub threads: Vec<usize>,
    /// Keep the index of the last run here instead of a removed temporary directory.
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Records timed stage by stage for the breakdown (single-threaded).
    #[arg(long, default_value_t = 2_000)]
    pub sample: usize,
    /// Tantivy's memory budget in MB per run.
    #[arg(long, default_value_t = 512)]
    pub memory_mb: usize,
    /// No merge makes a segment of more documents than this.
    #[arg(long, default_value_t = DEFAULT_MAX_MERGED_DOCS)]
    pub max_merged_docs: u64,
    /// Confine each run to as many cores as it has threads (Linux): a run with T threads
    /// then has T cores, all its threads included, so the scaling table compares cores.
    /// Without it, a 1-thread run also uses a second core for Tantivy's writer.
    #[arg(long)]
    pub pin: bool,
    /// Internal: run one configuration into this directory and print its figures as JSON.
    #[arg(long, hide = true)]
    pub child_index_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchQueryArgs {
    /// The index to search.
    #[arg(long)]
    pub index: PathBuf,
    /// Seconds each thread configuration runs the mix (after one warm-up pass).
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Thread counts, comma-separated (default: 1 and all cores).
    #[arg(long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    /// Threads searching the segments of one query (1: in the querying thread).
    #[arg(long, default_value_t = 1)]
    pub search_threads: usize,
    /// Runs only the queries of the mix whose label contains one of these (comma-separated),
    /// e.g. `--only term` for the term queries, or one query to profile.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
}

/// A server `bench http` can load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HttpServer {
    /// `plenary serve`: every search counts every facet and picks passages.
    Plenary,
    /// tantivy-cli's `tantivy serve`: ten hits with their stored documents, no facets.
    TantivyServe,
}

#[derive(Debug, Args)]
pub struct BenchHttpArgs {
    /// The server's base URL; only loopback addresses are accepted.
    #[arg(long)]
    pub url: String,
    /// Clients sending requests at the same time.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// How long to load the server.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// The search endpoint under the base URL.
    #[arg(long, default_value = "/api/search")]
    pub path: String,
    /// Sends `Cache-Control: no-cache`, so that every request is computed: the figures
    /// of the search itself rather than of the server's answer cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Sends only the queries of the mix whose label contains one of these
    /// (comma-separated), e.g. `--only term` for the term queries.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// The server under load: Plenary, or `tantivy serve` (tantivy-cli) on an index of
    /// the same records, for a side-by-side figure.
    #[arg(long, value_enum, default_value_t = HttpServer::Plenary)]
    pub server: HttpServer,
    /// Sends each search's query text alone, without its filters, and only the searches
    /// a plain full-text server answers too (a query text, no field syntax). Implied by
    /// `--server tantivy-serve`, so that both servers get the same queries.
    #[arg(long)]
    pub query_only: bool,
}
