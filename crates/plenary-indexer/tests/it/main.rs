//! The indexing pipeline: real files in, a Tantivy index out; hostile input, language versions, evaluation on real text.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod common;
mod evaluate_titles;
mod external_bulk;
mod hostile;
mod pipeline;
mod topic_eval_real;
mod topic_model_real;
mod versions;
