//! Measures what Plenary reads against what a reader labelled, and trains the topic model.
//!
//! It owns the evaluation of parsing and enrichment against a labels file
//! ([`evaluate`], `corpus/expected.jsonl`: metadata per field, language, topics), the
//! measure of topic tagging on real labelled text and on UPR Info's issue tags
//! ([`evaluate_real`], [`evaluate_upr`]), and the training of the statistical topic
//! model with its cross-validated thresholds ([`topic_train`], `plenary taxonomy
//! train`). It reads files through the stages (parse, enrich, and the indexer's bulk
//! readers) and never writes an index: no stage depends on it.
//!
//! ```
//! use plenary_core::Taxonomy;
//! use plenary_enrich::Enricher;
//! use plenary_eval::{evaluate, read_labels};
//! use plenary_parse::ParseLimits;
//!
//! let folder = tempfile::tempdir().unwrap();
//! // Language is judged on texts of 200 characters or more.
//! let text = "The death penalty must be abolished: we call on every State to end executions. ";
//! std::fs::write(folder.path().join("statement.txt"), text.repeat(4)).unwrap();
//! let labels_file = folder.path().join("labels.jsonl");
//! std::fs::write(&labels_file, r#"{"file": "statement.txt", "language": "en"}"#).unwrap();
//!
//! let labels = read_labels(&labels_file).unwrap();
//! let enricher = Enricher::new(&Taxonomy::bundled());
//! let evaluation = evaluate(&labels, folder.path(), &enricher, &ParseLimits::default());
//! assert_eq!(evaluation.language_evaluated, 1);
//! assert_eq!(evaluation.language_accuracy, 1.0);
//! //! ```

mod error;
mod evaluate;
mod topic_eval;
pub mod topic_train;

pub use error::EvalError;
pub use evaluate::{
    EVALUATED_FIELDS, Evaluation, LabelRecord, Mismatch, TopicScore, comparable_title, evaluate,
    read_labels,
};
pub use topic_eval::{
    Agreement, GroupScore, RealLabel, TopicEvaluation, TopicMismatch, UPR_TAG_TOPICS,
    evaluate_real, evaluate_real_with, evaluate_upr, evaluate_upr_rows, read_real_labels,
};
