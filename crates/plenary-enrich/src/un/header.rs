//! The layout of the first page of a UN document: the header block (symbol, `Distr.`,
//! date, language lines, body, session, venue, agenda item), the boilerplate of an NGO
//! statement, and the document's own heading that follows them.

use std::sync::LazyLock;

use regex::Regex;

use super::date::find_dates;
use super::forum::find_forum_mentions;
use super::language::{is_original_line, language_code};
use super::ordinal::parse_chinese_number;
use super::session::find_session_mentions;
use super::symbol::DocumentSymbol;
use super::text::{ascii_word_boundaries, collapse_whitespace, lines_with_offsets, parse_number};

/// The `Distr.` line of the header, in the forms the six languages print.
pub(crate) static DISTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)Distr(?-u:\b)\s*\.?|Распр\.|التوزيع\s*[:：]|分发\s*[:：]")
        .expect("distribution pattern is valid")
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
        r"(?i)^(?:The\s+(?:Secretary[\s-]General|Secretariat)\s+has\s+received|Le\s+(?:Secr[ée]taire\s+g[ée]n[ée]ral|Secr[ée]tariat)\s+a\s+re[çc]u|(?:El\s+Secretario\s+General|La\s+Secretar[ií]a)\s+ha\s+recibido|(?:Генеральный\s+секретарь|Секретариат)\s+получил|تلقى\s+الأمين\s+العام|تلقت\s+الأمانة|秘书长收到|秘书处收到)",
    )
    .expect("note pattern is valid")
});

/// Job numbers and barcodes in page furniture: "V.14-00986 (E)", "GE.14-12345", "*1400986*".
pub(crate) static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z]{1,2}\.\d{2}-\d{4,6}|\*\d{6,8}\*|Please\s+recycle|\d+/\d+$)")
        .expect("job number pattern is valid")
});

static ONLY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:only|seulement|uniquement|[úu]nicamente|solamente|только)$")
        .expect("only pattern is valid")
});

/// What the first page of a document holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    /// Byte ranges of the lines that are header, furniture or statement boilerplate.
    pub excluded: Vec<(usize, usize)>,
    /// The title of the agenda item the document is submitted under.
    pub agenda_title: Option<String>,
    /// The document's own heading, the first heading after the header and boilerplate.
    pub heading: Option<String>,
    /// Byte offset where the header block (with the boilerplate) ends.
    pub header_end: usize,
    /// Whether the text has a UN header (a `Distr.` line or a symbol line).
    pub has_un_header: bool,
    /// The `title:` of front matter (`key: value` lines above the text), if any.
    pub front_matter_title: Option<String>,
}

/// What a unit of the first page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitKind {
    /// Masthead, body, session, venue lines.
    Header,
    /// Rules, footnotes, job numbers, running heads.
    Furniture,
    /// "Item 5 of the provisional agenda", possibly followed by the item's title.
    Agenda,
    /// The statement sentence or the note of the Secretary-General.
    Boilerplate,
    /// A label such as "Side event summary".
    Label,
    /// `key: value` lines above the text.
    FrontMatter,
    /// Anything else: a heading or body text.
    Text,
}

/// A run of lines of the first page that belong together.
#[derive(Debug, Clone)]
struct Unit<'a> {
    start: usize,
    end: usize,
    lines: Vec<&'a str>,
    kind: UnitKind,
}

/// How far into a text the header and the title are looked for.
const FIRST_PAGE_BYTES: usize = 8000;

