//! Measures the tagger against the labels of the bundled corpus (`corpus/expected.jsonl`).
//!
//! By default it reads the documents whose text can be read without a parser (`.txt`,
//! `.md`, and `.html` with its tags stripped), one item per file. With
//! `PLENARY_TAGGER_EVAL=<file.jsonl>` it reads texts extracted beforehand, one JSON
//! object per line with `file`, `item`, `title`, `text` and `topics`, which covers the
//! PDF and DOCX files and the items of multi-item news pages too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plenary_core::Taxonomy;
use plenary_enrich::TopicTagger;
use serde_json::Value;

struct LabelledText {
    name: String,
    title: String,
    text: String,
    topics: Vec<String>,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn strip_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = rest[open + 1..open + close].to_ascii_lowercase();
        let is_block = [
            "p", "/p", "div", "/div", "h1", "h2", "h3", "/h1", "/h2", "/h3", "li", "br", "hr",
        ]
        .iter()
        .any(|block| tag == *block || tag.starts_with(&format!("{block} ")));
        if is_block {
            text.push_str("\n\n");
        }
        let skipped_element = ["script", "style"]
            .into_iter()
            .find(|name| tag.starts_with(name));
        rest = &rest[open + close + 1..];
        if let Some(name) = skipped_element
            && let Some(end) = rest.find(&format!("</{name}>"))
        {
            rest = &rest[end..];
        }
    }
    text.push_str(rest);
    text.replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

fn string_field(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn topics_field(value: &Value) -> Vec<String> {
    value
        .get("topics")
        .and_then(Value::as_array)
        .map(|topics| {
            topics
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn read_labelled_texts() -> Option<Vec<LabelledText>> {
    if let Ok(path) = std::env::var("PLENARY_TAGGER_EVAL") {
        let lines =
            std::fs::read_to_string(&path).expect("PLENARY_TAGGER_EVAL names a readable file");
        let texts = lines
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let value: Value = serde_json::from_str(line).expect("each line is JSON");
                let item = value.get("item").and_then(Value::as_u64);
                LabelledText {
                    name: format!(
                        "{}{}",
                        string_field(&value, "file"),
                        item.map(|n| format!("#{n}")).unwrap_or_default()
                    ),
                    title: string_field(&value, "title"),
                    text: string_field(&value, "text"),
                    topics: topics_field(&value),
                }
            })
            .collect();
        return Some(texts);
    }
    let expected = std::fs::read_to_string(corpus_dir().join("expected.jsonl")).ok()?;
    let mut texts = Vec::new();
    for line in expected.lines().filter(|line| !line.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).expect("each line of expected.jsonl is JSON");
        if value.get("item").is_some_and(|item| !item.is_null()) {
            continue;
        }
        let file = string_field(&value, "file");
        let readable = [".txt", ".md", ".html"]
            .iter()
            .any(|extension| file.ends_with(extension));
        if !readable {
            continue;
        }
        let Ok(raw) = std::fs::read_to_string(corpus_dir().join(&file)) else {
            continue;
        };
        let text = if file.ends_with(".html") {
            strip_html(&raw)
        } else {
            raw
        };
        texts.push(LabelledText {
            name: file,
            title: string_field(&value, "title"),
            text,
            topics: topics_field(&value),
        });
    }
    Some(texts)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    true_positives: u32,
    false_positives: u32,
    false_negatives: u32,
}

impl Counts {
    fn precision(&self) -> f64 {
        let predicted = self.true_positives + self.false_positives;
        if predicted == 0 {
            1.0
        } else {
            f64::from(self.true_positives) / f64::from(predicted)
        }
    }
    fn recall(&self) -> f64 {
        let actual = self.true_positives + self.false_negatives;
        if actual == 0 {
            1.0
        } else {
            f64::from(self.true_positives) / f64::from(actual)
        }
    }
    fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }
}

