//! Splits a document into its paragraphs, with the numbers UN documents print.

use std::sync::LazyLock;

use plenary_core::Passage;
use regex::Regex;

use super::header::{JOB_NUMBER, Layout, is_rule_line, read_layout, starts_with_paragraph_number};
use super::symbol::DocumentSymbol;
use super::text::{lines_with_offsets, parse_number};

/// A paragraph number at the start: "1.", "12.", "1)", "(3)", "١." — followed by
/// space, never by another digit ("1.5 million").
static PARAGRAPH_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?P<number>\d{1,3})(?:\.|\)|\.\))(?:\s+|$)")
        .expect("paragraph number pattern is valid")
});

/// Splits a text into passages (blank-line separated paragraphs, and a new one at each
/// line that starts with a paragraph number), leaving out the header block, the
/// boilerplate of a statement and page furniture (job numbers, running heads, rules);
/// each passage keeps the number printed at its start, and its text without it.
pub fn number_paragraphs(text: &str) -> Vec<Passage> {
    number_paragraphs_with_layout(text, &read_layout(text))
}

/// [`number_paragraphs`] with the layout of the text's first page already read.
pub(crate) fn number_paragraphs_with_layout(text: &str, layout: &Layout) -> Vec<Passage> {
    let excluded = |offset: usize| {
        layout
            .excluded
            .iter()
            .any(|(start, end)| offset >= *start && offset < *end)
    };
    // Each block is a paragraph's lines, trimmed, with the offset of each in `text`.
    let mut blocks: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut current: Vec<(usize, &str)> = Vec::new();
    for (offset, raw_line) in lines_with_offsets(text) {
        let line = raw_line.trim();
        let first_char = offset + (raw_line.len() - raw_line.trim_start().len());
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if excluded(first_char) || is_furniture_line(line) {
            continue;
        }
        if starts_with_paragraph_number(line) && !current.is_empty() {
            blocks.push(std::mem::take(&mut current));
        }
        current.push((first_char, line));
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut passages = Vec::new();
    for block in blocks {
        let Some(&(_, first_line)) = block.first() else {
            continue;
        };
        // A number ends on its own line ("12." alone on a line is followed by the end of
        // that line), so the first line is all the pattern needs to see.
        let (number, body_start) = match PARAGRAPH_NUMBER.captures(first_line) {
            Some(captures) => (
                parse_number(&captures["number"]),
                captures.get(0).map_or(0, |whole| whole.end()),
            ),
            None => (None, 0),
        };
        let spans = body_spans(text, &block, body_start);
        let body = Passage::text_from_spans(text, &spans).unwrap_or_default();
        if body.is_empty() {
            continue;
        }
        let index = u32::try_from(passages.len()).unwrap_or(u32::MAX);
        passages.push(Passage {
            index,
            number,
            text: body,
            topics: Vec::new(),
            language: None,
            spans,
        });
    }
    passages
}

/// The ranges of `text` a paragraph's body is read from: its lines from `body_start` in
/// the first one, one range for lines with nothing but whitespace between them.
fn body_spans(text: &str, lines: &[(usize, &str)], body_start: usize) -> Vec<[usize; 2]> {
    let mut spans: Vec<[usize; 2]> = Vec::new();
    for (position, &(start, line)) in lines.iter().enumerate() {
        let skipped = if position == 0 { body_start } else { 0 };
        let piece = [start + skipped, start + line.len()];
        if piece[0] >= piece[1] {
            continue;
        }
        match spans.last_mut() {
            Some(last) if text[last[1]..piece[0]].trim().is_empty() => last[1] = piece[1],
            _ => spans.push(piece),
        }
    }
    spans
}

/// Lines that belong to the page, not the text: job numbers, barcodes, page numbers,
/// rules and running heads that are only a symbol.
fn is_furniture_line(line: &str) -> bool {
    JOB_NUMBER.is_match(line) || is_rule_line(line) || DocumentSymbol::parse(line).is_some()
}
