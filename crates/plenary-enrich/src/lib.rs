//! plenary-enrich
