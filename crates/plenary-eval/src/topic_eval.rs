//! Measures topic tagging on real text: a folder of texts labelled by a reader
//! (`labels.jsonl` beside `texts/`, the form of `shared/labels-real/`), with precision,
//! recall and F1 per topic, per language and per source, and the agreement of the
//! language versions of one UN symbol; and UPR Info's recommendations with their issue
//! tags (weak labels made by UPR Info's staff, mapped to our topics).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use plenary_core::Document;
use plenary_enrich::Enricher;
use plenary_parse::ParseLimits;
use serde::{Deserialize, Serialize};

use crate::EvalError;
use crate::evaluate::TopicScore;

/// One line of a real-text labels file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct RealLabel {
    /// Item number.
    pub n: u32,
    /// File name under `texts/`.
    pub file: String,
    /// Where the text comes from (`unpc-devset`, `upr-info-recommendations`, ...).
    pub source: String,
    /// The record in its source; for the UN Parallel Corpus `SYMBOL#lang`.
    pub record: String,
    pub language: String,
    /// Topics, parents included.
    #[serde(default)]
    pub topics: Vec<String>,
}

impl RealLabel {
    /// The UN symbol of a document that exists in several language versions.
    pub fn symbol(&self) -> Option<&str> {
        if self.source != "unpc-devset" {
            return None;
        }
        self.record.split_once('#').map(|(symbol, _)| symbol)
    }
}

/// Reads `labels.jsonl` of a real-text labels folder.
pub fn read_real_labels(path: &Path) -> Result<Vec<RealLabel>, EvalError> {
    crate::evaluate::read_json_lines(path, |line| serde_json::from_str(line))
}

/// Micro precision, recall, F1 and macro-F1 over a group of items.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GroupScore {
    pub items: u32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub macro_f1: f64,
}

/// How much the language versions of one symbol agree on their topics.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Agreement {
    /// Symbols present in two languages or more.
    pub symbols: u32,
    /// Pairs of versions compared.
    pub pairs: u32,
    /// Mean Jaccard similarity of the topic sets of two versions (both empty: 1), once
    /// the versions agree as they do when indexed together.
    pub tagged: f64,
    /// The same, of each version tagged alone, before they agree.
    pub tagged_alone: f64,
    /// The same, of the reader's labels: the ceiling the tagger can reach.
    pub labelled: f64,
}

/// One item where the tagger and the reader disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicMismatch {
    pub file: String,
    pub language: String,
    pub source: String,
    pub missed: Vec<String>,
    pub extra: Vec<String>,
}

/// The result of [`evaluate_real`] or [`evaluate_upr`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicEvaluation {
    pub overall: GroupScore,
    pub topics: BTreeMap<String, TopicScore>,
    pub languages: BTreeMap<String, GroupScore>,
    pub sources: BTreeMap<String, GroupScore>,
    pub agreement: Agreement,
    pub mismatches: Vec<TopicMismatch>,
    /// Items whose text could not be read, with the reason.
    pub unread: Vec<(String, String)>,
}

/// Expected and tagged topics of one item.
struct Outcome<'a> {
    label: &'a RealLabel,
    tagged: BTreeSet<String>,
}

/// Tags every labelled text of `dir` (`labels.jsonl`, `texts/`) as `plenary index` reads
/// a text file, and compares with the labels. A file read as several items (a news page)
/// gets the topics of all of them.
pub fn evaluate_real(dir: &Path, enricher: &Enricher) -> Result<TopicEvaluation, EvalError> {
    evaluate_real_with(dir, enricher, &|_, document| {
        document.topic_slugs().map(str::to_string).collect()
    })
}

