//! Enrichment: turns the text of a parsed file into Plenary [`Document`]s.
//!
//! It owns the reading of UN metadata ([`un`]: document symbols, forums and sessions,
//! dates and ordinals in the six UN languages, submitting organizations, document
//! types, news items and numbered paragraphs), language detection ([`language`]), topic
//! tagging ([`TopicTagger`]: taxonomy terms on surfaces and stems, and the linear
//! [`TopicModel`]) and the assembly of a [`Document`] with its topics and passages ([`Enricher`]). It reads
//! no files (the parse crate does) and writes no index (the indexer does).
//!
//! ```
//! use plenary_core::Taxonomy;
//! use plenary_enrich::Enricher;
//!
//! let enricher = Enricher::new(&Taxonomy::bundled());
//! let text = "United Nations\nE/CN.7/2014/NGO/3\nEconomic and Social Council\nDistr.: General\n10 February 2014\nOriginal: English\n\n\
//!     Commission on Narcotic Drugs\nFifty-seventh session\n\n\
//!     Statement submitted by Harm Reduction International, a non-governmental organization in special consultative status with the Economic and Social Council\n\n\
//!     Ending the death penalty for drug offences\n\n\
//!     1. We call on all States to abolish the death penalty for drug offences and to establish a moratorium on executions.";
//! let documents = enricher.documents_from_text("statement.txt", text, &Default::default());
//! assert_eq!(documents[0].symbol.as_deref(), Some("E/CN.7/2014/NGO/3"));
//! assert_eq!(documents[0].session, Some(57));
//! ```

mod automaton;
mod enricher;
pub mod language;
mod stem_match;
pub mod tagger;
pub mod topic_model;
pub mod un;
pub mod versions;
pub mod word_shares;

pub use enricher::{Enricher, FileContext, MIN_TAGGED_PASSAGE_CHARS, UnreadValue};
pub use language::{LanguageDetector, LanguageGuess};
pub use tagger::TopicTagger;
pub use topic_model::TopicModel;
