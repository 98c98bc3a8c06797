//! Every matching document, batch after batch, in the order of the search: what the
//! export endpoint streams. Each batch is one cursor page, so memory stays constant
//! whatever the number of documents.

use crate::SearchError;
use crate::search::SearchService;
use crate::search::hits::{SearchHit, StoredRecord, hit_of};
use crate::search::request::{SearchRequest, SortOrder};

/// Documents read per batch.
pub const EXPORT_BATCH_SIZE: usize = 1000;

impl SearchService {
    /// Checks `request` and counts its matching documents, before an export starts.
    pub fn count(&self, request: &SearchRequest) -> Result<u64, SearchError> {
        let prepared = self.prepare(request)?;
        let sort = export_sort(request, prepared.user_query.is_some());
        Ok(self.rank(&prepared, sort, None, 0, 0)?.total)
    }

    /// The next batch of matching documents (no snippets, no passages) after `cursor`
    /// (`None`: from the first), and the cursor of the batch after it (`None` when this
    /// is the last). An export asks for batch after batch, each a request of its own, so
    /// that each computes within the request bounds and no thread waits on a slow reader.
    pub fn export_batch(
        &self,
        request: &SearchRequest,
        cursor: Option<&str>,
        size: usize,
    ) -> Result<ExportBatch, SearchError> {
        let prepared = self.prepare(request)?;
        let sort = export_sort(request, prepared.user_query.is_some());
        let page = self.rank(&prepared, sort, cursor, 0, size)?;
        let mut hits = Vec::with_capacity(page.docs.len());
        for ranked in &page.docs {
            let record: StoredRecord = prepared.searcher.doc(ranked.address)?;
            let stored = record.document_without_texts()?;
            hits.push(hit_of(&stored, ranked.score, String::new(), Vec::new()));
        }
        Ok(ExportBatch {
            hits,
            next: page.next_cursor,
        })
    }

    /// Calls `each_batch` with the matching documents, batch after batch, until all are
    /// given or `each_batch` returns `false`. Returns how many were given.
    pub fn for_each_document(
        &self,
        request: &SearchRequest,
        mut each_batch: impl FnMut(Vec<SearchHit>) -> bool,
    ) -> Result<u64, SearchError> {
        let mut cursor: Option<String> = None;
        let mut given = 0u64;
        loop {
            let batch = self.export_batch(request, cursor.as_deref(), EXPORT_BATCH_SIZE)?;
            given += batch.hits.len() as u64;
            if !batch.hits.is_empty() && !each_batch(batch.hits) {
                return Ok(given);
            }
            match batch.next {
                Some(next) => cursor = Some(next),
                None => return Ok(given),
            }
        }
    }
}

/// A batch of an export and where the next one starts.
#[derive(Debug)]
pub struct ExportBatch {
    pub hits: Vec<SearchHit>,
    /// The cursor of the next batch; `None` when this batch is the last.
    pub next: Option<String>,
}

/// The order of an export: relevance needs a query; without one, newest first.
fn export_sort(request: &SearchRequest, has_query: bool) -> SortOrder {
    if request.sort == SortOrder::Relevance && !has_query {
        return SortOrder::DateDesc;
    }
    request.sort
}