/// [`evaluate_real`] with the topics of each document read from a labelled text given by
/// `topics_of` (the document as the enricher made it, and its label), before the
/// language versions agree.
pub fn evaluate_real_with(
    dir: &Path,
    enricher: &Enricher,
    topics_of: &dyn Fn(&RealLabel, &Document) -> BTreeSet<String>,
) -> Result<TopicEvaluation, EvalError> {
    let labels = read_real_labels(&dir.join("labels.jsonl"))?;
    let limits = ParseLimits::default();
    let mut unread = Vec::new();
    let mut outcomes = Vec::with_capacity(labels.len());
    for label in &labels {
        let path: PathBuf = dir.join("texts").join(&label.file);
        let parsed = match plenary_parse::parse_file(&path, &limits) {
            Ok(parsed) => parsed,
            Err(error) => {
                unread.push((label.file.clone(), error.to_string()));
                continue;
            }
        };
        let tagged = enricher
            .documents_from_file(&path.display().to_string(), &parsed)
            .iter()
            .flat_map(|document| topics_of(label, document))
            .collect();
        outcomes.push(Outcome { label, tagged });
    }
    let tagged_alone = score(&outcomes).agreement.tagged;
    // The language versions of one symbol agree, as they do when indexed together.
    let mut by_symbol: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, outcome) in outcomes.iter().enumerate() {
        if let Some(symbol) = outcome.label.symbol() {
            by_symbol.entry(symbol).or_default().push(index);
        }
    }
    for indices in by_symbol.values().filter(|indices| indices.len() > 1) {
        let mut agreed = plenary_enrich::versions::agreed_topics(
            indices.iter().map(|index| &outcomes[*index].tagged),
        );
        for topic in agreed.clone() {
            for ancestor in enricher.tagger().taxonomy().ancestors(&topic) {
                agreed.insert(ancestor.slug.clone());
            }
        }
        for index in indices {
            outcomes[*index].tagged = agreed.clone();
        }
    }
    let mut evaluation = score(&outcomes);
    evaluation.agreement.tagged_alone = tagged_alone;
    evaluation.unread = unread;
    Ok(evaluation)
}

/// The UPR Info issue tags that name one of our topics. "Women's rights" is left out:
/// it covers participation and discrimination as much as violence, so it says nothing
/// of `violence-against-women`; "Torture and other CID treatment" is not `prisons`.
pub const UPR_TAG_TOPICS: [(&str, &str); 6] = [
    ("Death penalty", "death-penalty"),
    ("Trafficking", "human-trafficking"),
    ("Corruption", "corruption"),
    ("Counter-terrorism", "terrorism"),
    ("Rights of the Child", "children"),
    ("Detention", "prisons"),
];

/// Tags UPR recommendations (`upr_info_recommendations_*.csv`, gzip-compressed or not)
/// one by one as short documents, and compares with their issue tags mapped by
/// [`UPR_TAG_TOPICS`]; only the mapped topics are scored. `limit` reads the first rows only.
pub fn evaluate_upr(
    path: &Path,
    enricher: &Enricher,
    limit: Option<usize>,
) -> Result<TopicEvaluation, EvalError> {
    evaluate_upr_rows(path, enricher, limit, &|_| true)
}

/// A UPR Info recommendations file (CSV, gzipped or not) opened for reading, with the
/// columns Plenary reads: the text, the issue tags and the row id when it has one.
pub(crate) struct UprFile {
    pub csv: csv::Reader<Box<dyn Read>>,
    pub text: usize,
    pub issue: usize,
    pub id: Option<usize>,
}

