//! Exports over HTTP checked against the documents indexed, not against the search: in
//! batches smaller than the index, across the undated documents, in every order and
//! both formats, every column of every row.

use crate::common;

use std::collections::HashMap;

use plenary_core::model::Document;
use plenary_server::api::ApiSettings;
use reqwest::StatusCode;
use serde_json::Value;

use common::server::TestServer;

/// One exported row, whatever the format: column name to cell text.
type Row = HashMap<String, String>;

fn csv_rows(text: &str) -> Vec<Row> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a CSV row");
            assert_eq!(record.len(), header.len(), "a full row: {record:?}");
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// A JSON line as the CSV spells its cells, so that both formats meet one expectation.
fn jsonl_rows(text: &str) -> Vec<Row> {
    let cell = |value: &Value| match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    text.lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).expect("a JSON line");
            let mut row = Row::new();
            for name in [
                "id",
                "symbol",
                "title",
                "forum",
                "session",
                "date",
                "year",
                "organization",
                "consultative_status",
                "language",
                "doc_type",
                "source",
                "score",
            ] {
                row.insert(name.to_string(), cell(&record[name]));
            }
            let topics: Vec<&str> = record["topics"]
                .as_array()
                .expect("topics")
                .iter()
                .map(|topic| topic.as_str().expect("a slug"))
                .collect();
            row.insert("topics".to_string(), topics.join(";"));
            row
        })
        .collect()
}

/// The cells a document must be exported with, from the document as it was indexed.
fn expected_cells(document: &Document, csv: bool) -> Vec<(&'static str, String)> {
    let optional = |value: Option<String>| value.unwrap_or_default();
    let title = if csv && document.title.starts_with('=') {
        format!("'{}", document.title)
    } else {
        document.title.clone()
    };
    let mut topics: Vec<&str> = document
        .topics
        .iter()
        .map(|topic| topic.slug.as_str())
        .collect();
    topics.sort_unstable();
    vec![
        ("id", document.id.clone()),
        ("symbol", optional(document.symbol.clone())),
        ("title", title),
        (
            "forum",
            optional(document.forum.map(|forum| forum.code().to_string())),
        ),
        (
            "session",
            optional(document.session.map(|session| session.to_string())),
        ),
        (
            "date",
            optional(
                document
                    .date
                    .map(|date| date.format("%Y-%m-%d").to_string()),
            ),
        ),
        ("year", optional(document.year.map(|year| year.to_string()))),
        ("organization", optional(document.organization.clone())),
        (
            "consultative_status",
            optional(
                document
                    .consultative_status
                    .map(|status| status.code().to_string()),
            ),
        ),
        ("language", document.language.clone()),
        ("doc_type", document.doc_type.code().to_string()),
        ("topics", topics.join(";")),
        ("source", document.source.to_string()),
    ]
}

fn export(server: &TestServer, query: &str, format: &str) -> Vec<Row> {
    let (status, headers, body) = server.get_text(&format!("/api/export?{query}&format={format}"));
    assert_eq!(status, StatusCode::OK, "{query} {format}: {body}");
    let rows = match format {
        "csv" => csv_rows(&body),
        _ => jsonl_rows(&body),
    };
    assert_eq!(
        headers["x-total-count"].to_str().ok(),
        Some(rows.len().to_string().as_str()),
        "the rows streamed are the count announced: {query} {format}"
    );
    rows
}

/// Dates as `sort` must give them: dated documents in order, the undated last.
fn expected_dates(documents: &[&Document], sort: &str) -> Vec<String> {
    let mut dated: Vec<String> = documents
        .iter()
        .filter_map(|document| document.date.map(|date| date.to_string()))
        .collect();
    dated.sort();
    if sort != "date_asc" {
        dated.reverse();
    }
    let undated = documents
        .iter()
        .filter(|document| document.date.is_none())
        .count();
    dated.extend(std::iter::repeat_n(String::new(), undated));
    dated
}

#[test]
fn every_row_and_every_column_in_every_order_and_both_formats() {
    let documents = common::documents();
    let undated = documents.iter().filter(|d| d.date.is_none()).count();
    assert!(undated >= 2, "the fixtures hold undated documents");
    for batch in [1, 2, 3] {
        let server = TestServer::start(ApiSettings {
            export_batch_size: batch,
            ..ApiSettings::default()
        });
        // The filters and the documents each must give, by the fixtures' labels; a
        // text query (`None`) is checked row by row, whatever it matches.
        let cases: [(&str, Option<Vec<&Document>>); 4] = [
            ("", Some(documents.iter().collect())),
            (
                "lang=en",
                Some(documents.iter().filter(|d| d.language == "en").collect()),
            ),
            (
                "topic=prisons",
                Some(
                    documents
                        .iter()
                        .filter(|d| d.topics.iter().any(|topic| topic.slug == "prisons"))
                        .collect(),
                ),
            ),
            ("q=prison%20OR%20harm%20OR%20undated", None),
        ];
        for (filter, expected) in &cases {
            for sort in ["relevance", "date_desc", "date_asc"] {
                for format in ["csv", "jsonl"] {
                    let query = format!("{filter}&sort={sort}");
                    let rows = export(&server, &query, format);
                    let context = format!("batch {batch}, {query}, {format}");
                    if filter.is_empty() {
                        assert!(rows.len() > 3 * batch, "{context}: several batches");
                    }
                    let mut ids: Vec<&str> = rows.iter().map(|row| row["id"].as_str()).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    assert_eq!(ids.len(), rows.len(), "no row twice: {context}");
                    if let Some(expected) = expected {
                        let mut expected_ids: Vec<&str> =
                            expected.iter().map(|d| d.id.as_str()).collect();
                        expected_ids.sort_unstable();
                        assert_eq!(ids, expected_ids, "{context}");
                    }
                    // Every cell of every row is its document's.
                    for row in &rows {
                        let document = documents
                            .iter()
                            .find(|document| document.id == row["id"])
                            .unwrap_or_else(|| panic!("{context}: a row of no document: {row:?}"));
                        for (column, value) in expected_cells(document, format == "csv") {
                            let mut cell = row[column].clone();
                            if column == "topics" {
                                // A set: the export's order of topics is not the labels'.
                                let mut topics: Vec<&str> = cell.split(';').collect();
                                topics.sort_unstable();
                                cell = topics.join(";");
                            }
                            assert_eq!(
                                cell, value,
                                "{context}: column {column} of `{}`",
                                document.title
                            );
                        }
                        assert!(row["score"].parse::<f32>().is_ok(), "{context}: {row:?}");
                    }
                    // The order: by date where the date orders, by score under a query.
                    let dates: Vec<String> = rows.iter().map(|row| row["date"].clone()).collect();
                    if filter.starts_with("q=") && sort == "relevance" {
                        let scores: Vec<f32> = rows
                            .iter()
                            .map(|row| row["score"].parse().unwrap())
                            .collect();
                        assert!(
                            scores.windows(2).all(|pair| pair[0] >= pair[1]),
                            "{context}: {scores:?}"
                        );
                    } else {
                        let exported: Vec<&Document> = rows
                            .iter()
                            .filter_map(|row| documents.iter().find(|d| d.id == row["id"]))
                            .collect();
                        assert_eq!(dates, expected_dates(&exported, sort), "{context}");
                    }
                }
            }
        }
    }
}
