//! The indexing pipeline: real files in, a Tantivy index out; hostile input, language versions, real bulk corpora.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod common;
mod external_bulk;
mod hostile;
mod pipeline;
mod versions;
