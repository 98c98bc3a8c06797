//! Thematic briefs over HTTP, on the real server bound to 127.0.0.1:0 with a real index
//! of the fixture documents. Expected numbers come from the fixture labels.

use crate::common;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::sync::Arc;

use common::{FIXTURES, count_where};
use plenary_core::taxonomy::Taxonomy;
use plenary_server::brief::{BriefRequest, build_brief};
use plenary_server::{SearchRequest, SearchService};
use serde_json::Value;

/// A server on an ephemeral port over a fresh fixture index; it lives as long as the test.
struct TestServer {
    addr: SocketAddr,
    service: Arc<SearchService>,
    _directory: tempfile::TempDir,
}

fn start_server() -> TestServer {
    let directory = tempfile::tempdir().expect("temp dir");
    common::write_index(directory.path());
    let service = Arc::new(
        SearchService::open(directory.path(), Taxonomy::bundled()).expect("open the index"),
    );
    let router = plenary_server::router(plenary_server::AppState::new(
        service.clone(),
        plenary_server::api::ApiSettings::default(),
    ));
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            sender.send(listener.local_addr().expect("address")).ok();
            axum::serve(listener, router).await.expect("serve");
        });
    });
    let addr = receiver.recv().expect("the server starts");
    TestServer {
        addr,
        service,
        _directory: directory,
    }
}

struct Answer {
    status: u16,
    content_type: String,
    disposition: Option<String>,
    body: String,
}

fn get(server: &TestServer, path_and_query: &str) -> Answer {
    let url = format!("http://{}{}", server.addr, path_and_query);
    let response = reqwest::blocking::get(&url).unwrap_or_else(|error| panic!("{url}: {error}"));
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string)
    };
    Answer {
        status: response.status().as_u16(),
        content_type: header("content-type").unwrap_or_default(),
        disposition: header("content-disposition"),
        body: response.text().expect("body"),
    }
}

fn json(server: &TestServer, path_and_query: &str) -> Value {
    let answer = get(server, path_and_query);
    assert_eq!(answer.status, 200, "{path_and_query}: {}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    serde_json::from_str(&answer.body).expect("JSON")
}

fn strings<'a>(value: &'a Value, key: &str) -> Vec<&'a str> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|item| item[key].as_str())
        .collect()
}

#[test]
fn a_topic_brief_counts_the_topic_documents_and_quotes_their_passages_with_citations() {
    let server = start_server();
    let brief = json(&server, "/api/brief?topic=death-penalty&format=json");
    let labelled = |f: &common::Fixture| f.topics.contains(&"death-penalty");

    assert_eq!(brief["total_documents"], count_where(labelled));
    assert_eq!(brief["index_documents"], FIXTURES.len() as u64);
    assert_eq!(brief["title"], "Death penalty");
    assert_eq!(brief["scope"]["url"], "/api/brief?topic=death-penalty");
    assert_eq!(
        brief["scope"]["command"],
        "plenary brief --topic death-penalty"
    );

    let listed: BTreeSet<&str> = strings(&brief["documents"], "title").into_iter().collect();
    let expected: BTreeSet<&str> = FIXTURES
        .iter()
        .filter(|f| labelled(f))
        .map(|f| f.title)
        .collect();
    assert_eq!(listed, expected);

    // Forums and organizations count the listed documents: every one the labels give
    // is listed (a forum or an organization left out fails here).
    let listed_values = |key: &str| -> BTreeSet<String> {
        brief[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|entry| entry["value"].as_str().expect("value").to_string())
            .collect()
    };
    let labelled_forums: BTreeSet<String> = FIXTURES
        .iter()
        .filter(|f| labelled(f))
        .filter_map(|f| f.forum.map(|forum| forum.code().to_string()))
        .collect();
    assert_eq!(listed_values("forums"), labelled_forums);
    let labelled_organizations: BTreeSet<String> = FIXTURES
        .iter()
        .filter(|f| labelled(f))
        .filter_map(|f| f.organization.map(str::to_string))
        .collect();
    assert_eq!(listed_values("organizations"), labelled_organizations);
    for forum in brief["forums"].as_array().expect("forums") {
        let code = forum["value"].as_str().expect("code");
        let expected =
            count_where(|f| labelled(f) && f.forum.map(|forum| forum.code()) == Some(code));
        assert_eq!(forum["count"], expected, "{code}");
    }
    for organization in brief["organizations"].as_array().expect("organizations") {
        let name = organization["value"].as_str().expect("name");
        let expected = count_where(|f| labelled(f) && f.organization == Some(name));
        assert_eq!(organization["count"], expected, "{name}");
    }
    // The timeline counts per year, against all the documents of that year.
    for year in brief["timeline"].as_array().expect("timeline") {
        let number = year["year"].as_i64().expect("year").to_string();
        let in_year = |f: &common::Fixture| f.date.is_some_and(|date| date.starts_with(&number));
        assert_eq!(
            year["documents"],
            count_where(|f| labelled(f) && in_year(f))
        );
        assert_eq!(year["index_documents"], count_where(in_year));
    }

    // Quoted passages come from documents of the topic, cite them, and name the topic.
    let passages = brief["passages"].as_array().expect("passages");
    assert!(!passages.is_empty(), "a topic brief quotes passages");
    let symbols: BTreeSet<&str> = FIXTURES
        .iter()
        .filter(|f| labelled(f))
        .filter_map(|f| f.symbol)
        .collect();
    for passage in passages {
        let symbol = passage["symbol"].as_str().expect("a symbol");
        assert!(symbols.contains(symbol), "{symbol}");
        let citation = passage["citation"].as_str().expect("citation");
        assert!(
            citation.contains(&format!("{symbol}, para. ")),
            "{citation}"
        );
        if let Some(organization) = passage["organization"].as_str() {
            assert!(
                citation.starts_with(&format!("{organization}, {symbol}")),
                "{citation}"
            );
        }
        let marked: Vec<&str> = passage["quote"]
            .as_array()
            .expect("runs")
            .iter()
            .filter(|run| run["marked"] == true)
            .filter_map(|run| run["text"].as_str())
            .collect();
        assert!(!marked.is_empty(), "{passage}");
    }
}

