//! DOCX: a zip of WordprocessingML parts, read with `zip` and streamed
//! through `quick-xml`. The body comes from `word/document.xml`, footnotes
//! are appended after it, headers and footers go to the furniture, and the
//! core properties give the title and metadata.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::ParseError;
use crate::layout::is_rule_line;
use crate::{Block, BlockKind, Format, ParseLimits, ParsedFile};

const FORMAT: &str = "docx";

/// Entries of a document archive, read against one budget of uncompressed
/// bytes so that a zip bomb is refused before it is inflated.
struct BoundedArchive<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    remaining_bytes: u64,
    limit: u64,
}

impl<'a> BoundedArchive<'a> {
    fn open(bytes: &'a [u8], limits: &ParseLimits) -> Result<BoundedArchive<'a>, ParseError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|error| ParseError::corrupt(FORMAT, format!("not a zip archive: {error}")))?;
        Ok(BoundedArchive {
            archive,
            remaining_bytes: limits.max_uncompressed_bytes,
            limit: limits.max_uncompressed_bytes,
        })
    }

    fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(|name| name.ok().map(|name| name.into_owned()))
            .collect()
    }

    /// Reads one entry, or `None` when the archive has no such entry.
    ///
    /// The declared size is checked first; the read itself is bounded too,
    /// because a declared size can lie.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ParseError> {
        let mut entry = match self.archive.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => {
                return Err(ParseError::corrupt(
                    FORMAT,
                    format!("cannot open entry {name}: {error}"),
                ));
            }
        };
        let declared_size = entry.size();
        if declared_size > self.remaining_bytes {
            return Err(ParseError::ZipBomb {
                reason: format!(
                    "entry {name} declares {declared_size} bytes uncompressed, over the limit of {} bytes",
                    self.limit
                ),
            });
        }
        let capacity = usize::try_from(declared_size.min(64 * 1024 * 1024)).unwrap_or(0);
        let mut content = Vec::with_capacity(capacity);
        (&mut entry)
            .take(self.remaining_bytes.saturating_add(1))
            .read_to_end(&mut content)
            .map_err(|error| {
                ParseError::corrupt(FORMAT, format!("cannot read entry {name}: {error}"))
            })?;
        let read_size = content.len() as u64;
        if read_size > self.remaining_bytes {
            return Err(ParseError::ZipBomb {
                reason: format!(
                    "entry {name} expands past the limit of {} bytes although it declares {declared_size}",
                    self.limit
                ),
            });
        }
        self.remaining_bytes -= read_size;
        Ok(Some(content))
    }
}

pub(crate) fn parse_docx(bytes: &[u8], limits: &ParseLimits) -> Result<ParsedFile, ParseError> {
    let mut archive = BoundedArchive::open(bytes, limits)?;
    let mut parsed = ParsedFile::new(Format::Docx);
    let document = archive.read("word/document.xml")?.ok_or_else(|| {
        ParseError::corrupt(
            FORMAT,
            "no word/document.xml: not a word processing document",
        )
    })?;
    let styles = match archive.read("word/styles.xml")? {
        Some(styles_xml) => read_styles(&styles_xml)?,
        None => HashMap::new(),
    };
    let numbering = match archive.read("word/numbering.xml")? {
        Some(numbering_xml) => read_numbering(&numbering_xml)?,
        None => Numbering::default(),
    };
    let context = BodyContext {
        styles: &styles,
        numbering: &numbering,
    };
    parsed.blocks = read_body(&document, &context, "word/document.xml", PartKind::Body)?;

    if let Some(footnotes) = archive.read("word/footnotes.xml")? {
        let footnote_blocks =
            read_body(&footnotes, &context, "word/footnotes.xml", PartKind::Notes)?;
        parsed.blocks.extend(footnote_blocks);
    }
    if let Some(endnotes) = archive.read("word/endnotes.xml")? {
        let endnote_blocks = read_body(&endnotes, &context, "word/endnotes.xml", PartKind::Notes)?;
        parsed.blocks.extend(endnote_blocks);
    }

    let mut furniture_parts: Vec<String> = archive
        .names()
        .into_iter()
        .filter(|name| {
            (name.starts_with("word/header") || name.starts_with("word/footer"))
                && name.ends_with(".xml")
        })
        .collect();
    // Headers before footers, then by number, so the output is stable.
    furniture_parts.sort_by_key(|name| (name.starts_with("word/footer"), name.len(), name.clone()));
    for part_name in furniture_parts {
        let Some(part) = archive.read(&part_name)? else {
            continue;
        };
        for block in read_body(&part, &context, &part_name, PartKind::Body)? {
            for line in block.text.lines() {
                parsed.add_furniture(line);
            }
        }
    }

    if let Some(core) = archive.read("docProps/core.xml")? {
        read_core_properties(&core, &mut parsed)?;
    }
    Ok(parsed)
}

