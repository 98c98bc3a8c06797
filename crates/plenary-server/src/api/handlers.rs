//! The handlers: read the request, call the search service off the async workers, answer JSON.

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use plenary_core::schema::FacetField;
use serde::{Deserialize, Serialize};
use tracing::error;
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::state::{AppState, blocking};
use std::sync::Arc;

use crate::search::analytics::DEFAULT_CROSSTAB_LIMIT;
use crate::search::{
    AlignedDocuments, Comparison, CrossTab, DocumentView, FacetValuesResponse, FirstMention,
    SearchHit, SignificantTerm, Timeline, TimelineBy,
};
use crate::{SearchRequest, SearchResponse, SearchService};

/// The query and filters every search-like endpoint takes (documentation only: they are
/// read from the raw query string, where a key may repeat).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FilterParams {
    /// Query: terms, "phrases"~slop, AND/OR/NOT, +/-, field:value, prefix*, fuzzy~1.
    q: Option<String>,
    /// Topic slug; repeat or separate with commas; a parent includes its children.
    topic: Option<Vec<String>>,
    /// Forum code: CND, CCPCJ, COSP, IRG, COP, CONGRESS, GA, SC, ECOSOC, HRC, UPR, CSW, CEDAW, ....
    forum: Option<Vec<String>>,
    /// Session as FORUM/NUMBER (CND/57) or a number.
    session: Option<Vec<String>>,
    year: Option<Vec<String>>,
    /// Language code.
    lang: Option<Vec<String>>,
    /// Organization name (repeat the key for several; commas are part of names).
    org: Option<Vec<String>>,
    doc_type: Option<Vec<String>>,
    /// Consultative status: general, special, roster.
    status: Option<Vec<String>>,
    /// Country that speaks: ISO 3166-1 alpha-3 code (ESP) or name.
    country: Option<Vec<String>>,
    /// UN regional group: african, asia-pacific, eastern-european, latin-american-caribbean, western-european-others.
    region: Option<Vec<String>>,
    /// Actor type: ngo, state, un-entity, intergovernmental, other.
    actor_type: Option<Vec<String>>,
    /// Paragraph topic (a slug, as `topic`): documents with a paragraph about it, and
    /// those paragraphs as their passages.
    passage_topic: Option<Vec<String>>,
    /// YYYY-MM-DD.
    date_from: Option<String>,
    date_to: Option<String>,
    year_from: Option<i32>,
    year_to: Option<i32>,
    /// How words without an operator combine: and (the default: every word) or or.
    op: Option<String>,
    /// true: a query that names a topic (femicide, peine de mort) also finds that
    /// topic's documents in all six languages, below those that match its words.
    xlang: Option<bool>,
    /// false: hits do not list their other language versions (by default each hit
    /// lists them, with the paragraph of each that matches its best passage).
    versions: Option<bool>,
}

/// The parameters of a page of hits and its facets (documentation only, as [`FilterParams`]).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageParams {
    from: Option<usize>,
    /// At most 100.
    size: Option<usize>,
    #[param(inline)]
    sort: Option<SortParam>,
    /// The next_cursor of the previous page.
    cursor: Option<String>,
    /// Passage hits per document (default 3).
    passages: Option<usize>,
    facet_limit: Option<usize>,
    #[param(inline)]
    facet_sort: Option<FacetSortParam>,
}

/// The orders of hits (documentation of `sort`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SortParam {
    Relevance,
    DateDesc,
    DateAsc,
}

/// The orders of facet values (documentation of `facet_sort`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum FacetSortParam {
    Count,
    Value,
}

/// The formats of an export (documentation of `format`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ExportFormatParam {
    Csv,
    Jsonl,
}

/// Splits a raw query string into its decoded pairs.
fn query_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// Reads the search parameters; `endpoint_parameters` belong to the endpoint and are skipped.
fn search_request(
    pairs: &[(String, String)],
    endpoint_parameters: &[&str],
) -> Result<SearchRequest, ApiError> {
    Ok(SearchRequest::from_pairs(
        pairs
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
        endpoint_parameters,
    )?)
}

/// Parameters of a page of hits: an endpoint that covers every matching document (an
/// export, a table, a count) refuses those it does not read rather than ignore them.
const PAGE_PARAMETERS: [&str; 8] = [
    "from",
    "size",
    "sort",
    "cursor",
    "search_after",
    "passages",
    "facet_limit",
    "facet_sort",
];

