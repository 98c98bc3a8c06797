//! The topic taxonomy: which topics exist, how they nest, and the terms that reveal them
//! in each of the six UN languages.
//!
//! The bundled taxonomy is `data/taxonomy.toml`; users may pass their own file of the
//! same shape. A topic is a `[[topic]]` table:
//!
//! ```toml
//! [[topic]]
//! slug = "femicide"                       # lower case, digits and '-'
//! label = "Femicide"
//! parent = "violence-against-women"       # optional
//! labels = { fr = "Féminicide", es = "Feminicidio" }
//! [topic.terms]                           # per language: "term", "prefix*" or { term, weight }
//! en = ["femicide", "feminicide", { term = "gender-related killing*", weight = 2.0 }]
//! [topic.exclude]                         # phrases that must not count as this topic's terms
//! en = ["femicide watch"]
//! [topic.near]                            # a word of `words` within a few words of one of `with`
//! en = [{ words = ["killing*", "murder*"], with = ["women", "girls"], weight = 2.0 }]
//! ```
//!
//! Terms and near words of English, French, Spanish, Russian and Arabic are matched on
//! their stems too, so their inflected forms count; `near` pairs count inside one
//! sentence, at most `within` words apart (6 unless given), stop words not counted.
//!
//! An optional `[tagger]` table sets the thresholds of the topic tagger (`plenary_enrich::TopicTagger`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::CoreError;
use crate::analysis::LANGUAGES;

/// The weight of a term written without one.
pub const DEFAULT_TERM_WEIGHT: f32 = 1.0;

/// The most bytes a taxonomy's terms, exclusion phrases and near words may come to (4 MiB;
/// the bundled taxonomy holds about a fiftieth of it). The tagger's automata of a larger
/// one would outgrow their limits and the memory of a small server.
pub const MAX_TAXONOMY_TERM_BYTES: usize = 4 << 20;

/// One term of a topic: a word or phrase, as written in the taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicTerm {
    /// The term without its trailing `*`.
    pub text: String,
    /// How much one occurrence counts towards the topic.
    pub weight: f32,
    /// Written with a trailing `*`: matches any word that starts with the term's last word.
    pub prefix: bool,
}

/// A topic of the taxonomy.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    pub slug: String,
    /// The English label.
    pub label: String,
    /// Labels by language code.
    pub labels: BTreeMap<String, String>,
    pub parent: Option<String>,
    /// Terms by language code.
    pub terms: BTreeMap<String, Vec<TopicTerm>>,
    /// Phrases by language code that contain a term but are not about the topic.
    pub exclude: BTreeMap<String, Vec<String>>,
    /// Pairs of words by language code that reveal the topic when they stand close.
    pub near: BTreeMap<String, Vec<NearRule>>,
}

/// Two lists of words (or phrases; `*` ends a prefix) that reveal a topic when a word of
/// one stands within `within` words of a word of the other, in one sentence: "killings
/// of women", "убийства ... женщин".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NearRule {
    pub words: Vec<String>,
    pub with: Vec<String>,
    #[serde(default = "default_near_weight")]
    pub weight: f32,
    #[serde(default = "default_near_window")]
    pub within: usize,
}

fn default_near_weight() -> f32 {
    2.0
}

fn default_near_window() -> usize {
    6
}

impl Topic {
    /// The label in `lang`, else the English label.
    pub fn label_in(&self, lang: &str) -> &str {
        self.labels
            .get(lang)
            .map(String::as_str)
            .unwrap_or(&self.label)
    }
}

