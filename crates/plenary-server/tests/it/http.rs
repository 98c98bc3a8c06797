//! The HTTP API on a real server bound to an ephemeral port, spoken to with reqwest.

use crate::common;

use std::collections::HashSet;

use plenary_core::model::Forum;
use plenary_core::taxonomy::Taxonomy;
use plenary_server::SearchService;
use reqwest::StatusCode;
use serde_json::{Value, json};

use common::server::TestServer;
use common::{FIXTURES, count_where};
use plenary_server::api::ApiSettings;

fn start() -> TestServer {
    TestServer::start(ApiSettings::default())
}

fn error(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

#[test]
fn errors_have_one_shape_and_say_what_and_where() {
    let server = start();
    let check = |path: &str, status: StatusCode, expected: Value| {
        let (actual_status, body) = server.get(path);
        assert_eq!((actual_status, body), (status, expected), "{path}");
    };
    check(
        "/api/search?q=death%20AND%20(penalty",
        StatusCode::BAD_REQUEST,
        error(
            "bad_request",
            "q: syntax error at position 18: expected ')'",
        ),
    );
    check(
        "/api/search?size=abc",
        StatusCode::BAD_REQUEST,
        error("bad_request", "size: expected a whole number, not `abc`"),
    );
    check(
        "/api/search?forum=XYZ",
        StatusCode::BAD_REQUEST,
        error(
            "bad_request",
            "forum: unknown forum `XYZ`: expected one of CND, CCPCJ, COSP, IRG, COP, CONGRESS, GA, GA1, GA2, GA3, GA4, GA5, GA6, SC, ECOSOC, HRC, UPR, CSW, CEDAW, CRC, CCPR, CAT, CERD, CESCR, CMW, CRPD, CED",
        ),
    );
    check(
        "/api/search?colour=red",
        StatusCode::BAD_REQUEST,
        error("bad_request", "colour: unknown parameter"),
    );
    check(
        "/api/documents/nope",
        StatusCode::NOT_FOUND,
        error("not_found", "no document with id `nope`"),
    );
    check(
        "/api/documents/nope/similar",
        StatusCode::NOT_FOUND,
        error("not_found", "no document with id `nope`"),
    );
    check(
        "/api/nothing",
        StatusCode::NOT_FOUND,
        error(
            "not_found",
            "no such endpoint; the API is described at /api/openapi.json",
        ),
    );
    check(
        "/api/export?format=xml",
        StatusCode::BAD_REQUEST,
        error(
            "bad_request",
            "format: unknown format `xml`: expected csv or jsonl",
        ),
    );
    check(
        "/api/analytics/timeline?by=month",
        StatusCode::BAD_REQUEST,
        error(
            "bad_request",
            "by: unknown timeline unit `month`: expected year or session",
        ),
    );
    check(
        "/api/facets/colour",
        StatusCode::BAD_REQUEST,
        error(
            "bad_request",
            "facet: unknown facet `colour`: expected one of topic, forum, session, year, lang, doc_type, org, status, country, region, actor_type, passage_topic",
        ),
    );
    let (status, body) = server.post("/api/search", &json!({"q": "x", "colour": 1}));
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("unknown field `colour`"),
        "{body}"
    );
}