pub(crate) fn open_upr(path: &Path) -> Result<UprFile, EvalError> {
    let file = fs::File::open(path).map_err(|source| EvalError::Input {
        path: path.to_path_buf(),
        source,
    })?;
    let reader: Box<dyn Read> = if path.extension().is_some_and(|ext| ext == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let labels_error = EvalError::labels_of(path);
    let mut csv = csv::Reader::from_reader(reader);
    let headers = csv
        .headers()
        .map_err(|error| labels_error(error.to_string()))?
        .clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let required =
        |name: &str| column(name).ok_or_else(|| labels_error(format!("no `{name}` column")));
    Ok(UprFile {
        text: required("Text")?,
        issue: required("Issue")?,
        id: column("rec_id"),
        csv,
    })
}

/// [`evaluate_upr`] over the rows whose `rec_id` `keep` accepts (a row without one is
/// named `row N`), e.g. those the topic model was not trained on
/// ([`crate::topic_train::is_upr_held_out`]).
pub fn evaluate_upr_rows(
    path: &Path,
    enricher: &Enricher,
    limit: Option<usize>,
    keep: &dyn Fn(&str) -> bool,
) -> Result<TopicEvaluation, EvalError> {
    let labels_error = EvalError::labels_of(path);
    let UprFile {
        mut csv,
        text: text_column,
        issue: issue_column,
        id: id_column,
    } = open_upr(path)?;
    let scored: BTreeSet<&str> = UPR_TAG_TOPICS.iter().map(|(_, topic)| *topic).collect();
    let mut labels = Vec::new();
    let mut tagged_sets = Vec::new();
    for (row_number, row) in csv.records().enumerate() {
        if limit.is_some_and(|limit| row_number >= limit) {
            break;
        }
        let row = row.map_err(|error| labels_error(format!("row {}: {error}", row_number + 1)))?;
        let text = row.get(text_column).unwrap_or_default();
        let issues = row.get(issue_column).unwrap_or_default();
        let topics: Vec<String> = issues
            .split(',')
            .filter_map(|tag| {
                UPR_TAG_TOPICS
                    .iter()
                    .find(|(name, _)| *name == tag.trim())
                    .map(|(_, topic)| topic.to_string())
            })
            .collect();
        let id = id_column
            .and_then(|column| row.get(column))
            .map_or_else(|| format!("row {}", row_number + 1), str::to_string);
        if !keep(&id) {
            continue;
        }
        let mut assignments = enricher.tagger().tag(text);
        enricher.add_model_topics("en", text, &mut assignments);
        let tagged: BTreeSet<String> = assignments
            .into_iter()
            .map(|assignment| assignment.slug)
            .filter(|slug| scored.contains(slug.as_str()))
            .collect();
        labels.push(RealLabel {
            n: u32::try_from(row_number + 1).unwrap_or(u32::MAX),
            file: id,
            source: "upr-info-recommendations".to_string(),
            record: String::new(),
            language: "en".to_string(),
            topics,
        });
        tagged_sets.push(tagged);
    }
    let outcomes: Vec<Outcome> = labels
        .iter()
        .zip(tagged_sets)
        .map(|(label, tagged)| Outcome { label, tagged })
        .collect();
    let mut evaluation = score(&outcomes);
    evaluation
        .topics
        .retain(|slug, _| scored.contains(slug.as_str()));
    evaluation.overall = group_score(&outcomes, |_| true, Some(&scored));
    Ok(evaluation)
}

fn score(outcomes: &[Outcome]) -> TopicEvaluation {
    let mut evaluation = TopicEvaluation {
        overall: group_score(outcomes, |_| true, None),
        topics: topic_scores(outcomes.iter(), None),
        ..TopicEvaluation::default()
    };
    let languages: BTreeSet<&str> = outcomes.iter().map(|o| o.label.language.as_str()).collect();
    for language in languages {
        let group = group_score(outcomes, |o| o.label.language == language, None);
        evaluation.languages.insert(language.to_string(), group);
    }
    let sources: BTreeSet<&str> = outcomes.iter().map(|o| o.label.source.as_str()).collect();
    for source in sources {
        let group = group_score(outcomes, |o| o.label.source == source, None);
        evaluation.sources.insert(source.to_string(), group);
    }
    evaluation.agreement = agreement(outcomes);
    for outcome in outcomes {
        let expected: BTreeSet<String> = outcome.label.topics.iter().cloned().collect();
        if expected != outcome.tagged {
            evaluation.mismatches.push(TopicMismatch {
                file: outcome.label.file.clone(),
                language: outcome.label.language.clone(),
                source: outcome.label.source.clone(),
                missed: expected.difference(&outcome.tagged).cloned().collect(),
                extra: outcome.tagged.difference(&expected).cloned().collect(),
            });
        }
    }
    evaluation
}

/// Per-topic counts and scores over `outcomes`; `only` restricts the topics counted.
fn topic_scores<'a>(
    outcomes: impl Iterator<Item = &'a Outcome<'a>>,
    only: Option<&BTreeSet<&str>>,
) -> BTreeMap<String, TopicScore> {
    let mut scores: BTreeMap<String, TopicScore> = BTreeMap::new();
    for outcome in outcomes {
        let expected: BTreeSet<&str> = outcome.label.topics.iter().map(String::as_str).collect();
        let tagged: BTreeSet<&str> = outcome.tagged.iter().map(String::as_str).collect();
        for slug in expected.union(&tagged) {
            if only.is_some_and(|only| !only.contains(slug)) {
                continue;
            }
            let score = scores.entry(slug.to_string()).or_default();
            match (expected.contains(slug), tagged.contains(slug)) {
                (true, true) => score.true_positives += 1,
                (true, false) => score.false_negatives += 1,
                (false, true) => score.false_positives += 1,
                (false, false) => {}
            }
        }
    }
    for score in scores.values_mut() {
        let (precision, recall, f1) = ratios(
            score.true_positives,
            score.false_positives,
            score.false_negatives,
        );
        score.precision = precision;
        score.recall = recall;
        score.f1 = f1;
    }
    scores
}

fn group_score(
    outcomes: &[Outcome],
    member: impl Fn(&Outcome) -> bool,
    only: Option<&BTreeSet<&str>>,
) -> GroupScore {
    let members: Vec<&Outcome> = outcomes.iter().filter(|o| member(o)).collect();
    let topics = topic_scores(members.iter().copied(), only);
    let sum = |count: fn(&TopicScore) -> u32| topics.values().map(count).sum::<u32>();
    let (precision, recall, f1) = ratios(
        sum(|s| s.true_positives),
        sum(|s| s.false_positives),
        sum(|s| s.false_negatives),
    );
    let macro_f1 = if topics.is_empty() {
        1.0
    } else {
        topics.values().map(|score| score.f1).sum::<f64>() / topics.len() as f64
    };
    GroupScore {
        items: u32::try_from(members.len()).unwrap_or(u32::MAX),
        precision,
        recall,
        f1,
        macro_f1,
    }
}

