//! `plenary bench index`: a JSON Lines file indexed by the real pipeline in a child
//! process per run, with its throughput, CPU, memory and where the time goes.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use plenary_core::{PlenarySchema, Taxonomy};
use plenary_enrich::TopicTagger;
use plenary_enrich::{Enricher, MIN_TAGGED_PASSAGE_CHARS};
use plenary_indexer::{IndexOptions, NoProgress, run_index};
use plenary_parse::JsonlRecord;
use serde::{Deserialize, Serialize};

use crate::os::{confine_to_cores, cores, directory_bytes, peak_rss_bytes, process_cpu_seconds};
use crate::{BenchError, BenchIndexArgs};

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

pub(crate) fn bench_index(args: BenchIndexArgs) -> Result<(), BenchError> {
    if !args.input.is_file() {
        return Err(BenchError::Usage(format!(
            "{}: no such file (pass a JSON Lines file with --input)",
            args.input.display()
        )));
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
        let figures = serde_json::to_string(&figures)
            .map_err(|error| BenchError::Run(format!("cannot write the figures: {error}")))?;
        println!("{figures}");
        return Ok(());
    }

    let input_bytes = std::fs::metadata(&args.input)
        .map_err(BenchError::io(format!(
            "cannot read {}",
            args.input.display()
        )))?
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
    let executable =
        std::env::current_exe().map_err(BenchError::io("cannot find the plenary executable"))?;
    let mut runs = Vec::new();
    for (position, &threads) in args.threads.iter().enumerate() {
        let threads = if threads == 0 { cores() } else { threads };
        let is_last = position + 1 == args.threads.len();
        let temporary = tempfile::tempdir()
            .map_err(BenchError::io("cannot create a temporary index directory"))?;
        let index_dir = match (&args.keep, is_last) {
            (Some(keep), true) => keep.clone(),
            _ => temporary.path().join("index"),
        };
        let is_empty = || -> Result<bool, BenchError> {
            let mut entries = std::fs::read_dir(&index_dir).map_err(BenchError::io(format!(
                "cannot read {}",
                index_dir.display()
            )))?;
            Ok(entries.next().is_none())
        };
        if index_dir.exists() && !is_empty()? {
            return Err(BenchError::Usage(format!(
                "{}: the index directory is not empty",
                index_dir.display()
            )));
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
            .map_err(BenchError::io("cannot start the indexing run"))?;
        if !output.status.success() {
            return Err(BenchError::Run(format!(
                "the indexing run with {threads} thread(s) failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            )));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let line = stdout.lines().last().unwrap_or_default();
        let figures: IndexRunFigures = serde_json::from_str(line).map_err(|error| {
            BenchError::Run(format!(
                "unreadable figures from the indexing run: {line}: {error}"
            ))
        })?;
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
    Ok(())
}

fn index_once(
    input: &Path,
    index_dir: &Path,
    threads: usize,
    memory_mb: usize,
    max_merged_docs: u64,
) -> Result<IndexRunFigures, BenchError> {
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
    let summary = run_index(&[input.to_path_buf()], &options, &NoProgress).map_err(|source| {
        BenchError::Index {
            what: format!("indexing {} failed", input.display()),
            source,
        }
    })?;
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
fn print_breakdown(input: &Path, sample: usize) -> Result<(), BenchError> {
    let file =
        File::open(input).map_err(BenchError::io(format!("cannot open {}", input.display())))?;
    let mut lines: Vec<u8> = Vec::new();
    let mut reader = BufReader::new(file);
    let mut taken = 0;
    while taken < sample {
        let before = lines.len();
        let read = reader
            .read_until(b'\n', &mut lines)
            .map_err(BenchError::io(format!("cannot read {}", input.display())))?;
        if read == 0 {
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
        .map(|record| enricher.document_from_record("bench", record))
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
