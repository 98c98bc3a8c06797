//! Hostile and malformed requests on a real server: each costs one error answer in the
//! JSON shape, never the process, and the server answers the next request.

use crate::common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::server::TestServer;
use plenary_server::api::{ApiSettings, ConnectionLimits};
use reqwest::StatusCode;
use serde_json::Value;

fn assert_error(status: StatusCode, body: &Value, expected_status: StatusCode, code: &str) {
    assert_eq!(status, expected_status, "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

#[test]
fn deeply_nested_queries_are_refused_on_every_route_and_the_server_lives_on() {
    let server = TestServer::start(ApiSettings::default());
    let nested = format!("{}x", "(".repeat(2500));
    let nots = format!("{}x", "NOT%20".repeat(900));
    for q in [nested.as_str(), nots.as_str()] {
        for route in [
            "/api/search",
            "/api/analytics/timeline",
            "/api/analytics/organizations",
            "/api/brief",
            "/api/export",
            "/api/facets/org",
        ] {
            let (status, body) = server.get(&format!("{route}?q={q}"));
            assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
            let message = body["error"]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains("levels are accepted"),
                "{route}: {message}"
            );
        }
    }
    let (status, body) = server.post("/api/search", &serde_json::json!({ "q": nested }));
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    let (status, health) = server.get("/healthz");
    assert_eq!(
        (status, &health["status"]),
        (StatusCode::OK, &Value::from("ok"))
    );
}

#[test]
fn fuzzy_and_clause_counts_are_bounded() {
    let server = TestServer::start(ApiSettings::default());
    let fuzzy: Vec<String> = (0..2000).map(|n| format!("w{n}~2")).collect();
    let (status, body) = server.post("/api/search", &serde_json::json!({ "q": fuzzy.join(" ") }));
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("at most 4096 are accepted") || m.contains("fuzzy")),
        "{body}"
    );
    let few: Vec<String> = (0..20).map(|n| format!("w{n}~1")).collect();
    let (status, body) = server.get(&format!("/api/search?q={}", few.join("%20")));
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("20 fuzzy terms"))
    );
    let (status, _) = server.get("/api/search?q=femicde~1%20prisn~1");
    assert_eq!(status, StatusCode::OK);
}

#[test]
fn every_error_status_answers_in_the_json_shape() {
    let server = TestServer::start(ApiSettings {
        max_body_bytes: 1024,
        ..ApiSettings::default()
    });
    // 413: a body over the limit, whether its length is declared or it comes in chunks.
    let body = format!("{{\"q\": \"{}\"}}", "a ".repeat(4000));
    for chunked in [false, true] {
        let request_body = match chunked {
            false => reqwest::blocking::Body::from(body.clone()),
            true => reqwest::blocking::Body::new(std::io::Cursor::new(body.clone().into_bytes())),
        };
        let response = server
            .client
            .post(format!("{}/api/search", server.base))
            .header("content-type", "application/json")
            .body(request_body)
            .send()
            .expect("request");
        let status = response.status();
        let body: Value = response.json().expect("a JSON body");
        assert_error(
            status,
            &body,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        );
    }
    // 405: a method the route does not take.
    let response = server
        .client
        .delete(format!("{}/api/search", server.base))
        .send()
        .expect("request");
    let status = response.status();
    let body: Value = response.json().expect("a JSON body");
    assert_error(
        status,
        &body,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    // A body that is not JSON: the parameter named, as for any bad parameter.
    let response = server
        .client
        .post(format!("{}/api/search", server.base))
        .header("content-type", "text/plain")
        .body("q=x")
        .send()
        .expect("request");
    let status = response.status();
    let body: Value = response.json().expect("a JSON body");
    assert_error(status, &body, StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Content-Type"))
    );
    // 404 outside the API.
    let (status, body) = server.get("/no/such/page");
    assert_error(status, &body, StatusCode::NOT_FOUND, "not_found");
    // A path and a query string whose escapes are not UTF-8.
    for target in ["/api/documents/%FF%FE", "/api/search?q=%FF%FE&forum=%C0"] {
        let (status, body) = server.get(target);
        assert!(status.is_client_error(), "{target}: {status}");
        assert!(body["error"]["code"].is_string(), "{target}: {body}");
    }
}

#[test]
fn a_request_past_its_time_answers_timeout_in_the_json_shape() {
    // No time at all: the handler's own timeout answers, whatever the search.
    let server = TestServer::start(ApiSettings {
        request_timeout: Duration::ZERO,
        ..ApiSettings::default()
    });
    for path in ["/api/search?q=prison", "/api/analytics/timeline?q=prison"] {
        let (status, body) = server.get(path);
        assert_error(status, &body, StatusCode::SERVICE_UNAVAILABLE, "timeout");
    }
}

/// Sends `request` on a raw connection and reads the answer's status and JSON body.
fn raw_exchange(addr: std::net::SocketAddr, request: &[u8]) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    stream.write_all(request).expect("write");
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer).expect("an answer in time");
        answer.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&answer).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .expect("a content length");
            if body.len() >= length || read == 0 {
                let status = head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|code| code.parse().ok())
                    .expect("a status");
                return (status, serde_json::from_str(body).expect("a JSON body"));
            }
        }
        assert!(read > 0, "the connection closed before the answer");
    }
}