/// Reads the layout of the first page of a text: header units are skipped; the title
/// is the first heading after the statement boilerplate, else after the agenda item,
/// else after the header.
pub(crate) fn read_layout(text: &str) -> Layout {
    let units = first_page_units(text);
    let mut layout = Layout::default();
    for unit in &units {
        if matches!(
            unit.kind,
            UnitKind::Header
                | UnitKind::Furniture
                | UnitKind::Agenda
                | UnitKind::Boilerplate
                | UnitKind::Label
                | UnitKind::FrontMatter
        ) {
            layout.excluded.push((unit.start, unit.end));
        }
        if unit.kind == UnitKind::Header
            && unit
                .lines
                .iter()
                .any(|line| DISTRIBUTION.is_match(line) || line_has_own_symbol(line))
        {
            layout.has_un_header = true;
        }
    }
    // A header naming the body and session above the text, as the Secretariat's notes have.
    if units
        .first()
        .is_some_and(|unit| unit.kind == UnitKind::Header)
    {
        layout.has_un_header = true;
    }
    // Front matter ("title: ...", "date: ...") above the text declares its title.
    if let Some(first) = units
        .first()
        .filter(|unit| unit.kind == UnitKind::FrontMatter)
    {
        layout.front_matter_title = first.lines.iter().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim().eq_ignore_ascii_case("title") && !value.trim().is_empty())
                .then(|| clean_heading(value))
        });
    }
    // The agenda item's title: the rest of the agenda unit, else the next text unit.
    let mut after_agenda: Option<usize> = None;
    if let Some(agenda_index) = units.iter().position(|unit| unit.kind == UnitKind::Agenda) {
        let agenda = &units[agenda_index];
        let rest: Vec<&str> = agenda.lines.iter().skip(1).copied().collect();
        if !rest.is_empty() {
            layout.agenda_title = Some(clean_heading(&rest.join(" ")));
            after_agenda = Some(agenda_index + 1);
        } else if let Some(next) = units
            .get(agenda_index + 1)
            .filter(|next| next.kind == UnitKind::Text)
        {
            layout.agenda_title = Some(clean_heading(&next.lines.join(" ")));
            layout.excluded.push((next.start, next.end));
            after_agenda = Some(agenda_index + 2);
        } else {
            after_agenda = Some(agenda_index + 1);
        }
    }
    let after_boilerplate = units
        .iter()
        .rposition(|unit| unit.kind == UnitKind::Boilerplate)
        .map(|index| index + 1);
    let anchor = after_boilerplate.or(after_agenda).unwrap_or(0);
    let title_unit = units
        .iter()
        .enumerate()
        .skip(anchor)
        .find(|(index, unit)| {
            unit.kind == UnitKind::Text
                && !layout.excluded.iter().any(|(start, _)| *start == unit.start)
                // A table row is a masthead, never a title.
                && !unit.lines.iter().any(|line| line.contains(" | "))
                // Nor is a fragment of a body's name broken off the masthead, which the
                // session line follows.
                && !units.get(index + 1).is_some_and(continues_masthead)
        })
        .map(|(_, unit)| unit);
    if let Some(unit) = title_unit {
        let joined = unit.lines.join("\n");
        if is_heading_like(&joined) && !starts_with_paragraph_number(&joined) {
            layout.heading = Some(clean_heading(&joined));
        }
        layout.header_end = unit.start;
    } else {
        layout.header_end = units.last().map_or(0, |unit| unit.end);
    }
    layout
}

/// A header unit naming a session or a body: the masthead goes on.
fn continues_masthead(unit: &Unit) -> bool {
    unit.kind == UnitKind::Header
        && unit.lines.iter().any(|line| {
            !find_session_mentions(line).is_empty() || !find_forum_mentions(line).is_empty()
        })
}