/// The first parameter of a page of hits in `pairs` that an endpoint does not read.
fn unread_page_parameter<'a>(pairs: &'a [(String, String)], reads: &[&str]) -> Option<&'a str> {
    pairs
        .iter()
        .map(|(key, _)| key.as_str())
        .find(|key| PAGE_PARAMETERS.contains(key) && !reads.contains(key))
}

/// The search of an endpoint that covers every matching document, with its own
/// parameters `endpoint_parameters`; of a page's parameters it takes only those it `reads`.
fn whole_set_request(
    pairs: &[(String, String)],
    endpoint_parameters: &[&str],
    reads: &[&str],
) -> Result<SearchRequest, ApiError> {
    if let Some(key) = unread_page_parameter(pairs, reads) {
        return Err(ApiError::bad_request(format!(
            "{key}: this covers every matching document, not a page of them; it does not take `{key}`"
        )));
    }
    search_request(pairs, endpoint_parameters)
}

/// The last value of an endpoint parameter.
fn parameter<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.trim())
}

fn number_parameter(
    pairs: &[(String, String)],
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    let Some(text) = parameter(pairs, name).filter(|text| !text.is_empty()) else {
        return Ok(default);
    };
    let value: usize = text.parse().map_err(|_| {
        ApiError::bad_request(format!("{name}: expected a whole number, not `{text}`"))
    })?;
    if value > max {
        return Err(ApiError::bad_request(format!(
            "{name}: at most {max}, not {value}"
        )));
    }
    Ok(value)
}

fn facet_parameter(
    pairs: &[(String, String)],
    name: &str,
    default: FacetField,
) -> Result<FacetField, ApiError> {
    match parameter(pairs, name) {
        None | Some("") => Ok(default),
        Some(text) => FacetField::from_name(text).ok_or_else(|| {
            ApiError::bad_request(format!(
                "{name}: unknown facet `{text}`: expected one of {}",
                FacetField::ALL.map(FacetField::name).join(", ")
            ))
        }),
    }
}

/// Searches documents.
#[utoipa::path(get, path = "/api/search", tag = "search", params(FilterParams, PageParams),
    responses((status = 200, body = SearchResponse), (status = 400, body = ErrorBody)))]
pub async fn search_get(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResponse>, ApiError> {
    let request = search_request(&query_pairs(raw.as_deref()), &[])?;
    let response = blocking(&state, move |service| Ok(service.search(&request)?)).await?;
    Ok(Json(response))
}

/// A search as JSON: the fields of the query string plus an Elasticsearch-style `aggs` object.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct SearchBody {
    #[serde(flatten)]
    pub request: SearchRequest,
    /// Aggregations in Tantivy's (Elasticsearch's) dialect, over the fast fields
    /// `date`, `year_number`, `symbol` and `id`.
    pub aggs: Option<serde_json::Value>,
}

/// A search response with the results of the aggregations asked for.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SearchWithAggregations {
    #[serde(flatten)]
    pub response: SearchResponse,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregations: Option<serde_json::Value>,
}

/// Searches documents, with aggregations.
#[utoipa::path(post, path = "/api/search", tag = "search", request_body = SearchBody,
    responses((status = 200, body = SearchWithAggregations), (status = 400, body = ErrorBody)))]
