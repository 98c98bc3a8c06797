//! A cache of whole answers, as Elasticsearch's request cache and Solr's query result
//! cache keep them: the first page every visitor sees, a topic everyone clicks, a
//! timeline a brief asks for again are computed once per version of the index.
//!
//! An answer is kept under the reader's generation, the route and the request in a
//! canonical form (the query pairs sorted by key, a JSON body with its keys sorted).
//! A commit opens a new generation, so an answer is never served from an older index:
//! the entries of older generations are simply never asked for again and age out.
//! Only successful JSON answers of the read-only routes are kept, within a byte budget
//! (S3-FIFO eviction, from `quick_cache`). A request with `Cache-Control: no-cache` is
//! computed afresh (and its answer kept), which is how a benchmark measures the search
//! itself.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use quick_cache::Weighter;
use quick_cache::sync::Cache;

use super::error::{ApiError, ErrorCode};
use crate::SearchService;

/// The header that says whether an answer came from the cache (`hit`) or was computed
/// (`miss`); absent on answers that are never cached.
pub const CACHE_STATUS_HEADER: &str = "x-plenary-cache";

/// The routes whose answers depend on nothing but the request and the index.
/// (Exports stream, briefs are documents to download, operations must be live.)
const CACHED_ROUTES: &[&str] = &[
    "/api/search",
    "/api/documents/{id}",
    "/api/documents/{id}/similar",
    "/api/facets/{facet}",
    "/api/analytics/timeline",
    "/api/analytics/crosstab",
    "/api/analytics/cooccurrence",
    "/api/analytics/organizations",
    "/api/analytics/first-mention",
    "/api/analytics/significant-terms",
];

/// What identifies an answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct AnswerKey {
    generation: u64,
    post: bool,
    path: String,
    /// The query pairs or the JSON body, in canonical form.
    request: String,
}

/// A kept answer: its headers (the content type) and its body.
#[derive(Debug, Clone)]
struct KeptAnswer {
    headers: HeaderMap,
    body: Bytes,
}

/// Weighs an entry by its bytes, so that the budget is one of memory.
#[derive(Debug, Clone, Copy)]
struct ByteWeighter;

impl Weighter<AnswerKey, KeptAnswer> for ByteWeighter {
    fn weight(&self, key: &AnswerKey, answer: &KeptAnswer) -> u64 {
        // The fixed part stands for the headers and the entry's own structures.
        (key.path.len() + key.request.len() + answer.body.len() + 256) as u64
    }
}

/// Answers kept for the current (and recent) generations of the index.
pub struct ResponseCache {
    answers: Option<Cache<AnswerKey, KeptAnswer, ByteWeighter>>,
    /// The largest answer kept: one answer may take at most a sixteenth of the budget.
    max_answer_bytes: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

/// The figures `/metrics` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheFigures {
    pub hits: u64,
    pub misses: u64,
    pub entries: u64,
    pub bytes: u64,
    pub capacity_bytes: u64,
}

