//! Analytics over a result set: timelines (raw and normalised by the size of each
//! year or session), cross-tabulations of any facet by any facet, the first mention of
//! a subject, significant terms against the whole corpus, and Elasticsearch-style
//! aggregations run by Tantivy.

use std::collections::{BTreeMap, HashMap};

use plenary_core::schema::FacetField;
use serde::{Deserialize, Serialize};
use tantivy::Term;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector, AggregationLimitsGuard};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::facets::{FacetCounter, compare_values};
use crate::search::hits::StoredRecord;
use crate::search::query::{Filters, filtered_query, matching_documents};
use crate::search::request::{SearchRequest, SortOrder};
use crate::search::{SearchHit, SearchService};

/// Row or column values of a cross-tabulation when the request names no limit.
pub const DEFAULT_CROSSTAB_LIMIT: usize = 20;
/// Documents read to find the candidate significant terms (each then counted in the
/// whole result set).
const SIGNIFICANT_TERMS_SAMPLE: usize = 500;
/// Candidate terms whose corpus frequency is looked up.
const SIGNIFICANT_TERMS_CANDIDATES: usize = 300;

/// What a timeline counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimelineBy {
    #[default]
    Year,
    Session,
}

impl TimelineBy {
    pub fn parse(value: &str) -> Result<TimelineBy, SearchError> {
        match value {
            "year" => Ok(TimelineBy::Year),
            "session" => Ok(TimelineBy::Session),
            other => Err(SearchError::bad_parameter(
                "by",
                format!("unknown timeline unit `{other}`: expected year or session"),
            )),
        }
    }

    fn facet(self) -> FacetField {
        match self {
            TimelineBy::Year => FacetField::Year,
            TimelineBy::Session => FacetField::Session,
        }
    }
}

/// Matching documents per year or session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Timeline {
    pub by: TimelineBy,
    pub total: u64,
    pub buckets: Vec<TimelineBucket>,
}

/// One year or session of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TimelineBucket {
    /// `2014`, or `CND/57` by session.
    pub key: String,
    /// Matching documents.
    pub count: u64,
    /// All documents of that year or session in the index.
    pub corpus_count: u64,
    /// `count / corpus_count`: the share of that year's or session's documents that match.
    pub normalized: f64,
}

/// Matching documents by the values of two facets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CrossTab {
    pub rows_facet: String,
    pub cols_facet: String,
    /// Row values, most frequent first.
    pub rows: Vec<String>,
    /// Column values, most frequent first.
    pub cols: Vec<String>,
    /// `counts[r][c]`: documents with row value `r` and column value `c`.
    pub counts: Vec<Vec<u64>>,
    /// Documents with each row value.
    pub row_totals: Vec<u64>,
    pub total: u64,
}

/// The earliest dated document of a result set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FirstMention {
    pub total: u64,
    pub first: Option<SearchHit>,
}

/// A term much more frequent in the result set than in the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SignificantTerm {
    pub term: String,
    /// Documents of the result set holding the term.
    pub doc_count: u64,
    /// Documents of the corpus holding the term.
    pub corpus_doc_count: u64,
    /// Elasticsearch's JLH score: (foreground − background share) × (foreground / background share).
    pub score: f64,
}

impl SearchService {
    fn counter<'a>(&'a self, searcher: &'a tantivy::Searcher) -> FacetCounter<'a> {
        FacetCounter {
            searcher,
            schema: &self.schema,
            taxonomy: &self.taxonomy,
            plans: &self.facet_plans,
        }
    }

    /// Counts matching documents per year or session, with the size of each in the corpus.
    pub fn timeline(
        &self,
        request: &SearchRequest,
        by: TimelineBy,
    ) -> Result<Timeline, SearchError> {
        let prepared = self.prepare(request)?;
        let counter = self.counter(&prepared.searcher);
        let matching = matching_documents(&self.schema, prepared.user_query(), &prepared.filters);
        let total = prepared.searcher.search(&*matching, &Count)? as u64;
        let everything = matching_documents(&self.schema, None, &Filters::default());
        let corpus: HashMap<Vec<String>, u64> = counter
            .flat_counts(by.facet(), &*everything)?
            .into_iter()
            .collect();
        let mut buckets: Vec<TimelineBucket> = counter
            .flat_counts(by.facet(), &*matching)?
            .into_iter()
            .map(|(path, count)| {
                let corpus_count = corpus.get(&path).copied().unwrap_or(count).max(count);
                TimelineBucket {
                    key: path.join("/"),
                    count,
                    corpus_count,
                    normalized: if corpus_count == 0 {
                        0.0
                    } else {
                        count as f64 / corpus_count as f64
                    },
                }
            })
            .collect();
        buckets.sort_by(|left, right| compare_values(&left.key, &right.key));
        Ok(Timeline { by, total, buckets })
    }