#[test]
fn search_answers_what_the_service_answers() {
    let server = start();
    let (status, body) = server.get("/api/search?q=death%20penalty&forum=CND&forum=CCPCJ&size=5");
    assert_eq!(status, StatusCode::OK);
    // Both words are required: the two statements on the death penalty, not the one on
    // overdose deaths; the French one says "peine de mort" and is not found by English
    // words.
    assert_eq!(body["total"], json!(2));
    let mut titles: Vec<&str> = body["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["title"].as_str().expect("title"))
        .collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Prison conditions and the abolition of capital punishment",
            "The death penalty for drug offences",
        ]
    );
    for hit in body["hits"].as_array().expect("hits") {
        assert!(
            hit["snippet"]
                .as_str()
                .is_some_and(|snippet| snippet.contains("<mark>")),
            "{hit}"
        );
    }
    // Comma-separated values are the same as repeated keys.
    let (_, commas) = server.get("/api/search?q=death%20penalty&forum=CND,CCPCJ&size=5");
    assert_eq!(commas, body);
    // Multi-select: the forum facet ignores the forum filter.
    let forum_counts: Vec<(String, u64)> = body["facets"]["forum"]
        .as_array()
        .expect("forum facet")
        .iter()
        .map(|value| {
            (
                value["value"].as_str().unwrap_or_default().to_string(),
                value["count"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert!(
        forum_counts.contains(&("CCPCJ".to_string(), 1)),
        "{forum_counts:?}"
    );
}

#[test]
fn cursor_paging_over_http_visits_every_hit_once() {
    let server = start();
    let (_, all) = server.get("/api/search?size=100&passages=0");
    let all_ids: Vec<String> = all["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        all_ids.len() as u64,
        all["total"].as_u64().unwrap_or_default()
    );
    let mut seen = Vec::new();
    let mut path = "/api/search?size=3&passages=0".to_string();
    loop {
        let (status, page) = server.get(&path);
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["total"], all["total"]);
        seen.extend(
            page["hits"]
                .as_array()
                .expect("hits")
                .iter()
                .map(|hit| hit["id"].as_str().unwrap_or_default().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/search?size=3&passages=0&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen, all_ids);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
}

#[test]
fn export_streams_every_matching_document() {
    let server = start();
    for query in ["", "q=harm&lang=en", "forum=CND&forum=COP"] {
        let (_, search) = server.get(&format!("/api/search?{query}"));
        let total = search["total"].as_u64().expect("total");
        let (status, headers, csv) = server.get_text(&format!("/api/export?{query}&format=csv"));
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            headers["x-total-count"].to_str().ok(),
            Some(total.to_string().as_str())
        );
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header[..3], ["id", "symbol", "title"]);
        let rows: Vec<csv::StringRecord> =
            reader.records().collect::<Result<_, _>>().expect("rows");
        assert_eq!(rows.len() as u64, total, "{query}");
        let (status, _, jsonl) = server.get_text(&format!("/api/export?{query}&format=jsonl"));
        assert_eq!(status, StatusCode::OK);
        let lines: Vec<Value> = jsonl
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        assert_eq!(lines.len() as u64, total, "{query}");
        assert_eq!(
            lines
                .iter()
                .map(|line| line["id"].clone())
                .collect::<HashSet<_>>()
                .len() as u64,
            total
        );
    }
}

#[test]
fn a_year_range_bounds_search_timeline_export_and_brief() {
    let server = start();
    let year_of =
        |fixture: &common::Fixture| fixture.date.and_then(|date| date[..4].parse::<i32>().ok());
    let in_range = |fixture: &common::Fixture| {
        year_of(fixture).is_some_and(|year| (2015..=2018).contains(&year))
    };
    let expected = count_where(in_range);
    assert!(expected > 0 && expected < count_where(|fixture| year_of(fixture).is_some()));
    let (status, search) = server.get("/api/search?year_from=2015&year_to=2018&facet_limit=100");
    assert_eq!(status, StatusCode::OK, "{search}");
    assert_eq!(search["total"].as_u64(), Some(expected));
    let years: Vec<i32> = search["facets"]["year"]
        .as_array()
        .expect("year facet")
        .iter()
        .filter_map(|value| value["value"].as_str()?.parse().ok())
        .collect();
    assert!(
        years.iter().all(|year| (2015..=2018).contains(year)),
        "{years:?}"
    );
    // Either end alone bounds the range on that side.
    let (_, from_only) = server.get("/api/search?year_from=2016");
    assert_eq!(
        from_only["total"].as_u64(),
        Some(count_where(
            |fixture| year_of(fixture).is_some_and(|year| year >= 2016)
        ))
    );
    let (_, to_only) = server.get("/api/search?year_to=2015");
    assert_eq!(
        to_only["total"].as_u64(),
        Some(count_where(
            |fixture| year_of(fixture).is_some_and(|year| year <= 2015)
        ))
    );
    let (status, timeline) =
        server.get("/api/analytics/timeline?by=year&year_from=2015&year_to=2018");
    assert_eq!(status, StatusCode::OK, "{timeline}");
    let keys: Vec<&str> = timeline["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .filter_map(|bucket| bucket["key"].as_str())
        .collect();
    assert!(
        !keys.is_empty() && keys.iter().all(|key| ("2015"..="2018").contains(key)),
        "{keys:?}"
    );
    let (status, headers, _) =
        server.get_text("/api/export?year_from=2015&year_to=2018&format=csv");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["x-total-count"].to_str().ok(),
        Some(expected.to_string().as_str())
    );
    let (status, brief) = server.get("/api/brief?year_from=2015&year_to=2018&format=json");
    assert_eq!(status, StatusCode::OK, "{brief}");
    assert_eq!(brief["total_documents"].as_u64(), Some(expected));
    // A range that ends before it starts says so.
    let (status, body) = server.get("/api/search?year_from=2019&year_to=2015");
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("year_from")),
        "{body}"
    );
}