pub async fn search_post(
    State(state): State<AppState>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<SearchWithAggregations>, ApiError> {
    let Json(mut body) = body
        .map_err(|rejection| ApiError::bad_request(format!("body: {}", rejection.body_text())))?;
    let aggs = body
        .as_object_mut()
        .and_then(|object| object.remove("aggs"));
    let request: SearchRequest = serde_json::from_value(body)
        .map_err(|error| ApiError::bad_request(format!("body: {error}")))?;
    let answer = blocking(&state, move |service| {
        let response = service.search(&request)?;
        let aggregations = match aggs {
            Some(aggs) => Some(service.aggregate(&request, aggs)?),
            None => None,
        };
        Ok(SearchWithAggregations {
            response,
            aggregations,
        })
    })
    .await?;
    Ok(Json(answer))
}

/// A document with its paragraphs, topics, language versions and corrigenda.
#[utoipa::path(get, path = "/api/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id, e.g. E_CN.7_2014_NGO_3.en")),
    responses((status = 200, body = DocumentView), (status = 404, body = ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DocumentView>, ApiError> {
    let view = blocking(&state, move |service| {
        service
            .document(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no document with id `{id}`")))
    })
    .await?;
    Ok(Json(view))
}

/// A document's paragraphs beside the same paragraphs of its version in another
/// language: paired by printed paragraph number where both number them, else in order.
#[utoipa::path(get, path = "/api/documents/{id}/compare", tag = "documents",
    params(("id" = String, Path, description = "Document id"),
        ("lang" = String, Query, description = "Language of the version to compare with (en, fr, es, ru, ar, zh)")),
    responses((status = 200, body = AlignedDocuments), (status = 404, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn compare(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<AlignedDocuments>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    if let Some((key, _)) = pairs.iter().find(|(key, _)| key != "lang") {
        return Err(ApiError::bad_request(format!("{key}: unknown parameter")));
    }
    let language = parameter(&pairs, "lang")
        .filter(|language| !language.is_empty())
        .ok_or_else(|| {
            ApiError::bad_request("lang: the language of the version to compare with is required")
        })?
        .to_string();
    let aligned = blocking(&state, move |service| {
        match service.compare(&id, &language)? {
            Comparison::Aligned(aligned) => Ok(*aligned),
            Comparison::NoDocument => {
                Err(ApiError::not_found(format!("no document with id `{id}`")))
            }
            Comparison::NoVersion(message) => Err(ApiError::not_found(message)),
        }
    })
    .await?;
    Ok(Json(aligned))
}

/// Documents like this one (more like this), among those matching the query and filters.
#[utoipa::path(get, path = "/api/documents/{id}/similar", tag = "documents",
    params(("id" = String, Path, description = "Document id"), FilterParams,
        ("size" = Option<usize>, Query, description = "Similar documents returned (default 10, at most 50)")),
    responses((status = 200, body = Vec<SearchHit>), (status = 404, body = ErrorBody), (status = 400, body = ErrorBody)))]
pub async fn similar(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    // One list ordered by likeness, without passages or facets.
    if let Some(key) = unread_page_parameter(&pairs, &["size"]) {
        return Err(ApiError::bad_request(format!(
            "{key}: similar documents are one list ordered by likeness; they take `size`, a query and filters"
        )));
    }
    let request = search_request(&pairs, &[])?;
    let hits = blocking(&state, move |service| {
        let size = request
            .size
            .unwrap_or(crate::search::request::DEFAULT_PAGE_SIZE);
        service
            .similar(&id, size, &request)?
            .ok_or_else(|| ApiError::not_found(format!("no document with id `{id}`")))
    })
    .await?;
    Ok(Json(hits))
}

/// Values of a facet over the matching documents, filtered by `prefix` (contained, case-insensitive).
#[utoipa::path(get, path = "/api/facets/{facet}", tag = "search",
    params(("facet" = String, Path, description = "topic, forum, session, year, lang, org, doc_type, status, country, region or actor_type"),
        ("prefix" = Option<String>, Query, description = "Text the value or its label contains"),
        ("limit" = Option<usize>, Query, description = "Values returned (default 50, at most 1000)"), FilterParams),
    responses((status = 200, body = FacetValuesResponse), (status = 400, body = ErrorBody)))]
pub async fn facet_values(
    State(state): State<AppState>,
    Path(facet): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FacetValuesResponse>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["prefix", "limit"], &["facet_sort"])?;
    let facet = SearchService::facet_named(&facet)?;
    let prefix = parameter(&pairs, "prefix").unwrap_or_default().to_string();
    let limit = number_parameter(&pairs, "limit", 50, 1000)?;
    let values = blocking(&state, move |service| {
        Ok(service.facet_values(&request, facet, &prefix, limit)?)
    })
    .await?;
    Ok(Json(values))
}

/// Matching documents per year or session, raw and normalised by the documents of that year or session.
#[utoipa::path(get, path = "/api/analytics/timeline", tag = "analytics",
    params(("by" = Option<String>, Query, description = "year (default) or session"), FilterParams),
    responses((status = 200, body = Timeline), (status = 400, body = ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Timeline>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["by"], &[])?;
    let by = TimelineBy::parse(
        parameter(&pairs, "by")
            .filter(|by| !by.is_empty())
            .unwrap_or("year"),
    )?;
    let timeline = blocking(&state, move |service| Ok(service.timeline(&request, by)?)).await?;
    Ok(Json(timeline))
}

/// Matching documents by the values of two facets (topic × forum by default).
#[utoipa::path(get, path = "/api/analytics/crosstab", tag = "analytics",
    params(("rows" = Option<String>, Query, description = "Facet of the rows (default topic)"),
        ("cols" = Option<String>, Query, description = "Facet of the columns (default forum)"),
        ("limit" = Option<usize>, Query, description = "Values per side (default 20, at most 200)"), FilterParams),
    responses((status = 200, body = CrossTab), (status = 400, body = ErrorBody)))]