/// Splits the first page into units: blank lines end a unit, and a unit also starts at
/// each line that begins something of its own (a statement sentence, an agenda item, a
/// rule, a footnote, a numbered paragraph), because PDF text often lacks blank lines.
fn first_page_units(text: &str) -> Vec<Unit<'_>> {
    let mut units: Vec<Unit> = Vec::new();
    let mut current: Option<Unit> = None;
    let mut boilerplate_open = false;
    for (offset, raw_line) in lines_with_offsets(text) {
        if offset > FIRST_PAGE_BYTES {
            break;
        }
        let line = raw_line.trim();
        if line.is_empty() {
            units.extend(current.take());
            boilerplate_open = false;
            continue;
        }
        let end = offset + raw_line.len();
        let starts_boilerplate = starts_boilerplate(line);
        // The note is looked for anywhere in the line: once per line.
        let is_editing_note = EDITING_NOTE.is_match(line);
        let starts_unit = starts_boilerplate
            || is_editing_note
            || AGENDA_LINE.is_match(line)
            || is_rule_line(line)
            || line.starts_with('*')
            || JOB_NUMBER.is_match(line)
            || starts_with_paragraph_number(line);
        if starts_unit {
            units.extend(current.take());
        }
        if starts_boilerplate {
            boilerplate_open = true;
        }
        match current.as_mut() {
            Some(unit) => {
                unit.lines.push(line);
                unit.end = end;
            }
            None => {
                current = Some(Unit {
                    start: offset + (raw_line.len() - raw_line.trim_start().len()),
                    end,
                    lines: vec![line],
                    kind: UnitKind::Text,
                })
            }
        }
        // A statement sentence ends with its last line, an editing note is one line;
        // what follows is new.
        let closes = (boilerplate_open
            && (line.ends_with('.') || line.ends_with('*') || line.ends_with('。')))
            || is_editing_note;
        if closes {
            units.extend(current.take());
            boilerplate_open = false;
        }
    }
    units.extend(current.take());
    for (index, unit) in units.iter_mut().enumerate() {
        unit.kind = if index == 0 && is_front_matter(&unit.lines) {
            UnitKind::FrontMatter
        } else {
            classify_unit(&unit.lines)
        };
    }
    units
}

/// Two or more `key: value` lines, one of them a title or a date.
fn is_front_matter(lines: &[&str]) -> bool {
    static KEY_VALUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Za-z][\w-]{0,30}:\s").expect("front matter pattern is valid")
    });
    lines.len() >= 2
        && lines.iter().all(|line| KEY_VALUE.is_match(line))
        && lines.iter().any(|line| {
            line.to_lowercase().starts_with("title:") || line.to_lowercase().starts_with("date:")
        })
}

fn classify_unit(lines: &[&str]) -> UnitKind {
    let Some(first) = lines.first() else {
        return UnitKind::Text;
    };
    let flat = flat_prefix(lines);
    if starts_boilerplate(first) || starts_boilerplate(&flat.text) {
        return UnitKind::Boilerplate;
    }
    if AGENDA_LINE.is_match(first) {
        return UnitKind::Agenda;
    }
    if lines.iter().all(|line| {
        is_rule_line(line)
            || line.starts_with('*')
            || line.starts_with('†')
            || JOB_NUMBER.is_match(line)
            || EDITING_NOTE.is_match(line)
    }) {
        return UnitKind::Furniture;
    }
    if lines.iter().all(|line| is_header_line(line)) {
        return UnitKind::Header;
    }
    // A masthead block: a few lines holding the `Distr.` or "Original:" line.
    if lines.len() <= 8
        && lines
            .iter()
            .any(|line| DISTRIBUTION.is_match(line) || is_original_line(line))
    {
        return UnitKind::Header;
    }
    if !flat.is_truncated && (LABEL.is_match(&flat.text) || PAPER_SUBTITLE.is_match(&flat.text)) {
        return UnitKind::Label;
    }
    UnitKind::Text
}

/// The start of a unit's lines, joined with single spaces.
struct FlatPrefix {
    text: String,
    /// Whether lines were left out: the unit is longer than any label or subtitle.
    is_truncated: bool,
}

/// Bytes of a unit the anchored patterns of [`classify_unit`] need: a label or a paper
/// subtitle runs to at most about 300 characters (600 bytes in Cyrillic), and the
/// boilerplate patterns match at the start. Body paragraphs run to kilobytes, and flattening them cost a third of the
/// paragraph splitting.
const FLAT_PREFIX_BYTES: usize = 1024;

fn flat_prefix(lines: &[&str]) -> FlatPrefix {
    let mut joined = String::new();
    let mut is_truncated = false;
    for line in lines {
        if !joined.is_empty() {
            joined.push(' ');
        }
        let room = FLAT_PREFIX_BYTES.saturating_sub(joined.len());
        if line.len() > room {
            let mut end = room;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            joined.push_str(&line[..end]);
            is_truncated = true;
            break;
        }
        joined.push_str(line);
    }
    FlatPrefix {
        text: collapse_whitespace(&joined),
        is_truncated,
    }
}

