//! `plenary serve`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use plenary_core::Taxonomy;
use plenary_indexer::IndexOptions;
use plenary_server::ServeConfig;

use crate::commands::index::{index_with_progress, print_summary};
use crate::paths;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Index directory to serve. Without it, the bundled corpus is indexed (incrementally)
    /// into <data dir>/index and served.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Data directory (default: $PLENARY_DATA_DIR or ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8470, env = "PLENARY_PORT")]
    pub port: u16,
    /// A taxonomy file instead of the bundled one (for topic labels and filters).
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// An origin allowed to call the API from a browser (repeat; `*` for any). None by default.
    #[arg(
        long = "cors-origin",
        env = "PLENARY_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// The longest a request may compute before it is answered with a timeout error, in seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout_seconds: u64,
    /// The largest request body accepted, in KiB.
    #[arg(long, default_value_t = 1024)]
    pub max_body_kib: usize,
    /// Requests computing at once; the others wait their turn (default: twice the cores).
    #[arg(long)]
    pub max_concurrent_requests: Option<usize>,
    /// MiB of answers kept for repeated requests, per version of the index (0: no cache).
    /// A request with `Cache-Control: no-cache` is always computed.
    #[arg(long, default_value_t = plenary_server::api::DEFAULT_RESPONSE_CACHE_BYTES / (1024 * 1024))]
    pub cache_mib: u64,
    /// Threads searching the segments of one query (default: the cores), used while it
    /// computes alone; under load each query searches in its own thread.
    #[arg(long)]
    pub search_threads: Option<usize>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    let index_dir = match &args.index {
        Some(index_dir) => index_dir.clone(),
        None => prepare_bundled_index(&args, &taxonomy)?,
    };
    let addr = SocketAddr::new(args.host, args.port);
    let mut config = ServeConfig::new(index_dir, addr);
    config.taxonomy = taxonomy;
    config.settings.cors_origins = args.cors_origins.clone();
    config.settings.request_timeout = Duration::from_secs(args.timeout_seconds.max(1));
    config.settings.max_body_bytes = args.max_body_kib.max(1) * 1024;
    if let Some(requests) = args.max_concurrent_requests {
        config.settings.max_concurrent_requests = requests.max(1);
    }
    config.settings.response_cache_bytes = args.cache_mib.saturating_mul(1024 * 1024);
    if let Some(threads) = args.search_threads {
        config.search_threads = threads.max(1);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime
        .block_on(plenary_server::serve(config))
        .map_err(|error| {
            let in_use = matches!(
                &error,
                plenary_server::ServerError::Bind { source, .. }
                    if source.kind() == std::io::ErrorKind::AddrInUse
            );
            let error = anyhow::Error::new(error);
            if in_use {
                error.context(format!(
                    "port {} is taken by another program: choose another with --port",
                    args.port
                ))
            } else {
                error
            }
        })?;
    Ok(ExitCode::SUCCESS)
}

/// Brings the index of the bundled corpus up to date (a full build on first run, then
/// only what changed) and returns its directory.
fn prepare_bundled_index(args: &ServeArgs, taxonomy: &Taxonomy) -> anyhow::Result<PathBuf> {
    let corpus = paths::bundled_corpus()
        .context("no --index given and the bundled corpus (corpus/docs) was not found")?;
    let index_dir = paths::index_dir(&paths::data_dir(args.data_dir.clone()));
    eprintln!(
        "indexing the bundled corpus {} into {}",
        corpus.display(),
        index_dir.display()
    );
    let mut options = IndexOptions::new(index_dir.clone());
    options.taxonomy = taxonomy.clone();
    let summary = index_with_progress(&[corpus], &options)?;
    print_summary(&index_dir, &summary);
    Ok(index_dir)
}
