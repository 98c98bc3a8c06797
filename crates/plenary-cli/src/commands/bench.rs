//! `plenary bench`: indexing throughput, query latency and HTTP load, measured the same
//! way every time so that figures can be compared between machines and versions.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use hdrhistogram::Histogram;
use plenary_core::{PlenarySchema, Taxonomy, TopicTagger};
use plenary_enrich::{Enricher, MIN_TAGGED_PASSAGE_CHARS};
use plenary_indexer::{DEFAULT_MAX_MERGED_DOCS, IndexOptions, NoProgress, run_index};
use plenary_parse::JsonlRecord;
use plenary_server::search::TimelineBy;
use plenary_server::{SearchRequest, SearchService};
use serde::{Deserialize, Serialize};

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Index a JSON Lines file with the real pipeline and report throughput, memory and where time goes.
    Index(BenchIndexArgs),
    /// Run a fixed query mix through the search service and report latency percentiles.
    Query(BenchQueryArgs),
    /// Load a running server on loopback with the query mix for a fixed time.
    Http(BenchHttpArgs),
}

#[derive(Debug, Args)]
pub struct BenchIndexArgs {
    /// The JSON Lines file to index.
    #[arg(long)]
    pub input: PathBuf,
    /// Thread counts to run, comma-separated (`1,2`); each gets its own run and process.
    #[arg(long, value_delimiter = ',', default_value = "0")]
    pub threads: Vec<usize>,
    /// Keep the index of the last run here instead of a removed temporary directory.
    #[arg(long)]
    pub keep: Option<PathBuf>,
    /// Records timed stage by stage for the breakdown (single-threaded).
    #[arg(long, default_value_t = 2_000)]
    pub sample: usize,
    /// Tantivy's memory budget in MB per run.
    #[arg(long, default_value_t = 512)]
    pub memory_mb: usize,
    /// No merge makes a segment of more documents than this.
    #[arg(long, default_value_t = DEFAULT_MAX_MERGED_DOCS)]
    pub max_merged_docs: u64,
    /// Confine each run to as many cores as it has threads (Linux): a run with T threads
    /// then has T cores, all its threads included, so the scaling table compares cores.
    /// Without it, a 1-thread run also uses a second core for Tantivy's writer.
    #[arg(long)]
    pub pin: bool,
    /// Internal: run one configuration into this directory and print its figures as JSON.
    #[arg(long, hide = true)]
    pub child_index_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchQueryArgs {
    /// The index to search.
    #[arg(long)]
    pub index: PathBuf,
    /// Seconds each thread configuration runs the mix (after one warm-up pass).
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// Thread counts, comma-separated (default: 1 and all cores).
    #[arg(long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    /// Threads searching the segments of one query (1: in the querying thread).
    #[arg(long, default_value_t = 1)]
    pub search_threads: usize,
    /// Runs only the queries of the mix whose label contains one of these (comma-separated),
    /// e.g. `--only term` for the term queries, or one query to profile.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
}

#[derive(Debug, Args)]
pub struct BenchHttpArgs {
    /// The server's base URL; only loopback addresses are accepted.
    #[arg(long)]
    pub url: String,
    /// Clients sending requests at the same time.
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    /// How long to load the server.
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// The search endpoint under the base URL.
    #[arg(long, default_value = "/api/search")]
    pub path: String,
    /// Sends `Cache-Control: no-cache`, so that every request is computed: the figures
    /// of the search itself rather than of the server's answer cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Sends only the queries of the mix whose label contains one of these
    /// (comma-separated), e.g. `--only term` for the term queries.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
}

pub fn run(args: BenchArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        BenchCommand::Index(args) => bench_index(args),
        BenchCommand::Query(args) => bench_query(args),
        BenchCommand::Http(args) => bench_http(args),
    }
}

// ---------------------------------------------------------------------------------------
// Indexing

