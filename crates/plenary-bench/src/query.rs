//! `plenary bench query`: a fixed query mix through the search service, in process,
//! with latency percentiles.

use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use plenary_core::Taxonomy;
use plenary_server::search::TimelineBy;
use plenary_server::{SearchRequest, SearchService};

use crate::os::cores;
use crate::{BenchError, BenchQueryArgs};

/// The fixed query mix: a label and the request as `key=value` pairs (the same pairs make
/// the URL of the HTTP load). Every search also counts every facet.
pub const QUERY_MIX: &[(&str, &[(&str, &str)])] = &[
    ("term", &[("q", "corruption")]),
    ("term, rare", &[("q", "femicide")]),
    (
        "term + forum filter",
        &[("q", "trafficking"), ("forum", "CND")],
    ),
    (
        "term + lang + year filters",
        &[("q", "drug"), ("lang", "en"), ("year", "2019")],
    ),
    ("phrase", &[("q", "\"harm reduction\"")]),
    (
        "phrase + topic filter",
        &[("q", "\"human rights\""), ("topic", "drug-policy")],
    ),
    ("boolean AND", &[("q", "prison AND women")]),
    (
        "boolean OR + NOT",
        &[("q", "(corruption OR bribery) -trafficking")],
    ),
    ("facet field in query", &[("q", "forum:CCPCJ children")]),
    ("all documents, facets only", &[("q", ""), ("size", "0")]),
    (
        "no query, forum + type filters",
        &[("q", ""), ("forum", "COSP"), ("doc_type", "statement")],
    ),
    ("French term", &[("q", "corruption"), ("lang", "fr")]),
];

/// The aggregations of the mix, measured beside the searches by `bench query` (the HTTP
/// load sends the searches only).
pub const AGGREGATION_MIX: &[(&str, &[(&str, &str)])] = &[
    ("aggregation: timeline by year", &[("q", "corruption")]),
    (
        "aggregation: timeline by session",
        &[("q", ""), ("forum", "CND")],
    ),
];

/// One piece of work of the query mix.
enum Workload {
    Search(SearchRequest),
    TimelineByYear(SearchRequest),
    TimelineBySession(SearchRequest),
}

impl Workload {
    /// Runs the work; returns the number of matching documents.
    fn run(&self, service: &SearchService) -> Result<u64, plenary_server::SearchError> {
        match self {
            Workload::Search(request) => service.search(request).map(|response| response.total),
            Workload::TimelineByYear(request) => service
                .timeline(request, TimelineBy::Year)
                .map(|timeline| timeline.total),
            Workload::TimelineBySession(request) => service
                .timeline(request, TimelineBy::Session)
                .map(|timeline| timeline.total),
        }
    }
}

/// Whether the query labelled `label` is selected by `--only` (everything when empty).
pub(crate) fn selected(only: &[String], label: &str) -> bool {
    only.is_empty() || only.iter().any(|part| label.contains(part.as_str()))
}

fn query_mix(only: &[String]) -> Result<Vec<(&'static str, Workload)>, BenchError> {
    let parse = |label: &str, pairs: &[(&str, &str)]| {
        SearchRequest::from_pairs(pairs.iter().copied(), &[]).map_err(|source| BenchError::Search {
            what: format!("query `{label}`"),
            source,
        })
    };
    let mut mix = Vec::new();
    for (label, pairs) in QUERY_MIX {
        if selected(only, label) {
            mix.push((*label, Workload::Search(parse(label, pairs)?)));
        }
    }
    for (position, (label, pairs)) in AGGREGATION_MIX.iter().enumerate() {
        if !selected(only, label) {
            continue;
        }
        let request = parse(label, pairs)?;
        let workload = if position == 0 {
            Workload::TimelineByYear(request)
        } else {
            Workload::TimelineBySession(request)
        };
        mix.push((*label, workload));
    }
    if mix.is_empty() {
        return Err(BenchError::Usage(format!(
            "--only {}: no query of the mix matches",
            only.join(",")
        )));
    }
    Ok(mix)
}

pub(crate) fn new_histogram() -> Histogram<u64> {
    // Microseconds from 1 µs to 100 s, three significant figures.
    Histogram::new_with_bounds(1, 100_000_000, 3).expect("constant bounds are valid")
}

/// Adds the latencies of `histogram` to `merged`.
pub(crate) fn merge_histogram(
    merged: &mut Histogram<u64>,
    histogram: &Histogram<u64>,
) -> Result<(), BenchError> {
    merged
        .add(histogram)
        .map_err(|error| BenchError::Run(format!("cannot merge histograms: {error}")))
}

