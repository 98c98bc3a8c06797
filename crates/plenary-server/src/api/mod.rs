//! The HTTP API: [`router`] builds the axum router (tests drive it in-process, the
//! binary serves it), [`serve`] binds and serves until Ctrl-C.
//!
//! Handlers are thin: they read the request, run the search service in
//! `spawn_blocking` under the request timeout, and answer JSON or the one error shape
//! `{"error": {"code", "message"}}`. The OpenAPI document at `/api/openapi.json` is
//! generated from the same routes (utoipa-axum), so it cannot drift from them.

mod brief;
mod cache;
mod connections;
mod error;
mod handlers;
mod metrics;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderValue, Method, StatusCode};
use axum::routing::get;
use axum::{Json, Router, middleware};
use plenary_core::taxonomy::Taxonomy;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tracing::info;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use cache::{CACHE_STATUS_HEADER, CacheFigures, ResponseCache};
pub use connections::ConnectionLimits;
pub use error::{ApiError, ErrorBody, ErrorDetail};
pub use handlers::{Health, SearchBody, SearchWithAggregations};
pub use metrics::Metrics;
pub use state::{ApiSettings, AppState, DEFAULT_RESPONSE_CACHE_BYTES};

use crate::{SearchService, ServerError};

/// What `plenary serve` needs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub index_dir: PathBuf,
    pub addr: SocketAddr,
    pub taxonomy: Taxonomy,
    pub settings: ApiSettings,
    /// Threads searching the segments of one query (1: in the request's own thread).
    /// The default is the cores: a query computing alone is answered sooner; while others
    /// compute, each searches in its own thread (see BENCHMARKS.md).
    pub search_threads: usize,
}

impl ServeConfig {
    /// Serves `index_dir` on `addr` with the bundled taxonomy and default settings,
    /// searching segments on as many threads as there are cores.
    pub fn new(index_dir: impl Into<PathBuf>, addr: SocketAddr) -> ServeConfig {
        ServeConfig {
            index_dir: index_dir.into(),
            addr,
            taxonomy: Taxonomy::bundled(),
            settings: ApiSettings::default(),
            search_threads: std::thread::available_parallelism().map_or(1, usize::from),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Plenary API",
        description = "Search and analytics over what civil society says at the UN bodies in Vienna."
    ),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

/// The documented routes and their OpenAPI description.
fn documented_routes() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(handlers::search_get, handlers::search_post))
        .routes(routes!(handlers::document))
        .routes(routes!(handlers::similar))
        .routes(routes!(handlers::compare))
        .routes(routes!(handlers::facet_values))
        .routes(routes!(handlers::export))
        .routes(routes!(handlers::timeline))
        .routes(routes!(handlers::crosstab))
        .routes(routes!(handlers::cooccurrence))
        .routes(routes!(handlers::organizations))
        .routes(routes!(handlers::first_mention))
        .routes(routes!(handlers::significant_terms))
        .routes(routes!(brief::brief_endpoint))
        .routes(routes!(handlers::healthz))
        .routes(routes!(handlers::metrics))
        .split_for_parts()
}

/// The OpenAPI document of the API.
pub fn openapi() -> utoipa::openapi::OpenApi {
    documented_routes().1
}

/// Builds the router: the API, `/api/openapi.json`, and the web page at `/`.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = documented_routes();
    let openapi = Arc::new(openapi);
    let settings = state.settings.clone();
    let router = Router::new()
        .route("/", get(crate::web::index_page))
        .route(
            "/api/openapi.json",
            get(move || async move { Json(openapi.as_ref().clone()) }),
        )
        .merge(api)
        .route(
            "/api/{*rest}",
            get(handlers::not_found).post(handlers::not_found),
        )
        // The cache sits inside the metrics, so that answers from it are counted too.
        .route_layer(middleware::from_fn_with_state(
            cache::CacheLayer {
                cache: Arc::clone(&state.cache),
                service: Arc::clone(&state.service),
                max_body_bytes: state.settings.max_body_bytes,
            },
            cache::answer_from_cache,
        ))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&state.metrics),
            metrics::record_request,
        ))
        .with_state(state);
    router
        // A backstop behind the handlers' own timeout, which answers in the JSON error shape.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            settings.request_timeout + Duration::from_secs(5),
        ))
        .layer(RequestBodyLimitLayer::new(settings.max_body_bytes))
        // Outside the layers that answer on their own, so their answers get the shape too.
        .layer(middleware::from_fn(error::json_error_shape))
        .layer(CompressionLayer::new())
        .layer(cors_layer(&settings.cors_origins))
        .layer(middleware::from_fn(security_headers))
        .layer(TraceLayer::new_for_http())
}

/// The Content-Security-Policy of every answer but the page (which names its own inline
/// script and style): nothing runs, only inline style and data images show (a brief's
/// HTML and its SVG timeline), and nothing may frame it.
const DEFAULT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                           form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Sets the headers that keep a browser from sniffing, framing or running what the
/// server sends, on every answer (errors and layers' answers included).
async fn security_headers(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::http::header;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    response
}

fn cors_layer(origins: &[String]) -> CorsLayer {
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers(Any);
    if origins.iter().any(|origin| origin == "*") {
        return layer.allow_origin(Any);
    }
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    layer.allow_origin(AllowOrigin::list(allowed))
}

/// A server bound to its address, not yet serving.
pub struct BoundServer {
    listener: tokio::net::TcpListener,
    router: Router,
    limits: ConnectionLimits,
}

impl BoundServer {
    /// The address bound (with the real port when `:0` was asked).
    pub fn local_addr(&self) -> Result<SocketAddr, ServerError> {
        self.listener.local_addr().map_err(ServerError::Serve)
    }

