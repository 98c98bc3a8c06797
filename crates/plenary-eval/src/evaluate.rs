//! Compares what Plenary reads off documents with a labels file (`corpus/expected.jsonl`):
//! per-topic precision, recall and F1, language accuracy, metadata exact-match per field.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use plenary_core::Document;
use plenary_enrich::Enricher;
use plenary_parse::ParseLimits;
use serde::{Deserialize, Serialize};

use crate::EvalError;

/// One line of a labels file: what a careful reader assigns to a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelRecord {
    /// Path of the file, relative to the labels file's folder.
    pub file: String,
    /// 1-based item of a multi-item page, `None` for a single-document file.
    pub item: Option<u32>,
    pub symbol: Option<String>,
    pub title: Option<String>,
    pub forum: Option<String>,
    pub session: Option<u32>,
    pub date: Option<String>,
    pub year: Option<i32>,
    pub organization: Option<String>,
    pub consultative_status: Option<String>,
    pub doc_type: Option<String>,
    pub language: Option<String>,
    /// Who speaks: the country's alpha-3 code, its UN regional group, the actor type.
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub actor_type: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// The fields the label states (`null` included): only they are compared, so that a
    /// labels file made from what a corpus states judges those fields alone.
    #[serde(skip)]
    pub stated: BTreeSet<String>,
}

/// Reads a labels file, one JSON object per line.
pub fn read_labels(path: &Path) -> Result<Vec<LabelRecord>, EvalError> {
    read_json_lines(path, |line| {
        let value: serde_json::Value = serde_json::from_str(line)?;
        let stated = value
            .as_object()
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default();
        let mut label: LabelRecord = serde_json::from_value(value)?;
        label.stated = stated;
        Ok(label)
    })
}

/// Reads a file of one JSON object per line with `parse`, blank lines skipped; a bad
/// line is an error naming the file and the line.
pub(crate) fn read_json_lines<T>(
    path: &Path,
    parse: impl Fn(&str) -> Result<T, serde_json::Error>,
) -> Result<Vec<T>, EvalError> {
    let text = fs::read_to_string(path).map_err(|source| EvalError::Input {
        path: path.to_path_buf(),
        source,
    })?;
    let mut records = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = parse(line)
            .map_err(|error| EvalError::labels_of(path)(format!("line {}: {error}", number + 1)))?;
        records.push(record);
    }
    Ok(records)
}

/// Precision, recall and F1 of one topic.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TopicScore {
    pub true_positives: u32,
    pub false_positives: u32,
    pub false_negatives: u32,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// One field where Plenary and the labels disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub file: String,
    pub item: Option<u32>,
    pub field: String,
    pub expected: String,
    pub actual: String,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    pub documents: u32,
    pub topics: BTreeMap<String, TopicScore>,
    pub topic_macro_f1: f64,
    /// Language accuracy on documents of 200 characters or more.
    pub language_accuracy: f64,
    pub language_evaluated: u32,
    /// For each metadata field: (exact matches, labels).
    pub fields: BTreeMap<String, (u32, u32)>,
    pub mismatches: Vec<Mismatch>,
    /// Labels whose document could not be read or found, with the reason.
    pub unread: Vec<Mismatch>,
}

impl Evaluation {
    /// Exact-match rate of a field.
    pub fn field_accuracy(&self, field: &str) -> Option<f64> {
        self.fields
            .get(field)
            .map(|(matches, total)| f64::from(*matches) / f64::from((*total).max(1)))
    }
}

/// Metadata fields compared exactly (the title as [`comparable_title`] makes it), each
/// where the label states it.
pub const EVALUATED_FIELDS: [&str; 13] = [
    "symbol",
    "title",
    "forum",
    "session",
    "date",
    "year",
    "organization",
    "consultative_status",
    "doc_type",
    "language",
    "country",
    "region",
    "actor_type",
];

