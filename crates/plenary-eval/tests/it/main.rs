//! Evaluation against labels and the topic model's training: the bundled corpus's
//! titles, real labelled text, UPR Info's issue tags and a real bulk corpus.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod evaluate_titles;
mod external_labels;
mod topic_eval_real;
mod topic_model_real;
