//! Small text helpers shared by the UN readers: digits of every script the UN prints,
//! accent-insensitive keys, whitespace folding.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The value of a decimal digit in the scripts UN documents use: ASCII, Arabic-Indic,
/// Eastern Arabic-Indic (Persian) and full-width (Chinese typesetting).
pub(crate) fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
        _ => None,
    }
}

/// Parses a run of digits in any of the scripts of [`digit_value`]; `None` on anything
/// else or on overflow.
pub(crate) fn parse_number(s: &str) -> Option<u32> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return None;
    }
    let mut value: u32 = 0;
    for c in trimmed.chars() {
        let digit = digit_value(c)?;
        value = value.checked_mul(10)?.checked_add(digit)?;
    }
    Some(value)
}

/// Folds a word or phrase to a matching key: lower case, accents and Arabic vowel marks
/// removed, Arabic letter variants unified (أ إ آ → ا, ى → ي, ة → ه), dashes and
/// hyphens turned into spaces, runs of spaces collapsed. Russian й folds to и, which is
/// harmless because the tables are folded the same way.
pub(crate) fn fold(s: &str) -> String {
    let mut folded = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let mapped = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            'ـ' => continue, // Arabic tatweel, a stretching mark
            '-' | '‐' | '‑' | '‒' | '–' | '—' | '_' => ' ',
            _ => c,
        };
        for lower in mapped.to_lowercase() {
            folded.push(lower);
        }
    }
    collapse_whitespace(&folded)
}

/// Replaces every run of whitespace (line breaks included) by one space and trims.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut collapsed = String::with_capacity(s.len());
    plenary_core::analysis::push_collapsing_whitespace(&mut collapsed, s);
    collapsed
}

/// Splits a text into lines with the byte offset of each line's start.
pub(crate) fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

/// Splits a text into paragraphs (runs of non-blank lines) with the byte offset of each
/// paragraph's first character.
pub(crate) fn paragraphs_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut paragraphs = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    for (offset, line) in lines_with_offsets(text) {
        if line.trim().is_empty() {
            if let Some(first) = start.take() {
                paragraphs.push((first, text[first..end].trim_end()));
            }
            continue;
        }
        if start.is_none() {
            start = Some(offset + (line.len() - line.trim_start().len()));
        }
        end = offset + line.len();
    }
    if let Some(first) = start {
        paragraphs.push((first, text[first..end].trim_end()));
    }
    paragraphs
}

/// Rewrites the word boundaries of a pattern as ASCII ones (`(?-u:\b)`), dropping
/// those next to a non-ASCII letter. A Unicode `\b` stops the fast regex engines on
/// any non-ASCII text (Arabic, Chinese, Russian), which made every search slow; the
/// boundaries kept here guard Latin words, for which the ASCII ones are the same.
pub(crate) fn ascii_word_boundaries(pattern: &str) -> String {
    let mut rewritten = String::with_capacity(pattern.len() + 16);
    let mut previous: Option<char> = None;
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'b') {
            chars.next();
            let next = chars.peek().copied();
            let near_non_ascii_letter = [previous, next]
                .into_iter()
                .flatten()
                .any(|neighbour| neighbour.is_alphabetic() && !neighbour.is_ascii());
            if !near_non_ascii_letter {
                rewritten.push_str("(?-u:\\b)");
            }
            previous = Some('b');
            continue;
        }
        if c == '\\' {
            // Keep any other escape whole.
            rewritten.push(c);
            if let Some(escaped) = chars.next() {
                rewritten.push(escaped);
                previous = Some(escaped);
            }
            continue;
        }
        rewritten.push(c);
        previous = Some(c);
    }
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_script() {
        assert_eq!(parse_number("2014"), Some(2014));
        assert_eq!(parse_number("٢٠١٤"), Some(2014));
        assert_eq!(parse_number("۲۰۱۴"), Some(2014));
        assert_eq!(parse_number("２０１４"), Some(2014));
        assert_eq!(parse_number("20a4"), None);
    }

    #[test]
    fn ascii_boundaries() {
        assert_eq!(
            ascii_word_boundaries(r"\bCND\b|\bКонгресс\w*"),
            r"(?-u:\b)CND(?-u:\b)|Конгресс\w*"
        );
        assert_eq!(ascii_word_boundaries(r"a\.b\s"), r"a\.b\s");
    }

    #[test]
    fn whitespace_collapses_to_single_spaces() {
        assert_eq!(collapse_whitespace("  a \n\t b\u{a0}\u{a0}c  "), "a b c");
        assert_eq!(collapse_whitespace("  a \n\t b\x0B\x0Cc \r\n"), "a b c");
        assert_eq!(collapse_whitespace(" \n "), "");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Cinquante-Septième"), "cinquante septieme");
        assert_eq!(fold("السابعة"), "السابعه");
        assert_eq!(fold("  a \n b "), "a b");
    }

    #[test]
    fn paragraphs_keep_offsets() {
        let text = "one\ntwo\n\n  three\n";
        let paragraphs = paragraphs_with_offsets(text);
        assert_eq!(paragraphs, vec![(0, "one\ntwo"), (11, "three")]);
    }
}