/// Tags every text and returns the macro-F1 over the topics that occur in labels or predictions.
fn evaluate(tagger: &TopicTagger, texts: &[LabelledText], use_title: bool) -> f64 {
    let mut counts: BTreeMap<String, Counts> = BTreeMap::new();
    for text in texts {
        let title = if use_title { text.title.as_str() } else { "" };
        let predicted: Vec<String> = tagger
            .tag_with_title(title, &text.text)
            .into_iter()
            .map(|assignment| assignment.slug)
            .collect();
        for slug in &predicted {
            let entry = counts.entry(slug.clone()).or_default();
            if text.topics.contains(slug) {
                entry.true_positives += 1;
            } else {
                entry.false_positives += 1;
                println!("  FP {slug:<24} {}", text.name);
            }
        }
        for slug in text.topics.iter().filter(|slug| !predicted.contains(slug)) {
            counts.entry(slug.clone()).or_default().false_negatives += 1;
            println!("  FN {slug:<24} {}", text.name);
        }
    }
    println!(
        "{:<24} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        "topic", "tp", "fp", "fn", "P", "R", "F1"
    );
    let mut f1_sum = 0.0;
    for (slug, topic_counts) in &counts {
        println!(
            "{slug:<24} {:>4} {:>4} {:>4} {:>6.3} {:>6.3} {:>6.3}",
            topic_counts.true_positives,
            topic_counts.false_positives,
            topic_counts.false_negatives,
            topic_counts.precision(),
            topic_counts.recall(),
            topic_counts.f1()
        );
        f1_sum += topic_counts.f1();
    }
    let macro_f1 = if counts.is_empty() {
        1.0
    } else {
        f1_sum / counts.len() as f64
    };
    let total = counts
        .values()
        .fold(Counts::default(), |sum, topic| Counts {
            true_positives: sum.true_positives + topic.true_positives,
            false_positives: sum.false_positives + topic.false_positives,
            false_negatives: sum.false_negatives + topic.false_negatives,
        });
    println!(
        "{} texts, title used: {use_title}; micro P {:.3} R {:.3} F1 {:.3}; macro-F1 {macro_f1:.3}",
        texts.len(),
        total.precision(),
        total.recall(),
        total.f1()
    );
    macro_f1
}

#[test]
fn tagger_agrees_with_the_corpus_labels() {
    let Some(texts) = read_labelled_texts() else {
        plenary_testkit::skip("corpus/expected.jsonl is absent: no tagger measurement");
        return;
    };
    if texts.is_empty() {
        plenary_testkit::skip("no readable labelled texts: no tagger measurement");
        return;
    }
    let tagger = TopicTagger::new(&Taxonomy::bundled());
    let without_title = evaluate(&tagger, &texts, false);
    let with_title = evaluate(&tagger, &texts, true);
    println!("macro-F1 without titles {without_title:.3}, with titles {with_title:.3}");
    assert!(
        with_title >= 0.90,
        "macro-F1 with titles is {with_title:.3}, below 0.90"
    );
}

/// Prints the tagger's throughput on the corpus texts (`cargo test --release ... -- --ignored`).
#[test]
#[ignore = "a measurement: run it in release mode on purpose"]
fn tagger_throughput() {
    let Some(texts) = read_labelled_texts() else {
        plenary_testkit::skip("corpus/expected.jsonl is absent: no throughput measurement");
        return;
    };
    let tagger = TopicTagger::new(&Taxonomy::bundled());
    let corpus_bytes: usize = texts.iter().map(|text| text.text.len()).sum();
    if corpus_bytes == 0 {
        return;
    }
    let rounds = (50_000_000 / corpus_bytes).max(1);
    let started = std::time::Instant::now();
    let mut assigned = 0;
    for _ in 0..rounds {
        for text in &texts {
            assigned += tagger.tag_with_title(&text.title, &text.text).len();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = (corpus_bytes * rounds) as f64 / 1e6;
    println!(
        "tagged {} texts × {rounds} rounds = {megabytes:.1} MB in {seconds:.2} s: {:.1} MB/s on one thread ({assigned} assignments)",
        texts.len(),
        megabytes / seconds
    );
}