#[test]
fn documents_and_similar() {
    let server = start();
    let (status, body) = server.get("/api/documents/E_CN.7_2014_NGO_3.en");
    assert_eq!(status, StatusCode::OK);
    // The document as the fixture gives it, field by field.
    let fixture = &FIXTURES[0];
    assert_eq!(fixture.symbol, Some("E/CN.7/2014/NGO/3"));
    let expected = json!({
        "id": "E_CN.7_2014_NGO_3.en",
        "symbol": "E/CN.7/2014/NGO/3",
        "title": fixture.title,
        "forum": "CND",
        "session": 57,
        "date": "2014-03-01",
        "year": 2014,
        "organization": fixture.organization,
        "consultative_status": "special",
        "doc_type": "statement",
        "language": "en",
        "text": fixture.text,
    });
    for (field, value) in expected.as_object().expect("fields") {
        assert_eq!(&body[field], value, "{field}");
    }
    let mut topics: Vec<&str> = body["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|topic| topic["slug"].as_str().expect("slug"))
        .collect();
    topics.sort_unstable();
    let mut labelled = fixture.topics.to_vec();
    labelled.sort_unstable();
    assert_eq!(topics, labelled);
    let paragraphs = body["paragraphs"].as_array().expect("paragraphs");
    assert_eq!(paragraphs.len(), fixture.text.split("\n\n").count());
    assert_eq!(body["language_versions"][0]["id"], "E_CN.7_2014_NGO_3.fr");
    let (status, similar) = server.get("/api/documents/E_CN.7_2016_NGO_5.en/similar?size=2");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(similar[0]["id"], "E_CN.7_2016_NGO_5_Corr.1.en");
    assert!(similar.as_array().is_some_and(|hits| hits.len() <= 2));
    // A query narrows the similar documents as a filter does.
    let ids = |body: &serde_json::Value| -> Vec<String> {
        body.as_array()
            .expect("hits")
            .iter()
            .map(|hit| hit["id"].as_str().expect("id").to_string())
            .collect()
    };
    let (_, all) = server.get("/api/documents/E_CN.7_2016_NGO_5.en/similar?size=50");
    let (status, narrowed) =
        server.get("/api/documents/E_CN.7_2016_NGO_5.en/similar?size=50&q=prisons");
    assert_eq!(status, StatusCode::OK);
    let (_, prisons) = server.get("/api/search?q=prisons&size=100&passages=0");
    let with_prisons: Vec<String> = prisons["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect();
    let narrowed = ids(&narrowed);
    assert!(!narrowed.is_empty());
    assert!(narrowed.len() < ids(&all).len());
    assert!(
        narrowed.iter().all(|id| with_prisons.contains(id)),
        "{narrowed:?}"
    );
    // In the order of likeness of the whole list.
    let order: Vec<String> = ids(&all)
        .into_iter()
        .filter(|id| narrowed.contains(id))
        .collect();
    assert_eq!(narrowed, order);
    let (status, _) = server.get("/api/documents/E_CN.7_2016_NGO_5.en/similar?q=%22");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Paging and passages are a search's, not a list of similar documents'.
    for parameter in ["from=5", "sort=date_asc", "cursor=x", "passages=9"] {
        let (status, body) = server.get(&format!(
            "/api/documents/E_CN.7_2016_NGO_5.en/similar?{parameter}"
        ));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{parameter}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|message| message.contains("likeness")),
            "{parameter}: {body}"
        );
    }
}

#[test]
fn facet_value_search_finds_organizations() {
    let server = start();
    let (status, body) = server.get("/api/facets/org?prefix=international&limit=2");
    assert_eq!(status, StatusCode::OK);
    let harm_reduction = count_where(|f| f.organization == Some("Harm Reduction International"));
    assert_eq!(
        body,
        json!({
            "facet": "org",
            "prefix": "international",
            "total_values": 3,
            "values": [
                {"value": "Harm Reduction International", "count": harm_reduction},
                {"value": "Penal Reform International", "count": 1},
            ]
        })
    );
}