/// The footnote saying a statement is issued without formal editing, which may lose
/// its asterisk in extraction.
static EDITING_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)issued\s+without\s+formal\s+editing|pas\s+[ée]t[ée]\s+revue?\s+par\s+les\s+services\s+d[’']?[ée]dition|sin\s+(?:haber\s+sido\s+objeto\s+de\s+)?revisi[oó]n\s+editorial|без\s+официального\s+редактирования|دون\s+تحرير\s+رسمي|未经正式编辑")
        .expect("editing note pattern is valid")
});

/// Labels that name the kind of document rather than its subject.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:side[\s-]event\s+)?summary(?:\s+of\s+(?:the\s+)?side[\s-]event)?|side[\s-]event(?:\s+summary|\s+report)?|r[ée]sum[ée](?:\s+de\s+l[’']?[ée]v[ée]nement\s+parall[eè]le)?|[ée]v[ée]nement\s+parall[eè]le|resumen(?:\s+del\s+evento\s+paralelo)?|evento\s+paralelo|conference\s+room\s+paper|document\s+de\s+s[ée]ance|documento\s+de\s+sesi[oó]n|note\s+by\s+the\s+secretariat|corrigendum|rectificatif|correcci[oó]n|исправление|تصويب|更正|news|actualit[ée]s(?:\s+et\s+[ée]v[ée]nements)?|noticias)$",
    )
    .expect("label pattern is valid")
});

/// "Conference room paper submitted by X", "Note by the Secretariat", "Document de
/// séance établi par le Secrétariat": who issued a paper, not its subject. The word
/// after the paper ends at the end of the text or before a character that is not a
/// word's (`(?:$|\W…)` rather than `\b`, which would send every Cyrillic, Arabic or
/// Chinese paragraph of a first page to the slowest regex engine).
static PAPER_SUBTITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:conference\s+room\s+paper|paper|note|document\s+de\s+s[ée]ance|note|documento\s+de\s+sesi[oó]n|nota|документ\s+зала\s+заседаний|записка|ورقة\s+غرفة\s+(?:ال)?اجتماعات|مذكرة)\s*,?\s+(?:submitted|prepared|presented|by|établie?|pr[ée]sent[ée]e?|soumise?|par|presentad[oa]|preparad[oa]|de\s+la|del|представленн\w*|подготовленн\w*|مقدمة|من)(?:$|\W.{0,199}$)|^.{2,80}(?:提交|编写)的会议室文件$|^秘书处的说明$")
        .expect("paper subtitle pattern is valid")
});

/// Whether a line begins the statement sentence or the note that follows it.
fn starts_boilerplate(line: &str) -> bool {
    STATEMENT_START.is_match(line) || SECRETARY_GENERAL_NOTE.is_match(line)
}

static STATEMENT_START: LazyLock<Regex> = LazyLock::new(|| {
    // ASCII word boundaries: a Unicode one sends every line of Cyrillic, Arabic or
    // Chinese text to the slowest regex engine, and every line of a first page is asked.
    Regex::new(&ascii_word_boundaries(
        r"(?i)^(?:joint\s+|written\s+)*statement\s+(?:submitted|presented)\s+(?:jointly\s+)?by\b|^d[ée]claration\s+(?:conjointe\s+|commune\s+)?(?:[ée]crite\s+)?pr[ée]sent[ée]e\s+(?:conjointement\s+)?par\b|^declaraci[oó]n\s+(?:conjunta\s+)?(?:escrita\s+)?presentada\s+(?:conjuntamente\s+)?por\b|^(?:совместное\s+)?заявлени[ея]\s*,?\s+(?:совместно\s+)?представленн|^بيان\s+(?:مشترك\s+)?مقدم\s+من|^具有经济及社会理事会.{0,12}咨商地位的非政府组织|^列入.{0,12}名册的非政府组织",
    ))
    .expect("statement start pattern is valid")
});