pub async fn crosstab(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CrossTab>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["rows", "cols", "limit"], &[])?;
    let rows = facet_parameter(&pairs, "rows", FacetField::Topic)?;
    let cols = facet_parameter(&pairs, "cols", FacetField::Forum)?;
    let limit = number_parameter(&pairs, "limit", DEFAULT_CROSSTAB_LIMIT, 200)?;
    let tab = blocking(&state, move |service| {
        Ok(service.crosstab(&request, rows, cols, limit)?)
    })
    .await?;
    Ok(Json(tab))
}

/// How often topics occur together in the matching documents (topic × topic).
#[utoipa::path(get, path = "/api/analytics/cooccurrence", tag = "analytics",
    params(("limit" = Option<usize>, Query, description = "Topics (default 20, at most 200)"), FilterParams),
    responses((status = 200, body = CrossTab), (status = 400, body = ErrorBody)))]
pub async fn cooccurrence(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<CrossTab>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["limit"], &[])?;
    let limit = number_parameter(&pairs, "limit", DEFAULT_CROSSTAB_LIMIT, 200)?;
    let tab = blocking(&state, move |service| {
        Ok(service.crosstab(&request, FacetField::Topic, FacetField::Topic, limit)?)
    })
    .await?;
    Ok(Json(tab))
}

/// The organizations with the most matching documents (pass `topic=` for a topic's).
#[utoipa::path(get, path = "/api/analytics/organizations", tag = "analytics",
    params(("limit" = Option<usize>, Query, description = "Organizations (default 20, at most 1000)"), FilterParams),
    responses((status = 200, body = FacetValuesResponse), (status = 400, body = ErrorBody)))]
pub async fn organizations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FacetValuesResponse>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["limit"], &[])?;
    let limit = number_parameter(&pairs, "limit", 20, 1000)?;
    let values = blocking(&state, move |service| {
        Ok(service.facet_values(&request, FacetField::Organization, "", limit)?)
    })
    .await?;
    Ok(Json(values))
}

/// The earliest dated matching document (pass `topic=` for the first mention of a topic).
#[utoipa::path(get, path = "/api/analytics/first-mention", tag = "analytics", params(FilterParams),
    responses((status = 200, body = FirstMention), (status = 400, body = ErrorBody)))]
pub async fn first_mention(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FirstMention>, ApiError> {
    let request = whole_set_request(&query_pairs(raw.as_deref()), &[], &[])?;
    let first = blocking(&state, move |service| Ok(service.first_mention(&request)?)).await?;
    Ok(Json(first))
}

/// Terms much more frequent in the matching documents than in the whole corpus.
#[utoipa::path(get, path = "/api/analytics/significant-terms", tag = "analytics",
    params(("limit" = Option<usize>, Query, description = "Terms (default 20, at most 200)"), FilterParams),
    responses((status = 200, body = Vec<SignificantTerm>), (status = 400, body = ErrorBody)))]
pub async fn significant_terms(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<SignificantTerm>>, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["limit"], &[])?;
    let limit = number_parameter(&pairs, "limit", 20, 200)?;
    let terms = blocking(&state, move |service| {
        Ok(service.significant_terms(&request, limit)?)
    })
    .await?;
    Ok(Json(terms))
}

/// The columns of a CSV export.
const CSV_COLUMNS: [&str; 20] = [
    "id",
    "symbol",
    "title",
    "forum",
    "session",
    "date",
    "year",
    "organization",
    "consultative_status",
    "language",
    "doc_type",
    "topics",
    "actor_type",
    "country",
    "region",
    "speaker",
    "recipient",
    "fields",
    "source",
    "score",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Csv,
    Jsonl,
}