/// The thresholds of the tagger, settable in the taxonomy's `[tagger]` table.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TaggerSettings {
    /// Weighted matches a topic needs inside one paragraph (or window) for a document to be about it.
    pub document_threshold: f32,
    /// Weighted matches a topic needs anywhere in a document, however spread.
    pub spread_threshold: f32,
    /// Weighted matches a topic needs in the title.
    pub title_threshold: f32,
    /// Weighted matches a topic needs in a paragraph for the paragraph to be about it.
    pub passage_threshold: f32,
    /// The largest span, in characters of normalized text, counted as one paragraph.
    pub window_chars: usize,
    /// Matches a topic needs inside one paragraph of a long text for `document_threshold`
    /// to apply: in a long statement, a strong phrase named once is a passing mention.
    pub min_paragraph_matches: usize,
    /// A text of at most this many characters is short (a news item, a recommendation, a
    /// paragraph): one clear clause makes its subject, as a reader building a brief
    /// counts a side event on the death penalty (see `plenary eval --real`).
    pub short_text_chars: usize,
    /// Whether the statistical topic model (`plenary taxonomy train`) adds the topics it
    /// is sure of that the rules missed, for the topics its file enables.
    pub topic_model: bool,
}

impl Default for TaggerSettings {
    fn default() -> Self {
        TaggerSettings {
            document_threshold: 2.0,
            spread_threshold: 6.0,
            title_threshold: 1.0,
            passage_threshold: 2.0,
            window_chars: 1500,
            min_paragraph_matches: 2,
            short_text_chars: 2000,
            topic_model: false,
        }
    }
}