#[test]
fn the_backstop_timeout_answers_in_the_json_shape() {
    // The backstop stops what the handler's timeout does not cover: here a body that
    // never arrives, read by the extractor before any handler runs. It fires 5 s after
    // the request timeout (zero here).
    let server = TestServer::start(ApiSettings {
        request_timeout: Duration::ZERO,
        ..ApiSettings::default()
    });
    let (status, body) = raw_exchange(
        server.addr,
        b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"q\": ",
    );
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "timeout", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
}

#[test]
fn every_answer_carries_the_browser_security_headers() {
    let server = TestServer::start(ApiSettings::default());
    for path in [
        "/",
        "/api/search?q=prison",
        "/api/search?size=x",
        "/api/nothing",
        "/healthz",
    ] {
        let (_, headers, _) = server.get_text(path);
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        let policy = headers["content-security-policy"].to_str().expect("ascii");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(!policy.contains("unsafe-eval"), "{path}: {policy}");
    }
    let (_, headers, _) = server.get_text("/");
    let policy = headers["content-security-policy"].to_str().expect("ascii");
    assert!(policy.contains("script-src 'sha256-"), "{policy}");
    assert!(!policy.contains("'unsafe-inline'"), "{policy}");
}

#[test]
fn connections_that_never_finish_their_headers_are_closed_and_do_not_starve_others() {
    let server = TestServer::start(ApiSettings {
        connection_limits: ConnectionLimits {
            max_connections: 4,
            header_read_timeout: Duration::from_secs(1),
            ..ConnectionLimits::default()
        },
        ..ApiSettings::default()
    });
    // More idle, half-sent connections than the server keeps open at once.
    let mut stalled = Vec::new();
    for _ in 0..12 {
        let mut stream = TcpStream::connect(server.addr).expect("connect");
        stream
            .write_all(b"GET /api/search HTTP/1.1\r\nHost: x\r\n")
            .expect("write");
        stalled.push(stream);
    }
    // Each is closed by the server: a read ends (0 bytes or a 408) rather than waiting.
    let mut first = stalled.remove(0);
    first
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut answer = Vec::new();
    let ended = first.read_to_end(&mut answer);
    assert!(
        ended.is_ok(),
        "the server closed the stalled connection: {ended:?}"
    );
    // A real request still gets its answer, after the stalled ones were dropped.
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let response = client
        .get(format!("{}/healthz", server.base))
        .send()
        .expect("an answer while stalled connections were open");
    assert_eq!(response.status(), StatusCode::OK);
}

#[test]
fn a_search_past_its_deadline_stops_its_work_with_an_error() {
    use plenary_server::SearchRequest;
    use plenary_server::search::deadline::set_deadline;
    use std::time::Instant;

    let server = TestServer::start(ApiSettings::default());
    let requests = [
        SearchRequest {
            q: "prison OR death".to_string(),
            ..SearchRequest::default()
        },
        SearchRequest {
            q: "prison".to_string(),
            forum: vec!["CND".into()],
            ..SearchRequest::default()
        },
    ];
    for request in &requests {
        {
            let _deadline = set_deadline(Instant::now());
            let stopped = server.service.search(request);
            assert!(
                stopped.is_err(),
                "a search past its deadline stops: {}",
                request.q
            );
        }
        // The same search with time to spare answers.
        let _deadline = set_deadline(Instant::now() + Duration::from_secs(3600));
        let answered = server.service.search(request).expect("a search in time");
        assert!(answered.total > 0, "{}", request.q);
    }
}

mod fuzzing {
    use proptest::prelude::*;

    use super::*;
    use plenary_server::{SearchError, SearchRequest};

    /// Strings made of the query grammar's own characters and words, where parsers break.
    fn query_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("(".to_string()),
            Just(")".to_string()),
            Just("\"".to_string()),
            Just(" AND ".to_string()),
            Just(" OR ".to_string()),
            Just("NOT ".to_string()),
            Just("-".to_string()),
            Just("+".to_string()),
            Just("~".to_string()),
            Just("*".to_string()),
            Just("^2".to_string()),
            Just(":".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just(" TO ".to_string()),
            Just("{".to_string()),
            Just("\\".to_string()),
            Just("forum:".to_string()),
            Just("year:".to_string()),
            Just("topic:".to_string()),
            Just("text:".to_string()),
            "[a-zé0-9]{1,8}",
            "\\PC{1,3}",
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn any_query_is_answered_or_refused_as_the_users_error(q in query_like()) {
            let request = SearchRequest { q: q.clone(), ..SearchRequest::default() };
            match SERVER.with(|server| server.service.search(&request)) {
                Ok(_) => {}
                Err(error) => prop_assert!(
                    matches!(error, SearchError::BadQuery { .. } | SearchError::BadParameter { .. }),
                    "{q:?} failed inside: {error}"
                ),
            }
        }

        #[test]
        fn any_text_is_answered_or_refused_as_the_users_error(q in "\\PC{0,64}") {
            let request = SearchRequest { q: q.clone(), ..SearchRequest::default() };
            if let Err(error) = SERVER.with(|server| server.service.search(&request)) {
                prop_assert!(error.is_user_error(), "{q:?} failed inside: {error}");
            }
        }
    }

    thread_local! {
        static SERVER: TestServer = TestServer::start(ApiSettings::default());
    }
}
