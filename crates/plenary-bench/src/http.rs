//! `plenary bench http`: a running server loaded on loopback with the query mix for a
//! fixed time.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::args::HttpServer;
use crate::os::cores;
use crate::query::{
    QUERY_MIX, merge_histogram, milliseconds, new_histogram, print_query_mix, selected,
};
use crate::{BenchError, BenchHttpArgs};

pub(crate) fn bench_http(args: BenchHttpArgs) -> Result<(), BenchError> {
    let base = args.url.trim_end_matches('/').to_string();
    let authority = base.strip_prefix("http://").ok_or_else(|| {
        BenchError::Usage(format!("--url {base}: expected http://127.0.0.1:PORT"))
    })?;
    let host = authority.split('/').next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(host, _)| host);
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        return Err(BenchError::Usage(format!(
            "--url {base}: the load driver only targets loopback (127.0.0.1, localhost, [::1])"
        )));
    }
    if args.concurrency == 0 {
        return Err(BenchError::Usage(
            "--concurrency must be at least 1".to_string(),
        ));
    }
    let urls = load_urls(&args, &base);
    if urls.is_empty() {
        return Err(BenchError::Usage(format!(
            "--only {}: no query of the mix matches",
            args.only.join(",")
        )));
    }
    println!(
        "HTTP load: {base} ({:?}) with {} clients for {:.0} s; {} cores here",
        args.server,
        args.concurrency,
        args.seconds,
        cores()
    );
    if sends_query_only(&args) {
        println!(
            "query mix ({} searches, the query text alone, no filters):",
            urls.len()
        );
        for (label, url) in &urls {
            println!("  {label:<34} {url}");
        }
    } else {
        print_query_mix(false, &args.only);
    }
    println!(
        "{}",
        if args.no_cache {
            "Every request is computed (Cache-Control: no-cache)."
        } else {
            "The server's answer cache is used as a client would use it: the mix repeats, so \
             once warmed up nearly every answer comes from it (see the cache column)."
        }
    );
    let no_cache = args.no_cache;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(BenchError::io("cannot start the async runtime"))?;
    let duration = Duration::from_secs_f64(args.seconds.max(0.1));
    let (histogram, errors, cache_hits, elapsed) = runtime.block_on(async {
        let mut headers = reqwest::header::HeaderMap::new();
        if no_cache {
            headers.insert(
                reqwest::header::CACHE_CONTROL,
                reqwest::header::HeaderValue::from_static("no-cache"),
            );
        }
        // tantivy serve answers a kept-alive connection only after the client's delayed
        // acknowledgement (about 40 ms a request), so it gets a new connection each time.
        let idle_connections = match args.server {
            HttpServer::Plenary => args.concurrency,
            HttpServer::TantivyServe => 0,
        };
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(idle_connections)
            .default_headers(headers)
            .build()
            .map_err(|source| BenchError::Http {
                what: "cannot build the HTTP client".to_string(),
                source,
            })?;
        // One request per query first: a server that answers errors is reported, not measured.
        for (label, url) in &urls {
            let response = client
                .get(url)
                .send()
                .await
                .map_err(|source| BenchError::Http {
                    what: format!("GET {url}"),
                    source,
                })?;
            if !response.status().is_success() {
                return Err(BenchError::Run(format!(
                    "query `{label}`: GET {url} answered {}",
                    response.status()
                )));
            }
            response.bytes().await.map_err(|source| BenchError::Http {
                what: format!("GET {url}"),
                source,
            })?;
        }
        let urls = Arc::new(urls);
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let mut tasks = Vec::new();
        for client_number in 0..args.concurrency {
            let client = client.clone();
            let urls = Arc::clone(&urls);
            let stop = Arc::clone(&stop);
            tasks.push(tokio::spawn(async move {
                let mut histogram = new_histogram();
                let mut errors = 0u64;
                let mut cache_hits = 0u64;
                let mut position = client_number;
                while !stop.load(Ordering::Relaxed) {
                    let url = &urls[position % urls.len()].1;
                    let begun = Instant::now();
                    let ok = match client.get(url).send().await {
                        Ok(response) => {
                            let hit = response
                                .headers()
                                .get(plenary_server::api::CACHE_STATUS_HEADER)
                                .is_some_and(|value| value == "hit");
                            let ok =
                                response.status().is_success() && response.bytes().await.is_ok();
                            cache_hits += u64::from(ok && hit);
                            ok
                        }
                        Err(_) => false,
                    };
                    if ok {
                        histogram.saturating_record(begun.elapsed().as_micros() as u64);
                    } else {
                        errors += 1;
                    }
                    position += 1;
                }
                (histogram, errors, cache_hits)
            }));
        }
        tokio::time::sleep(duration).await;
        stop.store(true, Ordering::Relaxed);
        let mut merged = new_histogram();
        let mut errors = 0;
        let mut cache_hits = 0;
        for task in tasks {
            let (histogram, task_errors, task_hits) = task
                .await
                .map_err(|error| BenchError::Run(format!("a client task failed: {error}")))?;
            merge_histogram(&mut merged, &histogram)?;
            errors += task_errors;
            cache_hits += task_hits;
        }
        Ok::<_, BenchError>((merged, errors, cache_hits, started.elapsed().as_secs_f64()))
    })?;
    println!();
    println!(
        "| clients | requests | errors | from cache | seconds | req/s | p50 ms | p90 ms | p99 ms | max ms |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {} | {errors} | {:.0}% | {elapsed:.1} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} |",
        args.concurrency,
        histogram.len(),
        100.0 * cache_hits as f64 / (histogram.len().max(1)) as f64,
        histogram.len() as f64 / elapsed.max(1e-9),
        milliseconds(histogram.value_at_quantile(0.5)),
        milliseconds(histogram.value_at_quantile(0.9)),
        milliseconds(histogram.value_at_quantile(0.99)),
        milliseconds(histogram.max())
    );
    Ok(())
}

