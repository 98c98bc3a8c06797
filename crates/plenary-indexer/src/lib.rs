//! The indexer: finds documents, reads them in parallel and writes the Tantivy index.
//!
//! It owns the indexing run ([`run_index`]): discovery of files under the given paths
//! ([`discover`]), the manifest that makes re-runs incremental ([`Manifest`]), the
//! parallel parse → enrich stage on rayon, the Tantivy writer (its own threads and
//! memory budget, fed by a bounded channel while the next batch is enriched, periodic
//! commits so that a killed run leaves an index that opens at its last commit), the
//! rebuild of an index built by an earlier version with another schema, merges kept below
//! a size ([`BoundedMergePolicy`]), and the summary of what was indexed and what was
//! skipped and why.
//! It never holds the corpus in memory: files are processed in bounded batches and
//! JSON Lines input is streamed. It speaks no HTTP and knows nothing of queries.
//!
//! ```no_run
//! use plenary_indexer::{IndexOptions, NoProgress, run_index};
//!
//! let options = IndexOptions::new("data/index".into());
//! let summary = run_index(&["corpus/docs".into()], &options, &NoProgress).unwrap();
//! println!("{} documents", summary.documents);
//! ```

mod discover;
mod enrich;
mod error;
mod manifest;
mod merge;
mod pipeline;
mod shards;
mod write_failures;

pub use discover::{
    Compression, DiscoverOptions, DiscoveredFile, InputWarning, bulk_records, discover, format_of,
    is_bulk, open_json_lines,
};
pub use enrich::{EnrichSummary, enrich_lines, enrich_paths};
pub use error::IndexError;
pub use manifest::{Manifest, ManifestEntry};
pub use merge::BoundedMergePolicy;
pub use pipeline::{
    DEFAULT_MAX_MERGED_DOCS, IndexOptions, IndexSummary, MAX_WARNINGS_PER_FILE, NoProgress,
    Progress, SkippedFile, UnmappedFields, run_index,
};
pub use shards::{MergeSummary, merge_shards};