/// Reads every labelled file under `base_dir` with `enricher` and compares.
pub fn evaluate(
    labels: &[LabelRecord],
    base_dir: &Path,
    enricher: &Enricher,
    limits: &ParseLimits,
) -> Evaluation {
    let mut documents_by_file: HashMap<PathBuf, Result<Vec<Document>, String>> = HashMap::new();
    let mut evaluation = Evaluation::default();
    let mut topic_slugs: BTreeSet<String> = enricher
        .tagger()
        .taxonomy()
        .topics()
        .iter()
        .map(|topic| topic.slug.clone())
        .collect();
    for label in labels {
        topic_slugs.extend(label.topics.iter().cloned());
    }
    let mut topic_counts: BTreeMap<String, TopicScore> = topic_slugs
        .into_iter()
        .map(|slug| (slug, TopicScore::default()))
        .collect();
    let mut language_right = 0u32;

    for label in labels {
        let path = base_dir.join(&label.file);
        let documents = documents_by_file
            .entry(path.clone())
            .or_insert_with(|| read_documents(&path, enricher, limits));
        let unread = |reason: String| Mismatch {
            file: label.file.clone(),
            item: label.item,
            field: "document".to_string(),
            expected: "readable".to_string(),
            actual: reason,
        };
        let document = match documents {
            Err(reason) => {
                evaluation.unread.push(unread(reason.clone()));
                continue;
            }
            Ok(documents) => match (label.item, documents.len()) {
                (None, 1) => &documents[0],
                (None, count) => {
                    evaluation.unread.push(unread(format!(
                        "read as {count} items, labelled as one document"
                    )));
                    continue;
                }
                (Some(item), count) => match documents.get(item.saturating_sub(1) as usize) {
                    Some(document) if count > 1 => document,
                    _ => {
                        evaluation.unread.push(unread(format!(
                            "item {item} not found: read as {count} document(s)"
                        )));
                        continue;
                    }
                },
            },
        };
        evaluation.documents += 1;

        let actual = actual_fields(document);
        let expected = expected_fields(label);
        for field in EVALUATED_FIELDS {
            if !label.stated.contains(field) {
                continue;
            }
            let tally = evaluation.fields.entry(field.to_string()).or_default();
            tally.1 += 1;
            let expected_value = expected.get(field).cloned().unwrap_or_default();
            let actual_value = actual.get(field).cloned().unwrap_or_default();
            if expected_value == actual_value {
                tally.0 += 1;
            } else {
                evaluation.mismatches.push(Mismatch {
                    file: label.file.clone(),
                    item: label.item,
                    field: field.to_string(),
                    expected: expected_value,
                    actual: actual_value,
                });
            }
        }

        if label.stated.contains("language") && document.text.chars().count() >= 200 {
            evaluation.language_evaluated += 1;
            if label.language.as_deref() == Some(document.language.as_str()) {
                language_right += 1;
            }
        }

        // Topics are judged where the label gives them.
        if label.stated.contains("topics") {
            let expected_topics: BTreeSet<&str> = label.topics.iter().map(String::as_str).collect();
            let actual_topics: BTreeSet<&str> = document.topic_slugs().collect();
            for (slug, score) in topic_counts.iter_mut() {
                match (
                    expected_topics.contains(slug.as_str()),
                    actual_topics.contains(slug.as_str()),
                ) {
                    (true, true) => score.true_positives += 1,
                    (false, true) => score.false_positives += 1,
                    (true, false) => score.false_negatives += 1,
                    (false, false) => {}
                }
            }
            if expected_topics != actual_topics {
                evaluation.mismatches.push(Mismatch {
                    file: label.file.clone(),
                    item: label.item,
                    field: "topics".to_string(),
                    expected: expected_topics.into_iter().collect::<Vec<_>>().join(","),
                    actual: actual_topics.into_iter().collect::<Vec<_>>().join(","),
                });
            }
        }
    }

    let mut f1_sum = 0.0;
    let mut f1_topics = 0u32;
    for score in topic_counts.values_mut() {
        let tp = f64::from(score.true_positives);
        let predicted = tp + f64::from(score.false_positives);
        let relevant = tp + f64::from(score.false_negatives);
        score.precision = if predicted > 0.0 { tp / predicted } else { 1.0 };
        score.recall = if relevant > 0.0 { tp / relevant } else { 1.0 };
        score.f1 = if score.precision + score.recall > 0.0 {
            2.0 * score.precision * score.recall / (score.precision + score.recall)
        } else {
            0.0
        };
        // Topics absent from both the labels and the output say nothing about quality.
        if relevant > 0.0 || predicted > 0.0 {
            f1_sum += score.f1;
            f1_topics += 1;
        }
    }
    evaluation.topic_macro_f1 = if f1_topics > 0 {
        f1_sum / f64::from(f1_topics)
    } else {
        0.0
    };
    evaluation.language_accuracy = if evaluation.language_evaluated > 0 {
        f64::from(language_right) / f64::from(evaluation.language_evaluated)
    } else {
        0.0
    };
    evaluation.topics = topic_counts;
    evaluation
}