#[test]
fn analytics() {
    let server = start();
    let (status, timeline) = server.get("/api/analytics/timeline?topic=drug-policy");
    assert_eq!(status, StatusCode::OK);
    let buckets = timeline["buckets"].as_array().expect("buckets");
    let year_2014 = buckets
        .iter()
        .find(|bucket| bucket["key"] == "2014")
        .expect("2014");
    let corpus_2014 = count_where(|f| f.date.is_some_and(|d| d.starts_with("2014")));
    let matching_2014 = count_where(|f| {
        f.date.is_some_and(|d| d.starts_with("2014")) && f.topics.contains(&"drug-policy")
    });
    assert_eq!(year_2014["count"], json!(matching_2014));
    assert_eq!(year_2014["corpus_count"], json!(corpus_2014));
    assert_eq!(
        year_2014["normalized"],
        json!(matching_2014 as f64 / corpus_2014 as f64)
    );
    let (_, by_session) = server.get("/api/analytics/timeline?by=session&forum=CND");
    let keys: Vec<&str> = by_session["buckets"]
        .as_array()
        .expect("buckets")
        .iter()
        .filter_map(|b| b["key"].as_str())
        .collect();
    assert_eq!(keys, vec!["CND/57", "CND/59"]);

    let (status, tab) = server.get("/api/analytics/crosstab?rows=topic&cols=forum");
    assert_eq!(status, StatusCode::OK);
    let rows: Vec<&str> = tab["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let cols: Vec<&str> = tab["cols"]
        .as_array()
        .expect("cols")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for (row_position, topic) in rows.iter().enumerate() {
        for (col_position, forum) in cols.iter().enumerate() {
            let forum: Forum = forum.parse().expect("a forum");
            let expected = count_where(|f| f.topics.contains(topic) && f.forum == Some(forum));
            assert_eq!(
                tab["counts"][row_position][col_position],
                json!(expected),
                "{topic} × {forum}"
            );
        }
    }
    let (_, cooccurrence) = server.get("/api/analytics/cooccurrence");
    let topics: Vec<&str> = cooccurrence["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let death = topics
        .iter()
        .position(|t| *t == "death-penalty")
        .expect("death-penalty");
    let prisons = cooccurrence["cols"]
        .as_array()
        .expect("cols")
        .iter()
        .position(|t| t == "prisons")
        .expect("prisons");
    assert_eq!(
        cooccurrence["counts"][death][prisons],
        json!(count_where(
            |f| f.topics.contains(&"death-penalty") && f.topics.contains(&"prisons")
        ))
    );

    let (_, organizations) = server.get("/api/analytics/organizations?topic=harm-reduction");
    assert_eq!(
        organizations["values"],
        json!([{"value": "Harm Reduction International", "count": count_where(|f| f.topics.contains(&"harm-reduction"))}])
    );

    let (_, first) = server.get("/api/analytics/first-mention?topic=death-penalty&lang=en");
    assert_eq!(first["first"]["id"], "E_CN.7_2014_NGO_3.en");
    assert_eq!(
        first["total"],
        json!(count_where(
            |f| f.topics.contains(&"death-penalty") && f.language == "en"
        ))
    );

    let (status, terms) =
        server.get("/api/analytics/significant-terms?topic=harm-reduction&lang=en&limit=12");
    assert_eq!(status, StatusCode::OK);
    let words: Vec<&str> = terms
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|term| term["term"].as_str())
        .collect();
    assert!(words.contains(&"harm"), "{words:?}");
    assert!(!words.contains(&"the"), "{words:?}");

    // What covers every matching document refuses a page's parameters it would ignore.
    for (path, parameter) in [
        ("/api/export", "size=5"),
        ("/api/export", "from=5"),
        ("/api/analytics/timeline", "from=3"),
        ("/api/analytics/crosstab", "sort=date_asc"),
        ("/api/analytics/significant-terms", "passages=2"),
        ("/api/analytics/first-mention", "cursor=x"),
        ("/api/facets/org", "facet_limit=3"),
    ] {
        let (status, body) = server.get(&format!("{path}?{parameter}"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}?{parameter}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|message| message.contains("every matching document")),
            "{path}?{parameter}: {body}"
        );
    }
    // Those it reads it takes.
    for path in [
        "/api/export?sort=date_asc",
        "/api/facets/org?facet_sort=value",
    ] {
        let (status, _) = server.get(path);
        assert_eq!(status, StatusCode::OK, "{path}");
    }
}