/// Precision, recall and F1 from counts; a ratio with nothing to count is 1.
fn ratios(true_positives: u32, false_positives: u32, false_negatives: u32) -> (f64, f64, f64) {
    let tp = f64::from(true_positives);
    let predicted = tp + f64::from(false_positives);
    let relevant = tp + f64::from(false_negatives);
    let precision = if predicted > 0.0 { tp / predicted } else { 1.0 };
    let recall = if relevant > 0.0 { tp / relevant } else { 1.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

fn jaccard(a: &BTreeSet<&str>, b: &BTreeSet<&str>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

fn agreement(outcomes: &[Outcome]) -> Agreement {
    let mut by_symbol: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for outcome in outcomes {
        if let Some(symbol) = outcome.label.symbol() {
            by_symbol.entry(symbol).or_default().push(outcome);
        }
    }
    let mut result = Agreement::default();
    let (mut tagged_sum, mut labelled_sum) = (0.0, 0.0);
    for versions in by_symbol.values().filter(|versions| versions.len() > 1) {
        result.symbols += 1;
        for (index, first) in versions.iter().enumerate() {
            for second in &versions[index + 1..] {
                result.pairs += 1;
                let set = |o: &Outcome| -> BTreeSet<String> { o.tagged.clone() };
                let (a, b) = (set(first), set(second));
                tagged_sum += jaccard(
                    &a.iter().map(String::as_str).collect(),
                    &b.iter().map(String::as_str).collect(),
                );
                labelled_sum += jaccard(
                    &first.label.topics.iter().map(String::as_str).collect(),
                    &second.label.topics.iter().map(String::as_str).collect(),
                );
            }
        }
    }
    if result.pairs > 0 {
        result.tagged = tagged_sum / f64::from(result.pairs);
        result.labelled = labelled_sum / f64::from(result.pairs);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(file: &str, record: &str, language: &str, topics: &[&str]) -> RealLabel {
        RealLabel {
            n: 1,
            file: file.to_string(),
            source: "unpc-devset".to_string(),
            record: record.to_string(),
            language: language.to_string(),
            topics: topics.iter().map(|topic| topic.to_string()).collect(),
        }
    }

    fn tagged(topics: &[&str]) -> BTreeSet<String> {
        topics.iter().map(|topic| topic.to_string()).collect()
    }

    #[test]
    fn scores_count_each_topic_of_each_item() {
        let labels = [
            label("1.txt", "A/1#en", "en", &["corruption", "prisons"]),
            label("2.txt", "A/1#fr", "fr", &["corruption"]),
            label("3.txt", "B/2#fr", "fr", &[]),
        ];
        let outcomes = vec![
            Outcome {
                label: &labels[0],
                tagged: tagged(&["corruption"]),
            },
            Outcome {
                label: &labels[1],
                tagged: tagged(&["corruption", "terrorism"]),
            },
            Outcome {
                label: &labels[2],
                tagged: tagged(&[]),
            },
        ];
        let evaluation = score(&outcomes);
        let corruption = &evaluation.topics["corruption"];
        assert_eq!(
            (corruption.true_positives, corruption.false_positives),
            (2, 0)
        );
        assert_eq!(evaluation.topics["prisons"].false_negatives, 1);
        assert_eq!(evaluation.topics["terrorism"].false_positives, 1);
        // 2 right of 3 tagged, 2 found of 3 labelled.
        assert!((evaluation.overall.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((evaluation.overall.recall - 2.0 / 3.0).abs() < 1e-9);
        // corruption 1, prisons 0, terrorism 0.
        assert!((evaluation.overall.macro_f1 - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(evaluation.languages["fr"].items, 2);
        assert!((evaluation.languages["en"].precision - 1.0).abs() < 1e-9);
        // A/1 in two languages: {corruption} against {corruption, terrorism}.
        assert_eq!(
            (evaluation.agreement.symbols, evaluation.agreement.pairs),
            (1, 1)
        );
        assert!((evaluation.agreement.tagged - 0.5).abs() < 1e-9);
        assert!((evaluation.agreement.labelled - 0.5).abs() < 1e-9);
        assert_eq!(evaluation.mismatches.len(), 2);
    }
}
