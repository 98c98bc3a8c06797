use std::path::PathBuf;

/// Errors of the core crate.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The taxonomy file cannot be read or is not valid.
    #[error("taxonomy {path}: {message}")]
    Taxonomy { path: PathBuf, message: String },
    /// The taxonomy's terms exceed the size its tagger can be built from.
    #[error(
        "taxonomy {path}: its terms, exclusion phrases and near words come to {bytes} bytes, more than the limit of {limit} bytes a tagger is built from; split it or remove terms"
    )]
    TaxonomyTooLarge {
        path: PathBuf,
        bytes: usize,
        limit: usize,
    },
    /// A value that should name a forum, document type or status does not.
    #[error("unknown {kind} `{value}`: expected one of {expected}")]
    UnknownValue {
        kind: &'static str,
        value: String,
        expected: String,
    },
    /// The index was written with another schema (by another version of Plenary).
    #[error(
        "{path} holds an index with another schema (written by another version of Plenary); rebuild it with `plenary index --full`"
    )]
    SchemaMismatch { path: PathBuf },
    /// A document record's stored payload cannot be read.
    #[error("a document record holds an unreadable payload: {message}")]
    Payload { message: String },
    /// Tantivy failed.
    #[error("index: {0}")]
    Index(#[from] tantivy::TantivyError),
}