    /// Cross-tabulates the matching documents by `rows` and `cols` (topic × forum,
    /// topic × topic for co-occurrence, organization × topic, ...), keeping the `limit`
    /// most frequent values of each. Topics count flat: a document about femicide counts
    /// under femicide and under violence against women.
    pub fn crosstab(
        &self,
        request: &SearchRequest,
        rows: FacetField,
        cols: FacetField,
        limit: usize,
    ) -> Result<CrossTab, SearchError> {
        let prepared = self.prepare(request)?;
        let counter = self.counter(&prepared.searcher);
        let matching = matching_documents(&self.schema, prepared.user_query(), &prepared.filters);
        let total = prepared.searcher.search(&*matching, &Count)? as u64;
        let top_rows = most_frequent(counter.flat_counts(rows, &*matching)?, limit);
        let top_cols = most_frequent(counter.flat_counts(cols, &*matching)?, limit);
        let col_index: HashMap<&Vec<String>, usize> = top_cols
            .iter()
            .enumerate()
            .map(|(position, (path, _))| (path, position))
            .collect();
        let mut counts = Vec::with_capacity(top_rows.len());
        for (row_path, _) in &top_rows {
            let narrowed = prepared
                .filters
                .with_facet(rows, Facet::from_path(row_path.iter().map(String::as_str)));
            let query = matching_documents(&self.schema, prepared.user_query(), &narrowed);
            let mut line = vec![0u64; top_cols.len()];
            for (col_path, count) in counter.flat_counts(cols, &*query)? {
                if let Some(&position) = col_index.get(&col_path) {
                    line[position] = count;
                }
            }
            counts.push(line);
        }
        let label = |facet: FacetField, path: &Vec<String>| match facet {
            // A topic is named by its slug alone, as filters take it, a paragraph's too.
            FacetField::Topic | FacetField::PassageTopic => {
                path.last().cloned().unwrap_or_default()
            }
            _ => path.join("/"),
        };
        Ok(CrossTab {
            rows_facet: rows.name().to_string(),
            cols_facet: cols.name().to_string(),
            rows: top_rows.iter().map(|(path, _)| label(rows, path)).collect(),
            cols: top_cols.iter().map(|(path, _)| label(cols, path)).collect(),
            row_totals: top_rows.iter().map(|(_, count)| *count).collect(),
            counts,
            total,
        })
    }

    /// The earliest dated matching document, with its matching passages.
    pub fn first_mention(&self, request: &SearchRequest) -> Result<FirstMention, SearchError> {
        let earliest = SearchRequest {
            sort: SortOrder::DateAsc,
            size: Some(1),
            from: 0,
            cursor: None,
            ..request.clone()
        };
        let response = self.search(&earliest)?;
        let first = response
            .hits
            .into_iter()
            .next()
            .filter(|hit| hit.date.is_some());
        Ok(FirstMention {
            total: response.total,
            first,
        })
    }