/// The topics, in file order, with their hierarchy.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    topics: Vec<Topic>,
    by_slug: HashMap<String, usize>,
    settings: TaggerSettings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyFile {
    #[serde(default)]
    tagger: TaggerSettings,
    #[serde(default)]
    topic: Vec<TopicEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    slug: String,
    label: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    parent: Option<String>,
    #[serde(default)]
    terms: BTreeMap<String, Vec<TermEntry>>,
    #[serde(default)]
    exclude: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    near: BTreeMap<String, Vec<NearRule>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TermEntry {
    Plain(String),
    Weighted { term: String, weight: f32 },
}

static BUNDLED: OnceLock<Taxonomy> = OnceLock::new();

impl Taxonomy {
    /// The taxonomy shipped with Plenary (`data/taxonomy.toml`), parsed once.
    pub fn bundled() -> Taxonomy {
        BUNDLED
            .get_or_init(|| {
                Taxonomy::from_toml_str(
                    include_str!("../data/taxonomy.toml"),
                    Path::new("<bundled taxonomy.toml>"),
                )
                .expect("the bundled taxonomy is valid (checked by the tests)")
            })
            .clone()
    }

    /// Reads a taxonomy file.
    pub fn load(path: &Path) -> Result<Taxonomy, CoreError> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| invalid(path, format!("cannot read: {error}")))?;
        Taxonomy::from_toml_str(&text, path)
    }

    /// Parses and checks a taxonomy; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &Path) -> Result<Taxonomy, CoreError> {
        let file: TaxonomyFile =
            toml::from_str(text).map_err(|error| invalid(origin, error.to_string()))?;
        check_settings(&file.tagger, origin)?;
        let mut topics = Vec::with_capacity(file.topic.len());
        let mut by_slug = HashMap::new();
        for entry in file.topic {
            let topic = build_topic(entry, origin)?;
            if by_slug.insert(topic.slug.clone(), topics.len()).is_some() {
                return Err(invalid(
                    origin,
                    format!("topic `{}`: duplicate slug", topic.slug),
                ));
            }
            topics.push(topic);
        }
        if topics.is_empty() {
            return Err(invalid(
                origin,
                "no topics: add at least one [[topic]] table".to_string(),
            ));
        }
        let taxonomy = Taxonomy {
            topics,
            by_slug,
            settings: file.tagger,
        };
        taxonomy.check_hierarchy(origin)?;
        taxonomy.check_size(origin)?;
        Ok(taxonomy)
    }

    /// Refuses a taxonomy whose terms exceed [`MAX_TAXONOMY_TERM_BYTES`]: its tagger could
    /// not be built, and a tagger that tags nothing must not pass for one that found nothing.
    fn check_size(&self, origin: &Path) -> Result<(), CoreError> {
        let bytes: usize = self
            .topics
            .iter()
            .map(|topic| {
                let terms: usize = topic
                    .terms
                    .values()
                    .flatten()
                    .map(|term| term.text.len())
                    .sum();
                let exclude: usize = topic.exclude.values().flatten().map(String::len).sum();
                let near: usize = topic
                    .near
                    .values()
                    .flatten()
                    .flat_map(|rule| rule.words.iter().chain(&rule.with))
                    .map(String::len)
                    .sum();
                terms + exclude + near
            })
            .sum();
        if bytes > MAX_TAXONOMY_TERM_BYTES {
            return Err(CoreError::TaxonomyTooLarge {
                path: origin.to_path_buf(),
                bytes,
                limit: MAX_TAXONOMY_TERM_BYTES,
            });
        }
        Ok(())
    }

    fn check_hierarchy(&self, origin: &Path) -> Result<(), CoreError> {
        for topic in &self.topics {
            if let Some(parent) = &topic.parent
                && !self.by_slug.contains_key(parent)
            {
                return Err(invalid(
                    origin,
                    format!("topic `{}`: unknown parent `{parent}`", topic.slug),
                ));
            }
        }
        for topic in &self.topics {
            let mut seen = vec![topic.slug.as_str()];
            let mut current = topic;
            while let Some(parent) = current.parent.as_deref().and_then(|slug| self.get(slug)) {
                if seen.contains(&parent.slug.as_str()) {
                    seen.push(&parent.slug);
                    return Err(invalid(
                        origin,
                        format!("topic `{}`: parent cycle {}", topic.slug, seen.join(" → ")),
                    ));
                }
                seen.push(&parent.slug);
                current = parent;
            }
        }
        Ok(())
    }

    /// All topics, in file order.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// The topic with `slug`.
    pub fn get(&self, slug: &str) -> Option<&Topic> {
        self.by_slug.get(slug).map(|&index| &self.topics[index])
    }

    /// The tagger thresholds of this taxonomy.
    pub fn settings(&self) -> &TaggerSettings {
        &self.settings
    }

    /// The ancestors of `slug`, parent first; empty for a root or an unknown slug.
    pub fn ancestors(&self, slug: &str) -> Vec<&Topic> {
        let mut ancestors: Vec<&Topic> = Vec::new();
        let mut current = self.get(slug);
        while let Some(parent) = current
            .and_then(|topic| topic.parent.as_deref())
            .and_then(|slug| self.get(slug))
        {
            // The hierarchy was checked for cycles on load; this guard only bounds the walk.
            if ancestors.len() > self.topics.len() {
                break;
            }
            ancestors.push(parent);
            current = Some(parent);
        }
        ancestors
    }

    /// Whether topic `slug` is `ancestor` or lies below it.
    pub fn is_within(&self, slug: &str, ancestor: &str) -> bool {
        slug == ancestor
            || self
                .ancestors(slug)
                .iter()
                .any(|topic| topic.slug == ancestor)
    }

    /// All topics below `slug` (children, grandchildren, ...), in file order.
    pub fn descendants(&self, slug: &str) -> Vec<&Topic> {
        self.topics
            .iter()
            .filter(|topic| {
                self.ancestors(&topic.slug)
                    .iter()
                    .any(|ancestor| ancestor.slug == slug)
            })
            .collect()
    }

    /// The facet path of a topic, root first: `/organized-crime/human-trafficking`.
    pub fn facet_path(&self, slug: &str) -> Option<String> {
        let topic = self.get(slug)?;
        let mut path = String::new();
        for ancestor in self.ancestors(slug).iter().rev() {
            path.push('/');
            path.push_str(&ancestor.slug);
        }
        path.push('/');
        path.push_str(&topic.slug);
        Some(path)
    }
}

fn invalid(origin: &Path, message: String) -> CoreError {
    CoreError::Taxonomy {
        path: origin.to_path_buf(),
        message,
    }
}

