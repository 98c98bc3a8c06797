//! The topic taxonomy (owned by the taxonomy work; placeholder).
pub struct Taxonomy;
pub struct Topic;
