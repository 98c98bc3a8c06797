//! Training: per language and topic, a logistic regression fitted by stochastic gradient
//! descent with AdaGrad steps and an L2 penalty, over the binary features of each
//! example. The order of the examples in each epoch comes from a seeded generator, and
//! nothing else is random, so the same data and settings give the same weights.

use std::collections::{BTreeMap, BTreeSet};

use super::{FORMAT, LinearModel, ModelFile, TopicSetting, VERSION, features};

/// One labelled text, as its distinct features.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub features: Vec<String>,
    pub topics: BTreeSet<String>,
}

impl Example {
    /// The example of `text` in `language` with `topics`.
    pub fn new(language: &str, text: &str, topics: BTreeSet<String>) -> Example {
        Example {
            features: features::feature_set(&features::terms(language, text)),
            topics,
        }
    }
}

/// The settings of a training run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainSettings {
    pub seed: u64,
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// A feature is kept when it is in at least this many examples.
    pub min_count: usize,
    /// A topic is modelled in a language when it has at least this many positive examples.
    pub min_positives: usize,
    /// Features kept per topic and language, the largest weights (in absolute value).
    pub keep: usize,
    /// Terms per window when scoring.
    pub window: usize,
    /// The longest text the model reads, in characters.
    pub max_chars: usize,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings {
            seed: 16,
            epochs: 6,
            learning_rate: 0.2,
            l2: 1e-4,
            min_count: 2,
            min_positives: 20,
            keep: 120,
            window: 60,
            max_chars: 2000,
        }
    }
}

/// SplitMix64: a small, well-known generator, enough to shuffle examples reproducibly.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// A stable hash of a string (FNV-1a), to derive seeds and folds from names.
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Trains the models of one language: one per topic of `topics` with enough positives.
pub fn train_language(
    language: &str,
    examples: &[Example],
    topics: &[String],
    settings: &TrainSettings,
) -> BTreeMap<String, LinearModel> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for example in examples {
        for feature in &example.features {
            *counts.entry(feature.as_str()).or_default() += 1;
        }
    }
    let vocabulary: Vec<&str> = counts
        .into_iter()
        .filter(|(_, count)| *count >= settings.min_count)
        .map(|(feature, _)| feature)
        .collect();
    let ids: Vec<Vec<u32>> = examples
        .iter()
        .map(|example| {
            example
                .features
                .iter()
                .filter_map(|feature| vocabulary.binary_search(&feature.as_str()).ok())
                .map(|id| id as u32)
                .collect()
        })
        .collect();
    let mut models = BTreeMap::new();
    for (topic_index, topic) in topics.iter().enumerate() {
        let labels: Vec<bool> = examples
            .iter()
            .map(|example| example.topics.contains(topic))
            .collect();
        let positives = labels.iter().filter(|label| **label).count();
        let negatives = labels.len() - positives;
        if positives < settings.min_positives || negatives == 0 {
            continue;
        }
        let seed = settings.seed ^ stable_hash(language) ^ (topic_index as u64).rotate_left(32);
        let (bias, weights) = fit(&ids, &labels, vocabulary.len(), seed, settings);
        let mut kept: Vec<(usize, f32)> = weights
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, weight)| weight.abs() >= 0.0005)
            .collect();
        kept.sort_by(|a, b| {
            b.1.abs()
                .total_cmp(&a.1.abs())
                .then_with(|| vocabulary[a.0].cmp(vocabulary[b.0]))
        });
        kept.truncate(settings.keep);
        models.insert(
            topic.clone(),
            LinearModel {
                bias: round(bias),
                weights: kept
                    .into_iter()
                    .map(|(id, weight)| (vocabulary[id].to_string(), round(weight)))
                    .collect(),
            },
        );
    }
    models
}

fn round(value: f32) -> f32 {
    (value * 1000.0).round() / 1000.0
}

