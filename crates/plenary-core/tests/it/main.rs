//! The taxonomy and the analysers, on written cases.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod analysis;
mod taxonomy;
