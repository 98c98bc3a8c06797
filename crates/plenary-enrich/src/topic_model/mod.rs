//! A statistical topic model beside the rules: per language and topic, a logistic
//! regression over the terms of the language's search analyser and pairs of adjacent
//! terms (see [`features`]), trained by `plenary taxonomy train` ([`train`]) from public
//! labelled data and shipped as `data/topic_model.json`.
//!
//! A text is read in windows of [`TopicModel::window`] terms (half a window apart), and a
//! topic's probability is that of its best window, so one clear clause is enough, as
//! for the rules. The model only adds: a topic the rules missed is given when its
//! probability reaches the topic's threshold and the topic is enabled in the file (it
//! is enabled only where, on cross-validation folds, rules and model together beat the
//! rules alone), and only in texts of at most [`ModelFile::max_chars`] characters (a
//! recommendation, a news item, a paragraph; longer statements are left to the rules,
//! where its short-text vocabulary misleads it). The evidence of a topic it adds names the terms that weighed most, as
//! written in the text, marked `[model]`.

pub mod features;
pub mod train;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use plenary_core::analysis::analyzer;
use plenary_core::{TopicAssignment, TopicEvidence};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use features::{Term, for_each_feature, terms_into, terms_with};

/// The `format` of a model file.
pub const FORMAT: &str = "plenary-topic-model";
/// The version of the model file's layout this build reads.
pub const VERSION: u32 = 1;

/// A model file, as written by `plenary taxonomy train`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    pub format: String,
    pub version: u32,
    /// How it was trained, in words: data, features, seed.
    pub trained_on: String,
    /// Terms per window.
    pub window: usize,
    /// The longest text, in characters, the model reads: it was trained on recommendations
    /// and short UN texts, and a long statement is left to the rules.
    pub max_chars: usize,
    /// Per topic: its threshold and whether it is used.
    pub topics: BTreeMap<String, TopicSetting>,
    /// Per language, per topic: the linear model.
    pub languages: BTreeMap<String, BTreeMap<String, LinearModel>>,
}

/// Whether and from which probability the model gives a topic.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TopicSetting {
    pub enabled: bool,
    pub threshold: f32,
}

/// The weights of one topic in one language: `p = σ(bias + Σ weight of each feature present)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    pub bias: f32,
    pub weights: BTreeMap<String, f32>,
}

/// Errors reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a topic model file: {0}")]
    Format(String),
}

/// A loaded model, ready to score texts.
#[derive(Debug, Clone)]
pub struct TopicModel {
    file: ModelFile,
    /// Topic slugs, in file order (sorted).
    topics: Vec<String>,
    settings: Vec<TopicSetting>,
    languages: FxHashMap<String, LanguageModel>,
}

#[derive(Debug, Clone)]
struct LanguageModel {
    /// Bias per topic (−∞ for a topic without a model in this language).
    biases: Vec<f32>,
    /// Feature → its number, numbered in the features' sorted order, so that sorting
    /// numbers sorts features.
    features: FxHashMap<String, u32>,
    /// Per feature number, (topic, weight).
    weights: Vec<Vec<(u16, f32)>>,
}

impl LanguageModel {
    fn new(biases: Vec<f32>, weights: BTreeMap<String, Vec<(u16, f32)>>) -> LanguageModel {
        let features = weights.keys().cloned().zip(0..).collect();
        let weights = weights.into_values().collect();
        LanguageModel {
            biases,
            features,
            weights,
        }
    }

    /// The weights of `feature`, if the model knows it.
    fn weights_of(&self, feature: &str) -> Option<&[(u16, f32)]> {
        let number = *self.features.get(feature)?;
        self.weights.get(number as usize).map(Vec::as_slice)
    }
}

/// What the model makes of a text in one topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicScore {
    pub slug: String,
    pub probability: f32,
    /// The terms that weighed most in the best window, as written, with their weight.
    pub terms: Vec<(String, f32)>,
    /// Byte offset of the best window's first term.
    pub offset: usize,
}

static BUNDLED: OnceLock<TopicModel> = OnceLock::new();

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

impl TopicModel {
    /// The model shipped beside the taxonomy (`data/topic_model.json`), parsed once.
    pub fn bundled() -> TopicModel {
        BUNDLED
            .get_or_init(|| {
                TopicModel::from_json(include_str!("../../data/topic_model.json"))
                    .expect("the bundled topic model is valid (checked by the tests)")
            })
            .clone()
    }

    /// Reads a model file's text.
    pub fn from_json(text: &str) -> Result<TopicModel, ModelError> {
        let file: ModelFile =
            serde_json::from_str(text).map_err(|error| ModelError::Format(error.to_string()))?;
        TopicModel::from_file(file)
    }

