//! The query server of Plenary: the search service over a Plenary index and the HTTP
//! API that exposes it.
//!
//! [`SearchService`] answers searches (query syntax, filters, multi-select facet
//! counts, snippets, passage hits with citations, cursors), document look-ups and
//! analytics without any HTTP; [`api::router`] and [`api::serve`] put it behind axum.
//! The server reads the index that `plenary-indexer` writes and never parses files.

pub mod api;
pub mod brief;
mod error;
pub mod search;
pub mod web;

pub use api::{AppState, ServeConfig, router, serve};
pub use error::{SearchError, ServerError};
pub use search::{QueryOperator, SearchRequest, SearchResponse, SearchService, SortOrder};