#[test]
fn post_search_runs_aggregations() {
    let server = start();
    let (status, body) = server.post(
        "/api/search",
        &json!({"q": "", "forum": ["CND"], "size": 1, "aggs": {"per_year": {"histogram": {"field": "year_number", "interval": 1}}}}),
    );
    assert_eq!(status, StatusCode::OK, "{body}");
    let buckets = body["aggregations"]["per_year"]["buckets"]
        .as_array()
        .expect("buckets");
    let counted: u64 = buckets
        .iter()
        .filter_map(|bucket| bucket["doc_count"].as_u64())
        .sum();
    assert_eq!(counted, count_where(|f| f.forum == Some(Forum::Cnd)));
    assert_eq!(body["total"], json!(counted));
    let (status, bad) = server.post("/api/search", &json!({"aggs": {"x": {"nonsense": {}}}}));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert_eq!(bad["error"]["code"], "bad_request");
}

#[test]
fn operations_health_metrics_gzip() {
    let server = start();
    let (status, health) = server.get("/healthz");
    assert_eq!(
        (status, health),
        (
            StatusCode::OK,
            json!({"status": "ok", "documents": FIXTURES.len()})
        )
    );
    server.get("/api/search?q=femicide");
    server.get("/api/documents/nope");
    let (status, headers, metrics) = server.get_text("/metrics");
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/plain")
    );
    assert!(
        metrics.contains("plenary_http_requests_total{route=\"/api/search\",status=\"200\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "plenary_http_requests_total{route=\"/api/documents/{id}\",status=\"404\"} 1\n"
        ),
        "{metrics}"
    );
    assert!(
        metrics.contains("plenary_http_request_duration_seconds_count{route=\"/api/search\"} 1\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains(&format!("plenary_index_documents {}\n", FIXTURES.len())),
        "{metrics}"
    );
    assert!(metrics.contains("plenary_index_size_bytes "), "{metrics}");
    let compressed = server
        .client
        .get(format!("{}/api/search?size=20", server.base))
        .header("accept-encoding", "gzip")
        .send()
        .expect("request");
    assert_eq!(
        compressed
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let (status, _, page) = server.get_text("/");
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<html"));
}

#[test]
fn openapi_describes_every_route() {
    let server = start();
    let (status, document) = server.get("/api/openapi.json");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        document,
        serde_json::to_value(plenary_server::api::openapi()).expect("json")
    );
    let paths = document["paths"].as_object().expect("paths");
    let documented: HashSet<&str> = paths.keys().map(String::as_str).collect();
    let expected: HashSet<&str> = [
        "/api/search",
        "/api/documents/{id}",
        "/api/documents/{id}/similar",
        "/api/documents/{id}/compare",
        "/api/facets/{facet}",
        "/api/export",
        "/api/analytics/timeline",
        "/api/analytics/crosstab",
        "/api/analytics/cooccurrence",
        "/api/analytics/organizations",
        "/api/analytics/first-mention",
        "/api/analytics/significant-terms",
        "/api/brief",
        "/healthz",
        "/metrics",
    ]
    .into_iter()
    .collect();
    assert_eq!(documented, expected);
    // Every documented operation is served (a real id and facet fill the templates).
    for (path, operations) in paths {
        let mut concrete = path
            .replace("{id}", "E_CN.7_2014_NGO_3.en")
            .replace("{facet}", "forum");
        // A comparison needs the language of the other version.
        if concrete.ends_with("/compare") {
            concrete.push_str("?lang=fr");
        }
        for method in operations.as_object().expect("operations").keys() {
            let status = match method.as_str() {
                "get" => server.get_text(&concrete).0,
                "post" => server.post(&concrete, &json!({})).0,
                other => panic!("unexpected method {other} on {path}"),
            };
            assert_eq!(status, StatusCode::OK, "{method} {path}");
        }
    }
}

/// The names of the query parameters an operation documents, and the enum of one.
fn documented_parameters(document: &Value, path: &str) -> Vec<String> {
    document["paths"][path]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter(|parameter| parameter["in"] == "query")
        .map(|parameter| parameter["name"].as_str().expect("name").to_string())
        .collect()
}

fn documented_enum(document: &Value, path: &str, name: &str) -> Vec<String> {
    let parameter = document["paths"][path]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|parameter| parameter["name"] == name)
        .unwrap_or_else(|| panic!("{path} documents {name}"));
    let schema = &parameter["schema"];
    let values = schema["enum"]
        .as_array()
        .or_else(|| {
            schema["oneOf"].as_array().and_then(|variants| {
                variants
                    .iter()
                    .find_map(|variant| variant["enum"].as_array())
            })
        })
        .unwrap_or_else(|| panic!("{path} {name} has an enum: {schema}"));
    values
        .iter()
        .map(|value| value.as_str().expect("string").to_string())
        .collect()
}

