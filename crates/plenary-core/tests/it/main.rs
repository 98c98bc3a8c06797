//! The taxonomy, the analysers and the topic tagger, on written cases, the bundled corpus and real text.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod analysis;
mod stem_triggers;
mod tagger;
mod tagger_corpus;
mod tagger_real_near_misses;
mod taxonomy;
