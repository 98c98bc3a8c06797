//! `plenary export --format opensearch`: every field of every document of the bundled
//! corpus is mapped by the index template (which refuses unmapped fields).

use crate::common;

use std::fs;

use common::{corpus_docs, plenary};
use serde_json::Value;

/// The fields of `source` (by dotted path) that `properties` does not map.
fn unmapped(source: &Value, properties: &Value, prefix: &str, missing: &mut Vec<String>) {
    let Value::Object(fields) = source else {
        return;
    };
    for (name, value) in fields {
        let path = format!("{prefix}{name}");
        let Some(mapping) = properties.get(name) else {
            missing.push(path);
            continue;
        };
        // A field whose mapping leaves its inside to the engine (flat_object, disabled).
        if mapping.get("properties").is_none() {
            continue;
        }
        let items: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for item in items {
            unmapped(item, &mapping["properties"], &format!("{path}."), missing);
        }
    }
}

#[test]
fn every_field_of_every_exported_document_is_mapped() {
    let work = tempfile::tempdir().unwrap();
    let enriched = work.path().join("enriched.jsonl");
    let output = plenary()
        .arg("enrich")
        .arg(corpus_docs())
        .arg("--out")
        .arg(&enriched)
        .output()
        .unwrap();
    assert!(output.status.success());
    let mut broken = fs::read_to_string(&enriched).unwrap();
    broken.push_str("{\"plenary_document\": 1}\n");
    fs::write(&enriched, &broken).unwrap();

    let template_file = work.path().join("template.json");
    let bulk_file = work.path().join("bulk.ndjson");
    let output = plenary()
        .args([
            "export",
            "--format",
            "opensearch",
            "--index-name",
            "plenary-test",
        ])
        .arg(&enriched)
        .arg("--template")
        .arg(&template_file)
        .arg("--out")
        .arg(&bulk_file)
        .output()
        .unwrap();
    // The broken line is reported with its number; the others are exported.
    assert_eq!(output.status.code(), Some(2));
    let records = broken.lines().count();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("line {records}")), "{stderr}");

    let template: Value = serde_json::from_slice(&fs::read(&template_file).unwrap()).unwrap();
    assert_eq!(template["index_patterns"][0], "plenary-test*");
    let mappings = &template["template"]["mappings"];
    assert_eq!(mappings["dynamic"], "strict");
    let properties = &mappings["properties"];
    for language in ["en", "fr", "es", "ru", "ar", "zh"] {
        assert!(properties[format!("text_{language}")]["analyzer"].is_string());
    }
    let bulk = fs::read_to_string(&bulk_file).unwrap();
    let lines: Vec<Value> = bulk
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2 * (records - 1));
    let mut languages = std::collections::BTreeSet::new();
    for pair in lines.chunks(2) {
        let (action, source) = (&pair[0], &pair[1]);
        assert_eq!(action["index"]["_index"], "plenary-test");
        assert_eq!(action["index"]["_id"], source["id"]);
        let mut missing = Vec::new();
        unmapped(source, properties, "", &mut missing);
        assert!(missing.is_empty(), "{} unmapped: {missing:?}", source["id"]);
        languages.insert(source["language"].as_str().unwrap().to_string());
        assert!(source["facet_lang"].is_array());
    }
    assert!(languages.len() >= 6, "{languages:?}");
}