#[test]
fn openapi_documents_the_parameters_each_route_reads() {
    let server = start();
    let (_, document) = server.get("/api/openapi.json");
    let search = documented_parameters(&document, "/api/search");
    for name in [
        "q",
        "topic",
        "year",
        "status",
        "date_from",
        "size",
        "sort",
        "cursor",
    ] {
        assert!(
            search.contains(&name.to_string()),
            "/api/search documents {name}"
        );
    }
    // Paging belongs to pages of hits: an export, a timeline or a table has none.
    for path in [
        "/api/export",
        "/api/analytics/timeline",
        "/api/analytics/crosstab",
        "/api/brief",
    ] {
        let names = documented_parameters(&document, path);
        for filter in ["q", "topic", "year", "status", "date_from", "country"] {
            assert!(
                names.contains(&filter.to_string()),
                "{path} documents {filter}"
            );
        }
        for paging in ["size", "cursor", "facet_limit", "from"] {
            assert!(
                !names.contains(&paging.to_string()),
                "{path} does not take {paging}"
            );
        }
    }
    assert_eq!(
        documented_enum(&document, "/api/export", "format"),
        ["csv", "jsonl"]
    );
    assert_eq!(
        documented_enum(&document, "/api/search", "sort"),
        ["relevance", "date_desc", "date_asc"]
    );
    assert_eq!(
        documented_enum(&document, "/api/brief", "format"),
        ["md", "html", "json"]
    );
}

#[test]
fn a_re_index_shows_without_a_restart() {
    let server = start();
    let (_, before) = server.get("/healthz");
    assert_eq!(before["documents"], json!(FIXTURES.len()));
    // A kept answer must not outlive the index it was computed on.
    for _ in 0..2 {
        let (_, page) = server.get("/api/search?size=0");
        assert_eq!(page["total"], json!(FIXTURES.len()));
    }
    // Another process (`plenary index`) commits a new document while the server runs.
    let schema = plenary_core::schema::PlenarySchema::new();
    let index = schema.open_index(server.directory.path()).expect("open");
    let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
    let mut added = common::documents().remove(0);
    added.id = "added.en".to_string();
    added.symbol = Some("E/CN.7/2025/NGO/9".to_string());
    writer
        .add_document(schema.to_tantivy(&added, &Taxonomy::bundled()))
        .expect("add");
    writer.commit().expect("commit");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (_, health) = server.get("/healthz");
        if health["documents"] == json!(FIXTURES.len() + 1) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server still shows {health}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let (status, document) = server.get("/api/documents/added.en");
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["symbol"], "E/CN.7/2025/NGO/9");
    let (_, page) = server.get("/api/search?size=0");
    assert_eq!(page["total"], json!(FIXTURES.len() + 1));
}

