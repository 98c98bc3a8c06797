//! Topic tagging (placeholder).
pub struct TopicTagger;
