//! Trains the statistical topic model (`plenary taxonomy train`) from public labelled
//! data, and measures it on the real labelled texts by cross-validation.
//!
//! * UPR Info recommendations (English): the issue tags that match our definitions
//!   ([`UPR_TRAINED_TAGS`]) label their topics; the rules, run on the English text,
//!   label the others. One row in five ([`is_upr_held_out`]) is kept out of training
//!   to measure on, and another ([`is_upr_validation`]) to choose the thresholds of the
//!   topics trained on tags, together with the real texts.
//! * The UN Parallel Corpus dev set: the rules' topics of each document's English
//!   version label all six versions, which teaches the other languages' words.
//! * Real labelled texts (`labels.jsonl`, `texts/`): never trained on. Their UN
//!   symbols and UPR rows are left out of the data above, and they choose, by k-fold
//!   cross-validation, each topic's threshold and whether the model is used for it:
//!   each fold is measured with the settings chosen on the other folds, so no reported
//!   figure comes from a text that chose its own setting. The shipped settings are
//!   chosen on all folds.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use plenary_core::analysis::LANGUAGES;
use plenary_core::{Document, Taxonomy};
use plenary_enrich::Enricher;
use plenary_enrich::topic_model::features::terms;
use plenary_enrich::topic_model::train::{
    Example, THRESHOLDS, TrainSettings, choose_threshold, model_file, stable_hash, train_language,
};
use plenary_enrich::topic_model::{ModelFile, TopicModel, TopicSetting};
use plenary_enrich::word_shares::WordShares;
use serde::Deserialize;

use crate::EvalError;
use crate::topic_eval::{
    RealLabel, TopicEvaluation, UPR_TAG_TOPICS, UprFile, evaluate_real_with, open_upr,
    read_real_labels,
};

/// The UPR Info tags trained on as labels; the other topics of a recommendation are
/// the rules'. "Rights of the Child" and "Detention" are broader than our `children`
/// and `prisons` (see the labelling rules), so the rules label those.
pub const UPR_TRAINED_TAGS: [&str; 4] = [
    "Death penalty",
    "Trafficking",
    "Corruption",
    "Counter-terrorism",
];

/// Folds of the cross-validation on the real labelled texts.
pub const FOLDS: u64 = 5;

/// Whether a UPR recommendation is kept out of training, to measure on: one in five,
/// by its number.
pub fn is_upr_held_out(rec_id: &str) -> bool {
    rec_id
        .trim_start_matches("upr")
        .parse::<u64>()
        .is_ok_and(|number| number % 5 == 0)
}

/// Whether a UPR recommendation is kept out of training to choose thresholds on: one in
/// five, by its number, beside those held out.
pub fn is_upr_validation(rec_id: &str) -> bool {
    rec_id
        .trim_start_matches("upr")
        .parse::<u64>()
        .is_ok_and(|number| number % 5 == 1)
}

/// A UPR recommendation kept to choose thresholds on: its text, the topics its trained
/// tags give, and the rules' topics as `plenary eval --upr` tags it.
struct Validation {
    text: String,
    tagged: BTreeSet<String>,
    rules: BTreeSet<String>,
}

/// The fold of a labelled text: the versions of one UN symbol share one.
pub fn fold_of(label: &RealLabel) -> u64 {
    let group = label.symbol().unwrap_or(&label.file);
    stable_hash(group) % FOLDS
}

/// What a training run made and measured.
#[derive(Debug)]
pub struct TrainReport {
    pub model: ModelFile,
    /// Examples and positives per language and topic.
    pub examples: BTreeMap<String, usize>,
    pub positives: BTreeMap<String, BTreeMap<String, usize>>,
    /// The real texts tagged by the rules alone.
    pub rules: TopicEvaluation,
    /// The real texts tagged by rules and model, each fold with the settings of the others.
    pub cross_validated: TopicEvaluation,
    /// Per topic: F1 of the rules and of rules and model on all real texts (in-sample),
    /// when the shipped threshold was chosen.
    pub choices: BTreeMap<String, (f64, f64)>,
    /// Per fold, the topics enabled.
    pub fold_topics: Vec<Vec<String>>,
}

#[derive(Deserialize)]
struct UnpcRecord {
    symbol: String,
    lang: String,
    text: String,
}

fn input_error(path: &Path) -> impl Fn(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Input {
        path: path.to_path_buf(),
        source,
    }
}

