//! The search service: queries, filters, facets, passages and documents over a Plenary
//! index, with no HTTP in it (the API and the CLI both call it).

pub mod analytics;
mod document;
mod export;
mod facets;
mod hits;
mod pass;
mod query;
mod ranking;
pub mod request;

use std::path::{Path, PathBuf};

use plenary_core::schema::{FacetField, PlenarySchema};
use plenary_core::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::query::Query;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};
use tracing::debug;
use utoipa::ToSchema;

pub use analytics::{
    CrossTab, FirstMention, SignificantTerm, Timeline, TimelineBucket, TimelineBy,
};
pub use document::{DocumentView, ParagraphView, RelatedDocument, TopicView};
pub use export::EXPORT_BATCH_SIZE;
pub use facets::FacetValue;
// (FacetValuesResponse is defined below.)
pub(crate) use hits::escape_html;
pub use hits::{PassageHit, SearchHit};
pub use request::{FacetSort, SearchRequest, SortOrder};

use crate::{SearchError, ServerError};
use query::{Filters, UserQueryParser, matching_documents};
use ranking::{Cursor, RankedCollector, RankedDoc};
use request::{DEFAULT_FACET_LIMIT, DEFAULT_PASSAGES_PER_HIT, MAX_FROM, MAX_PASSAGES_PER_HIT};

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchResponse {
    /// The query as received.
    pub q: String,
    /// The number of matching documents (exact).
    pub total: u64,
    pub from: usize,
    pub size: usize,
    /// The order applied (relevance becomes date_desc for an empty query).
    pub sort: SortOrder,
    pub hits: Vec<SearchHit>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Counts of every facet over the matching documents; each facet ignores its own filter.
    pub facets: std::collections::BTreeMap<String, Vec<FacetValue>>,
}

/// Searches one Plenary index. Cheap to share: wrap it in an `Arc`.
pub struct SearchService {
    index: Index,
    reader: IndexReader,
    schema: PlenarySchema,
    taxonomy: Taxonomy,
    parser: UserQueryParser,
    facet_plans: facets::FacetPlans,
    index_dir: Option<PathBuf>,
}

/// What every search of a request shares: the searcher, the parsed query, the checked filters.
pub(crate) struct PreparedSearch {
    pub searcher: Searcher,
    pub user_query: Option<Box<dyn Query>>,
    pub filters: Filters,
}

impl PreparedSearch {
    pub fn user_query(&self) -> Option<&dyn Query> {
        self.user_query.as_deref()
    }
}

impl SearchService {
    /// Opens the index in `index_dir`. The reader reloads shortly after each commit, so a
    /// re-index shows without a restart while searches keep being answered.
    pub fn open(index_dir: &Path, taxonomy: Taxonomy) -> Result<SearchService, ServerError> {
        let schema = PlenarySchema::new();
        let index = schema
            .open_index(index_dir)
            .map_err(|source| ServerError::OpenIndex {
                path: index_dir.to_path_buf(),
                source,
            })?;
        let mut service =
            SearchService::from_index(index, taxonomy).map_err(|source| ServerError::Reader {
                path: index_dir.to_path_buf(),
                source,
            })?;
        service.index_dir = Some(index_dir.to_path_buf());
        Ok(service)
    }

    /// Serves an index already opened (with the analysers registered, as
    /// [`PlenarySchema::open_index`] and [`PlenarySchema::create_index`] do).
    pub fn from_index(
        index: Index,
        taxonomy: Taxonomy,
    ) -> Result<SearchService, tantivy::TantivyError> {
        let schema = PlenarySchema::new();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let parser = UserQueryParser::new(&index, &schema, &taxonomy);
        let facet_plans = facets::FacetPlans::new(&schema, &taxonomy);
        Ok(SearchService {
            index,
            reader,
            schema,
            taxonomy,
            parser,
            facet_plans,
            index_dir: None,
        })
    }

