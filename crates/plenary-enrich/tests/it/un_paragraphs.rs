//! Numbered paragraphs of UN documents, without the header and the boilerplate.

use std::path::Path;

use plenary_enrich::un::number_paragraphs;

fn check(text: &str, expected: &[(Option<u32>, &str)]) {
    let passages = number_paragraphs(text);
    let found: Vec<(Option<u32>, &str)> = passages
        .iter()
        .map(|passage| (passage.number, passage.text.as_str()))
        .collect();
    assert_eq!(found, expected);
    for (index, passage) in passages.iter().enumerate() {
        assert_eq!(passage.index as usize, index);
    }
}

#[test]
fn statement_without_its_header() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/un/statement.en.txt"),
    )
    .expect("input exists");
    check(
        &text,
        &[
            (None, "Ending the death penalty for drug offences"),
            (
                Some(1),
                "Harm Reduction International has monitored the use of the death penalty for drug offences since 2007.",
            ),
            (
                Some(2),
                "Drug offences do not meet the threshold of the \"most serious crimes\".",
            ),
        ],
    );
}

#[test]
fn numbers_in_their_forms() {
    check(
        "1. First paragraph.\n\n2) Second paragraph.\n\n(3) Third paragraph.\n\nAn unnumbered one.\n\n1.5 million people are affected.",
        &[
            (Some(1), "First paragraph."),
            (Some(2), "Second paragraph."),
            (Some(3), "Third paragraph."),
            (None, "An unnumbered one."),
            (None, "1.5 million people are affected."),
        ],
    );
}

#[test]
fn numbered_lines_without_blank_lines_are_split() {
    check(
        "A heading\n\n1. First, wrapped\nover two lines.\n2. Second.\nV.14-00851 (E)\n3. Third.",
        &[
            (None, "A heading"),
            (Some(1), "First, wrapped over two lines."),
            (Some(2), "Second."),
            (Some(3), "Third."),
        ],
    );
}

#[test]
fn empty_text() {
    check("", &[]);
    check("\n\n  \n", &[]);
}

#[test]
fn front_matter_is_no_passage() {
    check(
        "title: A blog post\ndate: 2018-03-15\n\nThe first paragraph.\n\nThe second paragraph.",
        &[
            (None, "The first paragraph."),
            (None, "The second paragraph."),
        ],
    );
}
