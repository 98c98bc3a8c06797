//! Every format parsed from real files: golden outputs, bad and hostile input, fuzzing, real corpora.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod bad_input;
mod corpus_external;
mod docx_parts;
mod fuzz;
mod golden;
mod hostile;
mod jsonl;
mod pdf_layout;
