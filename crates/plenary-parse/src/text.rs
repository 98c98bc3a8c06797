//! Plain text: encoding detection, paragraphs split on blank lines.

use crate::encoding::{decode_text, refuse_binary};
use crate::error::ParseError;
use crate::layout::{
    append_line, char_length, is_rule_line, is_spaceless_script, starts_numbered_paragraph,
    strip_bullet,
};
use crate::{Block, BlockKind, Format, ParsedFile};

pub(crate) fn parse_text(bytes: &[u8]) -> Result<ParsedFile, ParseError> {
    refuse_binary(bytes)?;
    let decoded = decode_text(bytes, None);
    let mut parsed = ParsedFile::new(Format::Text);
    if decoded.encoding != encoding_rs::UTF_8 {
        parsed
            .warnings
            .push(format!("decoded as {}", decoded.encoding.name()));
    }
    if decoded.had_errors {
        parsed
            .warnings
            .push("some bytes were not valid and were replaced".to_string());
    }
    parsed.blocks = text_blocks(&decoded.text);
    Ok(parsed)
}

/// Splits text into blocks: blank lines separate blocks; separator lines
/// are rules; bullet lines are list items. Inside a block a line break is
/// kept when it is "hard" — the next line's first word would have fitted on
/// the line, so the writer broke the line on purpose (a UN header block) —
/// and is joined into a space when the line was wrapped.
pub(crate) fn text_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|line| line.trim_end_matches(['\r', '\u{feff}']))
        .collect();
    let wrap_width = wrap_width(&lines);
    let mut blocks = Vec::new();
    let mut current: Option<(BlockKind, String, usize)> = None;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed == "\u{c}" {
            flush(&mut current, &mut blocks);
            continue;
        }
        if is_rule_line(trimmed) {
            flush(&mut current, &mut blocks);
            blocks.push(Block::new(BlockKind::Rule, ""));
            continue;
        }
        let collapsed = collapse_spaces(trimmed);
        let trimmed = collapsed.as_str();
        if starts_numbered_paragraph(trimmed) {
            flush(&mut current, &mut blocks);
            current = Some((BlockKind::Paragraph, trimmed.to_string(), char_length(line)));
            continue;
        }
        if let Some(item) = strip_bullet(trimmed) {
            flush(&mut current, &mut blocks);
            current = Some((BlockKind::ListItem, item.to_string(), char_length(line)));
            continue;
        }
        let Some((_, block_text, previous_length)) = current.as_mut() else {
            current = Some((BlockKind::Paragraph, trimmed.to_string(), char_length(line)));
            continue;
        };
        // Scripts without spaces can break after any character.
        let first_word_length = match trimmed.chars().next() {
            Some(first) if is_spaceless_script(first) => 2,
            _ => trimmed
                .split_whitespace()
                .next()
                .map(char_length)
                .unwrap_or(0),
        };
        // Proportional fonts and indentation make widths approximate: a line
        // three quarters as wide as the widest is taken as wrapped too.
        let wrapped = block_text.ends_with('-')
            || (*previous_length + 1 + first_word_length) * 10 > wrap_width * 9
            || *previous_length * 4 >= wrap_width * 3;
        if wrapped {
            append_line(block_text, trimmed);
        } else {
            block_text.push('\n');
            block_text.push_str(trimmed);
        }
        *previous_length = char_length(line);
    }
    flush(&mut current, &mut blocks);
    blocks
}

fn flush(current: &mut Option<(BlockKind, String, usize)>, blocks: &mut Vec<Block>) {
    if let Some((kind, text, _)) = current.take() {
        blocks.push(Block::new(kind, text));
    }
}

const MIN_WRAP_WIDTH: usize = 30;

/// The width text was wrapped at: the 90th percentile of the lengths of
/// lines followed by another line of the same block. Lines that end a
/// block (and one-line paragraphs of any length) say nothing about wrapping.
fn wrap_width(lines: &[&str]) -> usize {
    let mut lengths: Vec<usize> = lines
        .windows(2)
        .filter(|pair| !pair[1].trim().is_empty() && !pair[0].trim().is_empty())
        // Lines laid out in columns ("United Nations      A/HRC/...") are
        // not wrapped prose.
        .filter(|pair| !pair[0].trim().contains("    "))
        .map(|pair| char_length(pair[0].trim_end()))
        .collect();
    if lengths.is_empty() {
        return MIN_WRAP_WIDTH;
    }
    lengths.sort_unstable();
    let index = (lengths.len() * 9 / 10).min(lengths.len() - 1);
    // Lines under 30 columns are hardly ever wrapped prose.
    lengths[index].max(MIN_WRAP_WIDTH)
}

/// Collapses runs of spaces and tabs inside a line to one space.
fn collapse_spaces(line: &str) -> String {
    let mut collapsed = String::with_capacity(line.len());
    for character in line.chars() {
        if character == ' ' || character == '\t' {
            if !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
        } else {
            collapsed.push(character);
        }
    }
    collapsed
}
