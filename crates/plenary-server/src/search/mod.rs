//! The search service: queries, filters, facets, passages and documents over a Plenary
//! index, with no HTTP in it (the API and the CLI both call it).

pub mod analytics;
pub mod deadline;
mod document;
mod export;
mod facets;
mod highlight;
mod hits;
mod like_this;
mod markup;
mod pass;
mod passage_query;
mod query;
pub mod query_limits;
mod ranking;
pub mod request;
mod versions;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use plenary_core::schema::{FacetField, PlenarySchema};
use plenary_core::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count};
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Executor, Index, IndexReader, ReloadPolicy, Searcher};
use tracing::debug;
use utoipa::ToSchema;

pub use analytics::{
    CrossTab, FirstMention, SignificantTerm, Timeline, TimelineBucket, TimelineBy,
};
pub use document::{DocumentView, ParagraphView, RelatedDocument, TopicView};
pub use export::{EXPORT_BATCH_SIZE, ExportBatch};
pub use facets::FacetValue;
// (FacetValuesResponse is defined below.)
pub use hits::{HitVersion, PassageHit, SearchHit, VersionParagraph};
pub(crate) use markup::escape_html;
pub use markup::{SnippetRun, snippet_runs};
pub use request::{FacetSort, QueryOperator, SearchRequest, SortOrder};
pub use versions::{
    AlignedDocuments, AlignedPair, AlignedParagraph, Comparison, MAX_VERSIONS_PER_HIT,
};

use crate::{SearchError, ServerError};
use query::{Filters, PreparedSearch, UserQueryParser, matching_documents};
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
    /// Makes the facet tables of each new searcher; the reader holds it weakly.
    facet_warmer: Arc<facets::FacetWarmer>,
    index_dir: Option<PathBuf>,
    /// Searches passing over the matches now (see [`SearchService::rank_and_count`]).
    computing: AtomicUsize,
}

