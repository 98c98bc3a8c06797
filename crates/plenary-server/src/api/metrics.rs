//! `/metrics` in the Prometheus text format: requests by route and status, a latency
//! histogram by route, and gauges of the index (documents, bytes).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::cache::CacheFigures;

/// Upper bounds of the latency histogram, in seconds.
const LATENCY_BUCKETS: [f64; 10] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0];

/// Request counters and latency histograms, by route.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Recorded>,
}

#[derive(Debug, Default)]
struct Recorded {
    requests: BTreeMap<(String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
}

#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; LATENCY_BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Metrics {
    fn record(&self, route: &str, status: u16, seconds: f64) {
        let Ok(mut recorded) = self.inner.lock() else {
            return;
        };
        *recorded
            .requests
            .entry((route.to_string(), status))
            .or_default() += 1;
        let histogram = recorded.latency.entry(route.to_string()).or_default();
        histogram.count += 1;
        histogram.sum += seconds;
        for (bucket, bound) in histogram.buckets.iter_mut().zip(LATENCY_BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// Renders the metrics, with the index gauges and the answer cache's figures given.
    pub fn render(
        &self,
        documents: Option<u64>,
        index_bytes: Option<u64>,
        cache: CacheFigures,
    ) -> String {
        let mut out = String::new();
        let Ok(recorded) = self.inner.lock() else {
            return out;
        };
        out.push_str("# HELP plenary_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE plenary_http_requests_total counter\n");
        for ((route, status), count) in &recorded.requests {
            let _ = writeln!(
                out,
                "plenary_http_requests_total{{route=\"{}\",status=\"{status}\"}} {count}",
                escape_label(route)
            );
        }
        out.push_str("# HELP plenary_http_request_duration_seconds Time to answer HTTP requests, by route.\n");
        out.push_str("# TYPE plenary_http_request_duration_seconds histogram\n");
        for (route, histogram) in &recorded.latency {
            let route = escape_label(route);
            for (bound, count) in LATENCY_BUCKETS.iter().zip(histogram.buckets) {
                let _ = writeln!(
                    out,
                    "plenary_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "plenary_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "plenary_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "plenary_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                histogram.count
            );
        }
        if let Some(documents) = documents {
            out.push_str("# HELP plenary_index_documents Documents in the index.\n# TYPE plenary_index_documents gauge\n");
            let _ = writeln!(out, "plenary_index_documents {documents}");
        }
        if let Some(bytes) = index_bytes {
            out.push_str("# HELP plenary_index_size_bytes Bytes of the index files.\n# TYPE plenary_index_size_bytes gauge\n");
            let _ = writeln!(out, "plenary_index_size_bytes {bytes}");
        }
        let CacheFigures {
            hits,
            misses,
            entries,
            bytes,
            capacity_bytes,
        } = cache;
        let _ = write!(
            out,
            "# HELP plenary_cache_hits_total Answers served from the answer cache.\n\
             # TYPE plenary_cache_hits_total counter\n\
             plenary_cache_hits_total {hits}\n\
             # HELP plenary_cache_misses_total Requests to cached routes computed, not answered from the cache.\n\
             # TYPE plenary_cache_misses_total counter\n\
             plenary_cache_misses_total {misses}\n\
             # HELP plenary_cache_entries Answers in the answer cache.\n\
             # TYPE plenary_cache_entries gauge\n\
             plenary_cache_entries {entries}\n\
             # HELP plenary_cache_bytes Bytes of the answers in the answer cache.\n\
             # TYPE plenary_cache_bytes gauge\n\
             plenary_cache_bytes {bytes}\n\
             # HELP plenary_cache_capacity_bytes The answer cache's budget (0: off).\n\
             # TYPE plenary_cache_capacity_bytes gauge\n\
             plenary_cache_capacity_bytes {capacity_bytes}\n"
        );
        out
    }
}

fn escape_label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Records each request under its route pattern (`/api/documents/{id}`), not its path,
/// so that the number of series stays bounded.
pub(super) async fn record_request(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    metrics.record(
        &route,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// The total size of the files in `directory`.
pub fn directory_size(directory: &Path) -> Option<u64> {
    let entries = std::fs::read_dir(directory).ok()?;
    let mut total = 0;
    for entry in entries.flatten() {
        if let Ok(metadata) = entry.metadata()
            && metadata.is_file()
        {
            total += metadata.len();
        }
    }
    Some(total)
}