impl ResponseCache {
    /// A cache of at most `capacity_bytes` of answers; 0 turns it off.
    pub fn new(capacity_bytes: u64) -> ResponseCache {
        // An estimate of the entries, which sizes the cache's tables: answers are a few
        // tens of kilobytes.
        let estimated_entries = (capacity_bytes / 16_384).clamp(16, 1 << 20) as usize;
        ResponseCache {
            answers: (capacity_bytes > 0)
                .then(|| Cache::with_weighter(estimated_entries, capacity_bytes, ByteWeighter)),
            max_answer_bytes: usize::try_from(capacity_bytes / 16).unwrap_or(usize::MAX),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn figures(&self) -> CacheFigures {
        let (entries, bytes, capacity_bytes) = match &self.answers {
            Some(answers) => (answers.len() as u64, answers.weight(), answers.capacity()),
            None => (0, 0, 0),
        };
        CacheFigures {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            entries,
            bytes,
            capacity_bytes,
        }
    }
}

/// What the cache's middleware reads of the state.
#[derive(Clone)]
pub(super) struct CacheLayer {
    pub cache: Arc<ResponseCache>,
    /// Whose generation keys the answers: a re-index is never answered from an older one.
    pub service: Arc<SearchService>,
    pub max_body_bytes: usize,
}

/// The middleware: answers a cached route from the cache, or computes the answer and
/// keeps it.
pub(super) async fn answer_from_cache(
    State(state): State<CacheLayer>,
    request: Request,
    next: Next,
) -> Response {
    let cache = &state.cache;
    let Some(answers) = &cache.answers else {
        return next.run(request).await;
    };
    let cacheable_route = request
        .extensions()
        .get::<MatchedPath>()
        .is_some_and(|route| CACHED_ROUTES.contains(&route.as_str()));
    let post = request.method() == Method::POST;
    if !cacheable_route || !(post || request.method() == Method::GET) {
        return next.run(request).await;
    }
    let (request, canonical) = match canonical_request(request, state.max_body_bytes).await {
        Ok(read) => read,
        Err(answer) => return answer,
    };
    let key = AnswerKey {
        generation: state.service.generation(),
        post,
        path: request.uri().path().to_string(),
        request: canonical,
    };
    let fresh_wanted = request
        .headers()
        .get_all(header::CACHE_CONTROL)
        .iter()
        .any(|value| {
            value.to_str().is_ok_and(|value| {
                value
                    .split(',')
                    .any(|directive| directive.trim().eq_ignore_ascii_case("no-cache"))
            })
        });
    if !fresh_wanted && let Some(kept) = answers.get(&key) {
        cache.hits.fetch_add(1, Ordering::Relaxed);
        return kept_response(kept, "hit");
    }
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if response.status() != StatusCode::OK || !is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => return ApiError::internal(error).into_response(),
    };
    let kept = KeptAnswer {
        headers: parts.headers,
        body,
    };
    if kept.body.len() <= cache.max_answer_bytes {
        answers.insert(key, kept.clone());
    }
    kept_response(kept, "miss")
}

/// The request's canonical form (the request is given back, its body read when it had one).
async fn canonical_request(
    request: Request,
    max_body_bytes: usize,
) -> Result<(Request, String), Response> {
    let mut pairs: Vec<(String, String)> =
        form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    // A stable sort: the values of a repeated key keep their order.
    pairs.sort_by(|left, right| left.0.cmp(&right.0));
    let mut canonical = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    if request.method() != Method::POST {
        return Ok((request, canonical));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, max_body_bytes)
        .await
        .map_err(|error| {
            // A body sent in chunks past the limit: the same answer as one whose declared
            // length is over it.
            let inner = error.into_inner();
            let error = if is_length_limit(&*inner) {
                ApiError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("body: larger than the limit of {max_body_bytes} bytes"),
                )
            } else {
                ApiError::bad_request(format!("body: {inner}"))
            };
            error.into_response()
        })?;
    canonical.push('\n');
    // A JSON body is keyed with its keys sorted; anything else as it is (the handler
    // will say what is wrong with it, and an error is never kept).
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(value) => canonical.push_str(&value.to_string()),
        Err(_) => canonical.push_str(&String::from_utf8_lossy(&bytes)),
    }
    Ok((Request::from_parts(parts, Body::from(bytes)), canonical))
}

/// Whether reading a body failed on its length limit, however deep the error is wrapped.
fn is_length_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(error) = current {
        if error.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        current = error.source();
    }
    false
}

fn kept_response(kept: KeptAnswer, status: &'static str) -> Response {
    let mut response = Response::new(Body::from(kept.body));
    *response.headers_mut() = kept.headers;
    response
        .headers_mut()
        .insert(CACHE_STATUS_HEADER, HeaderValue::from_static(status));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(request: &str) -> AnswerKey {
        AnswerKey {
            generation: 1,
            post: false,
            path: "/api/search".to_string(),
            request: request.to_string(),
        }
    }

    fn answer(bytes: usize) -> KeptAnswer {
        KeptAnswer {
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; bytes]),
        }
    }

    #[tokio::test]
    async fn the_canonical_form_ignores_the_order_of_keys_but_not_of_values() {
        async fn canonical(uri: &str, body: &str) -> String {
            let method = if body.is_empty() {
                Method::GET
            } else {
                Method::POST
            };
            let request = Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::from(body.to_string()))
                .expect("request");
            canonical_request(request, 1024).await.expect("read").1
        }
        assert_eq!(
            canonical("/api/search?q=femicide&forum=CND&size=5", "").await,
            canonical("/api/search?size=5&forum=CND&q=femicide", "").await
        );
        assert_eq!(
            canonical("/api/search?q=a+b", "").await,
            canonical("/api/search?q=a%20b", "").await
        );
        assert_ne!(
            canonical("/api/search?forum=CND&forum=COP", "").await,
            canonical("/api/search?forum=CND", "").await
        );
        assert_ne!(
            canonical("/api/search?q=one", "").await,
            canonical("/api/search?q=two", "").await
        );
        assert_eq!(
            canonical("/api/search", r#"{"q": "x", "size": 3}"#).await,
            canonical("/api/search", r#"{"size":3,"q":"x"}"#).await
        );
        assert_ne!(
            canonical("/api/search", r#"{"q": "x"}"#).await,
            canonical("/api/search", r#"{"q": "y"}"#).await
        );
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused() {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/api/search")
            .body(Body::from(vec![b' '; 2048]))
            .expect("request");
        let refused = canonical_request(request, 1024).await.expect_err("refused");
        assert_eq!(refused.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[test]
    fn the_budget_is_of_bytes() {
        let cache = ResponseCache::new(64 * 1024);
        let answers = cache.answers.as_ref().expect("on");
        for n in 0..100 {
            answers.insert(key(&n.to_string()), answer(2_000));
        }
        let figures = cache.figures();
        assert!(figures.bytes <= 64 * 1024, "{figures:?}");
        assert!(figures.entries < 100 && figures.entries > 10, "{figures:?}");
        assert!(ResponseCache::new(0).answers.is_none());
        assert_eq!(ResponseCache::new(0).figures().capacity_bytes, 0);
    }
}