impl SearchService {
    /// Opens the index in `index_dir`. The reader reloads shortly after each commit, so a
    /// re-index shows without a restart while searches keep being answered.
    pub fn open(index_dir: &Path, taxonomy: Taxonomy) -> Result<SearchService, ServerError> {
        if !index_dir.join("meta.json").is_file() {
            return Err(ServerError::NoIndex {
                path: index_dir.to_path_buf(),
            });
        }
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
        let facet_plans = facets::FacetPlans::new(&taxonomy);
        let facet_warmer = Arc::new(facets::FacetWarmer::new(facet_plans.clone()));
        let reader = open_reader(&index, &facet_warmer)?;
        let parser = UserQueryParser::new(&index, &schema, &taxonomy);
        Ok(SearchService {
            index,
            reader,
            schema,
            taxonomy,
            parser,
            facet_plans,
            facet_warmer,
            index_dir: None,
            computing: AtomicUsize::new(0),
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
        self.reader = open_reader(&self.index, &self.facet_warmer)?;
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

    /// Each of `paragraphs` (its text and language) as HTML with the words the query of
    /// `request` matches in `<mark>`, marked as a hit's passages are; `None` for one that
    /// holds none, or when there is no query.
    pub(crate) fn mark_paragraphs(
        &self,
        request: &SearchRequest,
        paragraphs: &[(&str, &str)],
    ) -> Result<Vec<Option<String>>, SearchError> {
        let prepared = self.prepare(request)?;
        let mut marker = hits::HitBuilder::new(&self.schema, &self.taxonomy, &prepared)?;
        paragraphs
            .iter()
            .map(|(text, language)| marker.mark_paragraph(text, language))
            .collect()
    }

    pub(crate) fn prepare(&self, request: &SearchRequest) -> Result<PreparedSearch, SearchError> {
        let filters = Filters::from_request(request, &self.taxonomy)?;
        let (user_query, user_ast) =
            match self.parser.parse(&request.q, request.op, request.xlang)? {
                Some(parsed) => (Some(parsed.query), Some(parsed.ast)),
                None => (None, None),
            };
        Ok(PreparedSearch {
            searcher: self.reader.searcher(),
            user_query,
            user_ast,
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
        let strategy = FacetStrategy::for_search(&prepared);
        self.search_prepared(request, &prepared, sort, size, passages_per_hit, strategy)
    }

    /// [`SearchService::search`] once the request is checked, counting the facets of
    /// filtered fields the way `strategy` says.
    fn search_prepared(
        &self,
        request: &SearchRequest,
        prepared: &PreparedSearch,
        sort: SortOrder,
        size: usize,
        passages_per_hit: usize,
        strategy: FacetStrategy,
    ) -> Result<SearchResponse, SearchError> {
        let counter = facets::FacetCounter {
            searcher: &prepared.searcher,
            schema: &self.schema,
            taxonomy: &self.taxonomy,
            plans: &self.facet_plans,
        };
        let (query, counted_facets, sideways) = match strategy {
            // Facets without a filter of their own are counted in the pass that ranks;
            // the others in a pass each, without their filter.
            FacetStrategy::PassPerFilter => (
                matching_documents(&self.schema, prepared.user_query(), &prepared.filters),
                facets::unfiltered_facets(&FacetField::ALL, &prepared.filters),
                Vec::new(),
            ),
            FacetStrategy::Sideways => {
                let counted = FacetField::ALL.to_vec();
                let sideways = prepared
                    .filters
                    .facet_filters()
                    .iter()
                    .map(|(facet, values)| pass::SidewaysFilter {
                        facet_position: counted
                            .iter()
                            .position(|counted| counted == facet)
                            .unwrap_or_default(),
                        values: values.clone(),
                    })
                    .collect();
                let query = matching_documents(
                    &self.schema,
                    prepared.user_query(),
                    &prepared.filters.without_facets(),
                );
                (query, counted, sideways)
            }
        };
        let (page, counted) = self.rank_and_count(
            prepared,
            &*query,
            PageRequest {
                sort,
                cursor: request.cursor.as_deref(),
                from: request.from,
                size,
            },
            pass::SearchPassPlan {
                facets: counter.plans(&counted_facets)?,
                sideways,
            },
        )?;
        let (mut hits, stored) = hits::HitBuilder::new(&self.schema, &self.taxonomy, prepared)?
            .build_all(&page.docs, passages_per_hit)?;
        if request.lists_versions() {
            let addresses: Vec<DocAddress> = page.docs.iter().map(|doc| doc.address).collect();
            self.attach_versions(&prepared.searcher, &mut hits, &addresses, &stored)?;
        }
        let facet_limit = request.facet_limit.unwrap_or(DEFAULT_FACET_LIMIT);
        let facets = counter.complete(
            &FacetField::ALL,
            counted_facets.into_iter().zip(counted).collect(),
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
        let query = matching_documents(&self.schema, prepared.user_query(), &prepared.filters);
        let page_request = PageRequest {
            sort,
            cursor,
            from,
            size,
        };
        let (page, _) = self.rank_and_count(
            prepared,
            &*query,
            page_request,
            pass::SearchPassPlan::default(),
        )?;
        Ok(page)
    }

    /// [`SearchService::rank`] over `query` and the facet counts `plan` asks for, in one pass.
    fn rank_and_count(
        &self,
        prepared: &PreparedSearch,
        query: &dyn Query,
        page: PageRequest<'_>,
        plan: pass::SearchPassPlan,
    ) -> Result<(RankedPage, Vec<facets::FacetTally>), SearchError> {
        let PageRequest {
            sort,
            cursor,
            from,
            size,
        } = page;
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
        // One more than the page, to know whether a next page exists; no ranking at all
        // for an empty page (a count, or facets only).
        let ranked = (size > 0).then_some(RankedCollector {
            sort,
            after,
            limit: skip + size + 1,
        });
        let pass = pass::SearchPass::new(query, ranked, plan.facets).with_sideways(plan.sideways);
        // A search alone spreads its segments over the search threads, to be answered
        // sooner; while others compute, the cores are busy with them, and handing
        // segments between threads would only add switches: it searches in its own.
        let computing = ComputingSearch::enter(&self.computing);
        let found = if computing.alone() {
            prepared.searcher.search(query, &pass)?
        } else {
            search_in_this_thread(&prepared.searcher, query, &pass)?
        };
        drop(computing);
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

/// A reader that reloads shortly after each commit and makes the facet tables of each
/// new searcher before it serves.
fn open_reader(
    index: &Index,
    facet_warmer: &Arc<facets::FacetWarmer>,
) -> Result<IndexReader, tantivy::TantivyError> {
    let warmer: Arc<dyn tantivy::Warmer> = facet_warmer.clone();
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::OnCommitWithDelay)
        .warmers(vec![Arc::downgrade(&warmer)])
        .try_into()
}

/// How a search counts the facets of the fields it filters on (which ignore their own
/// filter, for multi-select).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FacetStrategy {
    /// One pass for the hits and the other facets, then one pass per filtered facet.
    PassPerFilter,
    /// One pass over the query without its facet filters, checking them per document.
    Sideways,
}

impl FacetStrategy {
    /// Sideways when the search has a query and facet filters. Without a query, the
    /// documents without the filters are all the documents: the passes per filtered
    /// facet visit fewer, and a facet over everything comes from the postings.
    fn for_search(prepared: &PreparedSearch) -> FacetStrategy {
        if prepared.user_query.is_some() && !prepared.filters.facet_filters().is_empty() {
            FacetStrategy::Sideways
        } else {
            FacetStrategy::PassPerFilter
        }
    }
}

/// Which page of ranked documents to find: in `sort` order, after `cursor` or from `from`.
#[derive(Debug, Clone, Copy)]
struct PageRequest<'a> {
    sort: SortOrder,
    cursor: Option<&'a str>,
    from: usize,
    size: usize,
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
    /// The facet a request names (`forum`, `lang`, `organization`, ...), or a bad-parameter
    /// error listing the facets there are.
    pub fn facet_named(name: &str) -> Result<FacetField, SearchError> {
        FacetField::from_name(name).ok_or_else(|| {
            SearchError::bad_parameter(
                "facet",
                format!(
                    "unknown facet `{name}`: expected one of {}",
                    FacetField::ALL.map(FacetField::name).join(", ")
                ),
            )
        })
    }

    /// The values of `facet` over the documents matching `request` (ignoring the facet's
    /// own filter), keeping those whose value or label contains `contains` (case-insensitive).
    pub fn facet_values(
        &self,
        request: &SearchRequest,
        facet: FacetField,
        contains: &str,
        limit: usize,
    ) -> Result<FacetValuesResponse, SearchError> {
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

/// Counts a search among those computing while it lives.
struct ComputingSearch<'a> {
    computing: &'a AtomicUsize,
    others: usize,
}

impl<'a> ComputingSearch<'a> {
    fn enter(computing: &'a AtomicUsize) -> ComputingSearch<'a> {
        let others = computing.fetch_add(1, Ordering::AcqRel);
        ComputingSearch { computing, others }
    }

    /// Whether no other search was computing when this one began.
    fn alone(&self) -> bool {
        self.others == 0
    }
}

impl Drop for ComputingSearch<'_> {
    fn drop(&mut self) {
        self.computing.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Runs `collector` over the segments one after the other in the calling thread, whatever
/// the index's executor: for small searches, whose segments cost less than a hand-over.
pub(crate) fn search_in_this_thread<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    searcher.search_with_executor(query, collector, &Executor::single_thread(), scoring)
}

#[cfg(test)]
mod tests {
    use std::fs::File;

    use plenary_bench::synthetic::{CorpusOptions, SyntheticCorpus};
    use plenary_indexer::{IndexOptions, NoProgress, run_index};

    use super::*;

    /// A synthetic corpus indexed in several segments, with some documents deleted.
    fn synthetic_service() -> (tempfile::TempDir, SearchService) {
        let directory = tempfile::tempdir().expect("temp dir");
        let corpus_path = directory.path().join("corpus.jsonl");
        let taxonomy = Taxonomy::bundled();
        let mut corpus = SyntheticCorpus::new(CorpusOptions::with_seed(11), &taxonomy);
        corpus
            .write_jsonl(1_200, File::create(&corpus_path).expect("corpus file"))
            .expect("corpus");
        let index_dir = directory.path().join("index");
        let mut options = IndexOptions::new(index_dir.clone());
        options.full = true;
        options.commit_every_documents = 300;
        run_index(std::slice::from_ref(&corpus_path), &options, &NoProgress).expect("index");
        // Indexing the first records again replaces them: their old versions are deletes.
        let head: String = std::fs::read_to_string(&corpus_path)
            .expect("corpus")
            .lines()
            .take(150)
            .map(|line| format!("{line}\n"))
            .collect();
        let again = directory.path().join("again.jsonl");
        std::fs::write(&again, head).expect("write");
        options.full = false;
        run_index(&[again], &options, &NoProgress).expect("index again");
        let service = SearchService::open(&index_dir, taxonomy).expect("open");
        (directory, service)
    }

    /// The hits of `q` (50 at most, with `passage_topic` when given) with their passages
    /// ranked from the postings, and with every paragraph analysed again.
    fn hits_both_ways(
        service: &SearchService,
        q: &str,
        passage_topic: Option<&str>,
    ) -> (Vec<SearchHit>, Vec<SearchHit>) {
        let request = SearchRequest {
            q: q.to_string(),
            passage_topic: passage_topic.into_iter().map(str::to_string).collect(),
            ..SearchRequest::default()
        };
        let prepared = service.prepare(&request).expect("prepared");
        let page = service
            .rank(&prepared, SortOrder::Relevance, None, 0, 50)
            .expect("ranked");
        let build = |reads_postings: bool| {
            let mut builder = hits::HitBuilder::new(&service.schema, &service.taxonomy, &prepared)
                .expect("builder");
            builder.reads_postings = reads_postings;
            builder.build_all(&page.docs, 3).expect("hits").0
        };
        (build(true), build(false))
    }

    /// Queries of every kind the passages answer: words, phrases with stop words and
    /// slop, `AND`, `OR`, `NOT`, prefixes, fuzzy words, a field, six languages.
    const PASSAGE_QUERIES: [&str; 24] = [
        "corruption",
        "death penalty",
        "\"death penalty\"",
        "\"trafficking in persons\"",
        "\"human rights\"~2",
        "prison AND women",
        "(corruption OR bribery) -trafficking",
        "torture -prison",
        "drug*",
        "\"drug pol*\"",
        "femicde~1",
        "title:corruption",
        "text:prison",
        "the",
        "peine de mort",
        "\"derechos humanos\"",
        "смертная казнь",
        "коррупции",
        "عقوبة الإعدام",
        "الفساد",
        "死刑",
        "腐败",
        "victims of trafficking women children",
        "harm reduction AND \"drug use\"",
    ];

    #[test]
    fn passages_read_from_the_postings_are_those_analysing_every_paragraph_finds() {
        let (_directory, service) = synthetic_service();
        let mut compared = 0;
        for q in PASSAGE_QUERIES {
            let (from_postings, analysed) = hits_both_ways(&service, q, None);
            assert_eq!(from_postings, analysed, "{q}");
            compared += analysed.iter().map(|hit| hit.passages.len()).sum::<usize>();
        }
        let (from_postings, analysed) =
            hits_both_ways(&service, "women", Some("violence-against-women"));
        assert_eq!(from_postings, analysed);
        assert!(compared > 500, "{compared} passages compared");
    }

    #[test]
    fn passages_of_real_documents_read_from_the_postings_are_those_analysing_finds() {
        // The bundled corpus: PDFs with page furniture, DOCX, HTML, six languages.
        let directory = tempfile::tempdir().expect("temp dir");
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/docs");
        let mut options = IndexOptions::new(directory.path().join("index"));
        options.full = true;
        run_index(&[corpus], &options, &NoProgress).expect("index");
        let service = SearchService::open(&directory.path().join("index"), Taxonomy::bundled())
            .expect("open");
        let mut compared = 0;
        for q in PASSAGE_QUERIES {
            let (from_postings, analysed) = hits_both_ways(&service, q, None);
            assert_eq!(from_postings, analysed, "{q}");
            compared += analysed.iter().map(|hit| hit.passages.len()).sum::<usize>();
        }
        assert!(compared > 100, "{compared} passages compared");
    }

    /// The first `n` values of a facet over everything.
    fn facet_values(service: &SearchService, facet: &str, n: usize) -> Vec<String> {
        let everything = service.search(&SearchRequest::default()).expect("search");
        everything.facets[facet]
            .iter()
            .take(n)
            .map(|value| value.value.clone())
            .collect()
    }

    #[test]
    fn a_search_under_load_answers_in_its_own_thread_what_it_answers_alone() {
        let (_directory, mut service) = synthetic_service();
        service.set_search_threads(2).expect("two search threads");
        let requests = [
            SearchRequest {
                q: "corruption OR trafficking".to_string(),
                ..SearchRequest::default()
            },
            SearchRequest {
                q: "\"death penalty\"".to_string(),
                sort: SortOrder::DateAsc,
                ..SearchRequest::default()
            },
            SearchRequest::default(),
        ];
        for request in &requests {
            let alone = service.search(request).expect("search alone");
            let busy = {
                let other = ComputingSearch::enter(&service.computing);
                assert!(other.alone());
                let busy = service.search(request).expect("search under load");
                assert!(!ComputingSearch::enter(&service.computing).alone());
                busy
            };
            assert_eq!(service.computing.load(Ordering::Acquire), 0, "guards leave");
            assert_eq!(
                serde_json::to_value(&alone).expect("json"),
                serde_json::to_value(&busy).expect("json"),
                "{request:?}"
            );
        }
    }

    #[test]
    fn counting_filtered_facets_sideways_answers_what_a_pass_per_filter_answers() {
        let (_directory, service) = synthetic_service();
        let segments = service.reader.searcher().segment_readers().len();
        assert!(segments >= 2, "several segments: {segments}");
        let forums = facet_values(&service, "forum", 2);
        let organizations = facet_values(&service, "org", 2);
        let years = facet_values(&service, "year", 3);
        let topics = facet_values(&service, "topic", 2);
        let languages = facet_values(&service, "lang", 2);
        let sessions = facet_values(&service, "session", 1);
        let queries = [
            "corruption",
            "drug OR trafficking",
            "\"death penalty\"",
            "women -children",
        ];
        let filters: Vec<SearchRequest> = vec![
            SearchRequest {
                forum: vec![forums[0].clone()],
                ..SearchRequest::default()
            },
            SearchRequest {
                forum: forums.clone(),
                year: vec![years[1].clone()],
                ..SearchRequest::default()
            },
            SearchRequest {
                topic: vec![topics[0].clone()],
                lang: vec![languages[0].clone()],
                org: vec![organizations[1].clone()],
                ..SearchRequest::default()
            },
            SearchRequest {
                topic: topics.clone(),
                year_from: years[2].parse().ok(),
                ..SearchRequest::default()
            },
            SearchRequest {
                lang: vec![languages[1].clone()],
                session: sessions.clone(),
                ..SearchRequest::default()
            },
        ];
        let mut compared = 0;
        let mut with_hits = 0;
        for q in queries {
            for filter in &filters {
                for sort in [SortOrder::Relevance, SortOrder::DateAsc] {
                    for size in [0, 7] {
                        let request = SearchRequest {
                            q: q.to_string(),
                            sort,
                            size: Some(size),
                            ..filter.clone()
                        };
                        let prepared = service.prepare(&request).expect("a valid request");
                        assert!(prepared.user_query.is_some());
                        let answer = |strategy| {
                            service
                                .search_prepared(&request, &prepared, sort, size, 3, strategy)
                                .expect("search")
                        };
                        let sideways = answer(FacetStrategy::Sideways);
                        let per_filter = answer(FacetStrategy::PassPerFilter);
                        assert_eq!(sideways, per_filter, "{request:?}");
                        compared += 1;
                        with_hits += usize::from(sideways.total > 0);
                    }
                }
            }
        }
        assert!(compared >= 60, "{compared} requests compared");
        assert!(with_hits >= 30, "only {with_hits} requests found something");
        // The service takes the sideways pass for a query with facet filters.
        let request = SearchRequest {
            q: "corruption".to_string(),
            forum: vec![forums[0].clone()],
            ..SearchRequest::default()
        };
        let prepared = service.prepare(&request).expect("prepare");
        assert_eq!(
            FacetStrategy::for_search(&prepared),
            FacetStrategy::Sideways
        );
        let prepared = service
            .prepare(&SearchRequest {
                q: String::new(),
                ..request
            })
            .expect("prepare");
        assert_eq!(
            FacetStrategy::for_search(&prepared),
            FacetStrategy::PassPerFilter
        );
    }

    #[test]
    fn significant_terms_are_counted_in_the_whole_result_set() {
        use tantivy::Term;
        use tantivy::query::{BooleanQuery, Occur, TermQuery};
        use tantivy::schema::IndexRecordOption;
        use tantivy::tokenizer::TokenStream;

        let (_directory, service) = synthetic_service();
        // The result set is the corpus: nothing in it stands out from the corpus.
        let everything = service
            .significant_terms(&SearchRequest::default(), 20)
            .expect("terms");
        assert!(everything.is_empty(), "{everything:?}");
        // English documents, more than the sample read to find candidates.
        let request = SearchRequest {
            lang: vec!["en".into()],
            ..SearchRequest::default()
        };
        let prepared = service.prepare(&request).expect("prepared");
        let matching =
            query::matching_documents(&service.schema, prepared.user_query(), &prepared.filters);
        let total = prepared
            .searcher
            .search(&*matching, &tantivy::collector::Count)
            .expect("count") as u64;
        assert!(total > 500, "{total} English documents");
        let terms = service.significant_terms(&request, 10).expect("terms");
        assert!(!terms.is_empty());
        let field = service.schema.analysed_text_field("en");
        let mut analyzer = service.index.tokenizer_for_field(field).expect("analyser");
        for term in &terms {
            let mut tokens = analyzer.token_stream(&term.term);
            assert!(tokens.advance(), "{term:?}");
            let stem = Term::from_field_text(field, &tokens.token().text);
            let with_term = BooleanQuery::new(vec![
                (Occur::Must, matching.box_clone()),
                (
                    Occur::Must,
                    Box::new(TermQuery::new(stem, IndexRecordOption::Basic)),
                ),
            ]);
            let counted = prepared
                .searcher
                .search(&with_term, &tantivy::collector::Count)
                .expect("count") as u64;
            assert_eq!(term.doc_count, counted, "{term:?}");
            assert!(term.doc_count <= total && term.doc_count <= term.corpus_doc_count);
        }
    }
}
