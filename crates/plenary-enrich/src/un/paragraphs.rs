//! Splits a document into its paragraphs, with the numbers UN documents print.
//!
//! Real text comes hard-wrapped (lines of a fixed width, a paragraph's last line
//! shorter), one paragraph a line (the UN Parallel Corpus, older verbatim records), or
//! with the furniture of its pages inside it (job numbers such as `10-55109 20`, page
//! numbers, the record's symbol and date). Paragraphs are found by blank lines, printed
//! numbers, and, inside a run of lines, by sentence ends at a line's end; furniture is
//! left out wherever it stands and a sentence broken by a page break is joined again.
//! No citable unit is longer than [`MAX_PASSAGE_CHARS`].

use std::sync::LazyLock;

use plenary_core::Passage;
use regex::Regex;

use super::header::{
    JOB_NUMBER, Layout, is_rule_line, paragraph_number, read_layout, starts_with_paragraph_number,
};
use super::symbol::DocumentSymbol;
use super::text::lines_with_offsets;

/// The longest passage a paragraph makes: a longer one is cut at sentence ends, each
/// piece keeping the printed number. A citation points at a paragraph a reader can
/// find; the General Debate corpus had "paragraphs" of 30,000 characters.
pub const MAX_PASSAGE_CHARS: usize = 2_000;

/// Lines that are a page's furniture wherever they stand: a job number with the page
/// number beside it ("06-53609 16", "17 06-53609", "30/51 15-29431", "GE.15-01234
/// (E)"), a page number alone, a record's symbol with its date ("A/70/PV.16
/// 29/09/2015", "29/09/2015 A/70/PV.16").
static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:\d{1,4}(?:/\d{1,4})?\s+)?(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{1,4}(?:/\d{1,4})?)?|\d{1,4}|-\s*\d{1,4}\s*-|[A-Z]+(?:/[A-Z0-9.]+)+\s+\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}\s+[A-Z]+(?:/[A-Z0-9.]+)+)$")
        .expect("page furniture pattern is valid")
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
    // Whether page furniture was left out since the last line of text: a page break.
    let mut after_page_break = false;
    for (offset, raw_line) in lines_with_offsets(text) {
        let line = raw_line.trim();
        let first_char = offset + (raw_line.len() - raw_line.trim_start().len());
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if excluded(first_char) {
            continue;
        }
        if is_furniture_line(line) {
            after_page_break = true;
            continue;
        }
        // A sentence broken by a page break goes on after the furniture.
        if after_page_break
            && current.is_empty()
            && continues_sentence(blocks.last(), line)
            && let Some(previous) = blocks.pop()
        {
            current = previous;
        }
        after_page_break = false;
        if starts_with_paragraph_number(line) && !current.is_empty() {
            blocks.push(std::mem::take(&mut current));
        }
        current.push((first_char, line));
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut passages = Vec::new();
    for block in blocks.iter().flat_map(|block| reflow(block)) {
        let Some(&(_, first_line)) = block.first() else {
            continue;
        };
        // A number ends on its own line ("12." alone on a line is followed by the end of
        // that line), so the first line is all the pattern needs to see.
        let (number, body_start) = paragraph_number(first_line).unwrap_or((None, 0));
        let spans = body_spans(text, block, body_start);
        for piece in cut_at_sentence_ends(text, &spans, MAX_PASSAGE_CHARS) {
            let body = Passage::text_from_spans(text, &piece).unwrap_or_default();
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
                spans: piece,
            });
        }
    }
    passages
}

/// Whether a line goes on with the sentence the last block left open: that block ends
/// without a sentence end, and the line starts in lower case.
fn continues_sentence(previous: Option<&Vec<(usize, &str)>>, line: &str) -> bool {
    let Some(&(_, last_line)) = previous.and_then(|block| block.last()) else {
        return false;
    };
    !ends_sentence(last_line) && line.chars().next().is_some_and(char::is_lowercase)
}

/// Whether a line ends a sentence: a full stop, question or exclamation mark, colon or
/// semicolon, in any of the six languages, with closing quotes or brackets after it.
fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['"', '”', '’', '»', ')', ']', '*', ' ']);
    trimmed.ends_with([
        '.', '?', '!', ':', ';', '。', '？', '！', '：', '；', '؟', '؛', '…',
    ])
}

/// A line a paragraph starts with though no blank line comes before it: a lettered
/// subparagraph, "(a)", "a)".
fn starts_subparagraph(line: &str) -> bool {
    static LETTERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\(?[a-z]{1,2}\)\s+\S|^\([ivx]{1,5}\)\s+\S")
            .expect("lettered subparagraph pattern is valid")
    });
    LETTERED.is_match(line)
}