fn read_documents(
    path: &Path,
    enricher: &Enricher,
    limits: &ParseLimits,
) -> Result<Vec<Document>, String> {
    let source = path.display().to_string();
    if let Some((format, compression)) = plenary_indexer::format_of(path)
        && plenary_indexer::is_bulk(format)
    {
        // A bulk file's documents are its records, in order (`item` counts them from 1).
        let reader = plenary_indexer::open_json_lines(path, compression, limits)
            .map_err(|error| format!("{source}: cannot open: {error}"))?;
        let reader = std::io::BufReader::new(reader);
        let records = plenary_indexer::bulk_records(
            format,
            reader,
            plenary_parse::FieldMap::default(),
            limits,
        );
        let mut documents = Vec::new();
        for record in records {
            let record = record.map_err(|error| format!("{source}: {error}"))?;
            documents.push(enricher.document_from_record(&source, &record));
        }
        // As indexing does: language versions read together agree on their topics.
        plenary_enrich::versions::harmonize_versions(&mut documents, enricher.tagger().taxonomy());
        return Ok(documents);
    }
    let parsed = plenary_parse::parse_file(path, limits).map_err(|error| error.to_string())?;
    Ok(enricher.documents_from_file(&source, &parsed))
}

fn actual_fields(document: &Document) -> BTreeMap<&'static str, String> {
    let text = |value: Option<String>| value.unwrap_or_default();
    BTreeMap::from([
        ("symbol", text(document.symbol.clone())),
        ("title", comparable_title(&document.title)),
        (
            "forum",
            text(document.forum.map(|forum| forum.code().to_string())),
        ),
        (
            "session",
            text(document.session.map(|session| session.to_string())),
        ),
        ("date", text(document.date.map(|date| date.to_string()))),
        ("year", text(document.year.map(|year| year.to_string()))),
        ("organization", text(document.organization.clone())),
        (
            "consultative_status",
            text(
                document
                    .consultative_status
                    .map(|status| status.code().to_string()),
            ),
        ),
        ("doc_type", document.doc_type.code().to_string()),
        ("language", document.language.clone()),
        ("country", text(document.meta.country.clone())),
        (
            "region",
            text(document.meta.region.map(|region| region.code().to_string())),
        ),
        (
            "actor_type",
            text(
                document
                    .meta
                    .actor_type
                    .map(|actor| actor.code().to_string()),
            ),
        ),
    ])
}

/// A title as it is compared: lower case, runs of whitespace made one space, double
/// quotes of any style left out and typographic apostrophes made plain, so that only the
/// words count.
pub fn comparable_title(text: &str) -> String {
    let plain: String = text
        .chars()
        .filter(|character| {
            !matches!(
                character,
                '"' | '\u{201C}'..='\u{201F}' | '\u{00AB}' | '\u{00BB}'
            )
        })
        .map(|character| match character {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn expected_fields(label: &LabelRecord) -> BTreeMap<&'static str, String> {
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    BTreeMap::from([
        ("symbol", text(&label.symbol)),
        ("title", comparable_title(&text(&label.title))),
        ("forum", text(&label.forum)),
        (
            "session",
            label
                .session
                .map(|session| session.to_string())
                .unwrap_or_default(),
        ),
        ("date", text(&label.date)),
        (
            "year",
            label.year.map(|year| year.to_string()).unwrap_or_default(),
        ),
        ("organization", text(&label.organization)),
        ("consultative_status", text(&label.consultative_status)),
        ("doc_type", text(&label.doc_type)),
        ("language", text(&label.language)),
        ("country", text(&label.country)),
        ("region", text(&label.region)),
        ("actor_type", text(&label.actor_type)),
    ])
}
