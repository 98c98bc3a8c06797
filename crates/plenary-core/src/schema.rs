//! The Tantivy schema (placeholder).
pub struct PlenarySchema;
