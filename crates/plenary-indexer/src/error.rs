use std::path::PathBuf;

/// Errors that stop an indexing run. A file that cannot be read does not stop it: it is
/// reported in [`crate::IndexSummary::skipped`].
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The threads that read and enrich files cannot be started.
    #[error("cannot start {threads} indexing threads")]
    ThreadPool {
        threads: usize,
        source: rayon::ThreadPoolBuildError,
    },
    /// A path given to index does not exist or cannot be read.
    #[error("cannot read {path}: {source}")]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The index directory cannot be created or written.
    #[error("index directory {path}: {source}")]
    IndexDirectory {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The index directory holds a Tantivy index with another schema, and no Plenary
    /// manifest beside it: it is not recognisably Plenary's, so it is left alone.
    #[error(
        "{path} holds an index with another schema that Plenary did not build ({reason}): choose another directory, or remove it"
    )]
    OtherSchema { path: PathBuf, reason: String },
    /// A file of the index could not be written: the disk is full, or a quota or a
    /// limit on a file's size was reached. What the last commit holds stays searchable.
    #[error(
        "cannot write the index in {index}: {message} (writing {path}){}",
        if *out_of_space { "; there is no room left to write: free some space and run again, what was committed before is kept" } else { "" }
    )]
    Write {
        index: PathBuf,
        path: PathBuf,
        message: String,
        out_of_space: bool,
    },
    /// The manifest of an earlier run is unreadable.
    #[error("the index in {path} cannot be read: {message} (run with --full to rebuild it)")]
    Corrupt { path: PathBuf, message: String },
    #[error("manifest {path}: {message} (run with --full to rebuild)")]
    Manifest { path: PathBuf, message: String },
    /// The enriched records cannot be written (the reader of `plenary enrich` went away).
    #[error("writing the enriched records: {source}")]
    Output { source: std::io::Error },
    /// A shard cannot be merged (not a Plenary index, another taxonomy, the target itself).
    #[error("shard {path}: {message}")]
    Shard { path: PathBuf, message: String },
    #[error(transparent)]
    Core(#[from] plenary_core::CoreError),
    #[error("index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}
