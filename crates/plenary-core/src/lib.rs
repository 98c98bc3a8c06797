//! The shared core of Plenary: what a document is, which topics exist, how text is
//! analysed and how a document becomes a Tantivy document.
//!
//! It owns the document model ([`Document`], [`Passage`], [`Forum`], [`DocType`]),
//! the topic taxonomy ([`Taxonomy`]), the
//! per-language text analysis registered with Tantivy, and the index schema
//! ([`PlenarySchema`]), the only place where field names and facet paths are spelled.
//! It reads no files but the taxonomy (and its bundled country table) and speaks no HTTP.

pub mod analysis;
pub mod countries;
mod error;
pub mod model;
pub mod opensearch;
pub mod schema;
pub mod taxonomy;

pub use countries::{ActorType, Region};
pub use error::CoreError;
pub use model::{
    ConsultativeStatus, DocType, Document, DocumentMeta, ENRICHED_RECORD_VERSION, EnrichedRecord,
    Forum, Passage, Source, TopicAssignment, TopicEvidence,
};
pub use schema::{FacetField, Fields, PlenarySchema, StoredDocument};
pub use taxonomy::{Taxonomy, Topic};