fn gz_reader(path: &Path) -> Result<Box<dyn Read>, EvalError> {
    let file = fs::File::open(path).map_err(input_error(path))?;
    Ok(Box::new(flate2::read::GzDecoder::new(file)))
}

/// The rules' topics of an English text, parents included.
fn rules_topics(enricher: &Enricher, text: &str) -> BTreeSet<String> {
    enricher
        .tagger()
        .tag_in(Some("en"), "", text)
        .into_iter()
        .map(|assignment| assignment.slug)
        .collect()
}

fn with_ancestors(taxonomy: &Taxonomy, topics: &mut BTreeSet<String>) {
    for topic in topics.clone() {
        for ancestor in taxonomy.ancestors(&topic) {
            topics.insert(ancestor.slug.clone());
        }
    }
}

/// The training examples of UPR recommendations, English.
fn upr_examples(
    path: &Path,
    enricher: &Enricher,
    excluded: &BTreeSet<String>,
) -> Result<(Vec<Example>, Vec<Validation>), EvalError> {
    let labels_error = EvalError::labels_of(path);
    let UprFile {
        mut csv,
        text: text_column,
        issue: issue_column,
        id,
    } = open_upr(path)?;
    let id_column = id.ok_or_else(|| labels_error("no `rec_id` column".to_string()))?;
    let trained: BTreeSet<&str> = UPR_TAG_TOPICS
        .iter()
        .filter(|(tag, _)| UPR_TRAINED_TAGS.contains(tag))
        .map(|(_, topic)| *topic)
        .collect();
    let taxonomy = enricher.tagger().taxonomy();
    let mut examples = Vec::new();
    let mut validation = Vec::new();
    for row in csv.records() {
        let row = row.map_err(|error| labels_error(error.to_string()))?;
        let id = row.get(id_column).unwrap_or_default();
        if is_upr_held_out(id) || excluded.contains(id) {
            continue;
        }
        let text = row.get(text_column).unwrap_or_default();
        if is_upr_validation(id) {
            let tagged = row
                .get(issue_column)
                .unwrap_or_default()
                .split(',')
                .filter_map(|tag| UPR_TAG_TOPICS.iter().find(|(name, _)| *name == tag.trim()))
                .map(|(_, topic)| topic.to_string())
                .collect();
            let rules = enricher
                .tagger()
                .tag(text)
                .into_iter()
                .map(|assignment| assignment.slug)
                .collect();
            validation.push(Validation {
                text: text.to_string(),
                tagged,
                rules,
            });
            continue;
        }
        let mut topics: BTreeSet<String> = rules_topics(enricher, text)
            .into_iter()
            .filter(|topic| !trained.contains(topic.as_str()))
            .collect();
        for tag in row.get(issue_column).unwrap_or_default().split(',') {
            if let Some((_, topic)) = UPR_TAG_TOPICS
                .iter()
                .find(|(name, topic)| *name == tag.trim() && trained.contains(topic))
            {
                topics.insert(topic.to_string());
            }
        }
        // A parent the rules gave stays; the tags' topics bring theirs.
        with_ancestors(taxonomy, &mut topics);
        examples.push(Example::new("en", text, topics));
    }
    Ok((examples, validation))
}

/// The training examples of the UN Parallel Corpus dev set, per language.
fn unpc_examples(
    path: &Path,
    enricher: &Enricher,
    excluded: &BTreeSet<String>,
) -> Result<BTreeMap<String, Vec<Example>>, EvalError> {
    let mut by_symbol: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for line in BufReader::new(gz_reader(path)?).lines() {
        let line = line.map_err(input_error(path))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: UnpcRecord = serde_json::from_str(&line)
            .map_err(|error| EvalError::labels_of(path)(error.to_string()))?;
        if excluded.contains(&record.symbol) {
            continue;
        }
        by_symbol
            .entry(record.symbol)
            .or_default()
            .insert(record.lang, record.text);
    }
    let mut examples: BTreeMap<String, Vec<Example>> = BTreeMap::new();
    for versions in by_symbol.values() {
        let Some(english) = versions.get("en") else {
            continue;
        };
        let topics = rules_topics(enricher, english);
        for (language, text) in versions {
            examples
                .entry(language.clone())
                .or_default()
                .push(Example::new(language, text, topics.clone()));
        }
    }
    Ok(examples)
}

/// Where the UN Parallel Corpus dev set lies under the folder of the public corpora.
pub const UNPC_DOCS: &str = "unpc-devset/unpc_devset_docs.jsonl.gz";

