//! `plenary serve` end to end: the real binary indexes the bundled corpus on first run,
//! serves on an ephemeral port, and answers over HTTP with counts that match the ground truth.

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use common::{plenary, workspace_dir};
use serde_json::Value;

/// A running `plenary serve`, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(data_dir: &std::path::Path) -> Server {
    let mut child = plenary()
        .current_dir(workspace_dir())
        .args([
            "serve",
            "--port",
            "0",
            "--cors-origin",
            "http://localhost:3000",
            "--data-dir",
        ])
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("plenary serve starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("serve prints its URL before closing stdout")
            .unwrap();
        if let Some(start) = line.find("http://") {
            break line[start..].trim().trim_end_matches('/').to_string();
        }
    };
    Server { child, url }
}

fn get(url: &str) -> (u16, Value) {
    let response = reqwest::blocking::get(url).unwrap();
    let status = response.status().as_u16();
    let body = response.json().unwrap_or(Value::Null);
    (status, body)
}

fn label_counts(field: &str) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(workspace_dir().join("corpus/expected.jsonl")).unwrap();
    let mut counts = BTreeMap::new();
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let label: Value = serde_json::from_str(line).unwrap();
        let values: Vec<String> = match &label[field] {
            Value::Array(values) => values
                .iter()
                .map(|value| value.as_str().unwrap().to_string())
                .collect(),
            Value::Null => Vec::new(),
            Value::Number(number) => vec![number.to_string()],
            Value::String(value) => vec![value.clone()],
            other => panic!("{field}: {other}"),
        };
        for value in values {
            *counts.entry(value).or_insert(0) += 1;
        }
    }
    counts
}

fn facet_counts(response: &Value, facet: &str) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    fn walk(values: &Value, counts: &mut BTreeMap<String, u64>) {
        for value in values.as_array().into_iter().flatten() {
            counts.insert(
                value["value"].as_str().unwrap().to_string(),
                value["count"].as_u64().unwrap(),
            );
            walk(&value["children"], counts);
        }
    }
    walk(&response["facets"][facet], &mut counts);
    counts
}

