//! The real server on an ephemeral port, driven over HTTP and in a real browser.
//!
//! One test binary for the crate (each file here a module): one link, not one per file.

mod brief;
mod brief_corpus;
mod browser;
mod common;
mod export;
mod http;
mod limits;
mod measure;
mod search;
mod versions;