fn xml_error(part: &str, error: impl std::fmt::Display) -> ParseError {
    ParseError::corrupt(FORMAT, format!("bad xml in {part}: {error}"))
}

fn attribute(element: &BytesStart<'_>, name: &str) -> Option<String> {
    let attribute = element.try_get_attribute(name).ok()??;
    attribute
        .normalized_value(quick_xml::XmlVersion::default())
        .ok()
        .map(|value| value.into_owned())
}

/// What a paragraph style says about its paragraphs.
#[derive(Debug, Clone, Default)]
struct ParagraphStyle {
    heading_level: Option<u8>,
    is_list: bool,
}

fn read_styles(xml: &[u8]) -> Result<HashMap<String, ParagraphStyle>, ParseError> {
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut styles = HashMap::new();
    let mut current: Option<(String, ParagraphStyle)> = None;
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| xml_error("word/styles.xml", error))?;
        match event {
            Event::Start(element) | Event::Empty(element) => match element.name().as_ref() {
                "w:style" => {
                    current =
                        attribute(&element, "w:styleId").map(|id| (id, ParagraphStyle::default()));
                }
                "w:name" => {
                    if let (Some((_, style)), Some(name)) =
                        (current.as_mut(), attribute(&element, "w:val"))
                    {
                        let name = name.to_lowercase();
                        if let Some(level) = name.strip_prefix("heading ") {
                            style.heading_level = level.trim().parse::<u8>().ok();
                        } else if name == "title" {
                            style.heading_level = Some(1);
                        }
                        if name.starts_with("list") {
                            style.is_list = true;
                        }
                    }
                }
                "w:outlineLvl" => {
                    let level = attribute(&element, "w:val")
                        .and_then(|value| value.parse::<u8>().ok())
                        .filter(|&level| level < 9);
                    if let (Some((_, style)), Some(level)) = (current.as_mut(), level) {
                        style.heading_level = Some(level + 1);
                    }
                }
                "w:numPr" => {
                    if let Some((_, style)) = current.as_mut() {
                        style.is_list = true;
                    }
                }
                _ => {}
            },
            Event::End(element) if element.name().as_ref() == "w:style" => {
                if let Some((id, style)) = current.take() {
                    styles.insert(id, style);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(styles)
}

/// The numbering definitions: how each list level labels its items.
#[derive(Debug, Default)]
struct Numbering {
    /// numId → abstractNumId.
    abstract_of: HashMap<String, String>,
    /// (abstractNumId, level) → (format, label text like "%1.", start).
    levels: HashMap<(String, u8), (String, String, u32)>,
}

fn read_numbering(xml: &[u8]) -> Result<Numbering, ParseError> {
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<String> = None;
    let mut level: Option<(u8, String, String, u32)> = None;
    let mut num_id: Option<String> = None;
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| xml_error("word/numbering.xml", error))?;
        match event {
            Event::Start(element) | Event::Empty(element) => match element.name().as_ref() {
                "w:abstractNum" => abstract_id = attribute(&element, "w:abstractNumId"),
                "w:lvl" => {
                    let index = attribute(&element, "w:ilvl").and_then(|value| value.parse().ok());
                    level = index.map(|index| (index, "decimal".to_string(), String::new(), 1));
                }
                "w:start" => {
                    if let (Some(level), Some(start)) = (
                        level.as_mut(),
                        attribute(&element, "w:val").and_then(|value| value.parse().ok()),
                    ) {
                        level.3 = start;
                    }
                }
                "w:numFmt" => {
                    if let (Some(level), Some(format)) =
                        (level.as_mut(), attribute(&element, "w:val"))
                    {
                        level.1 = format;
                    }
                }
                "w:lvlText" => {
                    if let (Some(level), Some(text)) =
                        (level.as_mut(), attribute(&element, "w:val"))
                    {
                        level.2 = text;
                    }
                }
                "w:num" => num_id = attribute(&element, "w:numId"),
                "w:abstractNumId" => {
                    if let (Some(num_id), Some(target)) =
                        (num_id.as_ref(), attribute(&element, "w:val"))
                    {
                        numbering.abstract_of.insert(num_id.clone(), target);
                    }
                }
                _ => {}
            },
            Event::End(element) => match element.name().as_ref() {
                "w:lvl" => {
                    if let (Some(abstract_id), Some((index, format, text, start))) =
                        (abstract_id.as_ref(), level.take())
                    {
                        numbering
                            .levels
                            .insert((abstract_id.clone(), index), (format, text, start));
                    }
                }
                "w:abstractNum" => abstract_id = None,
                "w:num" => num_id = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(numbering)
}

/// Formats a list counter the way a numbering level asks for.
fn format_counter(format: &str, value: u32) -> Option<String> {
    let letter = |base: u8| {
        let index = (value.saturating_sub(1) % 26) as u8;
        let repeat = (value.saturating_sub(1) / 26 + 1) as usize;
        char::from(base + index).to_string().repeat(repeat)
    };
    match format {
        "decimal" | "decimalZero" => Some(value.to_string()),
        "lowerLetter" => Some(letter(b'a')),
        "upperLetter" => Some(letter(b'A')),
        "lowerRoman" => Some(roman(value).to_lowercase()),
        "upperRoman" => Some(roman(value)),
        _ => None,
    }
}

fn roman(mut value: u32) -> String {
    const NUMERALS: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut text = String::new();
    for &(amount, numeral) in NUMERALS {
        while value >= amount {
            text.push_str(numeral);
            value -= amount;
        }
    }
    text
}

struct BodyContext<'a> {
    styles: &'a HashMap<String, ParagraphStyle>,
    numbering: &'a Numbering,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Body,
    /// Footnotes or endnotes: separators are skipped, each note is labelled.
    Notes,
}

/// The paragraph being read.
#[derive(Debug, Default)]
struct ParagraphState {
    text: String,
    style_id: Option<String>,
    outline_level: Option<u8>,
    num_id: Option<String>,
    list_level: u8,
    has_bottom_border: bool,
}

/// Paragraphs (text boxes in paragraphs) and tables nested deeper than
/// this are read as part of the one that holds them. A nested paragraph's
/// text is copied into its outer one at its end, so the work grows with the
/// depth times the text: unbounded, 40,000 nested text boxes in a 4 KB file
/// took 15 s. Real documents nest two or three deep.
const MAX_NESTING: usize = 16;

/// Reads the paragraphs and tables of a body-like part (document, notes,
/// header, footer) into blocks, in document order.
fn read_body(
    xml: &[u8],
    context: &BodyContext<'_>,
    part: &str,
    part_kind: PartKind,
) -> Result<Vec<Block>, ParseError> {
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut blocks = Vec::new();
    let mut paragraphs: Vec<ParagraphState> = Vec::new();
    // Cells of the rows being read, innermost table last.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cell_texts: Vec<String> = Vec::new();
    // Paragraphs, rows and cells opened past `MAX_NESTING`, still open: the
    // innermost ones, read into the paragraph, row or cell that holds them.
    let mut flattened_paragraphs = 0usize;
    let mut flattened_rows = 0usize;
    let mut flattened_cells = 0usize;
    let mut in_text = false;
    let mut in_run_depth = 0usize;
    let mut in_paragraph_properties = false;
    let mut skip_depth = 0usize;
    let mut counters: HashMap<(String, u8), u32> = HashMap::new();
    let mut note_number = 0u32;
    let mut in_skipped_note = false;
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| xml_error(part, error))?;
        if skip_depth > 0 {
            match event {
                Event::Start(_) => skip_depth += 1,
                Event::End(_) => skip_depth -= 1,
                Event::Eof => break,
                _ => {}
            }
            buffer.clear();
            continue;
        }
        match event {
            Event::Start(element) => {
                let name = element.name();
                match name.as_ref() {
                    // Alternate renderings duplicate the text of the choice.
                    "mc:Fallback" | "w:del" | "w:instrText" | "w:delInstrText" => skip_depth = 1,
                    "w:footnote" | "w:endnote" => {
                        let note_type = attribute(&element, "w:type");
                        in_skipped_note = matches!(
                            note_type.as_deref(),
                            Some("separator" | "continuationSeparator" | "continuationNotice")
                        );
                        if !in_skipped_note {
                            note_number += 1;
                        }
                    }
                    "w:p" if paragraphs.len() >= MAX_NESTING => {
                        // Its text joins the paragraph at the limit, a word apart.
                        flattened_paragraphs += 1;
                        if let Some(paragraph) = paragraphs.last_mut() {
                            paragraph.text.push(' ');
                        }
                    }
                    "w:p" => {
                        paragraphs.push(ParagraphState::default());
                        if part_kind == PartKind::Notes && !in_skipped_note && paragraphs.len() == 1
                        {
                            // Notes are labelled with their number, as printed.
                            if let Some(paragraph) = paragraphs.last_mut() {
                                paragraph.text = format!("{note_number} ");
                            }
                        }
                    }
                    // A flattened paragraph's properties are not its holder's.
                    "w:pPr" => in_paragraph_properties = flattened_paragraphs == 0,
                    "w:r" => in_run_depth += 1,
                    "w:t" => in_text = true,
                    "w:tr" if rows.len() >= MAX_NESTING => flattened_rows += 1,
                    "w:tr" => rows.push(Vec::new()),
                    "w:tc" if cell_texts.len() >= MAX_NESTING => flattened_cells += 1,
                    "w:tc" => cell_texts.push(String::new()),
                    "w:pBdr" => {}
                    _ => {}
                }
            }
            Event::Empty(element) => {
                let name = element.name();
                let paragraph = paragraphs.last_mut();
                match (name.as_ref(), paragraph) {
                    ("w:pStyle", Some(paragraph)) if in_paragraph_properties => {
                        paragraph.style_id = attribute(&element, "w:val");
                    }
                    ("w:outlineLvl", Some(paragraph)) if in_paragraph_properties => {
                        paragraph.outline_level = attribute(&element, "w:val")
                            .and_then(|value| value.parse::<u8>().ok())
                            .filter(|&level| level < 9);
                    }
                    ("w:numId", Some(paragraph)) if in_paragraph_properties => {
                        paragraph.num_id = attribute(&element, "w:val").filter(|id| id != "0");
                    }
                    ("w:ilvl", Some(paragraph)) if in_paragraph_properties => {
                        paragraph.list_level = attribute(&element, "w:val")
                            .and_then(|value| value.parse().ok())
                            .unwrap_or(0);
                    }
                    ("w:bottom", Some(paragraph)) if in_paragraph_properties => {
                        paragraph.has_bottom_border = true;
                    }
                    ("w:tab", Some(paragraph)) if in_run_depth > 0 => paragraph.text.push('\t'),
                    ("w:br" | "w:cr", Some(paragraph)) if in_run_depth > 0 => {
                        let is_page_break =
                            attribute(&element, "w:type").as_deref() == Some("page");
                        paragraph.text.push(if is_page_break { ' ' } else { '\n' });
                    }
                    ("w:noBreakHyphen", Some(paragraph)) if in_run_depth > 0 => {
                        paragraph.text.push('-')
                    }
                    ("w:p", _) => {}
                    _ => {}
                }
            }
            Event::Text(text) if in_text => {
                if let Some(paragraph) = paragraphs.last_mut() {
                    paragraph.text.push_str(&text.xml10_content());
                }
            }
            Event::CData(text) if in_text => {
                if let Some(paragraph) = paragraphs.last_mut() {
                    paragraph.text.push_str(&text);
                }
            }
            Event::GeneralRef(reference) if in_text => {
                let Some(paragraph) = paragraphs.last_mut() else {
                    buffer.clear();
                    continue;
                };
                if reference.is_char_ref() {
                    if let Ok(Some(character)) = reference.resolve_char_ref() {
                        paragraph.text.push(character);
                    }
                } else if let Some(resolved) =
                    quick_xml::escape::resolve_predefined_entity(&reference.xml10_content())
                {
                    paragraph.text.push_str(resolved);
                }
            }
            Event::End(element) => match element.name().as_ref() {
                "w:t" => in_text = false,
                "w:r" => in_run_depth = in_run_depth.saturating_sub(1),
                "w:pPr" => in_paragraph_properties = false,
                "w:footnote" | "w:endnote" => in_skipped_note = false,
                "w:p" if flattened_paragraphs > 0 => {
                    // Its text went to the paragraph at the limit, a word apart.
                    flattened_paragraphs -= 1;
                    if let Some(paragraph) = paragraphs.last_mut() {
                        paragraph.text.push(' ');
                    }
                }
                "w:tr" if flattened_rows > 0 => flattened_rows -= 1,
                "w:tc" if flattened_cells > 0 => flattened_cells -= 1,
                "w:p" => {
                    let Some(paragraph) = paragraphs.pop() else {
                        buffer.clear();
                        continue;
                    };
                    if in_skipped_note {
                        buffer.clear();
                        continue;
                    }
                    let block = paragraph_block(paragraph, context, &mut counters);
                    if let Some(outer) = paragraphs.last_mut() {
                        // A text box inside a paragraph: its text joins the paragraph.
                        if let Some(block) = block {
                            outer.text.push(' ');
                            outer.text.push_str(&block.text);
                        }
                    } else if let Some(cell) = cell_texts.last_mut() {
                        if let Some(block) = block {
                            if !cell.is_empty() {
                                cell.push(' ');
                            }
                            cell.push_str(&block.text);
                        }
                    } else if let Some(block) = block {
                        blocks.push(block);
                    }
                }
                "w:tc" => {
                    let cell = cell_texts.pop().unwrap_or_default();
                    let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                    if let Some(row) = rows.last_mut() {
                        row.push(cell);
                    }
                }
                "w:tr" => {
                    let row = rows.pop().unwrap_or_default();
                    let row_text = row.join(" | ");
                    if row.iter().any(|cell| !cell.is_empty()) {
                        if let Some(outer_cell) = cell_texts.last_mut() {
                            // A nested table: its rows join the outer cell.
                            if !outer_cell.is_empty() {
                                outer_cell.push(' ');
                            }
                            outer_cell.push_str(&row_text);
                        } else {
                            blocks.push(Block::new(BlockKind::TableRow, row_text));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(blocks)
}

/// Turns a finished paragraph into a block, or `None` when it is empty.
fn paragraph_block(
    paragraph: ParagraphState,
    context: &BodyContext<'_>,
    counters: &mut HashMap<(String, u8), u32>,
) -> Option<Block> {
    let style = paragraph
        .style_id
        .as_ref()
        .and_then(|id| context.styles.get(id))
        .cloned()
        .unwrap_or_default();
    // Tabs separate a paragraph number from its text or align a footer:
    // a space says the same to a reader of plain text.
    let text = paragraph.text.replace('\t', " ");
    let text = text
        .split(' ')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim();
    if text.is_empty() {
        return paragraph
            .has_bottom_border
            .then(|| Block::new(BlockKind::Rule, ""));
    }
    if is_rule_line(text) {
        return Some(Block::new(BlockKind::Rule, ""));
    }
    let heading_level = paragraph
        .outline_level
        .map(|level| level + 1)
        .or(style.heading_level);
    if let Some(level) = heading_level {
        return Some(Block::new(BlockKind::Heading { level }, text));
    }
    if let Some(num_id) = paragraph.num_id.as_ref() {
        let label = list_label(num_id, paragraph.list_level, context.numbering, counters);
        let text = match label {
            Some(label) => format!("{label} {text}"),
            None => text.to_string(),
        };
        return Some(Block::new(BlockKind::ListItem, text));
    }
    if style.is_list {
        return Some(Block::new(BlockKind::ListItem, text));
    }
    Some(Block::new(BlockKind::Paragraph, text))
}

/// The printed label of a numbered item ("3.", "(b)"), counting items per
/// list and level; `None` for bullets and unknown lists.
fn list_label(
    num_id: &str,
    level: u8,
    numbering: &Numbering,
    counters: &mut HashMap<(String, u8), u32>,
) -> Option<String> {
    let abstract_id = numbering.abstract_of.get(num_id)?;
    let (format, label_text, start) = numbering.levels.get(&(abstract_id.clone(), level))?;
    let counter = counters
        .entry((abstract_id.clone(), level))
        .and_modify(|count| *count += 1)
        .or_insert(*start);
    let current = *counter;
    // A new item at this level restarts the deeper levels.
    counters.retain(|(id, deeper), _| id != abstract_id || *deeper <= level);
    let mut label = label_text.clone();
    for placeholder_level in 0..=level {
        let placeholder = format!("%{}", placeholder_level + 1);
        if !label.contains(&placeholder) {
            continue;
        }
        let value = if placeholder_level == level {
            current
        } else {
            counters
                .get(&(abstract_id.clone(), placeholder_level))
                .copied()
                .unwrap_or(1)
        };
        let (level_format, _, _) = numbering
            .levels
            .get(&(abstract_id.clone(), placeholder_level))
            .cloned()
            .unwrap_or_else(|| (format.clone(), String::new(), 1));
        label = label.replace(&placeholder, &format_counter(&level_format, value)?);
    }
    let label = label.trim().to_string();
    (!label.is_empty()).then_some(label)
}

/// Reads `docProps/core.xml`: title, creator, dates and the like.
fn read_core_properties(xml: &[u8], parsed: &mut ParsedFile) -> Result<(), ParseError> {
    let mut reader = Reader::from_reader(xml);
    let mut buffer = Vec::new();
    let mut current_key: Option<String> = None;
    let mut value = String::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| xml_error("docProps/core.xml", error))?;
        match event {
            Event::Start(element) => {
                let local = element.local_name().as_ref().to_lowercase();
                if local != "coreproperties" {
                    current_key = Some(local);
                    value.clear();
                }
            }
            Event::Text(text) if current_key.is_some() => value.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) if current_key.is_some() => {
                if reference.is_char_ref() {
                    if let Ok(Some(character)) = reference.resolve_char_ref() {
                        value.push(character);
                    }
                } else if let Some(resolved) =
                    quick_xml::escape::resolve_predefined_entity(&reference.xml10_content())
                {
                    value.push_str(resolved);
                }
            }
            Event::End(_) => {
                if let Some(key) = current_key.take() {
                    let trimmed = value.trim();
                    if !trimmed.is_empty() {
                        parsed.meta.insert(key, trimmed.to_string());
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    parsed.title = parsed.meta.get("title").cloned();
    Ok(())
}