fn sends_query_only(args: &BenchHttpArgs) -> bool {
    args.query_only || args.server == HttpServer::TantivyServe
}

/// The requests of the load, each with the label of its query in the mix. With the query
/// text alone, a query that needs Plenary's fields or facets is left out and a text
/// already sent is not sent twice, so both servers get the same list.
fn load_urls(args: &BenchHttpArgs, base: &str) -> Vec<(&'static str, String)> {
    let query_only = sends_query_only(args);
    let mut texts_sent = Vec::new();
    let mut urls = Vec::new();
    for (label, pairs) in QUERY_MIX
        .iter()
        .filter(|(label, _)| selected(&args.only, label))
    {
        let pairs: Vec<(&str, &str)> = if query_only {
            let text = pairs
                .iter()
                .find(|(key, _)| *key == "q")
                .map_or("", |(_, text)| *text);
            if !is_plain_query_text(text) || texts_sent.contains(&text) {
                continue;
            }
            texts_sent.push(text);
            match args.server {
                HttpServer::Plenary => vec![("q", text)],
                HttpServer::TantivyServe => vec![("q", text), ("nhits", "10")],
            }
        } else {
            pairs.to_vec()
        };
        let path = match args.server {
            HttpServer::Plenary => args.path.as_str(),
            HttpServer::TantivyServe => "/api/",
        };
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        urls.push((*label, format!("{base}{path}?{query}")));
    }
    urls
}

/// Whether a query text is one any full-text server answers: not empty, and no word
/// naming a field (`forum:CCPCJ`), which only Plenary's schema has.
fn is_plain_query_text(text: &str) -> bool {
    !text.trim().is_empty()
        && !text
            .split_whitespace()
            .any(|word| word.trim_start_matches(['(', '-', '+']).contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(server: HttpServer, query_only: bool) -> BenchHttpArgs {
        BenchHttpArgs {
            url: "http://127.0.0.1:1".to_string(),
            concurrency: 1,
            seconds: 1.0,
            path: "/api/search".to_string(),
            no_cache: true,
            only: Vec::new(),
            server,
            query_only,
        }
    }

    fn query_texts(urls: &[(&str, String)]) -> Vec<String> {
        urls.iter()
            .map(|(_, url)| {
                let query = url.split_once('?').map_or("", |(_, query)| query);
                form_urlencoded::parse(query.as_bytes())
                    .find(|(key, _)| key == "q")
                    .map(|(_, text)| text.into_owned())
                    .unwrap_or_default()
            })
            .collect()
    }

    #[test]
    fn both_servers_get_the_same_plain_query_texts() {
        let plenary = load_urls(&args(HttpServer::Plenary, true), "http://127.0.0.1:1");
        let peer = load_urls(&args(HttpServer::TantivyServe, false), "http://127.0.0.1:1");
        assert_eq!(query_texts(&plenary), query_texts(&peer));
        let texts = query_texts(&peer);
        assert!(texts.len() >= 6, "{texts:?}");
        assert!(
            texts
                .iter()
                .all(|text| !text.is_empty() && !text.contains(':'))
        );
        let mut unique = texts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), texts.len(), "a text is sent once: {texts:?}");
        assert!(
            peer.iter()
                .all(|(_, url)| url.contains("/api/?") && url.ends_with("nhits=10"))
        );
        assert!(
            plenary
                .iter()
                .all(|(_, url)| url.contains("/api/search?q=") && !url.contains('&'))
        );
    }

    #[test]
    fn the_whole_mix_keeps_its_filters() {
        let urls = load_urls(&args(HttpServer::Plenary, false), "http://127.0.0.1:1");
        assert_eq!(urls.len(), QUERY_MIX.len());
        assert!(urls.iter().any(|(_, url)| url.contains("forum=CND")));
    }
}
