//! `plenary bench http`: a running server loaded on loopback with the query mix for a
//! fixed time.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
    let urls: Vec<(&'static str, String)> = QUERY_MIX
        .iter()
        .filter(|(label, _)| selected(&args.only, label))
        .map(|(label, pairs)| {
            let query: String = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs.iter())
                .finish();
            (*label, format!("{base}{}?{query}", args.path))
        })
        .collect();
    if urls.is_empty() {
        return Err(BenchError::Usage(format!(
            "--only {}: no query of the mix matches",
            args.only.join(",")
        )));
    }
    println!(
        "HTTP load: {base}{} with {} clients for {:.0} s; {} cores here",
        args.path,
        args.concurrency,
        args.seconds,
        cores()
    );
    print_query_mix(false, &args.only);
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
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(args.concurrency)
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
