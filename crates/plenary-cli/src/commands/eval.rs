//! `plenary eval`: compares what Plenary reads with a labels file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::Taxonomy;
use plenary_enrich::Enricher;
use plenary_indexer::{Evaluation, evaluate, read_labels};
use plenary_parse::ParseLimits;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labels, one JSON object per line, in the form of corpus/expected.jsonl.
    #[arg(long)]
    pub labels: PathBuf,
    /// Folder the labels' `file` paths are relative to (default: the labels file's folder).
    #[arg(long)]
    pub base: Option<PathBuf>,
    /// A taxonomy file to tag with instead of the bundled one.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// Print every disagreement.
    #[arg(long, short)]
    pub verbose: bool,
    /// Print the evaluation as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let labels = read_labels(&args.labels)?;
    let base = match &args.base {
        Some(base) => base.clone(),
        None => args
            .labels
            .parent()
            .map(PathBuf::from)
            .context("the labels file has no folder")?,
    };
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    let enricher = Enricher::new(&taxonomy);
    let evaluation = evaluate(&labels, &base, &enricher, &ParseLimits::default());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&evaluation)?);
    } else {
        print_evaluation(&evaluation, args.verbose);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_evaluation(evaluation: &Evaluation, verbose: bool) {
    println!(
        "{} labelled documents read, {} unread",
        evaluation.documents,
        evaluation.unread.len()
    );
    println!();
    println!(
        "{:<24} {:>9} {:>7} {:>6}   tp  fp  fn",
        "topic", "precision", "recall", "F1"
    );
    for (slug, score) in &evaluation.topics {
        println!(
            "{:<24} {:>9.3} {:>7.3} {:>6.3}  {:>3} {:>3} {:>3}",
            slug,
            score.precision,
            score.recall,
            score.f1,
            score.true_positives,
            score.false_positives,
            score.false_negatives
        );
    }
    println!("{:<24} {:>24.3}", "macro-F1", evaluation.topic_macro_f1);
    println!();
    println!(
        "language accuracy (documents ≥ 200 characters): {:.3} of {}",
        evaluation.language_accuracy, evaluation.language_evaluated
    );
    println!();
    println!("{:<22} exact match", "field");
    for (field, (matches, total)) in &evaluation.fields {
        println!(
            "{:<22} {:.3} ({matches}/{total})",
            field,
            f64::from(*matches) / f64::from((*total).max(1))
        );
    }
    if verbose {
        println!();
        for mismatch in evaluation.unread.iter().chain(&evaluation.mismatches) {
            let item = mismatch
                .item
                .map(|item| format!("#{item}"))
                .unwrap_or_default();
            println!(
                "{}{} {}: expected {:?}, read {:?}",
                mismatch.file, item, mismatch.field, mismatch.expected, mismatch.actual
            );
        }
    }
}
