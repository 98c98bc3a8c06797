//! What the handlers share: the settings, the state, and [`blocking`], the one way a
//! route computes (a permit of the bound on requests computing at once, the request's
//! deadline, the blocking pool).

use std::sync::Arc;
use std::time::Duration;

use crate::SearchService;
use crate::api::cache::ResponseCache;
use crate::api::connections::ConnectionLimits;
use crate::api::error::{ApiError, set_request_limit};
use crate::api::metrics::Metrics;
use crate::search::deadline::set_deadline;

/// How the API behaves, whatever index it serves.
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// The longest a request may compute before it is answered with `timeout`.
    pub request_timeout: Duration,
    /// Origins allowed to call the API from a browser; empty for none, `*` for any.
    pub cors_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Requests computing at once; the others wait their turn (within the timeout).
    /// Searches are CPU-bound: more of them at once than cores only adds threads,
    /// memory and context switches.
    pub max_concurrent_requests: usize,
    /// Bytes of answers kept for repeated requests (0: no cache). See [`ResponseCache`].
    pub response_cache_bytes: u64,
    /// Exports streaming at once; one more is answered 503 at once. Each export's
    /// batches also compute under the bound on requests computing at once.
    pub max_concurrent_exports: usize,
    /// Documents an export reads per batch (each batch is one bounded computation).
    pub export_batch_size: usize,
    /// Bounds on connections: how many, and how long each may keep the server waiting.
    pub connection_limits: ConnectionLimits,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            request_timeout: Duration::from_secs(30),
            cors_origins: Vec::new(),
            max_body_bytes: 1024 * 1024,
            max_concurrent_requests: 2 * std::thread::available_parallelism()
                .map_or(1, usize::from),
            response_cache_bytes: DEFAULT_RESPONSE_CACHE_BYTES,
            max_concurrent_exports: 4,
            export_batch_size: crate::search::EXPORT_BATCH_SIZE,
            connection_limits: ConnectionLimits::default(),
        }
    }
}

/// The default budget of the answer cache: 64 MiB, a few thousand answers.
pub const DEFAULT_RESPONSE_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The state the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub service: Arc<SearchService>,
    pub metrics: Arc<Metrics>,
    pub settings: Arc<ApiSettings>,
    /// Answers kept for repeated requests.
    pub cache: Arc<ResponseCache>,
    /// One permit per request allowed to compute at once.
    pub(super) permits: Arc<tokio::sync::Semaphore>,
    /// One permit per export allowed to stream at once.
    pub(super) export_permits: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    pub fn new(service: Arc<SearchService>, settings: ApiSettings) -> AppState {
        AppState {
            service,
            metrics: Arc::new(Metrics::default()),
            cache: Arc::new(ResponseCache::new(settings.response_cache_bytes)),
            permits: Arc::new(tokio::sync::Semaphore::new(
                settings.max_concurrent_requests.max(1),
            )),
            export_permits: Arc::new(tokio::sync::Semaphore::new(
                settings.max_concurrent_exports.max(1),
            )),
            settings: Arc::new(settings),
        }
    }
}

/// Runs `work` on the blocking pool under the request timeout. The work itself stops at
/// the deadline (its searches check it as they visit documents), so a request past its
/// time gives back its place among those computing at once.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&SearchService) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let service = state.service.clone();
    let permits = Arc::clone(&state.permits);
    let limit = state.settings.request_timeout;
    // The wait for a permit counts towards the timeout: a client waits at most that long.
    let deadline = std::time::Instant::now() + limit;
    let run = async move {
        let permit = permits.acquire_owned().await.map_err(ApiError::internal)?;
        let task = tokio::task::spawn_blocking(move || {
            let _deadline = set_deadline(deadline);
            set_request_limit(limit);
            let result = work(&service);
            drop(permit);
            result
        });
        task.await.map_err(ApiError::internal)?
    };
    match tokio::time::timeout(limit, run).await {
        Err(_) => Err(ApiError::timeout(limit.as_secs())),
        Ok(result) => result,
    }
}
