//! `plenary corpus generate`: a synthetic corpus for benchmarks.

use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use plenary_bench::synthetic::{CorpusOptions, SyntheticCorpus};
use plenary_core::Taxonomy;
use plenary_core::analysis::LANGUAGES;

#[derive(Debug, Args)]
pub struct CorpusArgs {
    #[command(subcommand)]
    pub command: CorpusCommand,
}

#[derive(Debug, Subcommand)]
pub enum CorpusCommand {
    /// Write a deterministic synthetic corpus in the JSON Lines input format.
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Documents to generate.
    #[arg(long)]
    pub docs: u64,
    /// The JSON Lines file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// The seed: the same seed gives the same bytes.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Also write the topics each document was generated about.
    #[arg(long)]
    pub with_topics: bool,
    /// Also write each document's language; indexing then skips language detection for
    /// these records, so leave it out to benchmark detection.
    #[arg(long)]
    pub with_language: bool,
}

pub fn run(args: CorpusArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        CorpusCommand::Generate(args) => generate(args),
    }
}

fn generate(args: GenerateArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let file =
        File::create(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    let options = CorpusOptions {
        seed: args.seed,
        include_topics: args.with_topics,
        include_language: args.with_language,
    };
    let mut corpus = SyntheticCorpus::new(options, &Taxonomy::bundled());
    let generated = corpus
        .write_jsonl(args.docs, BufWriter::with_capacity(1 << 20, file))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let shares: Vec<String> = LANGUAGES
        .iter()
        .zip(generated.documents_by_language)
        .map(|(code, count)| format!("{code} {count}"))
        .collect();
    println!(
        "wrote {} documents, {:.1} MB, to {} (seed {}) in {:.1} s; languages: {}",
        generated.documents,
        generated.bytes as f64 / 1e6,
        args.out.display(),
        args.seed,
        seconds,
        shares.join(", ")
    );
    println!(
        "reproduce: plenary corpus generate --docs {} --out {} --seed {}{}{}",
        args.docs,
        args.out.display(),
        args.seed,
        if args.with_topics {
            " --with-topics"
        } else {
            ""
        },
        if args.with_language {
            " --with-language"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}
