//! UN metadata, languages, organizations and topics read from written cases, golden files and real corpora.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod enricher;
mod language;
mod real_corpora;
mod stem_triggers;
mod tagger;
mod tagger_corpus;
mod tagger_real_near_misses;
mod un_dates;
mod un_items;
mod un_metadata;
mod un_ordinals;
mod un_organizations;
mod un_paragraphs;
mod un_real_text;
mod un_symbols;
mod un_unpc;
