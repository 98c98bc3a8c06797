//! `plenary eval`: compares what Plenary reads with a labels file.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::Taxonomy;
use plenary_enrich::Enricher;
use plenary_eval::topic_train::is_upr_held_out;
use plenary_eval::{
    Evaluation, GroupScore, TopicEvaluation, evaluate, evaluate_real, evaluate_upr,
    evaluate_upr_rows, read_labels,
};
use plenary_parse::ParseLimits;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labels, one JSON object per line, in the form of corpus/expected.jsonl.
    #[arg(long, required_unless_present_any = ["real", "upr"])]
    pub labels: Option<PathBuf>,
    /// A folder of real texts labelled by topic (`labels.jsonl` and `texts/`, the form of
    /// `shared/labels-real/`): topic scores per topic, language and source, and the
    /// agreement of the language versions of one symbol.
    #[arg(long, conflicts_with_all = ["labels", "upr"])]
    pub real: Option<PathBuf>,
    /// UPR Info recommendations with their issue tags (`.csv` or `.csv.gz`): topic scores
    /// on the tags that name a topic.
    #[arg(long, conflicts_with = "labels")]
    pub upr: Option<PathBuf>,
    /// Read only the first rows of `--upr`.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Score only the rows of `--upr` the topic model was not trained on (one in five).
    #[arg(long, requires = "upr")]
    pub held_out: bool,
    /// Tag with the rules alone, even where the taxonomy turns the topic model on.
    #[arg(long)]
    pub no_model: bool,
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
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    let enricher = if args.no_model {
        Enricher::with_model(&taxonomy, None)
    } else {
        Enricher::new(&taxonomy)
    };
    if args.real.is_some() || args.upr.is_some() {
        let (what, evaluation) = match (&args.real, &args.upr) {
            (Some(dir), _) => (
                format!("real texts of {}", dir.display()),
                evaluate_real(dir, &enricher)?,
            ),
            (None, Some(path)) => (
                format!("UPR recommendations of {}", path.display()),
                if args.held_out {
                    evaluate_upr_rows(path, &enricher, args.limit, &is_upr_held_out)?
                } else {
                    evaluate_upr(path, &enricher, args.limit)?
                },
            ),
            (None, None) => unreachable!("checked above"),
        };
        if args.json {
            println!("{}", serde_json::to_string_pretty(&evaluation)?);
        } else {
            print_topic_evaluation(&what, &evaluation, args.verbose);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let labels_path = args.labels.context("give --labels, --real or --upr")?;
    let labels = read_labels(&labels_path)?;
    let base = match &args.base {
        Some(base) => base.clone(),
        None => labels_path
            .parent()
            .map(PathBuf::from)
            .context("the labels file has no folder")?,
    };
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

fn print_topic_evaluation(what: &str, evaluation: &TopicEvaluation, verbose: bool) {
    println!(
        "{}: {} items tagged, {} unread",
        what,
        evaluation.overall.items,
        evaluation.unread.len()
    );
    println!();
    println!(
        "{:<24} {:>9} {:>7} {:>6}   tp   fp   fn",
        "topic", "precision", "recall", "F1"
    );
    for (slug, score) in &evaluation.topics {
        println!(
            "{:<24} {:>9.3} {:>7.3} {:>6.3} {:>4} {:>4} {:>4}",
            slug,
            score.precision,
            score.recall,
            score.f1,
            score.true_positives,
            score.false_positives,
            score.false_negatives
        );
    }
    println!();
    println!(
        "{:<24} {:>5} {:>9} {:>7} {:>6} {:>8}",
        "group", "items", "precision", "recall", "F1", "macro-F1"
    );
    let row = |name: &str, group: &GroupScore| {
        println!(
            "{:<24} {:>5} {:>9.3} {:>7.3} {:>6.3} {:>8.3}",
            name, group.items, group.precision, group.recall, group.f1, group.macro_f1
        );
    };
    row("all (micro)", &evaluation.overall);
    for (language, group) in &evaluation.languages {
        row(&format!("language {language}"), group);
    }
    for (source, group) in &evaluation.sources {
        row(&format!("source {source}"), group);
    }
    let agreement = &evaluation.agreement;
    if agreement.pairs > 0 {
        println!();
        println!(
            "language versions: {} symbols, {} pairs, topic agreement (Jaccard) {:.3} indexed together, {:.3} tagged alone, labels' own {:.3}",
            agreement.symbols,
            agreement.pairs,
            agreement.tagged,
            agreement.tagged_alone,
            agreement.labelled
        );
    }
    for (file, reason) in &evaluation.unread {
        println!("unread {file}: {reason}");
    }
    if verbose {
        println!();
        for mismatch in &evaluation.mismatches {
            println!(
                "{} ({}, {}): missed {:?}, extra {:?}",
                mismatch.file, mismatch.language, mismatch.source, mismatch.missed, mismatch.extra
            );
        }
    }
}