    /// Searches the segments of each query on `threads` threads (1, the default: in the
    /// calling thread). Re-opens the reader, which holds the executor.
    pub fn set_search_threads(&mut self, threads: usize) -> Result<(), tantivy::TantivyError> {
        if threads > 1 {
            self.index.set_multithread_executor(threads)?;
        } else {
            self.index.set_executor(tantivy::Executor::single_thread());
        }
        self.reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(())
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    pub fn schema(&self) -> &PlenarySchema {
        &self.schema
    }

    /// The directory of the index, when it was opened from one.
    pub fn index_dir(&self) -> Option<&Path> {
        self.index_dir.as_deref()
    }

    /// Reloads the reader now instead of waiting for the automatic reload.
    pub fn reload(&self) -> Result<(), SearchError> {
        self.reader.reload()?;
        Ok(())
    }

    /// The generation of the index searched now: it changes with every commit the
    /// reader has loaded, so an answer kept under it is an answer of this index.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// The number of documents (not passages) in the index.
    pub fn document_count(&self) -> Result<u64, SearchError> {
        let searcher = self.reader.searcher();
        let query = matching_documents(&self.schema, None, &Filters::default());
        Ok(searcher.search(&*query, &Count)? as u64)
    }

    pub(crate) fn prepare(&self, request: &SearchRequest) -> Result<PreparedSearch, SearchError> {
        let filters = Filters::from_request(request, &self.taxonomy)?;
        let user_query = self.parser.parse(&request.q)?;
        Ok(PreparedSearch {
            searcher: self.reader.searcher(),
            user_query,
            filters,
        })
    }

    /// Runs a search: one page of hits with snippets and passages, the exact total and the facet counts.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let size = request.page_size()?;
        if request.from > MAX_FROM {
            return Err(SearchError::bad_parameter(
                "from",
                format!(
                    "at most {MAX_FROM}, not {}; page further with `cursor`",
                    request.from
                ),
            ));
        }
        let passages_per_hit = request.passages.unwrap_or(DEFAULT_PASSAGES_PER_HIT);
        if passages_per_hit > MAX_PASSAGES_PER_HIT {
            return Err(SearchError::bad_parameter(
                "passages",
                format!("at most {MAX_PASSAGES_PER_HIT}, not {passages_per_hit}"),
            ));
        }
        let prepared = self.prepare(request)?;
        let sort = self.effective_sort(request.sort, &prepared);
        let counter = facets::FacetCounter {
            searcher: &prepared.searcher,
            schema: &self.schema,
            taxonomy: &self.taxonomy,
            plans: &self.facet_plans,
        };
        // Facets without a filter of their own are counted in the pass that ranks.
        let unfiltered = facets::unfiltered_facets(&FacetField::ALL, &prepared.filters);
        let (page, counted) = self.rank_and_count(
            &prepared,
            sort,
            request.cursor.as_deref(),
            request.from,
            size,
            counter.plans(&unfiltered),
        )?;
        let hits =
            hits::HitBuilder::new(self, &prepared)?.build_all(&page.docs, passages_per_hit)?;
        let facet_limit = request.facet_limit.unwrap_or(DEFAULT_FACET_LIMIT);
        let facets = counter.complete(
            &FacetField::ALL,
            unfiltered.into_iter().zip(counted).collect(),
            prepared.user_query(),
            &prepared.filters,
            facet_limit,
            request.facet_sort,
        )?;
        debug!(q = %request.q, total = page.total, hits = hits.len(), "searched");
        Ok(SearchResponse {
            q: request.q.clone(),
            total: page.total,
            from: if request.cursor.is_some() {
                0
            } else {
                request.from
            },
            size,
            sort,
            hits,
            next_cursor: page.next_cursor,
            facets,
        })
    }

    /// The order a request gets: relevance means nothing without a query, so it becomes newest first.
    fn effective_sort(&self, requested: SortOrder, prepared: &PreparedSearch) -> SortOrder {
        if requested == SortOrder::Relevance && prepared.user_query.is_none() {
            return SortOrder::DateDesc;
        }
        requested
    }

    /// One page of ranked documents after `cursor` (or from `from`), with the total and the next cursor.
    pub(crate) fn rank(
        &self,
        prepared: &PreparedSearch,
        sort: SortOrder,
        cursor: Option<&str>,
        from: usize,
        size: usize,
    ) -> Result<RankedPage, SearchError> {
        let (page, _) = self.rank_and_count(prepared, sort, cursor, from, size, Vec::new())?;
        Ok(page)
    }