/// Splits a run of lines into its paragraphs. Lines that mostly end sentences hold a
/// paragraph each (a line a paragraph, as corpora of sentences and older records
/// print them); in hard-wrapped lines a paragraph ends at a sentence end on a line
/// clearly shorter than the others (its last line), or before a lettered subparagraph.
fn reflow<'a, 'b>(block: &'b [(usize, &'a str)]) -> Vec<&'b [(usize, &'a str)]> {
    if block.len() < 2 {
        return vec![block];
    }
    let widths: Vec<usize> = block.iter().map(|(_, line)| line.chars().count()).collect();
    let sentence_ends = block
        .iter()
        .take(block.len() - 1)
        .filter(|(_, line)| ends_sentence(line))
        .count();
    // A line a paragraph: most lines end a sentence. Hard-wrapped text breaks its lines
    // where the width falls, mostly inside sentences.
    let one_per_line = sentence_ends * 5 >= (block.len() - 1) * 3;
    let wrap_width = widths.iter().copied().max().unwrap_or(0);
    let mut pieces = Vec::new();
    let mut start = 0;
    for index in 1..block.len() {
        let (_, previous) = block[index - 1];
        let (_, line) = block[index];
        let is_short = widths[index - 1] * 4 < wrap_width * 3;
        let breaks = (ends_sentence(previous) && (one_per_line || is_short))
            || (starts_subparagraph(line) && ends_sentence(previous));
        if breaks {
            pieces.push(&block[start..index]);
            start = index;
        }
    }
    pieces.push(&block[start..]);
    pieces
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

/// Cuts a paragraph's spans into pieces of at most `max_chars` characters, at the last
/// sentence end that keeps a piece under the limit (else the last space, else anywhere
/// on a character boundary).
fn cut_at_sentence_ends(
    text: &str,
    spans: &[[usize; 2]],
    max_chars: usize,
) -> Vec<Vec<[usize; 2]>> {
    let total: usize = spans
        .iter()
        .map(|[start, end]| text[*start..*end].chars().count())
        .sum();
    if total <= max_chars {
        return vec![spans.to_vec()];
    }
    let mut pieces: Vec<Vec<[usize; 2]>> = Vec::new();
    let mut piece: Vec<[usize; 2]> = Vec::new();
    let mut piece_chars = 0;
    for &[span_start, span_end] in spans {
        let mut from = span_start;
        while from < span_end {
            let room = max_chars - piece_chars;
            let rest = &text[from..span_end];
            // The byte where `room` characters of the rest end, read no further: counting
            // the whole rest for each piece was quadratic in a paragraph without breaks.
            let Some((limit, _)) = rest.char_indices().nth(room) else {
                // The rest fits: at most `room` characters.
                piece.push([from, span_end]);
                piece_chars += rest.chars().count();
                break;
            };
            let window = &rest[..limit];
            let cut = last_sentence_end(window).or_else(|| {
                // Nothing fits in what is left of this piece: start a new one first.
                (!piece.is_empty()).then_some(0)
            });
            let cut = match cut {
                Some(cut) => cut,
                None => window
                    .rfind(char::is_whitespace)
                    .filter(|offset| *offset > 0)
                    .unwrap_or(limit.max(rest.chars().next().map_or(1, char::len_utf8))),
            };
            if cut > 0 {
                piece.push([from, from + cut]);
            }
            pieces.push(std::mem::take(&mut piece));
            piece_chars = 0;
            from += cut;
            // The next piece starts at its first word.
            while from < span_end && text[from..].starts_with(char::is_whitespace) {
                from += text[from..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces.retain(|piece| piece.iter().any(|[start, end]| start < end));
    pieces
}

/// The byte just after the last sentence end of a window that is followed by a space
/// (or is a CJK full stop), so that the piece ends with its sentence.
fn last_sentence_end(window: &str) -> Option<usize> {
    let mut found = None;
    let mut chars = window.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let after = offset + c.len_utf8();
        let is_end = match c {
            '。' | '？' | '！' | '؟' => true,
            '.' | '?' | '!' => chars.peek().is_some_and(|(_, next)| next.is_whitespace()),
            _ => false,
        };
        if is_end && after > 0 {
            found = Some(after);
        }
    }
    found
}

/// Lines that belong to the page, not the text: job numbers, barcodes, page numbers,
/// rules and running heads that are only a symbol, or a symbol and a date.
fn is_furniture_line(line: &str) -> bool {
    JOB_NUMBER.is_match(line)
        || PAGE_FURNITURE.is_match(line)
        || is_rule_line(line)
        || DocumentSymbol::parse(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_furniture(line: &str, expected: bool) {
        assert_eq!(is_furniture_line(line), expected, "{line}");
    }

    #[test]
    fn furniture_lines_wherever_they_stand() {
        check_furniture("06-53609 16", true);
        check_furniture("17 06-53609", true);
        check_furniture("10-55109 20", true);
        check_furniture("GE.15-01234 (E)", true);
        check_furniture("V.14-00986 (E)", true);
        check_furniture("*1400986*", true);
        check_furniture("29", true);
        check_furniture("- 3 -", true);
        check_furniture("A/70/PV.16 29/09/2015", true);
        check_furniture("29/09/2015 A/70/PV.16", true);
        check_furniture("30/51 15-29431", true);
        check_furniture("15-29431 31/51", true);
        check_furniture("A/63/PV.13", true);
        check_furniture("2010", true);
        check_furniture("In 2010 we met.", false);
        check_furniture("1. The first paragraph.", false);
        check_furniture("10-15 per cent of them", false);
    }

    #[test]
    fn a_paragraph_without_breaks_is_cut_in_one_pass() {
        // Four million characters without a space or a sentence end: cut anywhere on a
        // character boundary, every piece full but the last, nothing lost. (Counting the
        // whole rest for each piece made this take minutes.)
        let text = "é".repeat(4_000_000);
        let pieces = cut_at_sentence_ends(&text, &[[0, text.len()]], 1_000);
        assert_eq!(pieces.len(), 4_000);
        let mut end = 0;
        for piece in &pieces {
            let [[start, stop]] = piece.as_slice() else {
                panic!("one span a piece: {piece:?}");
            };
            assert_eq!(*start, end);
            assert_eq!(text[*start..*stop].chars().count(), 1_000);
            end = *stop;
        }
        assert_eq!(end, text.len());
    }

    fn check_cut(text: &str, max_chars: usize, expected: &[&str]) {
        let pieces = cut_at_sentence_ends(text, &[[0, text.len()]], max_chars);
        let found: Vec<String> = pieces
            .iter()
            .map(|piece| Passage::text_from_spans(text, piece).unwrap_or_default())
            .collect();
        assert_eq!(found, expected);
        for piece in &found {
            assert!(piece.chars().count() <= max_chars, "{piece}");
        }
    }

    #[test]
    fn long_paragraphs_are_cut_at_sentence_ends() {
        check_cut(
            "One two. Three four. Five.",
            100,
            &["One two. Three four. Five."],
        );
        check_cut(
            "One two. Three four. Five six.",
            21,
            &["One two. Three four.", "Five six."],
        );
        // No sentence end fits: the last space, else anywhere.
        check_cut("aaaa bbbb cccc", 10, &["aaaa bbbb", "cccc"]);
        check_cut("aaaaaaaaaaaa", 5, &["aaaaa", "aaaaa", "aa"]);
        check_cut(
            "第一句。第二句。第三句。",
            9,
            &["第一句。第二句。", "第三句。"],
        );
        // 1.5 is no sentence end.
        check_cut(
            "It grew by 1.5 per cent. Then",
            22,
            &["It grew by 1.5 per", "cent. Then"],
        );
    }

    fn check_number(line: &str, expected: Option<(Option<u32>, &str)>) {
        let found = paragraph_number(line).map(|(number, start)| (number, &line[start..]));
        assert_eq!(found, expected, "{line}");
    }

    #[test]
    fn numbering_of_the_six_languages() {
        check_number("1. First.", Some((Some(1), "First.")));
        check_number("12) Twelfth.", Some((Some(12), "Twelfth.")));
        check_number("(3) Third.", Some((Some(3), "Third.")));
        check_number("6 - Sixième.", Some((Some(6), "Sixième.")));
        check_number("6- Sexto.", Some((Some(6), "Sexto.")));
        check_number("٦ - السادس.", Some((Some(6), "السادس.")));
        check_number("١٢. الثاني عشر", Some((Some(12), "الثاني عشر")));
        check_number("１. 第一", Some((Some(1), "第一")));
        check_number("一、第一", Some((Some(1), "第一")));
        check_number("十二、第十二", Some((Some(12), "第十二")));
        check_number("83.\tIt is a decade", Some((Some(83), "It is a decade")));
        check_number("1.5 million", None);
        check_number("13 - 21 March 2014", None);
        check_number("2015 - 2020", None);
    }
}
