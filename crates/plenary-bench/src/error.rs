/// Errors that stop a benchmark: what the user asked for does not do, or the run failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// An option or an input of the benchmark does not do; the message names it.
    #[error("{0}")]
    Usage(String),
    /// A file, a directory or a process of the run cannot be read, written or started.
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
    /// The indexing run failed.
    #[error("{what}: {source}")]
    Index {
        what: String,
        source: plenary_indexer::IndexError,
    },
    /// The search service cannot open the index.
    #[error("cannot open the index {path}: {source}")]
    Open {
        path: std::path::PathBuf,
        source: plenary_server::ServerError,
    },
    /// The search service cannot answer a query of the mix.
    #[error("{what}: {source}")]
    Search {
        what: String,
        source: plenary_server::SearchError,
    },
    /// The HTTP client cannot be built or a request of the warm-up failed.
    #[error("{what}: {source}")]
    Http {
        what: String,
        source: reqwest::Error,
    },
    /// A run went wrong inside: a child run failed or its figures are unreadable, a
    /// thread or a task did not finish.
    #[error("{0}")]
    Run(String),
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

impl BenchError {
    /// An I/O error with what was being done when it happened.
    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> BenchError {
        let what = what.into();
        move |source| BenchError::Io { what, source }
    }
}
