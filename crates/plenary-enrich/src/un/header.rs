//! The layout of the first page of a UN document: the header block (symbol, `Distr.`,
//! date, language lines, body, session, venue, agenda item), the boilerplate of an NGO
//! statement, and the document's own heading that follows them.

use std::sync::LazyLock;

use regex::Regex;

use super::date::find_dates;
use super::forum::find_forum_mentions;
use super::language::{is_original_line, language_code};
use super::organization::find_submitter;
use super::session::find_session_mentions;
use super::symbol::DocumentSymbol;
use super::text::{collapse_whitespace, paragraphs_with_offsets};

/// The `Distr.` line of the header, in the forms the six languages print.
pub(crate) static DISTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bDistr\b\s*\.?|\bРаспр\.|التوزيع\s*[:：]|分发\s*[:：]").expect("distribution pattern is valid")
});

static UN_AND_ORGANS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:United\s+Nations|Nations\s+Unies|Naciones\s+Unidas|Организация\s+Объединенных\s+Наций|الأمم\s+المتحدة|联合国|Economic\s+and\s+Social\s+Council|Conseil\s+[ée]conomique\s+et\s+social|Consejo\s+Econ[oó]mico\s+y\s+Social|Экономический\s+и\s+Социальный\s+Совет|المجلس\s+الاقتصادي\s+والاجتماعي|经济及社会理事会|General\s+Assembly|Assembl[ée]e\s+g[ée]n[ée]rale|Asamblea\s+General|Генеральная\s+Ассамблея|الجمعية\s+العامة|大会|\s|[,;])+$",
    )
    .expect("organ pattern is valid")
});

/// "Item 5 of the provisional agenda*", "Agenda item 5", "Point 5 de l'ordre du jour
/// provisoire", "Tema 5 del programa provisional", "Пункт 5 предварительной повестки
/// дня", "البند 5 من جدول الأعمال المؤقت", "临时议程项目5".
pub(crate) static AGENDA_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:Provisional\s+)?agenda\s+items?\s+\d|Items?\s+\d[^\n]{0,60}?\s+of\s+the\s+(?:provisional\s+)?agenda|Points?\s+\d[^\n]{0,60}?\s+de\s+l[’']ordre\s+du\s+jour|Temas?\s+\d[^\n]{0,60}?\s+del\s+programa|Пункты?\s+\d[^\n]{0,60}?\s+повестки\s+дня|البنود?\s+\S+[^\n]{0,60}?\s+جدول\s+الأعمال|(?:临时)?议程项目\s*\d)",
    )
    .expect("agenda pattern is valid")
});

/// The note that introduces the text of an NGO statement.
static SECRETARY_GENERAL_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:The\s+Secretary[\s-]General\s+has\s+received|Le\s+Secr[ée]taire\s+g[ée]n[ée]ral\s+a\s+re[çc]u|El\s+Secretario\s+General\s+ha\s+recibido|Генеральный\s+секретарь\s+получил|تلقى\s+الأمين\s+العام|秘书长收到)",
    )
    .expect("note pattern is valid")
});

/// Job numbers and barcodes in page furniture: "V.14-00986 (E)", "GE.14-12345", "*1400986*".
static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]{1,2}\.\d{2}-\d{4,6}|\*\d{6,8}\*|Please\s+recycle|\d+/\d+$)").expect("job number pattern is valid")
});

static ONLY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:only|seulement|uniquement|[úu]nicamente|solamente|только)$").expect("only pattern is valid")
});

/// What the first page of a document holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// Byte ranges of the paragraphs that are header or statement boilerplate.
    pub excluded: Vec<(usize, usize)>,
    /// The title of the agenda item the document is submitted under.
    pub agenda_title: Option<String>,
    /// The document's own heading, the first heading after the header and boilerplate.
    pub heading: Option<String>,
    /// Byte offset where the header block ends.
    pub header_end: usize,
    /// Whether the text has a UN header (a `Distr.` line or a symbol line).
    pub has_un_header: bool,
}

