//! The same index on a search cluster: an OpenSearch index template with Plenary's
//! per-language analysis and facets, and each document as a bulk-API source that the
//! template maps field by field (`dynamic: strict`, so a field it does not map is
//! refused rather than guessed).

use serde_json::{Map, Value, json};

use crate::analysis::LANGUAGES;
use crate::schema::{FacetField, document_facets};
use crate::{Document, Taxonomy};

/// OpenSearch's analyser for the text of a language: its stemming language analysers,
/// and CJK bigrams for Chinese, as Plenary analyses them.
fn analyzer_of(language: &str) -> &'static str {
    match language {
        "en" => "english",
        "fr" => "french",
        "es" => "spanish",
        "ru" => "russian",
        "ar" => "arabic",
        "zh" => "cjk",
        _ => "standard",
    }
}

/// The field a text of `language` is analysed in: `text_en` … `text_zh`, `text_other`.
pub fn text_field_of(language: &str) -> String {
    if LANGUAGES.contains(&language) {
        format!("text_{language}")
    } else {
        "text_other".to_string()
    }
}

fn keyword() -> Value {
    json!({"type": "keyword"})
}

/// The index template for indexes whose names match `pattern` (`plenary-*`).
pub fn index_template(pattern: &str) -> Value {
    let mut properties = Map::new();
    for (name, mapping) in [
        ("id", keyword()),
        ("source", keyword()),
        ("item", json!({"type": "integer"})),
        ("symbol", keyword()),
        ("base_symbol", keyword()),
        ("title", json!({"type": "text", "analyzer": "standard"})),
        ("forum", keyword()),
        ("session", json!({"type": "integer"})),
        ("date", json!({"type": "date", "format": "yyyy-MM-dd"})),
        ("year", json!({"type": "integer"})),
        ("doc_type", keyword()),
        ("organization", keyword()),
        ("consultative_status", keyword()),
        ("language", keyword()),
        ("language_confidence", json!({"type": "float"})),
        ("content_hash", keyword()),
        // Stored for display, searched through the per-language fields.
        ("text", json!({"type": "text", "index": false})),
        (
            "topics",
            json!({"type": "nested", "properties": {
                "slug": keyword(),
                "score": {"type": "float"},
                "evidence": {"type": "object", "enabled": false},
            }}),
        ),
        (
            "passages",
            json!({"type": "nested", "properties": {
                "index": {"type": "integer"},
                "number": {"type": "integer"},
                "language": keyword(),
                "topics": keyword(),
                "text": {"type": "text", "analyzer": "standard"},
                // Where the paragraph is in the text: byte ranges, kept, not searched.
                "spans": {"type": "integer", "index": false, "doc_values": false},
            }}),
        ),
        (
            "meta",
            json!({"properties": {
                "actor_type": keyword(),
                "country": keyword(),
                "region": keyword(),
                "speaker": keyword(),
                "recipient": keyword(),
                "url": keyword(),
                "tags": keyword(),
                // The input's own fields, whatever their names.
                "fields": {"type": "flat_object"},
            }}),
        ),
    ] {
        properties.insert(name.to_string(), mapping);
    }
    for language in LANGUAGES.iter().copied().chain(["other"]) {
        properties.insert(
            format!("text_{language}"),
            json!({"type": "text", "analyzer": analyzer_of(language)}),
        );
    }
    // The facets, one keyword field each (`facet_topic`: `/drugs/death-penalty` and its
    // ancestors, so that a parent topic includes its children as in Plenary).
    for facet in FacetField::ALL {
        properties.insert(format!("facet_{}", facet.name()), keyword());
    }
    json!({
        "index_patterns": [pattern],
        "template": {
            "settings": {"index": {"number_of_shards": 1}},
            "mappings": {"dynamic": "strict", "properties": properties},
        },
    })
}

/// A document as the source of its bulk-API `index` action.
pub fn bulk_source(document: &Document, taxonomy: &Taxonomy) -> Value {
    // A document is strings, numbers, lists and maps with string keys: it serialises,
    // and to an object. An empty source would export a document without its fields.
    let serialised = serde_json::to_value(document).expect(
        "a document is strings, numbers, lists and maps with string keys: it always serialises",
    );
    let Value::Object(mut source) = serialised else {
        unreachable!("a struct serialises to a JSON object")
    };
    if let Some(base) = document
        .symbol
        .as_deref()
        .and_then(crate::schema::base_symbol_of)
    {
        source.insert("base_symbol".into(), json!(base));
    }
    // The text once more in the field of its language, analysed there; a paragraph in
    // another language in that language's field.
    let mut texts: Map<String, Value> = Map::new();
    let main = text_field_of(&document.language);
    texts.insert(main.clone(), json!([document.title, document.text]));
    for passage in &document.passages {
        if let Some(language) = passage.language.as_deref() {
            let field = text_field_of(language);
            if field != main
                && let Value::Array(values) = texts.entry(field).or_insert_with(|| json!([]))
            {
                values.push(json!(passage.text));
            }
        }
    }
    source.extend(texts);
    let mut facets: Map<String, Value> = Map::new();
    for (field, facet) in document_facets(document, taxonomy) {
        let Value::Array(values) = facets
            .entry(format!("facet_{}", field.name()))
            .or_insert_with(|| json!([]))
        else {
            continue;
        };
        let mut path = String::new();
        for segment in facet.to_path() {
            path.push('/');
            path.push_str(segment);
            // Each ancestor too, for hierarchical facets (topics, sessions).
            let value = json!(path);
            if !values.contains(&value) {
                values.push(value);
            }
        }
    }
    source.extend(facets);
    Value::Object(source)
}

/// The two bulk-API lines of a document: its action and its source.
pub fn bulk_lines(document: &Document, taxonomy: &Taxonomy, index: &str) -> [Value; 2] {
    [
        json!({"index": {"_index": index, "_id": document.id}}),
        bulk_source(document, taxonomy),
    ]
}