    /// [`SearchService::rank`] and the counts of `facets` over the matching documents, in one pass.
    fn rank_and_count(
        &self,
        prepared: &PreparedSearch,
        sort: SortOrder,
        cursor: Option<&str>,
        from: usize,
        size: usize,
        facets: Vec<std::sync::Arc<facets::FacetPlan>>,
    ) -> Result<(RankedPage, Vec<facets::FacetTally>), SearchError> {
        let after = match cursor {
            Some(text) => {
                let cursor = Cursor::decode(text)?;
                if cursor.sort != sort {
                    return Err(SearchError::bad_parameter(
                        "cursor",
                        "the cursor belongs to a search in another order; keep `sort` unchanged while paging",
                    ));
                }
                Some(cursor.after)
            }
            None => None,
        };
        let skip = if after.is_some() { 0 } else { from };
        let query = matching_documents(&self.schema, prepared.user_query(), &prepared.filters);
        // One more than the page, to know whether a next page exists; no ranking at all
        // for an empty page (a count, or facets only).
        let ranked = (size > 0).then_some(RankedCollector {
            sort,
            after,
            limit: skip + size + 1,
        });
        let pass = pass::SearchPass::new(&*query, ranked, facets);
        let found = prepared.searcher.search(&*query, &pass)?;
        let total = found.total;
        let mut docs = found.ranked;
        let has_more = docs.len() > skip + size;
        docs.truncate(skip + size);
        let docs: Vec<RankedDoc> = docs.into_iter().skip(skip).collect();
        let next_cursor = match docs.last() {
            Some(last) if has_more => Some(
                Cursor {
                    sort,
                    after: last.key(),
                }
                .encode(),
            ),
            _ => None,
        };
        Ok((
            RankedPage {
                total,
                docs,
                next_cursor,
            },
            found.facets,
        ))
    }
}

/// A page of ranked documents.
pub(crate) struct RankedPage {
    pub total: u64,
    pub docs: Vec<RankedDoc>,
    pub next_cursor: Option<String>,
}

/// Values of one facet whose value or label contains a text: the search inside facet
/// values (organizations run into hundreds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FacetValuesResponse {
    pub facet: String,
    pub prefix: String,
    /// Values that contain `prefix`, before the limit.
    pub total_values: usize,
    /// Flat values (topics too, children after their parent), most frequent first.
    pub values: Vec<FacetValue>,
}

impl SearchService {
    /// The values of `facet` over the documents matching `request` (ignoring the facet's
    /// own filter), keeping those whose value or label contains `contains` (case-insensitive).
    pub fn facet_values(
        &self,
        request: &SearchRequest,
        facet_name: &str,
        contains: &str,
        limit: usize,
    ) -> Result<FacetValuesResponse, SearchError> {
        let facet = FacetField::from_name(facet_name).ok_or_else(|| {
            SearchError::bad_parameter(
                "facet",
                format!(
                    "unknown facet `{facet_name}`: expected one of {}",
                    FacetField::ALL.map(FacetField::name).join(", ")
                ),
            )
        })?;
        let prepared = self.prepare(request)?;
        let counter = facets::FacetCounter {
            searcher: &prepared.searcher,
            schema: &self.schema,
            taxonomy: &self.taxonomy,
            plans: &self.facet_plans,
        };
        let counted = counter.count(
            &[facet],
            prepared.user_query(),
            &prepared.filters,
            usize::MAX,
            request.facet_sort,
        )?;
        let mut flat = Vec::new();
        for value in counted.into_values().flatten() {
            flatten_into(value, &mut flat);
        }
        let wanted = contains.trim().to_lowercase();
        let mut values: Vec<FacetValue> = flat
            .into_iter()
            .filter(|value| {
                wanted.is_empty()
                    || value.value.to_lowercase().contains(&wanted)
                    || value
                        .label
                        .as_deref()
                        .is_some_and(|label| label.to_lowercase().contains(&wanted))
            })
            .collect();
        facets::sort_values(&mut values, request.facet_sort);
        let total_values = values.len();
        values.truncate(limit);
        Ok(FacetValuesResponse {
            facet: facet.name().to_string(),
            prefix: contains.to_string(),
            total_values,
            values,
        })
    }
}

fn flatten_into(mut value: FacetValue, into: &mut Vec<FacetValue>) {
    let children = std::mem::take(&mut value.children);
    into.push(value);
    for child in children {
        flatten_into(child, into);
    }
}