pub(crate) fn is_rule_line(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.chars().count() >= 3
        && trimmed
            .chars()
            .all(|c| matches!(c, '_' | '-' | '=' | '*' | '—' | '–' | ' '))
}

pub(crate) fn starts_with_paragraph_number(text: &str) -> bool {
    paragraph_number(text.trim_start()).is_some_and(|(_, body_start)| {
        text.trim_start()[body_start..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace())
    })
}

/// A paragraph number at the start of a line, in the forms the six languages print:
/// "1.", "12)", "(3)", "1.)", "6 -" (French, Spanish, Russian), "٦ -" (Arabic-Indic
/// digits), "１." (full width), "一、" (Chinese); followed by space or the end of the
/// line, never by another digit ("1.5 million", "13 - 21 March").
static PARAGRAPH_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?(?P<number>\d{1,3})(?:\.\)|\.|\)|\s?[-–])(?:\s+|$)|(?P<chinese>[一二三四五六七八九十百]{1,4})、\s*)")
        .expect("paragraph number pattern is valid")
});

/// The number printed at the start of a line and where the paragraph's text starts
/// after it; `None` when the line starts with no number. A Chinese number is read;
/// a number that cannot be read is `(None, start)`.
pub(crate) fn paragraph_number(line: &str) -> Option<(Option<u32>, usize)> {
    let captures = PARAGRAPH_NUMBER.captures(line)?;
    let whole = captures.get(0)?;
    // "13 - 21 March": a dash between two figures is a range, not a number.
    if line[whole.end()..]
        .chars()
        .next()
        .is_some_and(|c| c.is_numeric())
    {
        return None;
    }
    let number = match (captures.name("number"), captures.name("chinese")) {
        (Some(digits), _) => parse_number(digits.as_str()),
        (None, Some(chinese)) => parse_chinese_number(chinese.as_str()),
        (None, None) => None,
    };
    Some((number, whole.end()))
}

/// A line that belongs to a UN header block.
pub(crate) fn is_header_line(line: &str) -> bool {
    let trimmed = line.trim();
    // A masthead flattened onto one line runs to a few hundred bytes; a longer line is
    // text, even when it mentions "Distr." or "Original:".
    if trimmed.len() > MAX_HEADER_LINE_BYTES {
        return false;
    }
    if !has_column_gap(trimmed) {
        return is_header_cell(trimmed);
    }
    // A table row or a two-column line is a header line when each cell is one.
    let cells: Vec<&str> = COLUMN_GAP
        .split(trimmed)
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect();
    if cells.len() > 1 {
        return cells.iter().all(|cell| is_header_cell(cell));
    }
    is_header_cell(trimmed)
}

static COLUMN_GAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\|\s*|\s{3,}|\t").expect("column gap pattern is valid"));

/// The longest line read as a header line.
const MAX_HEADER_LINE_BYTES: usize = 600;

/// Whether [`COLUMN_GAP`] can split a line: it holds a bar, a tab or three whitespace
/// characters in a row. Most lines hold none, and this is cheaper than the regex.
fn has_column_gap(line: &str) -> bool {
    let mut run = 0;
    for c in line.chars() {
        if c == '|' || c == '\t' {
            return true;
        }
        run = if c.is_whitespace() { run + 1 } else { 0 };
        if run >= 3 {
            return true;
        }
    }
    false
}

