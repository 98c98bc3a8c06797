//! The errors of the server crate: what the user asked wrongly and what failed inside.

use std::net::SocketAddr;
use std::path::PathBuf;

use plenary_core::CoreError;

/// An error of a search, a document look-up or an analytics request.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query string cannot be parsed; `position` is the byte offset where it goes wrong, if known.
    #[error("q: {message}")]
    BadQuery {
        message: String,
        position: Option<usize>,
    },
    /// A parameter has a value the service does not accept.
    #[error("{parameter}: {message}")]
    BadParameter { parameter: String, message: String },
    /// Tantivy failed while searching.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// A stored document of the index cannot be read back.
    #[error("a stored document cannot be read")]
    Stored(#[source] CoreError),
}

impl SearchError {
    /// A [`SearchError::BadParameter`] naming `parameter`.
    pub fn bad_parameter(parameter: impl Into<String>, message: impl Into<String>) -> SearchError {
        SearchError::BadParameter {
            parameter: parameter.into(),
            message: message.into(),
        }
    }

    /// Whether the error is the user's (a bad query or parameter) rather than the server's.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, SearchError::Index(_) | SearchError::Stored(_))
    }
}

/// An error that stops the server from starting or serving.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    // Each variant names its cause as `source`, not in its message, so that a report of
    // the chain (`{:#}`) gives each cause once.
    /// There is no index where one was looked for.
    #[error("no index in {path} (build one with `plenary index`)")]
    NoIndex { path: PathBuf },
    /// The index directory cannot be opened as a Plenary index.
    #[error("cannot open the index in {path}")]
    OpenIndex { path: PathBuf, source: CoreError },
    /// The index opened but its reader cannot be created.
    #[error("cannot read the index in {path}")]
    Reader {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    /// The address cannot be bound.
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// Serving stopped with an I/O error.
    #[error("serving failed")]
    Serve(#[source] std::io::Error),
    /// The thread opening the index did not finish (it panicked or was cancelled).
    #[error("the index could not be opened: its thread did not finish")]
    OpenThread(#[source] tokio::task::JoinError),
}