/// The runs of a quoted passage marked as matching, lower-cased.
fn marked_runs(passage: &Value) -> Vec<String> {
    passage["quote"]
        .as_array()
        .expect("runs")
        .iter()
        .filter(|run| run["marked"] == true)
        .filter_map(|run| run["text"].as_str())
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn a_brief_on_a_phrase_marks_the_phrase_where_it_stands_and_quotes_it_first() {
    let server = start_server();
    let brief = json(&server, "/api/brief?q=%22death%20penalty%22&format=json");
    let passages = brief["passages"].as_array().expect("passages");
    assert!(!passages.is_empty(), "{brief}");
    // The phrase is marked: in the first passage quoted, and in as many passages as
    // fixtures say "death penalty" in their text.
    assert_eq!(
        marked_runs(&passages[0]),
        ["death penalty"],
        "the first passage quoted marks the phrase: {}",
        passages[0]
    );
    let with_phrase = passages
        .iter()
        .filter(|passage| !marked_runs(passage).is_empty())
        .count();
    assert!(with_phrase >= 2, "{with_phrase} passages mark the phrase");
    let mut seen_unmarked = false;
    for passage in passages {
        let marked = marked_runs(passage);
        // "death row" in a fixture is never marked for the phrase.
        assert!(
            marked.iter().all(|run| run == "death penalty"),
            "{marked:?} in {passage}"
        );
        if marked.is_empty() {
            seen_unmarked = true;
        } else {
            assert!(
                !seen_unmarked,
                "a passage with the phrase after one without"
            );
        }
    }
}

#[test]
fn the_scope_narrows_the_brief_and_the_library_gives_the_same_brief() {
    let server = start_server();
    let brief = json(
        &server,
        "/api/brief?topic=death-penalty&forum=CND&since=2012&format=json",
    );
    let expected = count_where(|f| {
        f.topics.contains(&"death-penalty")
            && f.forum.map(|forum| forum.code()) == Some("CND")
            && f.date.is_some_and(|date| date >= "2012")
    });
    assert_eq!(brief["total_documents"], expected);
    assert_eq!(
        brief["scope"]["url"],
        "/api/brief?topic=death-penalty&forum=CND&since=2012"
    );
    assert_eq!(
        brief["scope"]["filters"],
        serde_json::json!(["Topic: death-penalty", "Forum: CND", "Years: since 2012"])
    );

    let request = BriefRequest {
        search: SearchRequest {
            topic: vec!["death-penalty".into()],
            forum: vec!["CND".into()],
            year_from: Some(2012),
            ..SearchRequest::default()
        },
        passages: None,
    };
    let library = build_brief(&server.service, &request).expect("brief");
    assert_eq!(serde_json::to_value(&library).expect("JSON"), brief);
}

#[test]
fn a_brief_is_the_same_bytes_every_time() {
    let server = start_server();
    for format in ["md", "html", "json"] {
        let path = format!("/api/brief?topic=organized-crime&q=trafficking&format={format}");
        let first = get(&server, &path);
        let second = get(&server, &path);
        assert_eq!(first.status, 200, "{}", first.body);
        assert_eq!(first.body, second.body, "{format}");
    }
}

#[test]
fn markdown_and_html_carry_citations_and_escape_the_text() {
    let server = start_server();
    let markdown = get(&server, "/api/brief?topic=death-penalty&format=md");
    assert_eq!(markdown.content_type, "text/markdown; charset=utf-8");
    assert!(markdown.body.starts_with("# Brief: Death penalty\n"));
    assert!(
        markdown.body.contains(", E/CN.7/2014/NGO/3, para. "),
        "{}",
        markdown.body
    );
    assert!(markdown.body.contains("| E/CN.15/2014/NGO/2 | Prison conditions and the abolition of capital punishment | Penal Reform International | 2014-05-12 | en |"));
    assert_eq!(markdown.disposition, None);

    // The news fixture holds `<b>` and `&` in its text: both come out escaped.
    let html = get(
        &server,
        "/api/brief?topic=human-trafficking&q=trafficking&format=html&download=1",
    );
    assert_eq!(html.status, 200, "{}", html.body);
    assert_eq!(html.content_type, "text/html; charset=utf-8");
    assert_eq!(
        html.disposition.as_deref(),
        Some("attachment; filename=\"brief-human-trafficking.html\"")
    );
    assert!(html.body.starts_with("<!doctype html>"));
    assert!(
        html.body
            .contains("<svg xmlns=\"http://www.w3.org/2000/svg\"")
    );
    assert!(html.body.contains("<mark>"), "{}", html.body);
    assert!(!html.body.contains("<b>"), "{}", html.body);
    assert!(html.body.contains("&lt;b&gt;"), "{}", html.body);
    assert!(
        html.body
            .contains("in persons &amp; smuggling of migrants &lt;b&gt;discussed&lt;/b&gt;"),
        "{}",
        html.body
    );

    // The timeline keeps a year without documents (2017) in its place on the axis.
    let everything = get(&server, "/api/brief?format=html");
    assert_eq!(everything.status, 200, "{}", everything.body);
    let svg = &everything.body[everything.body.find("<svg").expect("a timeline")..];
    let svg = &svg[..svg.find("</svg>").expect("its end")];
    let labels: Vec<&str> = svg
        .split("middle\">")
        .skip(1)
        .filter_map(|text| text.split("</text>").next())
        .filter(|text| text.len() == 4)
        .collect();
    assert_eq!(
        labels,
        ["2014", "2015", "2016", "2017", "2018", "2019"],
        "{svg}"
    );
    assert!(
        svg.contains("height=\"0.0\" fill=\"#0b5cad\"><title>2017: 0 documents"),
        "{svg}"
    );

    let markdown_download = get(&server, "/api/brief?format=md&download=1");
    assert_eq!(
        markdown_download.disposition.as_deref(),
        Some("attachment; filename=\"brief-search.md\"")
    );
}

#[test]
fn bad_parameters_are_400_with_the_error_shape() {
    let server = start_server();
    let check = |path: &str, message: &str| {
        let answer = get(&server, path);
        assert_eq!(answer.status, 400, "{path}");
        let body: Value = serde_json::from_str(&answer.body).expect("JSON error");
        assert_eq!(
            body,
            serde_json::json!({"error": {"code": "bad_request", "message": message}}),
            "{path}"
        );
    };
    check(
        "/api/brief?since=twelve",
        "since: expected a whole number, not `twelve`",
    );
    check(
        "/api/brief?format=pdf",
        "format: unknown format `pdf`: expected md, html or json",
    );
    check(
        "/api/brief?download=maybe",
        "download: expected 1 or 0, not `maybe`",
    );
    check("/api/brief?passages=51", "passages: at most 50, not 51");
    check(
        "/api/brief?size=5",
        "size: a brief covers every matching document; it takes no paging or order",
    );
    check("/api/brief?colour=red", "colour: unknown parameter");
    let unknown_topic = get(&server, "/api/brief?topic=astrology");
    assert_eq!(unknown_topic.status, 400);
    assert!(
        unknown_topic.body.contains("unknown topic `astrology`"),
        "{}",
        unknown_topic.body
    );
    check(
        "/api/brief?q=death+AND+%28penalty",
        "q: syntax error at position 18: expected ')'",
    );
}
