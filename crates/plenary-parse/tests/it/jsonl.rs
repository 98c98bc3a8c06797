//! JSON Lines bulk input.

use plenary_parse::{Format, ParseError, ParseLimits, parse_bytes, read_jsonl};

const INPUT: &str = r#"{"id": "cnd-57-1", "symbol": "E/CN.7/2014/NGO/3", "title": "Harm reduction", "text": "Civil society welcomes the review.", "date": "2014-01-13", "organization": "Harm Reduction International", "forum": "CND", "session": 57, "doc_type": "ngo_statement", "language": "en", "topics": ["harm reduction", "death penalty"], "extra": {"ignored": true}}

{"id": 42, "text": "Une déclaration.", "session": "57th"}
{"id": "no-text", "title": "Missing text"}
{not json at all
{"text": "Last record"}
"#;

#[test]
fn records_stream_with_line_numbers_and_bad_lines_as_errors() {
    let results: Vec<Result<_, ParseError>> = read_jsonl(INPUT.as_bytes()).collect();
    assert_eq!(results.len(), 5, "the blank line is skipped");

    let first = results[0].as_ref().expect("the first record is valid");
    assert_eq!(first.line, 1);
    assert_eq!(first.id.as_deref(), Some("cnd-57-1"));
    assert_eq!(first.symbol.as_deref(), Some("E/CN.7/2014/NGO/3"));
    assert_eq!(first.title.as_deref(), Some("Harm reduction"));
    assert_eq!(first.text, "Civil society welcomes the review.");
    assert_eq!(first.date.as_deref(), Some("2014-01-13"));
    assert_eq!(
        first.organization.as_deref(),
        Some("Harm Reduction International")
    );
    assert_eq!(first.forum.as_deref(), Some("CND"));
    assert_eq!(
        first.session.as_deref(),
        Some("57"),
        "a numeric session becomes a string"
    );
    assert_eq!(first.doc_type.as_deref(), Some("ngo_statement"));
    assert_eq!(first.language.as_deref(), Some("en"));
    assert_eq!(
        first.topics,
        Some(vec![
            "harm reduction".to_string(),
            "death penalty".to_string()
        ])
    );

    let second = results[1].as_ref().expect("the second record is valid");
    assert_eq!(second.line, 3);
    assert_eq!(second.id.as_deref(), Some("42"));
    assert_eq!(second.session.as_deref(), Some("57th"));
    assert_eq!(second.symbol, None);

    let missing_text = results[2].as_ref().unwrap_err();
    assert!(
        matches!(missing_text, ParseError::BadJsonLine { line: 4, .. }),
        "{missing_text}"
    );
    assert!(
        missing_text
            .to_string()
            .starts_with("line 4: missing the required field \"text\"")
    );

    let not_json = results[3].as_ref().unwrap_err();
    assert!(
        matches!(not_json, ParseError::BadJsonLine { line: 5, .. }),
        "{not_json}"
    );

    let last = results[4]
        .as_ref()
        .expect("iteration continues after bad lines");
    assert_eq!(last.line, 6);
    assert_eq!(last.text, "Last record");
}

#[test]
fn invalid_utf8_line_is_an_error_and_iteration_continues() {
    let mut input = b"{\"text\": \"caf".to_vec();
    input.extend_from_slice(&[0xE9]);
    input.extend_from_slice(b"\"}\n{\"text\": \"ok\"}\n");
    let results: Vec<_> = read_jsonl(input.as_slice()).collect();
    assert!(matches!(
        results[0],
        Err(ParseError::BadJsonLine { line: 1, .. })
    ));
    assert_eq!(
        results[1].as_ref().expect("the second line is valid").text,
        "ok"
    );
}

#[test]
fn jsonl_file_as_one_document_keeps_good_records() {
    let parsed = parse_bytes(Format::JsonLines, INPUT.as_bytes(), &ParseLimits::default())
        .expect("the file has records");
    assert_eq!(
        parsed.text(),
        "Harm reduction\n\nCivil society welcomes the review.\n\nUne déclaration.\n\nLast record"
    );
    assert_eq!(parsed.warnings.len(), 2);
}