/// Every matching document as CSV or JSON Lines, streamed with constant memory.
#[utoipa::path(get, path = "/api/export", tag = "search",
    params(("format" = inline(Option<ExportFormatParam>), Query, description = "csv (default) or jsonl"),
        ("sort" = inline(Option<SortParam>), Query, description = "Order of the rows (default relevance)"), FilterParams),
    responses((status = 200, description = "Every matching document; the count is in `x-total-count`", content_type = "text/csv", body = String),
        (status = 400, body = ErrorBody),
        (status = 503, description = "Too many exports streaming (`busy`), or past the request timeout (`timeout`)", body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref());
    let request = whole_set_request(&pairs, &["format"], &["sort"])?;
    let format = match parameter(&pairs, "format") {
        None | Some("") | Some("csv") => ExportFormat::Csv,
        Some("jsonl") | Some("ndjson") => ExportFormat::Jsonl,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "format: unknown format `{other}`: expected csv or jsonl"
            )));
        }
    };
    // A bound on exports at once: each holds a connection for as long as its reader
    // takes. Taken before anything is computed, and held until the stream ends.
    let export_permit = Arc::clone(&state.export_permits)
        .try_acquire_owned()
        .map_err(|_| ApiError::busy("too many exports are streaming; try again shortly"))?;
    let checked = request.clone();
    let total = blocking(&state, move |service| Ok(service.count(&checked)?)).await?;
    let header = match format {
        ExportFormat::Csv => Some(csv_chunk(std::iter::once(
            CSV_COLUMNS.map(str::to_string).to_vec(),
        ))),
        ExportFormat::Jsonl => None,
    };
    let batches = ExportStream {
        state,
        request: Arc::new(request),
        format,
        cursor: None,
        done: false,
        _permit: export_permit,
    };
    let (content_type, extension) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ExportFormat::Jsonl => ("application/x-ndjson", "jsonl"),
    };
    let mut response = export_body(header, batches).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(disposition) = HeaderValue::from_str(&format!(
        "attachment; filename=\"plenary-export.{extension}\""
    )) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    headers.insert("x-total-count", HeaderValue::from(total));
    Ok(response)
}

/// The body of an export: the header (CSV), then batch after batch until the last or a
/// failure, which breaks the transfer.
fn export_body(header: Option<Result<Bytes, std::io::Error>>, batches: ExportStream) -> Body {
    let stream = futures_util::StreamExt::chain(
        futures_util::stream::iter(header),
        futures_util::stream::unfold(batches, |mut batches| async move {
            batches.next_chunk().await.map(|chunk| (chunk, batches))
        }),
    );
    Body::from_stream(stream)
}

/// An export under way: batch after batch, each computed as a request of its own (under
/// the bound on requests computing at once and the request timeout), and only when the
/// client has taken the previous one, so no thread waits on a slow reader.
struct ExportStream {
    state: AppState,
    request: Arc<SearchRequest>,
    format: ExportFormat,
    cursor: Option<String>,
    done: bool,
    _permit: tokio::sync::OwnedSemaphorePermit,
}

impl ExportStream {
    /// The next chunk of the body; `None` at the end. A failure ends the body with an
    /// error, so the client sees a broken transfer rather than a short file.
    async fn next_chunk(&mut self) -> Option<Result<Bytes, std::io::Error>> {
        if self.done {
            return None;
        }
        let request = Arc::clone(&self.request);
        let cursor = self.cursor.take();
        let size = self.state.settings.export_batch_size.max(1);
        let batch = blocking(&self.state, move |service| {
            Ok(service.export_batch(&request, cursor.as_deref(), size)?)
        })
        .await;
        let batch = match batch {
            Ok(batch) => batch,
            Err(failure) => {
                self.done = true;
                error!(code = failure.code.as_str(), message = %failure.message, "export stopped");
                return Some(Err(std::io::Error::other(format!(
                    "export stopped: {}",
                    failure.message
                ))));
            }
        };
        self.cursor = batch.next;
        self.done = self.cursor.is_none();
        if batch.hits.is_empty() {
            return if self.done {
                None
            } else {
                Some(Ok(Bytes::new()))
            };
        }
        Some(match self.format {
            ExportFormat::Csv => csv_chunk(batch.hits.iter().map(csv_row)),
            ExportFormat::Jsonl => jsonl_chunk(&batch.hits),
        })
    }
}

