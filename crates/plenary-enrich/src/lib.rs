//! plenary-enrich
pub mod language;