/// Fits one logistic regression; returns its bias and weights.
fn fit(
    examples: &[Vec<u32>],
    labels: &[bool],
    features: usize,
    seed: u64,
    settings: &TrainSettings,
) -> (f32, Vec<f32>) {
    let positives = labels.iter().filter(|label| **label).count() as f32;
    let negatives = labels.len() as f32 - positives;
    // Rare topics weigh more, up to ten times, so that they are learnt at all.
    let positive_weight = (negatives / positives).sqrt().clamp(1.0, 10.0);
    let mut weights = vec![0.0f32; features];
    let mut squares = vec![0.0f32; features];
    let mut bias = (positives / negatives).ln();
    let mut bias_squares = 0.0f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut random = SplitMix64(seed);
    for _ in 0..settings.epochs {
        for index in (1..order.len()).rev() {
            let other = (random.next() % (index as u64 + 1)) as usize;
            order.swap(index, other);
        }
        for &example in &order {
            let ids = &examples[example];
            let logit = bias + ids.iter().map(|id| weights[*id as usize]).sum::<f32>();
            let probability = 1.0 / (1.0 + (-logit).exp());
            let target = if labels[example] { 1.0 } else { 0.0 };
            let scale = if labels[example] {
                positive_weight
            } else {
                1.0
            };
            let gradient = (probability - target) * scale;
            bias_squares += gradient * gradient;
            bias -= settings.learning_rate * gradient / (bias_squares.sqrt() + 1e-6);
            for id in ids {
                let id = *id as usize;
                let step = gradient + settings.l2 * weights[id];
                squares[id] += step * step;
                weights[id] -= settings.learning_rate * step / (squares[id].sqrt() + 1e-6);
            }
        }
    }
    (bias, weights)
}

/// The threshold of a topic and whether to use it: among `candidates`, the one whose
/// union with the rules has the best F1 over the sets of `sets` (each item: the rules
/// gave the topic, the model's probability, the label has it), summed over the sets;
/// the highest one on ties. It is used only when that sum beats the rules' alone by at
/// least `margin`. Returns the setting and both sums.
pub fn choose_threshold(
    sets: &[&[(bool, f32, bool)]],
    candidates: &[f32],
    margin: f64,
) -> (TopicSetting, f64, f64) {
    let f1 = |items: &[(bool, f32, bool)], predict: &dyn Fn(bool, f32) -> bool| {
        let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
        for (rules, probability, truth) in items {
            match (predict(*rules, *probability), *truth) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fn_ += 1,
                (false, false) => {}
            }
        }
        if tp == 0 {
            return if fp == 0 && fn_ == 0 { 1.0 } else { 0.0 };
        }
        2.0 * f64::from(tp) / f64::from(2 * tp + fp + fn_)
    };
    let total = |predict: &dyn Fn(bool, f32) -> bool| -> f64 {
        sets.iter().map(|items| f1(items, predict)).sum()
    };
    let rules_f1 = total(&|rules, _| rules);
    let mut best = (f64::NEG_INFINITY, 1.0f32);
    for threshold in candidates {
        let combined = total(&|rules, probability| rules || probability >= *threshold);
        if combined > best.0 || (combined == best.0 && *threshold > best.1) {
            best = (combined, *threshold);
        }
    }
    let enabled = best.0 >= rules_f1 + margin;
    (
        TopicSetting {
            enabled,
            threshold: best.1,
        },
        rules_f1,
        best.0,
    )
}

/// Assembles a model file.
pub fn model_file(
    trained_on: String,
    window: usize,
    max_chars: usize,
    topics: BTreeMap<String, TopicSetting>,
    languages: BTreeMap<String, BTreeMap<String, LinearModel>>,
) -> ModelFile {
    ModelFile {
        format: FORMAT.to_string(),
        version: VERSION,
        trained_on,
        window,
        max_chars,
        topics,
        languages,
    }
}