fn csv_row(hit: &SearchHit) -> Vec<String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let meta = &hit.meta;
    let row = vec![
        hit.id.clone(),
        text(&hit.symbol),
        hit.title.clone(),
        text(&hit.forum),
        hit.session
            .map(|session| session.to_string())
            .unwrap_or_default(),
        hit.date.map(|date| date.to_string()).unwrap_or_default(),
        hit.year.map(|year| year.to_string()).unwrap_or_default(),
        text(&hit.organization),
        text(&hit.consultative_status),
        hit.language.clone(),
        hit.doc_type.clone(),
        hit.topics.join(";"),
        meta.actor_type
            .map(|actor| actor.code().to_string())
            .unwrap_or_default(),
        text(&meta.country),
        meta.region
            .map(|region| region.code().to_string())
            .unwrap_or_default(),
        text(&meta.speaker),
        text(&meta.recipient),
        // The input's other fields, so that an export loses nothing the input gave.
        if meta.fields.is_empty() {
            String::new()
        } else {
            // An empty cell would drop the fields silently.
            serde_json::to_string(&meta.fields)
                .expect("a map of strings to strings always serialises")
        },
        hit.source.clone(),
        hit.score.to_string(),
    ];
    row.into_iter().map(neutralise_formula).collect()
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets a leading apostrophe, as OWASP recommends against CSV injection: a
/// title such as `=HYPERLINK(...)` is shown, never run. Numbers are left as they are.
fn neutralise_formula(cell: String) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || cell.parse::<f64>().is_ok() {
        return cell;
    }
    format!("'{cell}")
}

fn csv_chunk(rows: impl Iterator<Item = Vec<String>>) -> Result<Bytes, std::io::Error> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(&row).map_err(std::io::Error::other)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| std::io::Error::other(error.to_string()))?;
    Ok(Bytes::from(bytes))
}

fn jsonl_chunk(batch: &[SearchHit]) -> Result<Bytes, std::io::Error> {
    let mut bytes = Vec::new();
    for hit in batch {
        serde_json::to_writer(&mut bytes, hit).map_err(std::io::Error::other)?;
        bytes.push(b'\n');
    }
    Ok(Bytes::from(bytes))
}

/// Liveness and the number of documents.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub documents: u64,
}

/// Whether the server answers, and how many documents it serves.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    let documents = blocking(&state, |service| Ok(service.document_count()?)).await?;
    Ok(Json(Health {
        status: "ok".to_string(),
        documents,
    }))
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let gauges = blocking(&state, |service| {
        let documents = service.document_count().ok();
        let bytes = service.index_dir().and_then(super::metrics::directory_size);
        Ok((documents, bytes))
    })
    .await
    .unwrap_or((None, None));
    let body = state
        .metrics
        .render(gauges.0, gauges.1, state.cache.figures());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

/// Unknown paths under `/api` answer in the error shape too.
pub async fn not_found() -> ApiError {
    ApiError::not_found("no such endpoint; the API is described at /api/openapi.json")
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use plenary_core::{PlenarySchema, Taxonomy};

    use super::*;
    use crate::api::{ApiSettings, ConnectionLimits};

    /// A batch that fails after the 200 and the first bytes have gone out must break the
    /// transfer: the client sees an error, never a clean file that is merely short.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_export_failing_after_its_first_bytes_breaks_the_transfer() {
        let index = PlenarySchema::new().create_index_in_ram();
        let service = SearchService::from_index(index, Taxonomy::bundled()).expect("service");
        let state = AppState::new(Arc::new(service), ApiSettings::default());
        let permit = Arc::clone(&state.export_permits)
            .try_acquire_owned()
            .expect("a permit");
        // The batch after the header fails: its cursor is none this server gave.
        let batches = ExportStream {
            state,
            request: Arc::new(SearchRequest::default()),
            format: ExportFormat::Csv,
            cursor: Some("not-a-cursor".to_string()),
            done: false,
            _permit: permit,
        };
        let header = csv_chunk(std::iter::once(CSV_COLUMNS.map(str::to_string).to_vec()));
        let body = Arc::new(Mutex::new(Some(export_body(Some(header), batches))));
        let router = axum::Router::new().route(
            "/export",
            axum::routing::get(move || {
                let body = body.lock().expect("body").take().expect("one request");
                async move { body.into_response() }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(super::super::connections::serve_connections(
            listener,
            router,
            ConnectionLimits::default(),
            std::future::pending(),
        ));
        let response = reqwest::get(format!("http://{addr}/export"))
            .await
            .expect("the answer starts");
        assert_eq!(response.status(), reqwest::StatusCode::OK);
        let read = response.bytes().await;
        assert!(
            read.is_err(),
            "a failed export reads as a complete file: {read:?}"
        );
    }
}
