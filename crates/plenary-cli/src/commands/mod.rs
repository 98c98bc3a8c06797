// The synthetic corpus and the benchmark harness, only in a build with the `bench` feature.
#[cfg(feature = "bench")]
pub mod bench;
pub mod brief;
#[cfg(feature = "bench")]
pub mod corpus;
pub mod enrich;
pub mod eval;
pub mod export;
pub mod filters;
pub mod index;
pub mod inputs;
pub mod search;
pub mod serve;
pub mod tag;
pub mod taxonomy;
