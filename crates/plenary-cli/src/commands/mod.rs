pub mod bench;
pub mod brief;
pub mod corpus;
pub mod eval;
pub mod index;
pub mod search;
pub mod serve;
pub mod tag;
