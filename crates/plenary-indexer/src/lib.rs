//! plenary-indexer