/// The share of sentences holding each common word in the UN Parallel Corpus dev set
/// under `external` (`shared/corpus-external`), per stemmed language: each line of a
/// document is one of its sentences. Nothing else is read, so the table follows from
/// the corpus alone.
pub fn word_shares(external: &Path) -> Result<WordShares, EvalError> {
    let path = external.join(UNPC_DOCS);
    let mut sentences: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in BufReader::new(gz_reader(&path)?).lines() {
        let line = line.map_err(input_error(&path))?;
        if line.trim().is_empty() {
            continue;
        }
        let record: UnpcRecord = serde_json::from_str(&line)
            .map_err(|error| EvalError::labels_of(&path)(error.to_string()))?;
        sentences.entry(record.lang).or_default().extend(
            record
                .text
                .lines()
                .filter(|sentence| !sentence.trim().is_empty())
                .map(str::to_string),
        );
    }
    let mut shares = WordShares::default();
    for (language, sentences) in &sentences {
        shares.count(language, sentences.iter().map(String::as_str));
    }
    Ok(shares)
}

/// Trains the model from `external` (`shared/corpus-external`) and chooses its settings
/// on the real labelled texts of `real` (`shared/labels-real`), by cross-validation.
pub fn train_topic_model(
    external: &Path,
    real: &Path,
    taxonomy: &Taxonomy,
    settings: &TrainSettings,
) -> Result<TrainReport, EvalError> {
    let rules = Enricher::with_model(taxonomy, None);
    let labels = read_real_labels(&real.join("labels.jsonl"))?;
    let mut excluded: BTreeSet<String> = BTreeSet::new();
    for label in &labels {
        match label.source.as_str() {
            "unpc-devset" => excluded.extend(label.symbol().map(str::to_string)),
            "upr-info-recommendations" => {
                excluded.insert(label.record.clone());
            }
            _ => {}
        }
    }
    let mut examples = unpc_examples(&external.join(UNPC_DOCS), &rules, &excluded)?;
    let (upr, validation) = upr_examples(
        &external.join("upr-info-recommendations/upr_info_recommendations_s1-20.csv.gz"),
        &rules,
        &excluded,
    )?;
    examples.entry("en".to_string()).or_default().extend(upr);
    let slugs: Vec<String> = taxonomy
        .topics()
        .iter()
        .map(|topic| topic.slug.clone())
        .collect();
    let mut languages = BTreeMap::new();
    let mut counts = BTreeMap::new();
    let mut positives: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for language in LANGUAGES {
        let Some(examples) = examples.get(language) else {
            continue;
        };
        counts.insert(language.to_string(), examples.len());
        for slug in &slugs {
            let count = examples.iter().filter(|e| e.topics.contains(slug)).count();
            positives
                .entry(language.to_string())
                .or_default()
                .insert(slug.clone(), count);
        }
        languages.insert(
            language.to_string(),
            train_language(language, examples, &slugs, settings),
        );
    }
    let disabled: BTreeMap<String, TopicSetting> = slugs
        .iter()
        .map(|slug| {
            (
                slug.clone(),
                TopicSetting {
                    enabled: false,
                    threshold: 1.0,
                },
            )
        })
        .collect();
    let trained_on = format!(
        "UPR Info recommendations s1-20 (rows not held out: rec_id number not a multiple of 5; \
         tags {} as labels, the rules' topics otherwise) and the UN Parallel Corpus dev set \
         (the rules' topics of the English version for all six), both without the records of \
         the real labelled texts; settings chosen on the real labelled texts; seed {}, {} epochs, \
         L2 {}, features in at least {} examples, {} kept per topic",
        UPR_TRAINED_TAGS.join(", "),
        settings.seed,
        settings.epochs,
        settings.l2,
        settings.min_count,
        settings.keep
    );
    let mut file = model_file(
        trained_on,
        settings.window,
        settings.max_chars,
        disabled,
        languages,
    );
    let model = TopicModel::from_file(file.clone()).map_err(|error| EvalError::Model {
        message: error.to_string(),
    })?;

    // The rules' topics and the model's probabilities of every real text.
    let probabilities: RefCell<BTreeMap<u32, BTreeMap<String, f32>>> = RefCell::default();
    let rules_evaluation = evaluate_real_with(real, &rules, &|label, document| {
        let mut best = probabilities.borrow_mut();
        let best = best.entry(label.n).or_default();
        for (slug, probability) in document_probabilities(&model, document) {
            let known = best.entry(slug).or_insert(0.0);
            *known = known.max(probability);
        }
        document.topic_slugs().map(str::to_string).collect()
    })?;
    let probabilities = probabilities.into_inner();
    let mut rules_topics_of: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    for label in &labels {
        let topics = rules_evaluation
            .mismatches
            .iter()
            .find(|mismatch| mismatch.file == label.file)
            .map_or_else(
                || label.topics.iter().cloned().collect(),
                |mismatch| {
                    let mut topics: BTreeSet<String> = label.topics.iter().cloned().collect();
                    topics.retain(|topic| !mismatch.missed.contains(topic));
                    topics.extend(mismatch.extra.iter().cloned());
                    topics
                },
            );
        rules_topics_of.insert(label.n, topics);
    }
    // The UPR topics trained on tags also choose on the validation rows.
    let trained: BTreeSet<&str> = UPR_TAG_TOPICS
        .iter()
        .filter(|(tag, _)| UPR_TRAINED_TAGS.contains(tag))
        .map(|(_, topic)| *topic)
        .collect();
    let mut upr_items: BTreeMap<&str, Vec<(bool, f32, bool)>> = BTreeMap::new();
    for row in &validation {
        // A text too long for the model is left to the rules: probability 0.
        let probabilities: BTreeMap<String, f32> = if model.reads(&row.text) {
            model
                .probabilities("en", &terms("en", &row.text))
                .into_iter()
                .collect()
        } else {
            BTreeMap::new()
        };
        for topic in &trained {
            upr_items.entry(topic).or_default().push((
                row.rules.contains(*topic),
                probabilities.get(*topic).copied().unwrap_or(0.0),
                row.tagged.contains(*topic),
            ));
        }
    }
    let choose =
        |members: &dyn Fn(&RealLabel) -> bool| -> BTreeMap<String, (TopicSetting, f64, f64)> {
            slugs
                .iter()
                .map(|slug| {
                    let items: Vec<(bool, f32, bool)> = labels
                        .iter()
                        .filter(|label| members(label))
                        .map(|label| {
                            (
                                rules_topics_of[&label.n].contains(slug),
                                probabilities
                                    .get(&label.n)
                                    .and_then(|topics| topics.get(slug))
                                    .copied()
                                    .unwrap_or(0.0),
                                label.topics.contains(slug),
                            )
                        })
                        .collect();
                    let upr = upr_items.get(slug.as_str()).map_or(&[][..], Vec::as_slice);
                    let sets: Vec<&[(bool, f32, bool)]> = if upr.is_empty() {
                        vec![&items]
                    } else {
                        vec![&items, upr]
                    };
                    (slug.clone(), choose_threshold(&sets, &THRESHOLDS, 1e-9))
                })
                .collect()
        };
    let fold_settings: Vec<BTreeMap<String, (TopicSetting, f64, f64)>> = (0..FOLDS)
        .map(|fold| choose(&|label| fold_of(label) != fold))
        .collect();
    let cross_validated = evaluate_real_with(real, &rules, &|label, document| {
        let settings = &fold_settings[fold_of(label) as usize];
        let mut topics: BTreeSet<String> = document.topic_slugs().map(str::to_string).collect();
        for (slug, probability) in document_probabilities(&model, document) {
            if let Some((setting, _, _)) = settings.get(&slug)
                && setting.enabled
                && probability >= setting.threshold
            {
                topics.insert(slug);
            }
        }
        with_ancestors(taxonomy, &mut topics);
        topics
    })?;
    let chosen = choose(&|_| true);
    file.topics = chosen
        .iter()
        .map(|(slug, (setting, _, _))| (slug.clone(), *setting))
        .collect();
    Ok(TrainReport {
        model: file,
        examples: counts,
        positives,
        rules: rules_evaluation,
        cross_validated,
        choices: chosen
            .into_iter()
            .map(|(slug, (_, rules, combined))| (slug, (rules, combined)))
            .collect(),
        fold_topics: fold_settings
            .iter()
            .map(|settings| {
                settings
                    .iter()
                    .filter(|(_, (setting, _, _))| setting.enabled)
                    .map(|(slug, (setting, _, _))| format!("{slug}@{}", setting.threshold))
                    .collect()
            })
            .collect(),
    })
}

/// The model's probability of each topic for a document, in its language.
fn document_probabilities(model: &TopicModel, document: &Document) -> Vec<(String, f32)> {
    if !model.reads(&document.text) {
        return Vec::new();
    }
    model.probabilities(
        &document.language,
        &terms(&document.language, &document.text),
    )
}