/// The figures of one indexing run, passed from the child process to the parent as JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct IndexRunFigures {
    threads: usize,
    documents: u64,
    bytes: u64,
    seconds: f64,
    /// CPU time of the run, user and system, over all its threads: the enrichment
    /// threads and Tantivy's own.
    cpu_seconds: Option<f64>,
    peak_rss_bytes: Option<u64>,
    index_bytes: u64,
    skipped: usize,
    /// The cores the run was allowed to use (its CPU affinity).
    #[serde(default)]
    cores_allowed: usize,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn bench_index(args: BenchIndexArgs) -> anyhow::Result<ExitCode> {
    if !args.input.is_file() {
        bail!(
            "{}: no such file (pass a JSON Lines file with --input)",
            args.input.display()
        );
    }
    if let Some(index_dir) = &args.child_index_dir {
        let threads = args.threads.first().copied().unwrap_or(0);
        if args.pin {
            confine_to_cores(if threads == 0 { cores() } else { threads })?;
        }
        let figures = index_once(
            &args.input,
            index_dir,
            threads,
            args.memory_mb,
            args.max_merged_docs,
        )?;
        println!("{}", serde_json::to_string(&figures)?);
        return Ok(ExitCode::SUCCESS);
    }

    let input_bytes = std::fs::metadata(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?
        .len();
    println!(
        "input: {} ({:.1} MB); machine: {} cores; Tantivy budget {} MB; merged segments up to {} documents{}",
        args.input.display(),
        input_bytes as f64 / 1e6,
        cores(),
        args.memory_mb,
        args.max_merged_docs,
        if args.pin {
            "; each run confined to as many cores as threads"
        } else {
            ""
        }
    );
    let executable = std::env::current_exe().context("cannot find the plenary executable")?;
    let mut runs = Vec::new();
    for (position, &threads) in args.threads.iter().enumerate() {
        let threads = if threads == 0 { cores() } else { threads };
        let is_last = position + 1 == args.threads.len();
        let temporary = tempfile::tempdir().context("cannot create a temporary index directory")?;
        let index_dir = match (&args.keep, is_last) {
            (Some(keep), true) => keep.clone(),
            _ => temporary.path().join("index"),
        };
        if index_dir.exists() && std::fs::read_dir(&index_dir)?.next().is_some() {
            bail!("{}: the index directory is not empty", index_dir.display());
        }
        // A child process per run: peak RSS is then the run's own, and runs cannot warm each other.
        let output = Command::new(&executable)
            .args(["bench", "index", "--input"])
            .arg(&args.input)
            .args([
                "--threads",
                &threads.to_string(),
                "--memory-mb",
                &args.memory_mb.to_string(),
                "--max-merged-docs",
                &args.max_merged_docs.to_string(),
            ])
            .args(args.pin.then_some("--pin"))
            .arg("--child-index-dir")
            .arg(&index_dir)
            .output()
            .context("cannot start the indexing run")?;
        if !output.status.success() {
            bail!(
                "the indexing run with {threads} thread(s) failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().last().unwrap_or_default();
        let figures: IndexRunFigures = serde_json::from_str(line)
            .with_context(|| format!("unreadable figures from the indexing run: {line}"))?;
        print_run(&figures);
        runs.push(figures);
    }
    if runs.len() > 1 {
        print_scaling(&runs);
    }
    if let Some(keep) = &args.keep {
        println!("index kept in {}", keep.display());
    }
    if args.sample > 0 {
        print_breakdown(&args.input, args.sample)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn index_once(
    input: &Path,
    index_dir: &Path,
    threads: usize,
    memory_mb: usize,
    max_merged_docs: u64,
) -> anyhow::Result<IndexRunFigures> {
    let threads = if threads == 0 { cores() } else { threads };
    let mut options = IndexOptions::new(index_dir.to_path_buf());
    options.full = true;
    options.threads = threads;
    options.writer_threads = threads;
    options.writer_memory_bytes = memory_mb * 1024 * 1024;
    options.max_merged_docs = max_merged_docs;
    options.commit_every_documents = u64::MAX;
    options.commit_interval = Duration::from_secs(3600 * 24);
    let cpu_before = process_cpu_seconds();
    let started = Instant::now();
    let summary = run_index(&[input.to_path_buf()], &options, &NoProgress)
        .with_context(|| format!("indexing {} failed", input.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = process_cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    Ok(IndexRunFigures {
        threads,
        documents: summary.documents,
        bytes: summary.bytes,
        seconds,
        cpu_seconds,
        peak_rss_bytes: peak_rss_bytes(),
        index_bytes: directory_bytes(index_dir),
        skipped: summary.skipped.len(),
        cores_allowed: cores(),
    })
}

/// Confines this process, and every thread it starts from now on, to the first `count`
/// of the cores it may run on.
#[cfg(target_os = "linux")]
fn confine_to_cores(count: usize) -> anyhow::Result<()> {
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `cpu_set_t` is an array of integers, for which all zeroes (the empty set)
    // is a valid value.
    let mut allowed: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live, writable `cpu_set_t` of the size passed.
    if unsafe { libc::sched_getaffinity(0, size, &mut allowed) } != 0 {
        return Err(std::io::Error::last_os_error()).context("cannot read the CPU affinity");
    }
    // SAFETY: as above.
    let mut chosen: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let mut taken = 0;
    for cpu in 0..libc::CPU_SETSIZE as usize {
        if taken == count {
            break;
        }
        // SAFETY: `cpu` is below CPU_SETSIZE, the number of CPUs a `cpu_set_t` holds.
        if unsafe { libc::CPU_ISSET(cpu, &allowed) } {
            // SAFETY: as above.
            unsafe { libc::CPU_SET(cpu, &mut chosen) };
            taken += 1;
        }
    }
    if taken < count {
        bail!("--pin: a run of {count} threads needs {count} cores; this process may use {taken}");
    }
    // SAFETY: the pointer is to a live `cpu_set_t` of the size passed; pid 0 is this thread,
    // whose affinity the threads it starts inherit.
    if unsafe { libc::sched_setaffinity(0, size, &chosen) } != 0 {
        return Err(std::io::Error::last_os_error()).context("cannot set the CPU affinity");
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn confine_to_cores(_count: usize) -> anyhow::Result<()> {
    bail!("--pin is available on Linux only")
}

/// The peak resident set of this process (`VmHWM`), where /proc tells it.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kilobytes * 1024)
}

/// The CPU time this process has used so far, user and system, in all its threads
/// (ended ones included).
#[cfg(unix)]
fn process_cpu_seconds() -> Option<f64> {
    // SAFETY: `rusage` is made of integers only, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live, writable `rusage`, which is all getrusage writes.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return None;
    }
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 / 1e6;
    Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

#[cfg(not(unix))]
fn process_cpu_seconds() -> Option<f64> {
    None
}

/// What the CPU time of a run says: its seconds, the cores it kept busy on average, and
/// the megabytes it indexed per CPU-second, each `n/a` when the CPU time is unknown.
struct CpuFigures {
    seconds: String,
    cores_used: String,
    megabytes_per_cpu_second: String,
}

impl CpuFigures {
    fn of(figures: &IndexRunFigures) -> CpuFigures {
        let not_available = || "n/a".to_string();
        match figures.cpu_seconds {
            Some(cpu_seconds) => CpuFigures {
                seconds: format!("{cpu_seconds:.2}"),
                cores_used: format!("{:.2}", cpu_seconds / figures.seconds.max(1e-9)),
                megabytes_per_cpu_second: format!(
                    "{:.2}",
                    figures.bytes as f64 / 1e6 / cpu_seconds.max(1e-9)
                ),
            },
            None => CpuFigures {
                seconds: not_available(),
                cores_used: not_available(),
                megabytes_per_cpu_second: not_available(),
            },
        }
    }
}

fn directory_bytes(directory: &Path) -> u64 {
    walkdir::WalkDir::new(directory)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|entry| entry.metadata().ok())
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len())
        .sum()
}

fn print_run(figures: &IndexRunFigures) {
    let megabytes = figures.bytes as f64 / 1e6;
    let seconds = figures.seconds.max(1e-9);
    let rss = figures.peak_rss_bytes.map_or("n/a".to_string(), |bytes| {
        format!("{:.0} MiB", bytes as f64 / 1048576.0)
    });
    let cpu = CpuFigures::of(figures);
    println!(
        "threads {}: {} docs, {:.1} MB in {:.2} s (cpu {} s, {} of {} cores used) = {:.0} docs/s, {:.2} MB/s ({:.2} MB/s per thread, {} MB per cpu-second); peak RSS {}; index {:.1} MB{}",
        figures.threads,
        figures.documents,
        megabytes,
        figures.seconds,
        cpu.seconds,
        cpu.cores_used,
        figures.cores_allowed,
        figures.documents as f64 / seconds,
        megabytes / seconds,
        megabytes / seconds / figures.threads.max(1) as f64,
        cpu.megabytes_per_cpu_second,
        rss,
        figures.index_bytes as f64 / 1e6,
        if figures.skipped > 0 {
            format!("; {} skipped", figures.skipped)
        } else {
            String::new()
        }
    );
}

fn print_scaling(runs: &[IndexRunFigures]) {
    println!();
    println!(
        "| threads | cores allowed | docs | MB | seconds | cpu s | cores used | docs/s | MB/s | MB per cpu-second | speed-up | peak RSS MiB | index MB |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let base = runs[0].bytes as f64 / runs[0].seconds.max(1e-9);
    for run in runs {
        let megabytes_per_second = run.bytes as f64 / run.seconds.max(1e-9);
        let cpu = CpuFigures::of(run);
        println!(
            "| {} | {} | {} | {:.1} | {:.2} | {} | {} | {:.0} | {:.2} | {} | {:.2}× | {} | {:.1} |",
            run.threads,
            run.cores_allowed,
            run.documents,
            run.bytes as f64 / 1e6,
            run.seconds,
            cpu.seconds,
            cpu.cores_used,
            run.documents as f64 / run.seconds.max(1e-9),
            megabytes_per_second / 1e6,
            cpu.megabytes_per_cpu_second,
            megabytes_per_second / base.max(1e-9),
            run.peak_rss_bytes
                .map_or("n/a".to_string(), |bytes| format!(
                    "{:.0}",
                    bytes as f64 / 1048576.0
                )),
            run.index_bytes as f64 / 1e6
        );
    }
}

/// Times each stage of the pipeline separately, single-threaded, on the first records of
/// the input: the shares say where the time of a run goes.
fn print_breakdown(input: &Path, sample: usize) -> anyhow::Result<()> {
    let file = File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
    let mut lines: Vec<u8> = Vec::new();
    let mut reader = BufReader::new(file);
    let mut taken = 0;
    while taken < sample {
        let before = lines.len();
        if reader.read_until(b'\n', &mut lines)? == 0 {
            break;
        }
        if lines.len() > before {
            taken += 1;
        }
    }

    let started = Instant::now();
    let records: Vec<JsonlRecord> = plenary_parse::read_jsonl(lines.as_slice())
        .filter_map(Result::ok)
        .collect();
    let parse = started.elapsed();

    let taxonomy = Taxonomy::bundled();
    let enricher = Enricher::new(&taxonomy);
    let tagger = TopicTagger::new(&taxonomy);
    let schema = PlenarySchema::new();

    let started = Instant::now();
    for record in &records {
        std::hint::black_box(enricher.detector().detect(&record.text));
    }
    let language = started.elapsed();

    // The paragraphs, numbered as the enricher numbers them.
    let started = Instant::now();
    let numbered: Vec<Vec<plenary_core::Passage>> = records
        .iter()
        .map(|record| plenary_enrich::un::number_paragraphs(&record.text))
        .collect();
    let numbering = started.elapsed();

    // The topics of each document and of its paragraphs, from one scan of its text.
    let mut tagged = numbered.clone();
    let started = Instant::now();
    for (record, passages) in records.iter().zip(&mut tagged) {
        std::hint::black_box(tagger.tag_with_passages(
            record.language.as_deref(),
            record.title.as_deref().unwrap_or_default(),
            &record.text,
            passages,
            MIN_TAGGED_PASSAGE_CHARS,
        ));
    }
    let topics = started.elapsed();

    // The language of each paragraph long enough to tell, against its document's.
    let document_languages: Vec<String> = records
        .iter()
        .map(|record| enricher.detector().detect(&record.text).code)
        .collect();
    let started = Instant::now();
    for (passages, language) in numbered.iter().zip(&document_languages) {
        for passage in passages {
            if passage.text.chars().count() >= MIN_TAGGED_PASSAGE_CHARS {
                std::hint::black_box(
                    enricher
                        .detector()
                        .detect_paragraph(&passage.text, language),
                );
            }
        }
    }
    let paragraph_languages = started.elapsed();

    let started = Instant::now();
    let documents: Vec<_> = records
        .iter()
        .map(|record| enricher.document_from_record(&format!("bench#{}", record.line), record))
        .collect();
    let enrich_total = started.elapsed();

    let started = Instant::now();
    let tantivy_documents: Vec<_> = documents
        .iter()
        .map(|document| schema.to_tantivy(document, &taxonomy))
        .collect();
    let mapping = started.elapsed();

    let index = schema.create_index_in_ram();
    let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
        index.writer_with_num_threads(1, 256 * 1024 * 1024)?;
    let started = Instant::now();
    for record in tantivy_documents {
        writer.add_document(record)?;
    }
    let adding = started.elapsed();
    let started = Instant::now();
    writer.commit()?;
    writer.wait_merging_threads()?;
    let commit = started.elapsed();

    // The enrichment's time beyond the stages timed on their own (metadata, identity,
    // copying) is shown as its own stage.
    let enrich_other =
        enrich_total.saturating_sub(language + numbering + topics + paragraph_languages);
    let stages = [
        ("parse JSON", parse),
        ("language detection (document)", language),
        ("paragraphs: split and number", numbering),
        ("topic tagging (document and paragraphs, one scan)", topics),
        ("paragraphs: language", paragraph_languages),
        ("metadata, identity, the rest of enrichment", enrich_other),
        ("map to Tantivy documents", mapping),
        // Tantivy's add only queues a document for its indexing thread; the tokenizing and
        // segment writing are finished, and so timed, by the commit.
        ("Tantivy: queue documents", adding),
        ("Tantivy: tokenize, write segments, commit, merge", commit),
    ];
    let total: Duration = stages.iter().map(|(_, duration)| *duration).sum();
    let bytes = lines.len();
    println!();
    println!(
        "where the time goes: {} records, {:.1} MB, one thread, each stage timed on its own",
        records.len(),
        bytes as f64 / 1e6
    );
    println!("| stage | ms | share | MB/s alone |");
    println!("|---|---:|---:|---:|");
    for (name, duration) in stages {
        // A stage of no measurable time has no throughput worth printing.
        let alone = if duration >= Duration::from_millis(1) {
            format!("{:.1}", bytes as f64 / 1e6 / duration.as_secs_f64())
        } else {
            "—".to_string()
        };
        println!(
            "| {name} | {:.0} | {:.1}% | {alone} |",
            duration.as_secs_f64() * 1e3,
            100.0 * duration.as_secs_f64() / total.as_secs_f64().max(1e-9),
        );
    }
    println!(
        "| total | {:.0} | 100% | {:.1} |",
        total.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / total.as_secs_f64().max(1e-9)
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Queries

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
fn selected(only: &[String], label: &str) -> bool {
    only.is_empty() || only.iter().any(|part| label.contains(part.as_str()))
}

fn query_mix(only: &[String]) -> anyhow::Result<Vec<(&'static str, Workload)>> {
    let parse = |label: &str, pairs: &[(&str, &str)]| {
        SearchRequest::from_pairs(pairs.iter().copied(), &[])
            .map_err(|error| anyhow::anyhow!("query `{label}`: {error}"))
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
        bail!("--only {}: no query of the mix matches", only.join(","));
    }
    Ok(mix)
}

fn new_histogram() -> Histogram<u64> {
    // Microseconds from 1 µs to 100 s, three significant figures.
    Histogram::new_with_bounds(1, 100_000_000, 3).expect("constant bounds are valid")
}

fn print_query_mix(with_aggregations: bool, only: &[String]) {
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

fn bench_query(args: BenchQueryArgs) -> anyhow::Result<ExitCode> {
    let mut service = SearchService::open(&args.index, Taxonomy::bundled())
        .with_context(|| format!("cannot open the index {}", args.index.display()))?;
    service
        .set_search_threads(args.search_threads)
        .context("cannot start the search threads")?;
    let documents = service.document_count()?;
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
            .with_context(|| format!("query `{label}` failed"))?;
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
        let results: Vec<anyhow::Result<Vec<Histogram<u64>>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..thread_count)
                .map(|thread| {
                    let service = &service;
                    let mix = &mix;
                    scope.spawn(move || -> anyhow::Result<Vec<Histogram<u64>>> {
                        let mut histograms: Vec<Histogram<u64>> =
                            mix.iter().map(|_| new_histogram()).collect();
                        let mut position = thread;
                        while started.elapsed() < duration {
                            let query = position % mix.len();
                            let begun = Instant::now();
                            mix[query].1.run(service)?;
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
                    handle
                        .join()
                        .unwrap_or_else(|_| bail!("a query thread panicked"))
                })
                .collect()
        });
        let elapsed = started.elapsed().as_secs_f64();
        let mut per_query: Vec<Histogram<u64>> = mix.iter().map(|_| new_histogram()).collect();
        for result in results {
            for (merged, histogram) in per_query.iter_mut().zip(result?) {
                merged.add(&histogram).context("cannot merge histograms")?;
            }
        }
        let mut overall = new_histogram();
        for histogram in &per_query {
            overall.add(histogram).context("cannot merge histograms")?;
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
    Ok(ExitCode::SUCCESS)
}

fn milliseconds(microseconds: u64) -> f64 {
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

// ---------------------------------------------------------------------------------------
// HTTP load

fn bench_http(args: BenchHttpArgs) -> anyhow::Result<ExitCode> {
    let base = args.url.trim_end_matches('/').to_string();
    let authority = base
        .strip_prefix("http://")
        .with_context(|| format!("--url {base}: expected http://127.0.0.1:PORT"))?;
    let host = authority.split('/').next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(host, _)| host);
    if !matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        bail!("--url {base}: the load driver only targets loopback (127.0.0.1, localhost, [::1])");
    }
    if args.concurrency == 0 {
        bail!("--concurrency must be at least 1");
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
        bail!(
            "--only {}: no query of the mix matches",
            args.only.join(",")
        );
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
        .context("cannot start the async runtime")?;
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
            .context("cannot build the HTTP client")?;
        // One request per query first: a server that answers errors is reported, not measured.
        for (label, url) in &urls {
            let response = client
                .get(url)
                .send()
                .await
                .with_context(|| format!("GET {url}"))?;
            if !response.status().is_success() {
                bail!("query `{label}`: GET {url} answered {}", response.status());
            }
            response.bytes().await?;
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
            let (histogram, task_errors, task_hits) = task.await.context("a client task failed")?;
            merged.add(&histogram).context("cannot merge histograms")?;
            errors += task_errors;
            cache_hits += task_hits;
        }
        Ok::<_, anyhow::Error>((merged, errors, cache_hits, started.elapsed().as_secs_f64()))
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
    Ok(ExitCode::SUCCESS)
}