#[test]
fn repeated_requests_are_answered_from_the_cache() {
    let server = start();
    let fetch = |path: &str, fresh: bool| {
        let mut request = server.client.get(format!("{}{path}", server.base));
        if fresh {
            request = request.header("cache-control", "no-cache");
        }
        let response = request.send().expect("request");
        let cache = response
            .headers()
            .get(plenary_server::api::CACHE_STATUS_HEADER)
            .map(|value| value.to_str().expect("ascii").to_string());
        (response.status(), cache, response.text().expect("body"))
    };
    let (status, cache, first) = fetch("/api/search?q=femicide&forum=CCPCJ&size=3", false);
    assert_eq!((status, cache.as_deref()), (StatusCode::OK, Some("miss")));
    let total = serde_json::from_str::<Value>(&first).expect("json")["total"].clone();
    assert!(total.as_u64().is_some_and(|total| total > 0), "{first}");
    // The same request with its parameters in another order is the same answer.
    let (_, cache, again) = fetch("/api/search?size=3&forum=CCPCJ&q=femicide", false);
    assert_eq!((cache.as_deref(), &again), (Some("hit"), &first));
    // Another request is another answer.
    let (_, cache, other) = fetch("/api/search?q=corruption&size=3", false);
    assert_eq!(cache.as_deref(), Some("miss"));
    assert_ne!(other, first);
    // `no-cache` computes afresh, to the same answer.
    let (_, cache, fresh) = fetch("/api/search?q=femicide&forum=CCPCJ&size=3", true);
    assert_eq!((cache.as_deref(), &fresh), (Some("miss"), &first));
    // POST bodies are keyed by their content, whatever the order of their keys.
    let post = |body: &str| {
        let response = server
            .client
            .post(format!("{}/api/search", server.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .expect("request");
        let cache = response
            .headers()
            .get(plenary_server::api::CACHE_STATUS_HEADER)
            .map(|value| value.to_str().expect("ascii").to_string());
        (response.status(), cache, response.text().expect("body"))
    };
    let (_, cache, posted) = post(r#"{"q": "femicide", "size": 2}"#);
    assert_eq!(cache.as_deref(), Some("miss"));
    let (_, cache, reposted) = post(r#"{"size": 2, "q": "femicide"}"#);
    assert_eq!((cache.as_deref(), &reposted), (Some("hit"), &posted));
    // Errors and live routes are never kept.
    for _ in 0..2 {
        let (status, cache, _) = fetch("/api/search?q=femicide&size=abc", false);
        assert_eq!((status, cache), (StatusCode::BAD_REQUEST, None));
        let (status, cache, _) = fetch("/healthz", false);
        assert_eq!((status, cache), (StatusCode::OK, None));
        let (status, cache, _) = fetch("/api/export?q=femicide", false);
        assert_eq!((status, cache), (StatusCode::OK, None));
    }
    let (_, _, metrics) = server.get_text("/metrics");
    assert!(
        metrics.contains("plenary_cache_hits_total 2\n"),
        "{metrics}"
    );
    // The two bad requests were computed too, and not kept.
    assert!(
        metrics.contains("plenary_cache_misses_total 6\n"),
        "{metrics}"
    );
    assert!(metrics.contains("plenary_cache_entries 3\n"), "{metrics}");
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    use tower::ServiceExt;
    let directory = tempfile::tempdir().expect("temp dir");
    common::write_index(directory.path());
    let service = std::sync::Arc::new(
        SearchService::open(directory.path(), Taxonomy::bundled()).expect("open"),
    );
    let settings = plenary_server::api::ApiSettings {
        cors_origins: vec!["https://researchers.example".to_string()],
        ..Default::default()
    };
    let router = plenary_server::router(plenary_server::AppState::new(service, settings));
    let allowed_origin = |origin: &'static str| {
        let router = router.clone();
        async move {
            let request = axum::http::Request::builder()
                .uri("/healthz")
                .header("origin", origin)
                .body(axum::body::Body::empty())
                .expect("request");
            let response = router.oneshot(request).await.expect("response");
            assert_eq!(response.status(), StatusCode::OK.as_u16());
            response
                .headers()
                .get("access-control-allow-origin")
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        }
    };
    assert_eq!(
        allowed_origin("https://researchers.example")
            .await
            .as_deref(),
        Some("https://researchers.example")
    );
    assert_eq!(allowed_origin("https://elsewhere.example").await, None);
}

/// The ids `/api/search` pages through for `query`, following every cursor.
fn ids_by_cursor(server: &TestServer, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut path = format!("/api/search?{query}&size=2&passages=0");
    loop {
        let (status, page) = server.get(&path);
        assert_eq!(status, StatusCode::OK, "{path}: {page}");
        ids.extend(
            page["hits"]
                .as_array()
                .expect("hits")
                .iter()
                .map(|hit| hit["id"].as_str().unwrap_or_default().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/search?{query}&size=2&passages=0&cursor={cursor}"),
            None => return ids,
        }
    }
}

#[test]
fn exports_and_cursors_never_lose_a_document_in_any_order() {
    // Batches of two, so that every export crosses several batches and the undated
    // documents (which sort last) fall inside a batch and at its edges.
    let server = TestServer::start(ApiSettings {
        export_batch_size: 2,
        ..ApiSettings::default()
    });
    let undated = FIXTURES
        .iter()
        .filter(|fixture| fixture.date.is_none())
        .count();
    assert!(
        undated >= 2,
        "the fixtures hold undated documents side by side"
    );
    let cases: [(&str, u64); 3] = [
        ("", FIXTURES.len() as u64),
        (
            "topic=prisons",
            count_where(|fixture| fixture.topics.contains(&"prisons")),
        ),
        ("lang=en", count_where(|fixture| fixture.language == "en")),
    ];
    for (filter, expected) in cases {
        for sort in ["relevance", "date_desc", "date_asc"] {
            let query = format!("{filter}&sort={sort}");
            let by_cursor = ids_by_cursor(&server, &query);
            assert_eq!(by_cursor.len() as u64, expected, "search pages of {query}");
            assert_eq!(
                by_cursor.iter().collect::<HashSet<_>>().len() as u64,
                expected,
                "{query}"
            );
            let (status, headers, jsonl) =
                server.get_text(&format!("/api/export?{query}&format=jsonl"));
            assert_eq!(status, StatusCode::OK, "{query}");
            assert_eq!(
                headers["x-total-count"].to_str().ok(),
                Some(expected.to_string().as_str())
            );
            let exported: Vec<String> = jsonl
                .lines()
                .map(|line| {
                    let record: Value = serde_json::from_str(line).expect("a JSON line");
                    record["id"].as_str().expect("id").to_string()
                })
                .collect();
            assert_eq!(
                exported, by_cursor,
                "the export keeps the search's order: {query}"
            );
            let (status, _, csv) = server.get_text(&format!("/api/export?{query}&format=csv"));
            assert_eq!(status, StatusCode::OK, "{query}");
            let mut reader = csv::Reader::from_reader(csv.as_bytes());
            let rows: Vec<csv::StringRecord> =
                reader.records().collect::<Result<_, _>>().expect("rows");
            let csv_ids: Vec<&str> = rows.iter().map(|row| &row[0]).collect();
            assert_eq!(csv_ids, exported, "{query}");
        }
    }
}

#[test]
fn exported_cells_hold_each_documents_values_and_never_a_formula() {
    let server = TestServer::start(ApiSettings {
        export_batch_size: 3,
        ..ApiSettings::default()
    });
    let (status, _, csv) = server.get_text("/api/export?format=csv");
    assert_eq!(status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let column = |name: &str| header.iter().position(|column| column == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), FIXTURES.len());
    // Every fixture is exported once, with its own values.
    for fixture in FIXTURES {
        let shown_title = if fixture.title.starts_with('=') {
            format!("'{}", fixture.title)
        } else {
            fixture.title.to_string()
        };
        let matching: Vec<&csv::StringRecord> = rows
            .iter()
            .filter(|row| {
                row[column("title")] == shown_title && row[column("language")] == *fixture.language
            })
            .collect();
        assert_eq!(matching.len(), 1, "{}", fixture.title);
        let row = matching[0];
        assert_eq!(
            &row[column("symbol")],
            fixture.symbol.unwrap_or(""),
            "{}",
            fixture.title
        );
        assert_eq!(
            &row[column("forum")],
            fixture.forum.map(|forum| forum.code()).unwrap_or(""),
            "{}",
            fixture.title
        );
        assert_eq!(
            &row[column("date")],
            fixture.date.unwrap_or(""),
            "{}",
            fixture.title
        );
        assert_eq!(
            &row[column("organization")],
            fixture.organization.unwrap_or(""),
            "{}",
            fixture.title
        );
        assert_eq!(
            &row[column("session")],
            fixture
                .session
                .map(|session| session.to_string())
                .unwrap_or_default(),
            "{}",
            fixture.title
        );
    }
    // No cell starts with a character a spreadsheet runs as a formula.
    for row in &rows {
        for cell in row {
            let risky = cell.starts_with(['=', '+', '@'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err());
            assert!(!risky, "a cell a spreadsheet would run: {cell}");
        }
    }
}
