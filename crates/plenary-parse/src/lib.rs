//! plenary-parse
