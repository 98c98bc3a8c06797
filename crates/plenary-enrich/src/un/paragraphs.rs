//! Splits a document into its paragraphs, with the numbers UN documents print.

use std::sync::LazyLock;

use plenary_core::Passage;
use regex::Regex;

use super::header::read_layout;
use super::text::{collapse_whitespace, paragraphs_with_offsets};

/// A paragraph number at the start: "1.", "12.", "1)", "(3)", "١." — followed by
/// space, never by another digit ("1.5 million").
static PARAGRAPH_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?(?P<number>\d{1,3})(?:\.|\)|\.\))(?:\s+|$)").expect("paragraph number pattern is valid"));

/// Splits a text into passages (blank-line separated paragraphs), leaving out the
/// header block and the boilerplate of a statement; each passage keeps the number
/// printed at its start, and its text without that number.
pub fn number_paragraphs(text: &str) -> Vec<Passage> {
    let layout = read_layout(text);
    let mut passages = Vec::new();
    for (offset, paragraph) in paragraphs_with_offsets(text) {
        let excluded = layout.excluded.iter().any(|(start, end)| offset >= *start && offset < *end);
        if excluded {
            continue;
        }
        let (number, body) = match PARAGRAPH_NUMBER.captures(paragraph) {
            Some(captures) => {
                let number = super::text::parse_number(&captures["number"]);
                let rest = &paragraph[captures.get(0).map_or(0, |whole| whole.end())..];
                (number, rest)
            }
            None => (None, paragraph),
        };
        let body = collapse_whitespace(body);
        if body.is_empty() {
            continue;
        }
        let index = u32::try_from(passages.len()).unwrap_or(u32::MAX);
        passages.push(Passage { index, number, text: body, topics: Vec::new() });
    }
    passages
}
