//! `plenary index`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use plenary_core::Taxonomy;
use plenary_indexer::{
    DEFAULT_MAX_MERGED_DOCS, IndexOptions, IndexSummary, InputWarning, Progress, SkippedFile,
    merge_shards, run_index,
};

use crate::commands::inputs::{self, InputArgs};
use crate::progress::IndexProgressBar;
use crate::{EXIT_SKIPPED, paths};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct IndexArgs {
    #[command(subcommand)]
    pub action: Option<IndexAction>,
    /// Files and folders to index (enriched records from `plenary enrich` are taken as they are).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Index directory (default: <data dir>/index).
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Data directory (default: $PLENARY_DATA_DIR or ./data).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Rebuild the index from scratch instead of indexing what changed.
    #[arg(long)]
    pub full: bool,
    /// A taxonomy file to tag with instead of the bundled one.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// Write every skipped file and its reason, and every value read but not used (a
    /// record's unknown forum, a date that is not one), to this JSON Lines file.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Threads that parse and enrich (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Tantivy's indexing threads.
    #[arg(long)]
    pub writer_threads: Option<usize>,
    /// Tantivy's memory budget in MB.
    #[arg(long, default_value_t = 256)]
    pub memory_mb: usize,
    /// No merge makes a segment of more documents than this (bounds a merge's memory).
    #[arg(long, default_value_t = DEFAULT_MAX_MERGED_DOCS)]
    pub max_merged_docs: u64,
    /// Commit after this many documents.
    #[arg(long, default_value_t = 100_000)]
    pub commit_every: u64,
    /// Commit at least this often, in seconds.
    #[arg(long, default_value_t = 60)]
    pub commit_seconds: u64,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum IndexAction {
    /// Merge indexes built apart (shards, one per partition of a cluster job) into one.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards: Plenary index folders built with one taxonomy. A document in several
    /// is kept from the last.
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// The merged index's folder (an index of Plenary's there is replaced).
    #[arg(long)]
    pub index: PathBuf,
    /// The taxonomy the shards were built with, if not the bundled one.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: IndexArgs) -> anyhow::Result<ExitCode> {
    if let Some(IndexAction::Merge(merge)) = args.action {
        return run_merge(merge);
    }
    let index_dir = args
        .index
        .clone()
        .unwrap_or_else(|| paths::index_dir(&paths::data_dir(args.data_dir.clone())));
    let mut options = IndexOptions::new(index_dir.clone());
    options.full = args.full;
    options.threads = args.threads;
    options.follow_symlinks = args.inputs.follow_symlinks;
    if let Some(writer_threads) = args.writer_threads {
        options.writer_threads = writer_threads;
    }
    options.writer_memory_bytes = args.memory_mb.max(16) * 1024 * 1024;
    options.max_merged_docs = args.max_merged_docs.max(2);
    options.commit_every_documents = args.commit_every.max(1);
    options.commit_interval = Duration::from_secs(args.commit_seconds);
    if let Some(taxonomy) = &args.taxonomy {
        options.taxonomy = Taxonomy::load(taxonomy)?;
    }
    options.field_map = args.inputs.field_map()?;
    let progress = SkippedFiles::new(IndexProgressBar::new());
    let result = run_index(&args.paths, &options, &progress);
    progress.bar.finish();
    // The report is written whatever became of the run: a run stopped by a full disk
    // still says what it skipped before.
    if let Some(report) = &args.report {
        let (skipped, warnings) = progress.take();
        write_report(report, &skipped, &warnings)?;
    }
    let summary =
        result.with_context(|| format!("indexing into {}", options.index_dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_summary(&index_dir, &summary);
    }
    Ok(if summary.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    })
}

fn run_merge(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    let summary = merge_shards(&args.shards, &args.index, &taxonomy)
        .with_context(|| format!("merging shards into {}", args.index.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        eprintln!(
            "merged {} shards ({} segments) into {}: {} documents, {} found in more than one shard kept once, in {:.2} s",
            summary.shards,
            summary.segments,
            args.index.display(),
            summary.documents,
            summary.duplicates,
            summary.elapsed.as_secs_f64(),
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the indexer with a progress bar on the terminal.
pub fn index_with_progress(
    paths: &[PathBuf],
    options: &IndexOptions,
) -> anyhow::Result<IndexSummary> {
    let progress = IndexProgressBar::new();
    let result = run_index(paths, options, &progress);
    progress.finish();
    result.with_context(|| format!("indexing into {}", options.index_dir.display()))
}

pub fn print_summary(index_dir: &Path, summary: &IndexSummary) {
    eprintln!(
        "indexed {} documents ({} passages) from {} files in {:.2} s: {:.1} MB, {:.0} docs/s, {:.2} MB/s",
        summary.documents,
        summary.passages,
        summary.files_indexed,
        summary.elapsed.as_secs_f64(),
        summary.megabytes(),
        summary.documents_per_second(),
        summary.megabytes_per_second(),
    );
    eprintln!(
        "{} files found, {} unchanged, {} removed, {} skipped, {} warnings; {} documents in {}",
        summary.files_found,
        summary.files_unchanged,
        summary.files_removed,
        summary.skipped.len(),
        summary.warnings.len(),
        summary.documents_in_index,
        index_dir.display(),
    );
    inputs::print_what_was_not_read(&summary.skipped, &summary.warnings, &summary.unmapped);
}

/// Passes news of a run to a progress bar, and keeps the files skipped and the warnings
/// so far.
struct SkippedFiles {
    bar: IndexProgressBar,
    skipped: Mutex<Vec<SkippedFile>>,
    warnings: Mutex<Vec<InputWarning>>,
}

impl SkippedFiles {
    fn new(bar: IndexProgressBar) -> SkippedFiles {
        SkippedFiles {
            bar,
            skipped: Mutex::new(Vec::new()),
            warnings: Mutex::new(Vec::new()),
        }
    }

    fn take(&self) -> (Vec<SkippedFile>, Vec<InputWarning>) {
        let mut skipped = self
            .skipped
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut warnings = self
            .warnings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        (
            std::mem::take(&mut *skipped),
            std::mem::take(&mut *warnings),
        )
    }
}

impl Progress for SkippedFiles {
    fn start(&self, files: u64, bytes: u64) {
        self.bar.start(files, bytes);
    }

    fn advance(&self, bytes: u64) {
        self.bar.advance(bytes);
    }

    fn skipped(&self, file: &SkippedFile) {
        self.bar.skipped(file);
        self.skipped
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(file.clone());
    }

    fn warned(&self, warning: &InputWarning) {
        self.bar.warned(warning);
        self.warnings
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(warning.clone());
    }

    fn finishing(&self) {
        self.bar.finishing();
    }
}

/// One line of the report: a skipped file, or a value read but not used.
#[derive(serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum ReportLine<'a> {
    Skipped(&'a SkippedFile),
    Warning(&'a InputWarning),
}

pub fn write_report(
    path: &Path,
    skipped_files: &[SkippedFile],
    warnings: &[InputWarning],
) -> anyhow::Result<()> {
    let file = File::create(path).with_context(|| format!("creating report {}", path.display()))?;
    let mut writer = BufWriter::new(file);
    let lines = skipped_files
        .iter()
        .map(ReportLine::Skipped)
        .chain(warnings.iter().map(ReportLine::Warning));
    for line in lines {
        serde_json::to_writer(&mut writer, &line)?;
        writer.write_all(b"\n")?;
    }
    writer.flush()?;
    Ok(())
}
