//! `plenary taxonomy train`: trains the statistical topic model beside the taxonomy;
//! `plenary taxonomy word-shares`: counts how common each word is in UN text.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Subcommand};
use plenary_core::Taxonomy;
use plenary_enrich::topic_model::train::TrainSettings;
use plenary_eval::GroupScore;
use plenary_eval::topic_train::{UNPC_DOCS, train_topic_model, word_shares};

#[derive(Debug, Args)]
pub struct TaxonomyArgs {
    #[command(subcommand)]
    pub command: TaxonomyCommand,
}

#[derive(Debug, Subcommand)]
pub enum TaxonomyCommand {
    /// Train the topic model (per-language logistic regressions over words and stems)
    /// from public labelled data, choose its thresholds on real labelled texts by
    /// cross-validation, and write the model file.
    Train(TrainArgs),
    /// Count how many sentences of the UN Parallel Corpus dev set hold each word, per
    /// stemmed language, and write the table of the common ones, from which the tagger
    /// chooses the rarest word of a term as the trigger of the sentences it reads as stems.
    WordShares(WordSharesArgs),
}

#[derive(Debug, Args)]
pub struct WordSharesArgs {
    /// The folder of the public corpora (`unpc-devset/`).
    #[arg(long, default_value = "../shared/corpus-external")]
    pub external: PathBuf,
    /// Where to write the table.
    #[arg(long, default_value = "crates/plenary-enrich/data/word_shares.tsv")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// The folder of the public corpora (`unpc-devset/`, `upr-info-recommendations/`).
    #[arg(long, default_value = "../shared/corpus-external")]
    pub external: PathBuf,
    /// The folder of real labelled texts (`labels.jsonl`, `texts/`), never trained on.
    #[arg(long, default_value = "../shared/labels-real")]
    pub real: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "crates/plenary-enrich/data/topic_model.json")]
    pub out: PathBuf,
    /// A taxonomy file whose rules label the data, instead of the bundled one.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// The seed of the order of the examples.
    #[arg(long, default_value_t = TrainSettings::default().seed)]
    pub seed: u64,
}

pub fn run(args: TaxonomyArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        TaxonomyCommand::Train(args) => train(args),
        TaxonomyCommand::WordShares(args) => write_word_shares(args),
    }
}

fn write_word_shares(args: WordSharesArgs) -> anyhow::Result<ExitCode> {
    let shares = word_shares(&args.external)?;
    let header = format!(
        "The share of the sentences of UN text holding each word (normalized for matching),\n\
         per stemmed language, for the words in at least {} of them.\n\
         Columns: language, word, share.\n\
         Counted on the UN Parallel Corpus dev set ({}; each line\n\
         of a document one sentence) by `plenary taxonomy word-shares`.\n\
         The tagger takes the rarest word of each term as the trigger of the sentences it\n\
         reads as stems; the shares choose the trigger, never a match.",
        plenary_enrich::word_shares::MIN_SHARE,
        UNPC_DOCS
    );
    let text = shares.to_tsv(&header);
    std::fs::write(&args.out, &text)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let counts: Vec<String> = plenary_core::analysis::LANGUAGES
        .iter()
        .filter(|language| shares.len(language) > 0)
        .map(|language| format!("{language} {}", shares.len(language)))
        .collect();
    println!(
        "word shares written to {} ({} bytes; words per language: {})",
        args.out.display(),
        text.len(),
        counts.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    let settings = TrainSettings {
        seed: args.seed,
        ..TrainSettings::default()
    };
    let report = train_topic_model(&args.external, &args.real, &taxonomy, &settings)?;
    let json = serde_json::to_string(&report.model)?;
    std::fs::write(&args.out, format!("{json}\n"))
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "model written to {} ({} bytes)",
        args.out.display(),
        json.len() + 1
    );
    println!();
    println!("{:<4} {:>8}  positives per topic", "lang", "examples");
    for (language, count) in &report.examples {
        let positives: Vec<String> = report.positives[language]
            .iter()
            .filter(|(_, count)| **count > 0)
            .map(|(slug, count)| format!("{slug} {count}"))
            .collect();
        println!("{language:<4} {count:>8}  {}", positives.join(", "));
    }
    println!();
    println!("topics enabled per fold (chosen on the other folds):");
    for (fold, topics) in report.fold_topics.iter().enumerate() {
        println!("  fold {fold}: {}", topics.join(", "));
    }
    println!();
    println!("shipped settings (chosen on all real texts; F1 in-sample, rules → rules and model):");
    for (slug, setting) in &report.model.topics {
        let (rules, combined) = report.choices[slug];
        println!(
            "  {slug:<24} {} threshold {:.2}  F1 {rules:.3} → {combined:.3}",
            if setting.enabled { "on " } else { "off" },
            setting.threshold
        );
    }
    println!();
    println!(
        "real texts, cross-validated ({} folds): rules alone | rules and model",
        plenary_eval::topic_train::FOLDS
    );
    println!(
        "{:<16} {:>5}  {:>5} {:>5} {:>5} {:>5}  | {:>5} {:>5} {:>5} {:>5}",
        "group", "items", "P", "R", "F1", "macro", "P", "R", "F1", "macro"
    );
    let row = |name: &str, rules: &GroupScore, model: &GroupScore| {
        println!(
            "{:<16} {:>5}  {:>5.3} {:>5.3} {:>5.3} {:>5.3}  | {:>5.3} {:>5.3} {:>5.3} {:>5.3}",
            name,
            rules.items,
            rules.precision,
            rules.recall,
            rules.f1,
            rules.macro_f1,
            model.precision,
            model.recall,
            model.f1,
            model.macro_f1
        );
    };
    row(
        "all (micro)",
        &report.rules.overall,
        &report.cross_validated.overall,
    );
    for (language, group) in &report.cross_validated.languages {
        row(
            &format!("language {language}"),
            &report.rules.languages[language],
            group,
        );
    }
    println!();
    println!("{:<24} {:>6} {:>6}", "topic", "rules", "+model");
    for (slug, score) in &report.cross_validated.topics {
        let rules = report.rules.topics.get(slug).map_or(1.0, |score| score.f1);
        println!("{slug:<24} {rules:>6.3} {:>6.3}", score.f1);
    }
    Ok(ExitCode::SUCCESS)
}