fn is_header_cell(trimmed: &str) -> bool {
    if trimmed.is_empty() || UN_AND_ORGANS.is_match(trimmed) || JOB_NUMBER.is_match(trimmed) {
        return true;
    }
    if DISTRIBUTION.is_match(trimmed) || is_original_line(trimmed) {
        return true;
    }
    // Header lines are short; a long line is text (and costs the checks below).
    if trimmed.len() > 400 {
        return false;
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
    // The body and session lines ("Commission on Narcotic Drugs", "Fifty-seventh
    // session"): a name or a session phrase with little else. The longest body name
    // is about 110 characters, a session phrase about 60.
    if length < 130 {
        let named: usize = find_forum_mentions(trimmed)
            .iter()
            .map(|mention| mention.end - mention.start)
            .sum();
        if named > 0 && trimmed.len() - named < 12 {
            return true;
        }
    }
    if length < 90 {
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
    line.chars().count() < 160
        && !line.starts_with('*')
        && !DocumentSymbol::find_all(line).is_empty()
        && !line.contains(". ")
}

/// A heading: short, at most a few lines, not ending as a sentence does.
pub(crate) fn is_heading_like(paragraph: &str) -> bool {
    // The length is counted before anything is copied: most paragraphs are far too long.
    let mut length = 0;
    for word in paragraph.split_whitespace() {
        length += usize::from(length > 0) + word.chars().count();
        if length > 250 {
            return false;
        }
    }
    let flat = collapse_whitespace(paragraph);
    let lines = paragraph.lines().count();
    length >= 2
        && lines <= 4
        && !flat.contains(" | ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_subtitles_in_six_languages_and_their_word_ends() {
        for subtitle in [
            "Note by the Secretariat",
            "Conference room paper submitted by the UNCAC Coalition",
            "Document de séance établi par le Secrétariat",
            "Nota de la Secretaría",
            "Записка, представленная Секретариатом",
            "Записка представленная",
            "مذكرة من الأمانة",
            "Note by",
            "秘书处的说明",
        ] {
            assert!(PAPER_SUBTITLE.is_match(subtitle), "{subtitle}");
        }
        // The word after the paper must end there: "by" is not the start of "byproducts".
        for text in [
            "Paper byproducts of the illicit drug trade",
            "Note bypassing the Secretariat",
            "Notable progress in the Secretariat",
        ] {
            assert!(!PAPER_SUBTITLE.is_match(text), "{text}");
        }
    }

    #[test]
    fn a_column_gap_is_a_bar_a_tab_or_three_whitespace_characters() {
        assert!(has_column_gap("United Nations | E/CN.7/2014/NGO/3"));
        assert!(has_column_gap("United Nations\tE/CN.7/2014/NGO/3"));
        assert!(has_column_gap("United Nations   E/CN.7/2014/NGO/3"));
        assert!(has_column_gap(
            "Nations Unies\u{a0}\u{a0}\u{a0}E/CN.7/2014/NGO/3"
        ));
        assert!(!has_column_gap("United Nations  E/CN.7/2014/NGO/3"));
        assert!(!has_column_gap("Commission on Narcotic Drugs"));
    }

    #[test]
    fn header_lines_are_short_and_cells_are_read_one_by_one() {
        assert!(is_header_line("Distr.: General"));
        assert!(is_header_line("United Nations   E/CN.7/2014/NGO/3"));
        assert!(!is_header_line(
            "United Nations   the rest of this line is a sentence."
        ));
        let paragraph = format!(
            "Distr.: General appears in this paragraph, which goes on as text does: {}",
            "the Commission heard many statements on drug policy. ".repeat(12)
        );
        assert!(paragraph.len() > MAX_HEADER_LINE_BYTES);
        assert!(!is_header_line(&paragraph));
    }

    #[test]
    fn a_unit_is_flattened_only_as_far_as_its_patterns_read() {
        let short = flat_prefix(&["Side event", "  summary"]);
        assert_eq!(short.text, "Side event summary");
        assert!(!short.is_truncated);

        let sentence = "Заявление, представленное организацией, не имеющей статуса. ".repeat(40);
        let long = flat_prefix(&[&sentence, "and another line"]);
        assert!(long.is_truncated);
        assert!(long.text.len() <= FLAT_PREFIX_BYTES);
        assert!(sentence.starts_with(&long.text));
    }

    #[test]
    fn long_units_are_still_classified_by_how_they_start() {
        let statement = format!(
            "Statement submitted by Harm Reduction International, a non-governmental organization in consultative status. {}",
            "It goes on. ".repeat(200)
        );
        assert_eq!(classify_unit(&[&statement]), UnitKind::Boilerplate);
        assert_eq!(classify_unit(&["Side event summary"]), UnitKind::Label);
        let long_label = format!("Side event summary {}", "of many things ".repeat(100));
        assert_eq!(classify_unit(&[&long_label]), UnitKind::Text);
    }
}