fn check_settings(settings: &TaggerSettings, origin: &Path) -> Result<(), CoreError> {
    let thresholds = [
        ("document_threshold", settings.document_threshold),
        ("spread_threshold", settings.spread_threshold),
        ("title_threshold", settings.title_threshold),
        ("passage_threshold", settings.passage_threshold),
    ];
    for (name, value) in thresholds {
        if !(value.is_finite() && value > 0.0) {
            return Err(invalid(
                origin,
                format!("[tagger] {name} must be a positive number, not {value}"),
            ));
        }
    }
    if settings.window_chars == 0 {
        return Err(invalid(
            origin,
            "[tagger] window_chars must be positive".to_string(),
        ));
    }
    Ok(())
}

fn build_topic(entry: TopicEntry, origin: &Path) -> Result<Topic, CoreError> {
    let slug = entry.slug;
    let slug_is_valid = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-');
    if !slug_is_valid {
        return Err(invalid(
            origin,
            format!("topic `{slug}`: a slug is lower-case ASCII letters, digits and '-'"),
        ));
    }
    let topic_error = |message: String| invalid(origin, format!("topic `{slug}`: {message}"));
    if entry.label.trim().is_empty() {
        return Err(topic_error("empty label".to_string()));
    }
    if entry.parent.as_deref() == Some(slug.as_str()) {
        return Err(topic_error(
            "parent cycle: it is its own parent".to_string(),
        ));
    }
    for lang in entry
        .labels
        .keys()
        .chain(entry.terms.keys())
        .chain(entry.exclude.keys())
        .chain(entry.near.keys())
    {
        if !LANGUAGES.contains(&lang.as_str()) {
            return Err(topic_error(format!(
                "unknown language `{lang}`: expected one of {}",
                LANGUAGES.join(", ")
            )));
        }
    }
    let mut terms = BTreeMap::new();
    for (lang, entries) in entry.terms {
        let mut lang_terms = Vec::with_capacity(entries.len());
        for term_entry in entries {
            let (raw, weight) = match term_entry {
                TermEntry::Plain(raw) => (raw, DEFAULT_TERM_WEIGHT),
                TermEntry::Weighted { term, weight } => (term, weight),
            };
            if !(weight.is_finite() && weight > 0.0) {
                return Err(topic_error(format!(
                    "term `{raw}` ({lang}): weight must be positive, not {weight}"
                )));
            }
            let trimmed = raw.trim();
            let (text, prefix) = match trimmed.strip_suffix('*') {
                Some(stem) => (stem.trim_end(), true),
                None => (trimmed, false),
            };
            if text.is_empty() {
                return Err(topic_error(format!("empty term in `{lang}`")));
            }
            lang_terms.push(TopicTerm {
                text: text.to_string(),
                weight,
                prefix,
            });
        }
        if !lang_terms.is_empty() {
            terms.insert(lang, lang_terms);
        }
    }
    if terms.is_empty() {
        return Err(topic_error(
            "empty terms: give at least one term in one language".to_string(),
        ));
    }
    for (lang, phrases) in &entry.exclude {
        if phrases.iter().any(|phrase| phrase.trim().is_empty()) {
            return Err(topic_error(format!("empty exclude phrase in `{lang}`")));
        }
    }
    for (lang, rules) in &entry.near {
        for rule in rules {
            let blank = |words: &[String]| {
                words.is_empty() || words.iter().any(|word| word.trim().is_empty())
            };
            if blank(&rule.words) || blank(&rule.with) {
                return Err(topic_error(format!(
                    "near rule in `{lang}`: `words` and `with` each need at least one word, none empty"
                )));
            }
            if !(rule.weight.is_finite() && rule.weight > 0.0) || rule.within == 0 {
                return Err(topic_error(format!(
                    "near rule in `{lang}`: weight must be positive and within at least 1"
                )));
            }
        }
    }
    Ok(Topic {
        slug,
        label: entry.label,
        labels: entry.labels,
        parent: entry.parent,
        terms,
        exclude: entry.exclude,
        near: entry.near,
    })
}
