//! Splits a page of news into its items.
//!
//! Items are separated by rule lines (`____`, `----`, `***`) or, on Markdown pages, by
//! headings of one level that occurs at least twice. What stands before the first
//! separator is the page's own introduction unless it is dated like an item; front
//! matter (`title: ...` lines) never is an item.

use std::sync::LazyLock;

use regex::Regex;

use super::date::find_dates;
use super::header::is_heading_like;
use super::text::{collapse_whitespace, lines_with_offsets, paragraphs_with_offsets};

/// One item of a multi-item page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The headline.
    pub title: String,
    /// The item's text, headline first.
    pub text: String,
    /// Byte offset of the headline in the page.
    pub offset: usize,
}

static RULE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:_{3,}|-{3,}|={3,}|[—–]{3,}|(?:\*\s*){3,}|(?:-\s+){2,}-)\s*$")
        .expect("rule pattern is valid")
});

static MARKDOWN_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,4})\s+\S").expect("heading pattern is valid"));

static FRONT_MATTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z][\w -]{0,30}:\s").expect("front matter pattern is valid")
});

/// Section labels that head a list of news rather than an item.
const SECTION_LABELS: &[&str] = &[
    "news",
    "news and events",
    "latest news",
    "events",
    "news & events",
    "actualités",
    "actualités et événements",
    "nouvelles et événements",
    "nouvelles",
    "noticias",
    "noticias y eventos",
    "новости",
    "новости и события",
    "أخبار",
    "الأخبار",
    "新闻",
    "新闻和活动",
    "新闻与活动",
    "الأخبار والأحداث",
];

/// Splits a page into its news items; `None` when the text is one document.
pub fn split_items(text: &str) -> Option<Vec<Item>> {
    let rules: Vec<(usize, usize)> = lines_with_offsets(text)
        .filter(|(_, line)| RULE_LINE.is_match(line))
        .map(|(offset, line)| (offset, offset + line.len()))
        .collect();
    let segments = if rules.is_empty() {
        heading_segments(text)?
    } else {
        rule_segments(text, &rules)
    };
    let items: Vec<Item> = segments
        .into_iter()
        .filter_map(|(start, end)| make_item(text, start, end))
        .collect();
    (items.len() >= 2).then_some(items)
}

/// Segments between rule lines; the part before the first rule only if it is an item.
fn rule_segments(text: &str, rules: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut segments = Vec::new();
    let first_rule_start = rules[0].0;
    if is_leading_item(&text[..first_rule_start]) {
        segments.push((0, first_rule_start));
    }
    for (index, (_, rule_end)) in rules.iter().enumerate() {
        let next_start = rules.get(index + 1).map_or(text.len(), |(start, _)| *start);
        segments.push((*rule_end, next_start));
    }
    segments
}

/// Segments that start at Markdown headings of the level that repeats.
fn heading_segments(text: &str) -> Option<Vec<(usize, usize)>> {
    let headings: Vec<(usize, usize)> = lines_with_offsets(text)
        .filter_map(|(offset, line)| {
            MARKDOWN_HEADING
                .captures(line)
                .map(|captures| (offset, captures[1].len()))
        })
        .collect();
    let level =
        (1..=4).find(|level| headings.iter().filter(|(_, found)| found == level).count() >= 2)?;
    let starts: Vec<usize> = headings
        .iter()
        .filter(|(_, found)| *found == level)
        .map(|(offset, _)| *offset)
        .collect();
    let mut segments = Vec::new();
    if is_leading_item(&text[..starts[0]]) {
        segments.push((0, starts[0]));
    }
    for (index, start) in starts.iter().enumerate() {
        let end = starts.get(index + 1).copied().unwrap_or(text.len());
        segments.push((*start, end));
    }
    Some(segments)
}

/// The text before the first separator is an item only if it is dated and is not front
/// matter.
fn is_leading_item(segment: &str) -> bool {
    let lines: Vec<&str> = segment
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    if lines.is_empty() || lines.iter().all(|line| FRONT_MATTER_LINE.is_match(line)) {
        return false;
    }
    !find_dates(segment).is_empty()
}

fn make_item(text: &str, start: usize, end: usize) -> Option<Item> {
    let segment = &text[start..end];
    let paragraphs = paragraphs_with_offsets(segment);
    let mut index = 0;
    // Skip a section label ("News and events") that heads the list.
    if let Some((_, first)) = paragraphs.first() {
        let label = collapse_whitespace(first.trim_start_matches('#')).to_lowercase();
        if SECTION_LABELS.contains(&label.as_str()) && paragraphs.len() > 1 {
            index = 1;
        }
    }
    // The headline is the first heading among the first paragraphs: navigation rows
    // ("Français/French | Español/Spanish") and a page's introduction come before it.
    let heading_index = paragraphs
        .iter()
        .enumerate()
        .skip(index)
        .take(3)
        .find(|(_, (_, paragraph))| is_heading_like(paragraph))
        .map(|(found, _)| found);
    if let Some(found) = heading_index {
        index = found;
    }
    let (headline_offset, headline_paragraph) = *paragraphs.get(index)?;
    // A lone line without any body is navigation, not an item.
    if paragraphs.len() <= index + 1 && !headline_paragraph.contains('\n') {
        return None;
    }
    let headline_source = if is_heading_like(headline_paragraph) {
        headline_paragraph
    } else {
        headline_paragraph
            .lines()
            .next()
            .unwrap_or(headline_paragraph)
    };
    let title = collapse_whitespace(headline_source.trim_start_matches('#'));
    if title.is_empty() {
        return None;
    }
    // The headline starts after Markdown heading marks.
    let marks = headline_source.len() - headline_source.trim_start_matches(['#', ' ']).len();
    let offset = start + headline_offset + marks;
    let item_text = text[offset..end].trim().to_string();
    Some(Item {
        title,
        text: item_text,
        offset,
    })
}
