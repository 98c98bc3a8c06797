//! Language versions over HTTP: each hit lists its versions in other languages with the
//! paragraph of each that matches its best passage; a document is read beside one of
//! its versions, paragraph by paragraph; a brief lists an organization once, under the
//! name its English version gives. A real server on an ephemeral port, over the fixture
//! index, an index of a statement in English and Arabic, and the bundled corpus.

use crate::common;

use std::path::Path;

use common::server::TestServer;
use common::{Fixture, document};
use plenary_core::model::{ConsultativeStatus, DocType, Document, Forum};
use plenary_server::api::ApiSettings;
use reqwest::StatusCode;
use serde_json::Value;

fn hits(body: &Value) -> &Vec<Value> {
    body["hits"].as_array().expect("hits")
}

fn hit_with<'a>(body: &'a Value, symbol: &str, language: &str) -> &'a Value {
    hits(body)
        .iter()
        .find(|hit| hit["symbol"] == symbol && hit["language"] == language)
        .unwrap_or_else(|| panic!("a {language} hit of {symbol} in {body}"))
}

#[test]
fn a_hit_lists_its_other_versions_with_the_paragraph_of_the_same_number() {
    let server = TestServer::start(ApiSettings::default());
    let (status, body) = server.get("/api/search?q=executions+international+law");
    assert_eq!(status, StatusCode::OK, "{body}");
    let english = hit_with(&body, "E/CN.7/2014/NGO/3", "en");
    assert_eq!(english["passages"][0]["paragraph"], 2, "{english}");
    let versions = english["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 1, "{versions:?}");
    let french = &versions[0];
    assert_eq!(french["language"], "fr");
    assert_eq!(
        french["title"],
        "La peine de mort pour les infractions liées aux drogues"
    );
    assert_eq!(french["paragraph"]["paragraph"], 2, "{french}");
    let snippet = french["paragraph"]["snippet"].as_str().expect("snippet");
    assert!(
        snippet.starts_with("2. Les exécutions pour ces infractions"),
        "{snippet}"
    );
    assert!(
        french["paragraph"]["citation"]
            .as_str()
            .is_some_and(|citation| citation.contains("E/CN.7/2014/NGO/3, para. 2")),
        "{french}"
    );
    // The version's id opens it.
    let id = french["id"].as_str().expect("id");
    let (status, version) = server.get(&format!("/api/documents/{id}"));
    assert_eq!(status, StatusCode::OK);
    assert_eq!(version["language"], "fr");

    // A document without a symbol, or alone with it, lists none; versions=false asks for none.
    let (_, body) = server.get("/api/search?q=cybercrime");
    assert!(hits(&body)[0].get("versions").is_none(), "{body}");
    let (_, body) = server.get("/api/search?q=executions+international+law&versions=false");
    assert!(
        hits(&body).iter().all(|hit| hit.get("versions").is_none()),
        "{body}"
    );
    let (status, body) = server.get("/api/search?q=executions&versions=maybe");
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // Without a query, hits list their versions without a paragraph.
    let (_, body) = server.get("/api/search?forum=CND&year=2014");
    for hit in hits(&body) {
        let versions = hit["versions"].as_array().expect("versions");
        assert_eq!(versions.len(), 1, "{hit}");
        assert_ne!(versions[0]["language"], hit["language"]);
        assert!(versions[0].get("paragraph").is_none(), "{hit}");
    }
}

#[test]
fn a_hit_lists_one_version_per_language_the_one_compare_pairs_it_with() {
    // A second Arabic copy of the statement (another source of the same symbol).
    let mut documents = english_and_arabic();
    let copy = Fixture {
        title: "إلغاء عقوبة الإعدام على جرائم المخدرات (نسخة)",
        text: "1. سجلت المنظمة عمليات إعدام بسبب جرائم المخدرات.\n\n\
               2. لا تردع عقوبة الإعدام الاتجار بالمخدرات في أي بلد.",
        ..ARABIC_STATEMENT
    };
    documents.push(document(documents.len(), &copy));
    // The first written (the first in index order) is the one listed and compared.
    let arabic_ids: Vec<String> = documents
        .iter()
        .filter(|document| {
            document.language == "ar" && document.symbol.as_deref() == Some("E/CN.15/2016/NGO/9")
        })
        .map(|document| document.id.clone())
        .collect();
    assert_eq!(arabic_ids.len(), 2);
    let server = TestServer::start_with(&documents, ApiSettings::default());
    let (status, body) = server.get("/api/search?q=deter+drug+trafficking&lang=en");
    assert_eq!(status, StatusCode::OK, "{body}");
    let english = hit_with(&body, "E/CN.15/2016/NGO/9", "en");
    let versions = english["versions"].as_array().expect("versions");
    assert_eq!(versions.len(), 1, "{versions:?}");
    assert_eq!(versions[0]["id"], arabic_ids[0].as_str(), "{versions:?}");
    assert_eq!(versions[0]["paragraph"]["paragraph"], 2, "{versions:?}");
    let snippet = versions[0]["paragraph"]["snippet"]
        .as_str()
        .expect("snippet");
    assert!(snippet.starts_with("2. لا تردع"), "{snippet}");

    let id = english["id"].as_str().expect("id");
    let (status, comparison) = server.get(&format!("/api/documents/{id}/compare?lang=ar"));
    assert_eq!(status, StatusCode::OK, "{comparison}");
    assert_eq!(
        comparison["version"]["id"], versions[0]["id"],
        "{comparison}"
    );
}

#[test]
fn a_document_is_read_beside_its_version_paragraph_by_paragraph() {
    let server = TestServer::start(ApiSettings::default());
    let (_, body) = server.get("/api/search?q=executions+international+law");
    let english = hit_with(&body, "E/CN.7/2014/NGO/3", "en");
    let id = english["id"].as_str().expect("id");
    let (status, aligned) = server.get(&format!("/api/documents/{id}/compare?lang=fr"));
    assert_eq!(status, StatusCode::OK, "{aligned}");
    assert_eq!(aligned["aligned_by"], "number");
    assert_eq!(aligned["document"]["id"], id);
    assert_eq!(aligned["document"]["language"], "en");
    assert_eq!(aligned["version"]["language"], "fr");
    let pairs = aligned["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 3, "{aligned}");
    for (position, pair) in pairs.iter().enumerate() {
        let number = position as u64 + 1;
        assert_eq!(pair["number"], number, "{pair}");
        for side in ["document", "version"] {
            assert_eq!(pair[side]["number"], number, "{pair}");
            let text = pair[side]["text"].as_str().expect("text");
            assert!(text.starts_with(&format!("{number}. ")), "{pair}");
        }
        assert_eq!(pair["document"]["language"], "en");
        assert_eq!(pair["version"]["language"], "fr");
    }
    assert!(
        pairs[1]["version"]["text"]
            .as_str()
            .is_some_and(|text| text.contains("Les exécutions")),
        "{aligned}"
    );

    // The French version compared with the English one: the same pairs, sides swapped.
    let french = aligned["version"]["id"].as_str().expect("id");
    let (_, back) = server.get(&format!("/api/documents/{french}/compare?lang=en"));
    let back_pairs = back["pairs"].as_array().expect("pairs");
    for (pair, back_pair) in pairs.iter().zip(back_pairs) {
        assert_eq!(pair["document"], back_pair["version"]);
        assert_eq!(pair["version"], back_pair["document"]);
    }

    // No version in that language: 404 naming those there are; no language: 400.
    let (status, error) = server.get(&format!("/api/documents/{id}/compare?lang=ar"));
    assert_eq!(status, StatusCode::NOT_FOUND, "{error}");
    let message = error["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("`ar`") && message.contains("fr"),
        "{message}"
    );
    let (status, _) = server.get(&format!("/api/documents/{id}/compare"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.get(&format!("/api/documents/{id}/compare?lang=fr&colour=red"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = server.get("/api/documents/no-such-document/compare?lang=fr");
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The route is documented.
    let (_, openapi) = server.get("/api/openapi.json");
    assert!(
        openapi["paths"]
            .get("/api/documents/{id}/compare")
            .is_some(),
        "the compare route in the OpenAPI document"
    );
}

/// Amnesty International's statement of 2016 in Arabic.
const ARABIC_STATEMENT: Fixture = Fixture {
    symbol: Some("E/CN.15/2016/NGO/9"),
    title: "إلغاء عقوبة الإعدام على جرائم المخدرات",
    forum: Some(Forum::Ccpcj),
    session: Some(25),
    date: Some("2016-05-23"),
    organization: Some("منظمة العفو الدولية"),
    status: Some(ConsultativeStatus::Special),
    doc_type: DocType::Statement,
    language: "ar",
    topics: &["death-penalty"],
    text: "1. سجلت منظمة العفو الدولية عمليات إعدام بسبب جرائم المخدرات في عشرة بلدان.\n\n\
           2. لا تردع عقوبة الإعدام الاتجار بالمخدرات.",
};

/// A statement of Amnesty International in English and in Arabic, each version naming
/// the organization in its language, and a statement in Arabic only.
fn english_and_arabic() -> Vec<Document> {
    const FIXTURES: &[Fixture] = &[
        Fixture {
            symbol: Some("E/CN.15/2016/NGO/9"),
            title: "Abolish the death penalty for drug offences",
            forum: Some(Forum::Ccpcj),
            session: Some(25),
            date: Some("2016-05-23"),
            organization: Some("Amnesty International"),
            status: Some(ConsultativeStatus::Special),
            doc_type: DocType::Statement,
            language: "en",
            topics: &["death-penalty"],
            text: "1. Amnesty International recorded executions for drug offences in ten countries.\n\n\
                   2. The death penalty does not deter drug trafficking.",
        },
        ARABIC_STATEMENT,
        Fixture {
            symbol: Some("E/CN.15/2017/NGO/4"),
            title: "عقوبة الإعدام والمحاكمة العادلة",
            forum: Some(Forum::Ccpcj),
            session: Some(26),
            date: Some("2017-05-22"),
            organization: Some("منظمة العفو الدولية"),
            status: Some(ConsultativeStatus::Special),
            doc_type: DocType::Statement,
            language: "ar",
            topics: &["death-penalty"],
            text: "1. تفرض عقوبة الإعدام بعد محاكمات لا تفي بمعايير المحاكمة العادلة.",
        },
        Fixture {
            symbol: Some("E/CN.15/2016/NGO/2"),
            title: "Prison conditions and the death penalty",
            forum: Some(Forum::Ccpcj),
            session: Some(25),
            date: Some("2016-05-23"),
            organization: Some("Penal Reform International"),
            status: Some(ConsultativeStatus::Special),
            doc_type: DocType::Statement,
            language: "en",
            topics: &["death-penalty", "prisons"],
            text: "1. The death penalty should be abolished and prison conditions reformed.",
        },
    ];
    FIXTURES
        .iter()
        .enumerate()
        .map(|(position, fixture)| document(position, fixture))
        .collect()
}

fn organizations(brief: &Value) -> Vec<(String, u64)> {
    brief["organizations"]
        .as_array()
        .expect("organizations")
        .iter()
        .map(|value| {
            (
                value["value"].as_str().expect("name").to_string(),
                value["count"].as_u64().expect("count"),
            )
        })
        .collect()
}

#[test]
fn a_brief_lists_an_organization_once_under_its_english_name() {
    let server = TestServer::start_with(&english_and_arabic(), ApiSettings::default());
    let (status, brief) = server.get("/api/brief?topic=death-penalty&format=json");
    assert_eq!(status, StatusCode::OK, "{brief}");
    assert_eq!(brief["total_documents"], 4);
    assert_eq!(
        organizations(&brief),
        [
            ("Amnesty International".to_string(), 3),
            ("Penal Reform International".to_string(), 1)
        ]
    );
    for listed in brief["documents"].as_array().expect("documents") {
        assert_ne!(listed["organization"], "منظمة العفو الدولية", "{listed}");
    }
    for passage in brief["passages"].as_array().expect("passages") {
        let citation = passage["citation"].as_str().expect("citation");
        assert!(!citation.contains("منظمة العفو الدولية"), "{citation}");
        if passage["symbol"] == "E/CN.15/2017/NGO/4" {
            assert!(
                citation.starts_with("Amnesty International, "),
                "{citation}"
            );
        }
    }
    // The English version need not match: its name is looked up by the symbol.
    let (_, arabic_only) = server.get("/api/brief?topic=death-penalty&lang=ar&format=json");
    assert_eq!(arabic_only["total_documents"], 2);
    assert_eq!(
        organizations(&arabic_only),
        [("Amnesty International".to_string(), 2)]
    );
    // The search keeps each version's own name.
    let (_, search) = server.get("/api/search?lang=ar");
    assert!(
        hits(&search)
            .iter()
            .all(|hit| hit["organization"] == "منظمة العفو الدولية"),
        "{search}"
    );
}

fn corpus_docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/docs")
}

/// The bundled corpus: a statement of Transparency International in English, Russian
/// and Chinese, its paragraphs numbered in each.
#[test]
fn the_bundled_corpus_reads_one_statement_in_three_languages() {
    let directory = tempfile::tempdir().expect("temp dir");
    let mut options = plenary_indexer::IndexOptions::new(directory.path().to_path_buf());
    options.threads = 2;
    plenary_indexer::run_index(&[corpus_docs()], &options, &plenary_indexer::NoProgress)
        .expect("index the bundled corpus");
    let server = common::server::TestServer::serve(directory);

    let (_, body) = server.get("/api/search?q=whistle-blowers+reprisals");
    let english = hit_with(&body, "CAC/COSP/2019/NGO/17", "en");
    assert_eq!(english["passages"][0]["paragraph"], 2, "{english}");
    let versions = english["versions"].as_array().expect("versions");
    let languages: Vec<&str> = versions
        .iter()
        .filter_map(|version| version["language"].as_str())
        .collect();
    assert_eq!(languages, ["ru", "zh"], "{versions:?}");
    for version in versions {
        assert_eq!(version["paragraph"]["paragraph"], 2, "{version}");
    }
    let russian = versions[0]["paragraph"]["snippet"]
        .as_str()
        .expect("snippet");
    assert!(
        russian.contains("33"),
        "article 33 in the Russian paragraph 2: {russian}"
    );

    let id = english["id"].as_str().expect("id");
    for language in ["ru", "zh"] {
        let (status, aligned) = server.get(&format!("/api/documents/{id}/compare?lang={language}"));
        assert_eq!(status, StatusCode::OK, "{aligned}");
        assert_eq!(aligned["aligned_by"], "number");
        let numbered: Vec<&Value> = aligned["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .filter(|pair| pair["number"].is_u64())
            .collect();
        let numbers: Vec<u64> = numbered
            .iter()
            .filter_map(|pair| pair["number"].as_u64())
            .collect();
        assert_eq!(numbers, [1, 2, 3, 4, 5], "{language}: {aligned}");
        for pair in numbered {
            assert!(
                pair["document"].is_object() && pair["version"].is_object(),
                "{pair}"
            );
        }
    }

    let (_, brief) = server.get("/api/brief?topic=corruption&format=json");
    let names: Vec<String> = organizations(&brief)
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert!(
        names.contains(&"Transparency International".to_string()),
        "{names:?}"
    );
    for other in ["透明国际", "Трансперенси Интернешнл"] {
        assert!(!names.contains(&other.to_string()), "{other} in {names:?}");
    }
}