pub(crate) fn print_query_mix(with_aggregations: bool, only: &[String]) {
    let searches = QUERY_MIX
        .iter()
        .filter(|(label, _)| selected(only, label))
        .count();
    println!("query mix ({searches} searches, each also counts every facet):");
    let aggregations = if with_aggregations {
        AGGREGATION_MIX
    } else {
        &[]
    };
    for (label, pairs) in QUERY_MIX
        .iter()
        .chain(aggregations)
        .filter(|(label, _)| selected(only, label))
    {
        let shown: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        println!("  {label:<34} {}", shown.join(" "));
    }
}

pub(crate) fn bench_query(args: BenchQueryArgs) -> Result<(), BenchError> {
    let search_error = |what: String| move |source| BenchError::Search { what, source };
    let mut service = SearchService::open(&args.index, Taxonomy::bundled()).map_err(|source| {
        BenchError::Open {
            path: args.index.clone(),
            source,
        }
    })?;
    service.set_search_threads(args.search_threads)?;
    let documents = service
        .document_count()
        .map_err(search_error("cannot count the documents".to_string()))?;
    let mix = query_mix(&args.only)?;
    println!(
        "index: {} ({documents} documents); {} cores; {} search thread(s) per query",
        args.index.display(),
        cores(),
        args.search_threads.max(1)
    );
    print_query_mix(true, &args.only);

    // Warm-up: one pass, also shows what each query matches.
    println!();
    println!("| query | total hits | µs (warm-up) |");
    println!("|---|---:|---:|");
    for (label, request) in &mix {
        let started = Instant::now();
        let total = request
            .run(&service)
            .map_err(search_error(format!("query `{label}` failed")))?;
        println!(
            "| {label} | {} | {} |",
            total,
            started.elapsed().as_micros()
        );
    }

    let threads = if args.threads.is_empty() {
        let mut threads = vec![1, cores()];
        threads.dedup();
        threads
    } else {
        args.threads.clone()
    };
    let duration = Duration::from_secs_f64(args.seconds.max(0.1));
    println!();
    println!("| threads | queries | seconds | QPS | p50 ms | p90 ms | p99 ms | max ms |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut per_query_single: Vec<Histogram<u64>> = Vec::new();
    for &thread_count in &threads {
        let thread_count = thread_count.max(1);
        let started = Instant::now();
        let results: Vec<Result<Vec<Histogram<u64>>, BenchError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..thread_count)
                .map(|thread| {
                    let service = &service;
                    let mix = &mix;
                    scope.spawn(move || -> Result<Vec<Histogram<u64>>, BenchError> {
                        let mut histograms: Vec<Histogram<u64>> =
                            mix.iter().map(|_| new_histogram()).collect();
                        let mut position = thread;
                        while started.elapsed() < duration {
                            let query = position % mix.len();
                            let begun = Instant::now();
                            let (label, workload) = &mix[query];
                            workload.run(service).map_err(|source| BenchError::Search {
                                what: format!("query `{label}` failed"),
                                source,
                            })?;
                            histograms[query].saturating_record(begun.elapsed().as_micros() as u64);
                            position += 1;
                        }
                        Ok(histograms)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(BenchError::Run("a query thread panicked".to_string()))
                    })
                })
                .collect()
        });
        let elapsed = started.elapsed().as_secs_f64();
        let mut per_query: Vec<Histogram<u64>> = mix.iter().map(|_| new_histogram()).collect();
        for result in results {
            for (merged, histogram) in per_query.iter_mut().zip(result?) {
                merge_histogram(merged, &histogram)?;
            }
        }
        let mut overall = new_histogram();
        for histogram in &per_query {
            merge_histogram(&mut overall, histogram)?;
        }
        print_latency_row(&thread_count.to_string(), &overall, elapsed);
        if thread_count == 1 {
            per_query_single = per_query;
        }
    }
    if !per_query_single.is_empty() {
        println!();
        println!("per query, one thread:");
        println!("| query | runs | p50 ms | p99 ms | max ms |");
        println!("|---|---:|---:|---:|---:|");
        for ((label, _), histogram) in mix.iter().zip(&per_query_single) {
            println!(
                "| {label} | {} | {:.2} | {:.2} | {:.2} |",
                histogram.len(),
                milliseconds(histogram.value_at_quantile(0.5)),
                milliseconds(histogram.value_at_quantile(0.99)),
                milliseconds(histogram.max())
            );
        }
    }
    Ok(())
}

pub(crate) fn milliseconds(microseconds: u64) -> f64 {
    microseconds as f64 / 1e3
}

fn print_latency_row(label: &str, histogram: &Histogram<u64>, seconds: f64) {
    println!(
        "| {label} | {} | {:.1} | {:.0} | {:.2} | {:.2} | {:.2} | {:.2} |",
        histogram.len(),
        seconds,
        histogram.len() as f64 / seconds.max(1e-9),
        milliseconds(histogram.value_at_quantile(0.5)),
        milliseconds(histogram.value_at_quantile(0.9)),
        milliseconds(histogram.value_at_quantile(0.99)),
        milliseconds(histogram.max())
    );
}