    /// The terms most characteristic of the matching documents against the whole corpus
    /// (read from up to 500 of the best matching documents).
    pub fn significant_terms(
        &self,
        request: &SearchRequest,
        limit: usize,
    ) -> Result<Vec<SignificantTerm>, SearchError> {
        let prepared = self.prepare(request)?;
        let matching = matching_documents(&self.schema, prepared.user_query(), &prepared.filters);
        // The sample finds the candidate terms; each is then counted in the whole result
        // set, so that a result set of the whole corpus has no significant term and a
        // large one is not judged by its first documents.
        let (sample, matching_count) = prepared.searcher.search(
            &*matching,
            &(
                TopDocs::with_limit(SIGNIFICANT_TERMS_SAMPLE).order_by_score(),
                Count,
            ),
        )?;
        if sample.is_empty() {
            return Ok(Vec::new());
        }
        // Each document is read with its language's analyser (stop words out, inflections
        // folded), so a term is a stem of a field; it is shown as its commonest written form.
        let mut analyzers: HashMap<Field, TextAnalyzer> = HashMap::new();
        let mut document_frequency: HashMap<(Field, String), u64> = HashMap::new();
        let mut written_forms: HashMap<(Field, String), HashMap<String, u64>> = HashMap::new();
        for (_, address) in &sample {
            let record: StoredRecord = prepared.searcher.doc(*address)?;
            let stored = record.document_without_topics()?;
            let text = record.text();
            let field = self.schema.analysed_text_field(&stored.language);
            let analyzer = match analyzers.entry(field) {
                std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(self.index.tokenizer_for_field(field)?)
                }
            };
            let mut seen = std::collections::HashSet::new();
            let mut tokens = analyzer.token_stream(text);
            while tokens.advance() {
                let token = tokens.token();
                let written = text
                    .get(token.offset_from..token.offset_to)
                    .unwrap_or(&token.text)
                    .to_lowercase();
                let meaningful =
                    written.chars().count() >= 3 && !written.chars().all(|c| c.is_ascii_digit());
                if !meaningful {
                    continue;
                }
                let key = (field, token.text.clone());
                *written_forms
                    .entry(key.clone())
                    .or_default()
                    .entry(written)
                    .or_default() += 1;
                if seen.insert(key.clone()) {
                    *document_frequency.entry(key).or_default() += 1;
                }
            }
        }
        let foreground_size = matching_count.max(1) as f64;
        let everything = matching_documents(&self.schema, None, &Filters::default());
        let background_size = prepared.searcher.search(&*everything, &Count)?.max(1) as f64;
        let minimum = if sample.len() >= 5 { 2 } else { 1 };
        let mut candidates: Vec<((Field, String), u64)> = document_frequency
            .into_iter()
            .filter(|(_, count)| *count >= minimum)
            .collect();
        candidates.sort_by(|left, right| right.1.cmp(&left.1).then_with(|| left.0.cmp(&right.0)));
        candidates.truncate(SIGNIFICANT_TERMS_CANDIDATES);
        let mut scored = Vec::with_capacity(candidates.len());
        for ((field, stem), _) in candidates {
            let word: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, &stem),
                IndexRecordOption::Basic,
            ));
            let in_results = BooleanQuery::new(vec![
                (Occur::Must, matching.box_clone()),
                (Occur::Must, word.box_clone()),
            ]);
            let doc_count = prepared.searcher.search(&in_results, &Count)? as u64;
            let in_corpus = filtered_query(
                &self.schema,
                None,
                &Filters::default(),
                None,
                vec![(Occur::Must, word)],
            );
            let corpus_doc_count =
                (prepared.searcher.search(&*in_corpus, &Count)? as u64).max(doc_count);
            let foreground = doc_count as f64 / foreground_size;
            let background = corpus_doc_count as f64 / background_size;
            let score = (foreground - background) * (foreground / background);
            let term = written_forms
                .get(&(field, stem.clone()))
                .and_then(|forms| {
                    forms
                        .iter()
                        .max_by(|left, right| left.1.cmp(right.1).then_with(|| right.0.cmp(left.0)))
                        .map(|(form, _)| form.clone())
                })
                .unwrap_or(stem);
            if score > 0.0 {
                scored.push(SignificantTerm {
                    term,
                    doc_count,
                    corpus_doc_count,
                    score,
                });
            }
        }
        scored.sort_by(|left, right| {
            right
                .score
                .total_cmp(&left.score)
                .then_with(|| left.term.cmp(&right.term))
        });
        // The same written word may stand in two languages' fields: keep its best score.
        let mut shown = std::collections::HashSet::new();
        scored.retain(|term| shown.insert(term.term.clone()));
        scored.truncate(limit);
        Ok(scored)
    }

    /// Runs Elasticsearch-style aggregations (Tantivy's dialect) over the matching
    /// documents. They work on fast fields: `date`, `year_number`, `symbol`, `id`.
    pub fn aggregate(
        &self,
        request: &SearchRequest,
        aggregations: serde_json::Value,
    ) -> Result<serde_json::Value, SearchError> {
        let aggregations: Aggregations = serde_json::from_value(aggregations).map_err(|error| {
            SearchError::bad_parameter("aggs", format!("not an aggregation request: {error}"))
        })?;
        let prepared = self.prepare(request)?;
        let matching = matching_documents(&self.schema, prepared.user_query(), &prepared.filters);
        let context = AggContextParams::new(
            AggregationLimitsGuard::default(),
            self.index.tokenizers().clone(),
        );
        let collector = AggregationCollector::from_aggs(aggregations, context);
        let results = prepared
            .searcher
            .search(&*matching, &collector)
            .map_err(|error| SearchError::bad_parameter("aggs", error.to_string()))?;
        serde_json::to_value(results)
            .map_err(|error| SearchError::bad_parameter("aggs", error.to_string()))
    }
}

/// The `limit` most frequent values, most frequent first (ties by value).
fn most_frequent(mut counts: Vec<(Vec<String>, u64)>, limit: usize) -> Vec<(Vec<String>, u64)> {
    counts.sort_by(|left, right| {
        right
            .1
            .cmp(&left.1)
            .then_with(|| compare_values(&left.0.join("/"), &right.0.join("/")))
    });
    counts.truncate(limit);
    counts
}

/// Topic counts as a map from slug to count (for tests and callers that want a lookup).
pub fn counts_by_slug(tab: &CrossTab) -> BTreeMap<(String, String), u64> {
    let mut map = BTreeMap::new();
    for (row_position, row) in tab.rows.iter().enumerate() {
        for (col_position, col) in tab.cols.iter().enumerate() {
            map.insert(
                (row.clone(), col.clone()),
                tab.counts[row_position][col_position],
            );
        }
    }
    map
}