    /// Checks and indexes a model file.
    pub fn from_file(file: ModelFile) -> Result<TopicModel, ModelError> {
        if file.format != FORMAT || file.version != VERSION {
            return Err(ModelError::Format(format!(
                "format {} version {}, expected {FORMAT} version {VERSION}",
                file.format, file.version
            )));
        }
        if file.window == 0 {
            return Err(ModelError::Format("window 0".to_string()));
        }
        let topics: Vec<String> = file.topics.keys().cloned().collect();
        let settings = file.topics.values().copied().collect();
        let mut languages = FxHashMap::default();
        for (language, models) in &file.languages {
            let mut biases = vec![f32::NEG_INFINITY; topics.len()];
            let mut weights: BTreeMap<String, Vec<(u16, f32)>> = BTreeMap::new();
            for (slug, model) in models {
                let Some(topic) = topics.iter().position(|known| known == slug) else {
                    return Err(ModelError::Format(format!(
                        "language {language}: topic `{slug}` has no setting"
                    )));
                };
                biases[topic] = model.bias;
                for (feature, weight) in &model.weights {
                    weights
                        .entry(feature.clone())
                        .or_default()
                        .push((topic as u16, *weight));
                }
            }
            languages.insert(language.clone(), LanguageModel::new(biases, weights));
        }
        Ok(TopicModel {
            file,
            topics,
            settings,
            languages,
        })
    }

    /// The file this model was read from.
    pub fn file(&self) -> &ModelFile {
        &self.file
    }

    /// Terms per window.
    pub fn window(&self) -> usize {
        self.file.window
    }

    /// Whether the model reads a text this long: at most [`ModelFile::max_chars`] characters.
    pub fn reads(&self, text: &str) -> bool {
        text.len() <= self.file.max_chars || text.chars().count() <= self.file.max_chars
    }

    /// Whether the model gives any topic in `language`.
    pub fn is_used_in(&self, language: &str) -> bool {
        self.languages.get(language).is_some_and(|model| {
            model
                .biases
                .iter()
                .zip(&self.settings)
                .any(|(bias, setting)| setting.enabled && bias.is_finite())
        })
    }

    /// The probability of every topic the model has in `language` (in file order), the
    /// best window's, from the terms of the text.
    pub fn probabilities(&self, language: &str, terms: &[Term]) -> Vec<(String, f32)> {
        let Some(model) = self.languages.get(language) else {
            return Vec::new();
        };
        let best = self.best_windows(model, terms);
        self.topics
            .iter()
            .zip(&model.biases)
            .zip(best)
            .filter(|((_, bias), _)| bias.is_finite())
            .map(|((slug, _), (logit, _))| (slug.clone(), sigmoid(logit)))
            .collect()
    }

    /// The topics the model gives `text` in `language`: those enabled whose probability
    /// reaches their threshold, with the terms that weighed most.
    pub fn topics(&self, language: &str, text: &str) -> Vec<TopicScore> {
        if !self.is_used_in(language) || !self.reads(text) {
            return Vec::new();
        }
        let terms = terms_with(&mut analyzer(language), text);
        self.topics_of_terms(language, &terms, text)
    }

    /// [`TopicModel::topics`] from terms already read with the language's analyser.
    pub fn topics_of_terms(&self, language: &str, terms: &[Term], text: &str) -> Vec<TopicScore> {
        let Some(model) = self.languages.get(language) else {
            return Vec::new();
        };
        let best = self.best_windows(model, terms);
        let mut scores = Vec::new();
        for (topic, (logit, start)) in best.into_iter().enumerate() {
            let setting = self.settings[topic];
            let probability = sigmoid(logit);
            if !setting.enabled || !model.biases[topic].is_finite() {
                continue;
            }
            if probability < setting.threshold {
                continue;
            }
            let end = (start + self.file.window).min(terms.len());
            scores.push(TopicScore {
                slug: self.topics[topic].clone(),
                probability,
                terms: explain(model, topic, &terms[start..end], text),
                offset: terms.get(start).map_or(0, |term| term.from),
            });
        }
        scores
    }

    /// Per topic, the largest logit over the windows of `terms`, and where that window
    /// starts. Windows start every half window, as long as they reach new terms.
    fn best_windows(&self, model: &LanguageModel, terms: &[Term]) -> Vec<(f32, usize)> {
        let window = self.file.window;
        let step = (window / 2).max(1);
        let mut best: Vec<(f32, usize)> = Vec::with_capacity(model.biases.len());
        let mut sums = model.biases.clone();
        // Each feature of the text looked up once, not once per window it is in: the
        // known ones, with the terms they cover, in the order of their last term.
        let mut known: Vec<(usize, usize, u32)> = Vec::new();
        for_each_feature(terms, |feature, first, last| {
            if let Some(number) = model.features.get(feature) {
                known.push((first, last, *number));
            }
        });
        let mut features: Vec<u32> = Vec::new();
        let mut start = 0;
        loop {
            let end = (start + window).min(terms.len());
            features.clear();
            let from = known.partition_point(|(_, last, _)| *last <= start);
            features.extend(
                known[from..]
                    .iter()
                    .take_while(|(_, last, _)| *last <= end)
                    .filter(|(first, _, _)| *first >= start)
                    .map(|(_, _, number)| *number),
            );
            // Summed in the features' sorted order, the same sums whatever the windows.
            features.sort_unstable();
            features.dedup();
            sums.copy_from_slice(&model.biases);
            for feature in &features {
                for (topic, weight) in &model.weights[*feature as usize] {
                    sums[*topic as usize] += weight;
                }
            }
            if best.is_empty() {
                best.extend(sums.iter().map(|sum| (*sum, 0)));
            } else {
                for (topic, sum) in sums.iter().enumerate() {
                    if *sum > best[topic].0 {
                        best[topic] = (*sum, start);
                    }
                }
            }
            start += step;
            if start + (window - step) >= terms.len() {
                break;
            }
        }
        best
    }
}

