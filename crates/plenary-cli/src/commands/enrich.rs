//! `plenary enrich`.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::Taxonomy;
use plenary_indexer::{EnrichSummary, IndexOptions, enrich_lines, enrich_paths};

use crate::EXIT_SKIPPED;
use crate::commands::index::write_report;
use crate::commands::inputs::{self, InputArgs};

#[derive(Debug, Args)]
pub struct EnrichArgs {
    /// Files and folders to enrich; none, or `-`, reads the standard input: JSON records
    /// one a line, or paths one a line.
    pub paths: Vec<PathBuf>,
    /// Write the records to this file instead of the standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// A taxonomy file to tag with instead of the bundled one.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// Write every skipped file and its reason to this JSON Lines file.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Threads that parse and enrich (default: all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Print the summary on the standard error as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: EnrichArgs) -> anyhow::Result<ExitCode> {
    let mut options = IndexOptions::new(PathBuf::new());
    options.threads = args.threads;
    options.follow_symlinks = args.inputs.follow_symlinks;
    if let Some(taxonomy) = &args.taxonomy {
        options.taxonomy = Taxonomy::load(taxonomy)?;
    }
    options.field_map = args.inputs.field_map()?;
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, &mut out);
    let from_stdin = args.paths.is_empty() || args.paths == [PathBuf::from("-")];
    let summary = if from_stdin {
        let mut input = std::io::BufReader::with_capacity(1 << 20, std::io::stdin());
        enrich_lines(&mut input, &options, &mut out)
    } else {
        enrich_paths(&args.paths, &options, &mut out)
    }?;
    drop(out);
    if let Some(report) = &args.report {
        write_report(report, &summary.skipped, &summary.warnings)?;
    }
    print_summary(&summary, args.json)?;
    Ok(if summary.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    })
}

/// The summary goes to the standard error: the standard output is the records.
fn print_summary(summary: &EnrichSummary, json: bool) -> anyhow::Result<()> {
    if json {
        eprintln!("{}", serde_json::to_string(summary)?);
        return Ok(());
    }
    eprintln!(
        "enriched {} documents ({} passages) from {} files in {:.2} s, {} skipped, {} warnings",
        summary.documents,
        summary.passages,
        summary.files_read,
        summary.elapsed.as_secs_f64(),
        summary.skipped.len(),
        summary.warnings.len(),
    );
    inputs::print_what_was_not_read(&summary.skipped, &summary.warnings, &summary.unmapped);
    Ok(())
}