/// The candidate thresholds tried by [`choose_threshold`].
pub const THRESHOLDS: [f32; 10] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topic_model::TopicModel;

    /// A small fixture: recommendations on the death penalty, on corruption and on neither.
    const FIXTURE: [(&str, &str); 12] = [
        ("Abolish the death penalty for all crimes", "death-penalty"),
        (
            "Establish a moratorium on executions with a view to abolishing the death penalty",
            "death-penalty",
        ),
        (
            "Commute all death sentences to terms of imprisonment",
            "death-penalty",
        ),
        (
            "Ratify the Second Optional Protocol aiming at the abolition of the death penalty",
            "death-penalty",
        ),
        (
            "Stop executions of juvenile offenders and abolish the death penalty",
            "death-penalty",
        ),
        (
            "Strengthen the fight against corruption and bribery of public officials",
            "corruption",
        ),
        (
            "Ratify the United Nations Convention against Corruption",
            "corruption",
        ),
        (
            "Investigate and prosecute corruption in the judiciary",
            "corruption",
        ),
        (
            "Adopt an anti-corruption strategy and protect whistle-blowers from bribery charges",
            "corruption",
        ),
        (
            "Establish an independent anti-corruption agency",
            "corruption",
        ),
        ("Improve access to education in rural areas", ""),
        ("Guarantee freedom of expression and of the press", ""),
    ];

    fn examples() -> Vec<Example> {
        FIXTURE
            .iter()
            .map(|(text, topic)| {
                let topics = (!topic.is_empty())
                    .then(|| topic.to_string())
                    .into_iter()
                    .collect();
                Example::new("en", text, topics)
            })
            .collect()
    }

    fn settings() -> TrainSettings {
        TrainSettings {
            epochs: 30,
            min_count: 1,
            min_positives: 3,
            ..TrainSettings::default()
        }
    }

    fn topics() -> Vec<String> {
        vec!["corruption".to_string(), "death-penalty".to_string()]
    }

    #[test]
    fn the_same_data_give_the_same_weights() {
        let first = train_language("en", &examples(), &topics(), &settings());
        let second = train_language("en", &examples(), &topics(), &settings());
        assert_eq!(first, second);
        assert_eq!(first.len(), 2);
        let other_seed = TrainSettings {
            seed: 17,
            ..settings()
        };
        // Another order of the examples gives other weights, as close as SGD makes them.
        let third = train_language("en", &examples(), &topics(), &other_seed);
        assert_eq!(
            first.keys().collect::<Vec<_>>(),
            third.keys().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_trained_model_scores_and_explains_with_the_terms_that_weighed_most() {
        let languages = BTreeMap::from([(
            "en".to_string(),
            train_language("en", &examples(), &topics(), &settings()),
        )]);
        let enabled = TopicSetting {
            enabled: true,
            threshold: 0.5,
        };
        let topics = topics().into_iter().map(|slug| (slug, enabled)).collect();
        let model = TopicModel::from_file(model_file(
            "fixture".to_string(),
            60,
            2000,
            topics,
            languages,
        ))
        .expect("a valid model");
        let scores = model.topics(
            "en",
            "They called for an end to executions and the death penalty.",
        );
        assert_eq!(scores.len(), 1, "{scores:?}");
        assert_eq!(scores[0].slug, "death-penalty");
        assert!(
            scores[0]
                .terms
                .iter()
                .any(|(term, _)| term.contains("death") || term.contains("executions")),
            "{scores:?}"
        );
        assert!(
            model
                .topics("en", "Improve the roads and the press")
                .is_empty()
        );
        // Another language has no model: nothing is given.
        assert!(model.topics("fr", "la peine de mort").is_empty());
    }

    #[test]
    fn a_threshold_is_used_only_where_it_beats_the_rules() {
        // rules, probability, truth
        let helps = [
            (true, 0.1, true),
            (false, 0.9, true),
            (false, 0.2, false),
            (false, 0.6, false),
        ];
        let (setting, rules, combined) = choose_threshold(&[&helps], &THRESHOLDS, 1e-9);
        assert!(setting.enabled);
        assert!(combined > rules);
        assert!((setting.threshold - 0.9).abs() < 1e-6, "{setting:?}");
        let hurts = [(true, 0.1, true), (false, 0.9, false)];
        assert!(!choose_threshold(&[&hurts], &THRESHOLDS, 1e-9).0.enabled);
    }
}
