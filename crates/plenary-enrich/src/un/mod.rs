//! Reads UN metadata off the text of a document, in the six UN languages.
//!
//! Everything here is a grammar, not a list of known documents: document symbols
//! ([`DocumentSymbol`]), ordinals in words and figures ([`parse_ordinal`]), dates
//! ([`parse_date`], [`find_dates`]), sessions of the Vienna bodies ([`find_session`]),
//! the standard sentence of an NGO statement and the organizer of a side event, the
//! header block of a UN document, and the title. [`read_metadata`] puts them together.
//! Pages of news are split with [`split_items`]; paragraphs are numbered with
//! [`number_paragraphs`].
//!
//! ```
//! use std::collections::BTreeMap;
//! use plenary_core::{DocType, Forum};
//! use plenary_enrich::un::{MetadataInput, read_metadata};
//!
//! let text = "E/CN.7/2014/NGO/3\n\nDistr.: General\n10 February 2014\n\nOriginal: English\n\n\
//!             Commission on Narcotic Drugs\nFifty-seventh session\n\n\
//!             Statement submitted by Harm Reduction International, a non-governmental \
//!             organization in special consultative status with the Economic and Social Council\n\n\
//!             Drug policy and human rights\n\n1. The body of the statement.";
//! let meta = BTreeMap::new();
//! let found = read_metadata(&MetadataInput { furniture: &[], text, title_hint: None, meta: &meta });
//! assert_eq!(found.forum, Some(Forum::Cnd));
//! assert_eq!(found.session, Some(57));
//! assert_eq!(found.doc_type, DocType::Statement);
//! assert_eq!(found.organization.as_deref(), Some("Harm Reduction International"));
//! assert_eq!(found.title.as_deref(), Some("Drug policy and human rights"));
//! ```

mod date;
mod forum;
mod header;
mod items;
mod language;
mod metadata;
mod ordinal;
mod organization;
mod paragraphs;
mod session;
mod symbol;
mod text;

pub use date::{find_dates, parse_date};
pub(crate) use header::{Layout, is_heading_like};
pub use items::{Item, split_items};
pub use language::{LanguageLines, language_code, read_language_lines};
pub(crate) use metadata::read_metadata_and_layout;
pub use metadata::{
    MetadataInput, UnMetadata, read_metadata, speech_title, speech_year, upr_session_year,
};
pub use ordinal::parse_ordinal;
pub use organization::{
    Submitter, find_organizer, find_paper_submitter, find_submitter, strip_leading_article,
};
pub(crate) use paragraphs::number_paragraphs_with_layout;
pub use paragraphs::{MAX_PASSAGE_CHARS, number_paragraphs};
pub use session::find_session;
pub use symbol::{DocumentSymbol, SymbolKind};