/// Reads the layout of the first page of a text.
pub(crate) fn read_layout(text: &str) -> Layout {
    let mut layout = Layout::default();
    let mut agenda_lines: Vec<String> = Vec::new();
    let mut expecting_agenda_title = false;
    for (offset, paragraph) in paragraphs_with_offsets(text) {
        let end = offset + paragraph.len();
        if is_boilerplate_paragraph(paragraph) {
            expecting_agenda_title = false;
            layout.excluded.push((offset, end));
            layout.header_end = end;
            continue;
        }
        let mut all_header = true;
        for line in paragraph.lines() {
            let line = line.trim();
            if AGENDA_LINE.is_match(line) {
                expecting_agenda_title = true;
                agenda_lines.clear();
                // The title may follow on the same line after the asterisk or a colon.
                continue;
            }
            if is_header_line(line) {
                if DISTRIBUTION.is_match(line) || line_has_own_symbol(line) {
                    layout.has_un_header = true;
                }
                continue;
            }
            if expecting_agenda_title {
                agenda_lines.push(line.to_string());
                continue;
            }
            all_header = false;
            break;
        }
        if expecting_agenda_title && !agenda_lines.is_empty() {
            expecting_agenda_title = false;
            layout.agenda_title = Some(clean_heading(&agenda_lines.join(" ")));
        }
        if all_header {
            layout.excluded.push((offset, end));
            layout.header_end = end;
            continue;
        }
        if is_heading_like(paragraph) {
            layout.heading = Some(clean_heading(paragraph));
        }
        break;
    }
    layout
}

/// A line that belongs to a UN header block.
pub(crate) fn is_header_line(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() || UN_AND_ORGANS.is_match(trimmed) || JOB_NUMBER.is_match(trimmed) {
        return true;
    }
    if DISTRIBUTION.is_match(trimmed) || is_original_line(trimmed) {
        return true;
    }
    if trimmed.starts_with('*') && trimmed.chars().count() < 200 {
        return true;
    }
    if line_has_own_symbol(trimmed) {
        return true;
    }
    let without_only = ONLY_WORDS.replace(trimmed, "");
    if language_code(&without_only).is_some() {
        return true;
    }
    let length = trimmed.chars().count();
    // A date line or a venue line ("Vienna, 13-21 March 2014").
    if length < 90 && !find_dates(trimmed).is_empty() && !trimmed.contains(". ") {
        return true;
    }
    // The body and session lines ("Commission on Narcotic Drugs", "Fifty-seventh session").
    if length < 200 {
        let named: usize = find_forum_mentions(trimmed).iter().map(|mention| mention.end - mention.start).sum();
        if named > 0 && trimmed.len() - named < 12 {
            return true;
        }
        let sessions = find_session_mentions(trimmed);
        if let Some(session) = sessions.first()
            && trimmed.len() - (session.end - session.start) < 30
            && !trimmed.ends_with('.')
        {
            return true;
        }
    }
    false
}

/// A short line that carries a symbol and is not a footnote citing one.
fn line_has_own_symbol(line: &str) -> bool {
    line.chars().count() < 160 && !line.starts_with('*') && !DocumentSymbol::find_all(line).is_empty() && !line.contains(". ")
}

/// The statement sentence and the note of the Secretary-General.
pub(crate) fn is_boilerplate_paragraph(paragraph: &str) -> bool {
    let flat = collapse_whitespace(paragraph);
    if SECRETARY_GENERAL_NOTE.is_match(&flat) {
        return true;
    }
    find_submitter(&flat).is_some_and(|submitter| submitter.offset < 40) && flat.chars().count() < 700
}

/// A heading: short, at most a few lines, not ending as a sentence does.
pub(crate) fn is_heading_like(paragraph: &str) -> bool {
    let flat = collapse_whitespace(paragraph);
    let length = flat.chars().count();
    let lines = paragraph.lines().count();
    (2..=250).contains(&length)
        && lines <= 4
        && !flat.ends_with(['.', '。', ':', ';', ',', '،', '：'])
        && !flat.ends_with("...")
}

/// A heading without footnote marks and with single spaces.
pub(crate) fn clean_heading(heading: &str) -> String {
    let flat = collapse_whitespace(heading);
    flat.trim_start_matches(['*', ' '])
        .trim_end_matches(['*', ' ', '†'])
        .trim()
        .to_string()
}
