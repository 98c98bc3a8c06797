//! What the PDF reader must get right on a two-page LibreOffice document,
//! stated one property at a time (the golden file pins the whole output).

use std::path::Path;

use plenary_parse::{BlockKind, ParseLimits, ParsedFile, parse_file};

fn english_statement() -> ParsedFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/statement_en.pdf");
    parse_file(&path, &ParseLimits::default()).expect("the fixture parses")
}

#[test]
fn running_header_and_footer_are_furniture_not_body() {
    let parsed = english_statement();
    assert!(
        parsed
            .furniture
            .iter()
            .any(|line| line == "E/CN.7/2014/NGO/3")
    );
    assert!(
        parsed
            .furniture
            .iter()
            .any(|line| line.starts_with("V.14-01234 (E)"))
    );
    let body = parsed.text();
    assert!(
        !body.contains("V.14-01234"),
        "the job number is not in the body"
    );
    assert_eq!(
        body.matches("E/CN.7/2014/NGO/3").count(),
        1,
        "only the symbol of the first-page header block stays in the body"
    );
}

#[test]
fn line_end_hyphens_are_joined_by_the_rule() {
    let body = english_statement().text();
    // "dowry-" ends a line in the PDF: a compound, the hyphen stays.
    assert!(body.contains("dowry-related"), "{body}");
    assert!(
        body.contains("the implementation of comprehensive"),
        "{body}"
    );
    assert!(!body.contains("implemen-"));
}

#[test]
fn numbered_paragraphs_are_whole_blocks_in_order() {
    let parsed = english_statement();
    let numbered: Vec<&str> = parsed
        .blocks
        .iter()
        .filter(|block| block.kind == BlockKind::Paragraph)
        .map(|block| block.text.as_str())
        .filter(|text| {
            text.split('.')
                .next()
                .is_some_and(|number| number.parse::<u32>().is_ok())
        })
        .collect();
    assert_eq!(numbered.len(), 11);
    for (index, text) in numbered.iter().enumerate() {
        assert!(text.starts_with(&format!("{}. ", index + 1)), "{text}");
        assert!(text.ends_with('.'), "one block per paragraph: {text}");
    }
}

#[test]
fn tables_are_read_row_by_row() {
    let parsed = english_statement();
    let rows: Vec<&str> = parsed
        .blocks
        .iter()
        .filter(|block| block.kind == BlockKind::TableRow)
        .map(|block| block.text.as_str())
        .collect();
    assert_eq!(
        rows,
        vec![
            "Region | Services | People reached",
            "Eastern Europe | Needle exchange | 12 400",
            "Central Asia | Opioid substitution | 3 150"
        ]
    );
}

#[test]
fn info_dictionary_gives_title_and_metadata() {
    let parsed = english_statement();
    assert_eq!(
        parsed.title.as_deref(),
        Some("Harm reduction and the high-level review")
    );
    assert_eq!(
        parsed.meta.get("subject").map(String::as_str),
        Some("E/CN.7/2014/NGO/3")
    );
}
