//! Golden tests of `read_metadata`: each `tests/data/un/<name>.txt` (with page furniture
//! in `<name>.furniture.txt` when the document has some) is read and compared with
//! `<name>.json`. Set `PLENARY_BLESS=1` to rewrite the expected files on purpose.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plenary_enrich::un::{MetadataInput, UnMetadata, read_metadata};
use serde_json::{Value, json};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/un")
}

fn as_json(found: &UnMetadata) -> Value {
    json!({
        "symbol": found.symbol.as_ref().map(|symbol| symbol.as_str().to_string()),
        "forum": found.forum.map(|forum| forum.code()),
        "session": found.session,
        "date": found.date.map(|date| date.to_string()),
        "organization": found.organization,
        "consultative_status": found.consultative_status.map(|status| status.code()),
        "doc_type": found.doc_type.code(),
        "title": found.title,
        "original_language": found.original_language,
        "stated_language": found.stated_language,
    })
}

fn check(name: &str) {
    let dir = data_dir();
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).expect("input text exists");
    let furniture: Vec<String> = std::fs::read_to_string(dir.join(format!("{name}.furniture.txt")))
        .map(|lines| lines.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let meta = BTreeMap::new();
    let found = as_json(&read_metadata(&MetadataInput {
        furniture: &furniture,
        text: &text,
        title_hint: None,
        meta: &meta,
    }));
    let expected_path = dir.join(format!("{name}.json"));
    if std::env::var_os("PLENARY_BLESS").is_some() {
        let pretty = serde_json::to_string(&found).expect("serializable") + "\n";
        std::fs::write(&expected_path, pretty).expect("expected file is writable");
        return;
    }
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path).expect("expected file exists"),
    )
    .expect("expected file is JSON");
    let mut differences = Vec::new();
    for (field, want) in expected.as_object().expect("expected is an object") {
        let have = &found[field.as_str()];
        if have != want {
            differences.push(format!("  {field}: expected {want}, found {have}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{name}:\n{}",
        differences.join("\n")
    );
}

#[test]
fn english_statement() {
    check("statement.en");
}

#[test]
fn french_statement_on_the_roster_with_a_two_column_header() {
    check("statement.fr");
}

#[test]
fn spanish_statement() {
    check("statement.es");
}

#[test]
fn russian_statement_to_the_implementation_review_group() {
    check("statement.ru");
}

#[test]
fn arabic_statement_with_arabic_indic_digits() {
    check("statement.ar");
}

#[test]
fn chinese_statement_with_the_symbol_in_the_furniture() {
    check("statement.zh");
}

#[test]
fn side_event_summary() {
    check("side-event.en");
}

#[test]
fn conference_room_paper() {
    check("crp.en");
}

#[test]
fn a_footnote_symbol_is_not_the_document_symbol() {
    let text = "Commission on Narcotic Drugs\nFifty-seventh session\n\nA note on drug policy\n\n1. Some text.\n\n* E/CN.7/2014/1.";
    let meta = BTreeMap::new();
    let found = read_metadata(&MetadataInput {
        furniture: &[],
        text,
        title_hint: None,
        meta: &meta,
    });
    assert_eq!(found.symbol, None);
    assert_eq!(found.title.as_deref(), Some("A note on drug policy"));
}

#[test]
fn a_statement_without_a_heading_takes_the_agenda_item_title() {
    let text = "E/CN.7/2016/NGO/5\n\nDistr.: General\n1 February 2016\n\nCommission on Narcotic Drugs\nFifty-ninth session\n\
                Item 3 of the provisional agenda*\nPreparations for the special session\n\n\
                Statement submitted by Release, a non-governmental organization in special consultative status with the Economic and Social Council\n\n\
                1. The special session offers an opportunity that must not be missed, because the policies of the past have failed.";
    let meta = BTreeMap::new();
    let found = read_metadata(&MetadataInput {
        furniture: &[],
        text,
        title_hint: None,
        meta: &meta,
    });
    assert_eq!(
        found.title.as_deref(),
        Some("Preparations for the special session")
    );
    assert_eq!(found.organization.as_deref(), Some("Release"));
    assert_eq!(found.session, Some(59));
}

#[test]
fn the_title_hint_is_used_when_the_text_has_no_heading() {
    let text = "This long paragraph opens the text at once and goes on without any heading at all, as some web pages do when they are reduced to text.";
    let meta = BTreeMap::new();
    let found = read_metadata(&MetadataInput {
        furniture: &[],
        text,
        title_hint: Some("A page title"),
        meta: &meta,
    });
    assert_eq!(found.title.as_deref(), Some("A page title"));
}

#[test]
fn front_matter_declares_the_title() {
    let text = "title: Update from the 61st Commission on Narcotic Drugs\ndate: 2018-03-15\nauthor: A student\n---\n\
                Written by a student\n\nWhile in Vienna this week, we followed the debates.";
    let meta = BTreeMap::new();
    let found = read_metadata(&MetadataInput {
        furniture: &[],
        text,
        title_hint: None,
        meta: &meta,
    });
    assert_eq!(
        found.title.as_deref(),
        Some("Update from the 61st Commission on Narcotic Drugs")
    );
    assert_eq!(found.forum, Some(plenary_core::Forum::Cnd));
    assert_eq!(found.session, Some(61));
    assert_eq!(found.date, chrono::NaiveDate::from_ymd_opt(2018, 3, 15));
}