/// The features of `window` with the largest positive weights for `topic`, as written in `text`.
fn explain(model: &LanguageModel, topic: usize, window: &[Term], text: &str) -> Vec<(String, f32)> {
    let mut found: Vec<(String, f32)> = Vec::new();
    for_each_feature(window, |feature, first, last| {
        let Some(weight) = model.weights_of(feature).and_then(|weights| {
            weights
                .iter()
                .find(|(t, _)| *t as usize == topic)
                .map(|(_, weight)| *weight)
        }) else {
            return;
        };
        if weight <= 0.0 {
            return;
        }
        let written = text
            .get(window[first].from..window[last - 1].to)
            .unwrap_or(feature)
            .to_lowercase();
        if !found.iter().any(|(known, _)| *known == written) {
            found.push((written, weight));
        }
    });
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.truncate(4);
    found
}

/// How many terms' strings [`TERMS`] keeps between documents.
const KEPT_TERMS: usize = 1 << 16;

thread_local! {
    /// The terms of the document the thread last read, their strings reused for the next.
    static TERMS: std::cell::RefCell<Vec<Term>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Adds to `topics` (a document's, from the rules) those the model gives and the rules
/// did not, with their evidence; returns the slugs added. The caller adds their parents.
pub fn add_model_topics(
    model: &TopicModel,
    language: &str,
    text: &str,
    analyzer_cache: Option<&mut TextAnalyzer>,
    topics: &mut Vec<TopicAssignment>,
) -> Vec<String> {
    if !model.is_used_in(language) || !model.reads(text) {
        return Vec::new();
    }
    let scores = TERMS.with_borrow_mut(|buffer| {
        let terms = match analyzer_cache {
            Some(analyzer) => terms_into(analyzer, text, buffer),
            None => terms_into(&mut analyzer(language), text, buffer),
        };
        let scores = model.topics_of_terms(language, terms, text);
        // A very long document's terms are not all kept for the next one.
        buffer.truncate(KEPT_TERMS);
        scores
    });
    let mut added = Vec::new();
    for score in scores {
        if topics.iter().any(|topic| topic.slug == score.slug) {
            continue;
        }
        let evidence = score
            .terms
            .iter()
            .map(|(term, _)| TopicEvidence {
                term: format!("{term} [model]"),
                count: 1,
                first_offset: score.offset,
            })
            .collect();
        added.push(score.slug.clone());
        topics.push(TopicAssignment {
            slug: score.slug,
            score: score.probability,
            evidence,
        });
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_term_once_or_twice() {
        let model = TopicModel::from_file(train::model_file(
            String::new(),
            4,
            2000,
            BTreeMap::new(),
            BTreeMap::new(),
        ))
        .expect("an empty model is valid");
        let language = LanguageModel::new(Vec::new(), BTreeMap::new());
        let terms: Vec<Term> = (0..9)
            .map(|index| Term {
                text: format!("t{index}"),
                from: index,
                to: index + 1,
            })
            .collect();
        assert!(model.best_windows(&language, &terms).is_empty());
        assert!(model.best_windows(&language, &[]).is_empty());
    }

    #[test]
    fn a_file_of_another_format_is_refused() {
        assert!(TopicModel::from_json(r#"{"format":"x","version":1,"trained_on":"","window":4,"max_chars":2000,"topics":{},"languages":{}}"#).is_err());
        assert!(TopicModel::from_json("{}").is_err());
    }
}

#[cfg(test)]
mod bundled_tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_explains_its_topics_with_terms() {
        let model = TopicModel::bundled();
        assert_eq!(model.file().version, VERSION);
        assert!(model.is_used_in("en"));
        let text = "Take further measures to combat trafficking in persons, in particular women and children.";
        let scores = model.topics("en", text);
        let trafficking = scores
            .iter()
            .find(|score| score.slug == "human-trafficking")
            .unwrap_or_else(|| panic!("{scores:?}"));
        assert!(
            trafficking
                .terms
                .iter()
                .any(|(term, weight)| term.contains("trafficking") && *weight > 0.0),
            "{trafficking:?}"
        );
        // The evidence is shown as the rules' is, marked as the model's.
        let mut topics = Vec::new();
        add_model_topics(&model, "en", text, None, &mut topics);
        let evidence = &topics
            .iter()
            .find(|topic| topic.slug == "human-trafficking")
            .expect("added")
            .evidence;
        assert!(
            evidence.iter().any(|e| e.term == "trafficking [model]"),
            "{evidence:?}"
        );
        // A long statement is left to the rules.
        assert!(model.topics("en", &text.repeat(40)).is_empty());
    }
}