#[test]
fn serves_the_bundled_corpus_with_counts_that_match_the_ground_truth() {
    let data = tempfile::tempdir().unwrap();
    let server = start_server(data.path());
    let base = &server.url;

    let (status, _) = get(&format!("{base}/healthz"));
    assert_eq!(status, 200);

    // CORS as configured on the command line: the named origin only.
    let client = reqwest::blocking::Client::new();
    let allowed = client
        .get(format!("{base}/healthz"))
        .header("Origin", "http://localhost:3000")
        .send()
        .unwrap();
    assert_eq!(
        allowed
            .headers()
            .get("access-control-allow-origin")
            .map(|value| value.to_str().unwrap()),
        Some("http://localhost:3000")
    );
    let other = client
        .get(format!("{base}/healthz"))
        .header("Origin", "http://elsewhere.example")
        .send()
        .unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let page = reqwest::blocking::get(format!("{base}/")).unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        page.text().unwrap().contains("<form"),
        "the page has a search form"
    );

    let documents = label_counts("language").values().sum::<u64>();
    let (status, all) = get(&format!("{base}/api/search?q=&size=0&facet_limit=500"));
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["total"].as_u64(), Some(documents));
    for (facet, field) in [
        ("forum", "forum"),
        ("lang", "language"),
        ("doc_type", "doc_type"),
        ("year", "year"),
    ] {
        assert_eq!(
            facet_counts(&all, facet),
            label_counts(field),
            "facet {facet}"
        );
    }

    // The page's example: femicide, as a topic and as a word.
    let femicide_documents = label_counts("topics")["femicide"];
    let (_, by_topic) = get(&format!("{base}/api/search?topic=femicide&size=100"));
    assert_eq!(
        by_topic["total"].as_u64(),
        Some(femicide_documents),
        "{by_topic}"
    );
    assert_eq!(
        facet_counts(&by_topic, "topic").get("femicide"),
        Some(&femicide_documents)
    );
    let (_, by_word) = get(&format!("{base}/api/search?q=femicide&size=100"));
    let hits = by_word["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .all(|hit| hit["snippet"].as_str().unwrap().contains("<mark>")),
        "{by_word}"
    );

    // Across languages, the word finds every femicide document, in its own language:
    // feminicidio, féminicide, قتل الإناث. Those that say the word itself come first.
    let (status, across) = get(&format!("{base}/api/search?q=femicide&xlang=true&size=100"));
    assert_eq!(status, 200, "{across}");
    let ids = |response: &Value| -> Vec<String> {
        response["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|hit| hit["id"].as_str().unwrap().to_string())
            .collect()
    };
    let across_ids = ids(&across);
    for id in ids(&by_topic) {
        assert!(across_ids.contains(&id), "{id} missing from {across_ids:?}");
    }
    assert!(
        by_word["total"].as_u64() < by_topic["total"].as_u64(),
        "{by_word}"
    );
    let languages: std::collections::BTreeSet<&str> = across["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["language"].as_str().unwrap())
        .collect();
    assert!(languages.len() >= 3, "{languages:?}");
    let word_hits = hits.len();
    assert_eq!(
        &across_ids[..word_hits],
        &ids(&by_word)[..],
        "word matches rank first"
    );
    // A query that names no topic is the same with or without the switch.
    let (_, plain) = get(&format!("{base}/api/search?q=budget&size=100"));
    let (_, plain_across) = get(&format!("{base}/api/search?q=budget&size=100&xlang=true"));
    assert_eq!(ids(&plain), ids(&plain_across));
    let (status, error) = get(&format!("{base}/api/search?q=femicide&xlang=perhaps"));
    assert_eq!(status, 400, "{error}");

    // Paragraphs about a topic, in any language: the documents that have one, each with
    // those paragraphs as its passages.
    let (status, paragraphs) = get(&format!(
        "{base}/api/search?passage_topic=femicide&size=100"
    ));
    assert_eq!(status, 200, "{paragraphs}");
    let paragraph_hits = paragraphs["hits"].as_array().unwrap();
    assert!(!paragraph_hits.is_empty(), "{paragraphs}");
    let mut paragraph_languages = std::collections::BTreeSet::new();
    for hit in paragraph_hits {
        let passages = hit["passages"].as_array().unwrap();
        assert!(!passages.is_empty(), "{hit}");
        for passage in passages {
            let topics: Vec<&str> = passage["topics"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert!(topics.contains(&"femicide"), "{passage}");
        }
        paragraph_languages.insert(hit["language"].as_str().unwrap().to_string());
    }
    assert!(paragraph_languages.len() >= 2, "{paragraph_languages:?}");
    let counted = facet_counts(&paragraphs, "passage_topic");
    assert!(
        counted.contains_key("femicide") || counted.contains_key("violence-against-women"),
        "{counted:?}"
    );
    // With words, the paragraphs about the topic that hold them.
    let (_, worded) = get(&format!(
        "{base}/api/search?q=women&passage_topic=femicide&size=100"
    ));
    assert!(worded["total"].as_u64() <= paragraphs["total"].as_u64());

    // A speech's citation names the State that speaks and, undated, its year.
    let (_, speech) = get(&format!("{base}/api/search?q=Deiss&size=5"));
    let citation = speech["hits"][0]["passages"][0]["citation"]
        .as_str()
        .unwrap_or_default();
    assert!(citation.starts_with("Spain, "), "{speech}");
    assert!(citation.ends_with(", 2010"), "{citation}");

    let first_id = hits[0]["id"].as_str().unwrap();
    let (status, document) = get(&format!("{base}/api/documents/{first_id}"));
    assert_eq!(status, 200);
    assert_eq!(document["id"].as_str(), Some(first_id));

    let (status, error) = get(&format!("{base}/api/search?q=%22unclosed"));
    assert_eq!(status, 400, "{error}");
    assert_eq!(error["error"]["code"], "bad_request");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("q: syntax error at position "),
        "{error}"
    );

    let (status, error) = get(&format!("{base}/api/documents/no-such-document"));
    assert_eq!(status, 404);
    assert_eq!(error["error"]["code"], "not_found");
}
