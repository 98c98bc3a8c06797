//! `plenary`: index, serve, search and tag UN civil-society documents.
//!
//! The binary is the only place that installs a log subscriber, draws progress bars
//! and turns errors into exit codes; the work is done by the library crates.

mod commands;
mod paths;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Search and analytics over what civil society says at the UN bodies in Vienna.
#[derive(Debug, Parser)]
#[command(name = "plenary", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Index files and folders (PDF, DOCX, HTML, TXT, Markdown, JSON Lines, CSV).
    Index(commands::index::IndexArgs),
    /// Read and enrich files, folders or records into enriched JSON Lines (what `index` takes as they are).
    Enrich(commands::enrich::EnrichArgs),
    /// Export enriched records for another search engine (OpenSearch's bulk API and index template).
    Export(commands::export::ExportArgs),
    /// Serve the search page and the HTTP API (indexes the bundled corpus on first run).
    Serve(commands::serve::ServeArgs),
    /// Search the index from the command line.
    Search(commands::search::SearchArgs),
    /// Write a thematic brief: totals, timeline, organizations, cited passages, documents.
    Brief(commands::brief::BriefArgs),
    /// Show what Plenary reads off documents: language, metadata, topics and evidence.
    Tag(commands::tag::TagArgs),
    /// Compare what Plenary reads with a labels file: topic precision/recall/F1, language, metadata.
    Eval(commands::eval::EvalArgs),
    /// Train the statistical topic model that works beside the taxonomy's rules.
    Taxonomy(commands::taxonomy::TaxonomyArgs),
    /// Generate a synthetic corpus for benchmarks.
    #[cfg(feature = "bench")]
    Corpus(commands::corpus::CorpusArgs),
    /// Measure indexing throughput, query latency and HTTP load.
    #[cfg(feature = "bench")]
    Bench(plenary_bench::BenchArgs),
}

/// Exit code of a run that finished but skipped some input.
pub const EXIT_SKIPPED: u8 = 2;

fn main() -> ExitCode {
    init_logging();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index(args) => commands::index::run(args),
        Command::Enrich(args) => commands::enrich::run(args),
        Command::Export(args) => commands::export::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Search(args) => commands::search::run(args),
        Command::Brief(args) => commands::brief::run(args),
        Command::Tag(args) => commands::tag::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Taxonomy(args) => commands::taxonomy::run(args),
        #[cfg(feature = "bench")]
        Command::Corpus(args) => commands::corpus::run(args),
        #[cfg(feature = "bench")]
        Command::Bench(args) => commands::bench::run(args),
    };
    match result {
        Ok(code) => code,
        // The reader of the output went away (`plenary search … | head`): nothing is
        // wrong, and there is no one left to tell, as with ripgrep.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {}", describe(&error));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each said once: a library error that writes its cause into
/// its own message ("cannot read x: No such file or directory") is not followed by that
/// cause again.
fn describe(error: &anyhow::Error) -> String {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    message
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io_error| io_error.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    // The PDF library warns of its own lenient fallbacks (an encoding it cannot read),
    // dumping whole font dictionaries: nothing a user acts on. A file it cannot read is
    // reported by the run with its name and reason.
    let filter = EnvFilter::try_from_env("PLENARY_LOG")
        .unwrap_or_else(|_| EnvFilter::new("warn,lopdf=error"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colour codes only where a terminal reads them, not in a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .init();
}