    /// Serves until `shutdown` completes.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServerError> {
        connections::serve_connections(self.listener, self.router, self.limits, shutdown)
            .await
            .map_err(ServerError::Serve)
    }
}

/// Opens the index and binds the address.
pub async fn bind(config: ServeConfig) -> Result<BoundServer, ServerError> {
    let index_dir = config.index_dir.clone();
    let taxonomy = config.taxonomy.clone();
    let search_threads = config.search_threads;
    let service = tokio::task::spawn_blocking(move || {
        let mut service = SearchService::open(&index_dir, taxonomy)?;
        service
            .set_search_threads(search_threads)
            .map_err(|source| ServerError::Reader {
                path: index_dir.clone(),
                source,
            })?;
        Ok::<_, ServerError>(service)
    })
    .await
    .map_err(ServerError::OpenThread)??;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: config.addr,
            source,
        })?;
    let limits = config.settings.connection_limits.clone();
    let state = AppState::new(Arc::new(service), config.settings);
    Ok(BoundServer {
        listener,
        router: router(state),
        limits,
    })
}

/// Opens the index, binds `config.addr`, prints the URL and serves until Ctrl-C.
pub async fn serve(config: ServeConfig) -> Result<(), ServerError> {
    let server = bind(config).await?;
    let url = format!("http://{}/", server.local_addr()?);
    println!("Plenary is serving on {url}");
    info!(%url, "serving");
    server
        .run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

#[cfg(test)]
mod tests {
    use std::sync::{Condvar, Mutex};

    use plenary_core::{PlenarySchema, Taxonomy};

    use super::state::blocking;
    use super::*;

    fn state(max_concurrent_requests: usize) -> AppState {
        let index = PlenarySchema::new().create_index_in_ram();
        let service = SearchService::from_index(index, Taxonomy::bundled()).expect("service");
        AppState::new(
            Arc::new(service),
            ApiSettings {
                max_concurrent_requests,
                ..ApiSettings::default()
            },
        )
    }

    /// Runs `requests` requests at once; each computes `work` and they return its answers.
    async fn run_at_once<T: Send + 'static>(
        state: &AppState,
        requests: usize,
        work: impl Fn() -> T + Send + Sync + 'static,
    ) -> Vec<T> {
        let work = Arc::new(work);
        let mut tasks = Vec::new();
        for _ in 0..requests {
            let state = state.clone();
            let work = Arc::clone(&work);
            tasks.push(tokio::spawn(async move {
                blocking(&state, move |_| Ok(work())).await
            }));
        }
        let mut answers = Vec::new();
        for task in tasks {
            answers.push(task.await.expect("task").expect("request"));
        }
        answers
    }

    /// How many requests compute at once: each counts itself in, waits until `meet`
    /// requests have come or `patience` has passed, and gives the most that were ever
    /// in at once.
    struct Meeting {
        /// (arrived so far, in now, most in at once)
        counts: Mutex<(usize, usize, usize)>,
        arrived: Condvar,
        meet: usize,
        patience: Duration,
    }

    impl Meeting {
        fn new(meet: usize, patience: Duration) -> Meeting {
            Meeting {
                counts: Mutex::new((0, 0, 0)),
                arrived: Condvar::new(),
                meet,
                patience,
            }
        }

        fn attend(&self) -> usize {
            let mut counts = self.counts.lock().unwrap();
            counts.0 += 1;
            counts.1 += 1;
            counts.2 = counts.2.max(counts.1);
            self.arrived.notify_all();
            let (mut counts, _) = self
                .arrived
                .wait_timeout_while(counts, self.patience, |counts| counts.0 < self.meet)
                .unwrap();
            counts.1 -= 1;
            counts.2
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_export_beyond_the_limit_answers_busy_in_the_json_shape() {
        use tower::ServiceExt;

        let state = AppState::new(
            state(2).service,
            ApiSettings {
                max_concurrent_exports: 2,
                ..ApiSettings::default()
            },
        );
        let export = || {
            axum::http::Request::get("/api/export?q=prison&format=jsonl")
                .body(axum::body::Body::empty())
                .expect("a request")
        };
        // Every permit held, as by exports streaming to readers that have not finished:
        // held here, so that no stream can end and free one before the request comes.
        let streaming = Arc::clone(&state.export_permits)
            .try_acquire_many_owned(2)
            .expect("the permits are free");
        let response = router(state.clone())
            .oneshot(export())
            .await
            .expect("an answer");
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            response.headers()[axum::http::header::CONTENT_TYPE]
                .to_str()
                .is_ok_and(|value| value.starts_with("application/json"))
        );
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("a body");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("a JSON body");
        assert_eq!(body["error"]["code"], "busy", "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|message| message.contains("exports")),
            "{body}"
        );
        // Once a stream ends, the next export is served.
        drop(streaming);
        let response = router(state).oneshot(export()).await.expect("an answer");
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_beyond_the_limit_wait_their_turn() {
        // One permit: a request never finds another computing beside it, however long
        // it waits for one (a short wait: with the permit kept, none comes).
        let meeting = Arc::new(Meeting::new(2, Duration::from_millis(50)));
        let seen = {
            let meeting = Arc::clone(&meeting);
            run_at_once(&state(1), 3, move || meeting.attend()).await
        };
        assert_eq!(seen, [1, 1, 1], "one request computes at a time");
        // Three permits: the three meet, each waiting until the others are in (a bound
        // only against a hang if they cannot).
        let meeting = Arc::new(Meeting::new(3, Duration::from_secs(60)));
        let seen = {
            let meeting = Arc::clone(&meeting);
            run_at_once(&state(3), 3, move || meeting.attend()).await
        };
        assert!(
            seen.iter().all(|&count| count == 3),
            "three permits let three requests compute at once: {seen:?}"
        );
    }
}
