//! Every matching document, batch after batch, in the order of the search: what the
//! export endpoint streams. Each batch is one cursor page, so memory stays constant
//! whatever the number of documents.

use tantivy::TantivyDocument;

use crate::SearchError;
use crate::search::SearchService;
use crate::search::hits::{SearchHit, hit_of, stored_document};
use crate::search::request::{SearchRequest, SortOrder};

/// Documents read per batch.
pub const EXPORT_BATCH_SIZE: usize = 1000;

impl SearchService {
    /// Checks `request` and counts its matching documents, before an export starts.
    pub fn count(&self, request: &SearchRequest) -> Result<u64, SearchError> {
        let prepared = self.prepare(request)?;
        let sort = if request.sort == SortOrder::Relevance && prepared.user_query.is_none() {
            SortOrder::DateDesc
        } else {
            request.sort
        };
        Ok(self.rank(&prepared, sort, None, 0, 0)?.total)
    }

    /// Calls `each_batch` with the matching documents (no snippets, no passages), batch
    /// after batch, until all are given or `each_batch` returns `false`. Returns how many were given.
    pub fn for_each_document(
        &self,
        request: &SearchRequest,
        mut each_batch: impl FnMut(Vec<SearchHit>) -> bool,
    ) -> Result<u64, SearchError> {
        let prepared = self.prepare(request)?;
        let sort = if request.sort == SortOrder::Relevance && prepared.user_query.is_none() {
            SortOrder::DateDesc
        } else {
            request.sort
        };
        let fields = self.schema.fields();
        let mut cursor: Option<String> = None;
        let mut given = 0u64;
        loop {
            let page = self.rank(&prepared, sort, cursor.as_deref(), 0, EXPORT_BATCH_SIZE)?;
            let mut batch = Vec::with_capacity(page.docs.len());
            for ranked in &page.docs {
                let record: TantivyDocument = prepared.searcher.doc(ranked.address)?;
                let stored = stored_document(&record, fields)?;
                batch.push(hit_of(stored, ranked.score, String::new(), Vec::new()));
            }
            given += batch.len() as u64;
            if !batch.is_empty() && !each_batch(batch) {
                return Ok(given);
            }
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(given),
            }
        }
    }
}
