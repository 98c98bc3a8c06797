//! PDF: text in reading order from the page content streams, with running
//! headers, footers and page numbers moved to the furniture.
//!
//! The extractor is our own, on top of `lopdf`'s object parser: it walks each
//! page's content stream, decodes strings through the fonts' ToUnicode CMaps
//! or simple encodings (`lopdf::Encoding`), places every text run with the
//! text and graphics matrices and the glyph widths, then sorts runs into
//! lines and lines into paragraphs.
//!
//! Chosen by measurement: release build, one core, a machine shared with
//! other builds (load 3–5), four LibreOffice PDFs of UN General Debate
//! speeches (171 pages, 786 KB of extracted text), three passes; megabytes
//! of extracted text per second of wall time, two to three runs each:
//!
//! | extractor                               | MB/s          | positions, layout |
//! |-----------------------------------------|---------------|-------------------|
//! | this extractor (with line/paragraph layout) | 5.3, 4.2, 6.4 | yes           |
//! | `lopdf` `Document::extract_text`        | 7.4, 5.7, 7.8 | no: stream order, no paragraphs |
//! | `pdf-extract` 0.12                      | 2.6, 3.1      | partial           |
//! | `pdf_oxide` 0.3.78 (no default features)| 2.3, 2.2      | yes               |
//!
//! `lopdf`'s own extraction is faster only because it does no layout: no
//! positions, so no reading order, furniture or paragraph detection. Since
//! then the content streams are read by our own lexer ([`content`]), which
//! halved the time on one-page files; `lopdf` still parses the objects.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::sync::LazyLock;

use lopdf::{Dictionary, Document, Encoding, Object};
use regex::Regex;
use rustc_hash::FxHashMap;

use crate::error::ParseError;
use crate::layout::{
    append_line, is_rule_line, is_spaceless_script, starts_numbered_paragraph, strip_bullet,
};
use crate::{Block, BlockKind, Format, ParseLimits, ParsedFile};

mod content;

use content::{ContentLexer, Operand};

const FORMAT: &str = "pdf";

pub(crate) fn parse_pdf(bytes: &[u8], limits: &ParseLimits) -> Result<ParsedFile, ParseError> {
    let header_window = &bytes[..bytes.len().min(1024)];
    if !header_window.windows(5).any(|window| window == b"%PDF-") {
        return Err(ParseError::corrupt(FORMAT, "no %PDF- header"));
    }
    let stream_limit = limits.max_stream_bytes.min(limits.max_uncompressed_bytes);
    let options = lopdf::LoadOptions {
        // Object and cross-reference streams inflated while loading.
        max_decompressed_size: usize::try_from(stream_limit).ok(),
        ..Default::default()
    };
    // lopdf is not known to panic on input, but a panic in a parser of
    // hostile files must become an error, not take the process down.
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }))
    .map_err(|_| ParseError::corrupt(FORMAT, "the pdf parser failed on this file"))?;
    let document = loaded.map_err(|error| load_error(error, stream_limit))?;
    if document.is_encrypted() {
        return Err(ParseError::Encrypted);
    }
    let mut parsed = ParsedFile::new(Format::Pdf);
    read_info(&document, &mut parsed);

    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(ParseError::corrupt(FORMAT, "no pages"));
    }
    let mut budget = StreamBudget {
        file_left: usize::try_from(limits.max_uncompressed_bytes).unwrap_or(usize::MAX),
        per_stream: usize::try_from(stream_limit).unwrap_or(usize::MAX),
    };
    let mut font_cache: HashMap<*const Dictionary, Rc<PageFont<'_>>> = HashMap::new();
    let mut page_lines = Vec::with_capacity(pages.len());
    for (page_number, page_id) in pages {
        let extracted = catch_unwind(AssertUnwindSafe(|| {
            page_runs(&document, page_id, &mut budget, &mut font_cache)
        }));
        match extracted {
            Ok(Ok(runs)) => page_lines.push(runs_to_lines(runs)),
            Ok(Err(PageError::StreamTooLarge)) => {
                return Err(ParseError::InflatesTooLarge {
                    what: "a pdf stream",
                    limit: stream_limit,
                });
            }
            Ok(Err(PageError::Budget)) => {
                return Err(ParseError::InflatesTooLarge {
                    what: "the pdf's streams together",
                    limit: limits.max_uncompressed_bytes,
                });
            }
            Ok(Err(PageError::Unreadable(reason))) => {
                parsed
                    .warnings
                    .push(format!("page {page_number}: {reason}"));
                page_lines.push(Vec::new());
            }
            Err(_) => {
                parsed
                    .warnings
                    .push(format!("page {page_number}: the content could not be read"));
                page_lines.push(Vec::new());
            }
        }
    }
    lay_out_document(page_lines, &mut parsed);
    Ok(parsed)
}

fn load_error(error: lopdf::Error, stream_limit: u64) -> ParseError {
    match error {
        lopdf::Error::Decryption(_)
        | lopdf::Error::InvalidPassword
        | lopdf::Error::AlreadyEncrypted => ParseError::Encrypted,
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            ParseError::InflatesTooLarge {
                what: "a pdf stream",
                limit: stream_limit,
            }
        }
        other => ParseError::corrupt(FORMAT, other.to_string()),
    }
}

/// Copies the document Info dictionary into the metadata, keys lowercase.
fn read_info(document: &Document, parsed: &mut ParsedFile) {
    let Ok(info_object) = document.trailer.get(b"Info") else {
        return;
    };
    let Ok((_, info)) = document.dereference(info_object) else {
        return;
    };
    let Ok(info) = info.as_dict() else {
        return;
    };
    for (key, value) in info.iter() {
        let Ok((_, value)) = document.dereference(value) else {
            continue;
        };
        let Ok(raw) = value.as_str() else {
            continue;
        };
        let text = decode_pdf_text_string(raw);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let key = String::from_utf8_lossy(key).to_lowercase();
        parsed.meta.insert(key, text.to_string());
    }
    parsed.title = parsed.meta.get("title").cloned();
}

/// Decodes a PDF text string: UTF-16BE with a BOM, UTF-8 with a BOM, or
/// PDFDocEncoding (Latin-1 for the characters that matter here).
fn decode_pdf_text_string(raw: &[u8]) -> String {
    if let Some(utf16) = raw.strip_prefix(&[0xFE, 0xFF]) {
        let (text, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(utf16);
        return text.into_owned();
    }
    if let Some(utf8) = raw.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(utf8).into_owned();
    }
    raw.iter().map(|&byte| char::from(byte)).collect()
}

// ---------------------------------------------------------------------------
// Content streams to text runs

enum PageError {
    /// A page's content streams inflate past the limit of one stream.
    StreamTooLarge,
    /// The file's streams together inflate past the limit of a file.
    Budget,
    Unreadable(String),
}

/// What a file's streams may still inflate to. Each stream is inflated
/// against the smaller of the two, so the check happens as it inflates.
struct StreamBudget {
    file_left: usize,
    per_stream: usize,
}

impl StreamBudget {
    fn next_stream(&self) -> usize {
        self.per_stream.min(self.file_left)
    }

    /// The error for a stream that passed `next_stream`.
    fn exceeded(&self) -> PageError {
        if self.per_stream <= self.file_left {
            PageError::StreamTooLarge
        } else {
            PageError::Budget
        }
    }
}

/// A font as the extractor needs it: how to turn codes into text and how
/// far each code advances.
struct PageFont<'a> {
    encoding: Option<Encoding<'a>>,
    /// Composite (Type0) fonts use two-byte codes.
    two_byte_codes: bool,
    first_char: u32,
    widths: Vec<f32>,
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
    bold: bool,
    /// The text of each code decoded so far, when the font decodes code by code (see
    /// [`PageFont::decode`]).
    decoded: RefCell<FxHashMap<u32, Box<str>>>,
    /// Whether strings may be decoded code by code: a simple font (one byte per code)
    /// or a composite font with an Identity encoding (two bytes per code), until a
    /// check finds that a string decodes otherwise as a whole.
    by_code: Cell<bool>,
    /// Strings still to decode both ways and compare before trusting code by code.
    checks_left: Cell<u8>,
}

/// The strings of a font decoded both whole and code by code before the codes alone are trusted.
const DECODE_CHECKS: u8 = 8;

impl PageFont<'_> {
    fn load<'a>(document: &'a Document, font: &'a Dictionary, budget: usize) -> PageFont<'a> {
        // A font whose encoding inflates past the limit is read without it.
        let encoding = font.get_font_encoding_with_limit(document, budget).ok();
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let two_byte_codes = subtype == b"Type0";
        let identity_encoding = matches!(
            font.get(b"Encoding").and_then(Object::as_name),
            Ok(b"Identity-H" | b"Identity-V")
        );
        let base_font = font
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|name| String::from_utf8_lossy(name).to_lowercase())
            .unwrap_or_default();
        let bold = base_font.contains("bold")
            || base_font.contains("black")
            || base_font.contains("heavy");
        let number = |object: &Object| -> Option<f32> {
            document
                .dereference(object)
                .ok()
                .and_then(|(_, value)| value.as_float().ok())
        };
        let array = |dictionary: &'a Dictionary, key: &[u8]| -> Vec<&'a Object> {
            dictionary
                .get_deref(key, document)
                .and_then(Object::as_array)
                .map(|values| values.iter().collect())
                .unwrap_or_default()
        };
        let mut page_font = PageFont {
            encoding,
            two_byte_codes,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: HashMap::new(),
            default_width: 500.0,
            bold,
            decoded: RefCell::new(FxHashMap::default()),
            by_code: Cell::new(!two_byte_codes || identity_encoding),
            checks_left: Cell::new(DECODE_CHECKS),
        };
        if two_byte_codes {
            let descendant = font
                .get_deref(b"DescendantFonts", document)
                .and_then(Object::as_array)
                .ok()
                .and_then(|fonts| fonts.first())
                .and_then(|first| document.dereference(first).ok())
                .and_then(|(_, value)| value.as_dict().ok());
            if let Some(descendant) = descendant {
                page_font.default_width = descendant
                    .get(b"DW")
                    .ok()
                    .and_then(number)
                    .unwrap_or(1000.0);
                let entries = array(descendant, b"W");
                let mut index = 0;
                while index < entries.len() {
                    let Some(first) = number(entries[index]) else {
                        break;
                    };
                    let next = entries
                        .get(index + 1)
                        .and_then(|object| document.dereference(object).ok());
                    match next {
                        Some((_, Object::Array(widths))) => {
                            for (offset, width) in widths.iter().enumerate() {
                                if let Some(width) = number(width) {
                                    page_font
                                        .cid_widths
                                        .insert(first as u32 + offset as u32, width);
                                }
                            }
                            index += 2;
                        }
                        Some(_) => {
                            let last = entries.get(index + 1).copied().and_then(number);
                            let width = entries.get(index + 2).copied().and_then(number);
                            let (Some(last), Some(width)) = (last, width) else {
                                break;
                            };
                            // Bounded so a hostile range cannot allocate without end.
                            let last = (last as u32).min(first as u32 + 65_536);
                            for code in first as u32..=last {
                                page_font.cid_widths.insert(code, width);
                            }
                            index += 3;
                        }
                        None => break,
                    }
                }
            }
        } else {
            page_font.first_char =
                font.get(b"FirstChar").ok().and_then(number).unwrap_or(0.0) as u32;
            page_font.widths = array(font, b"Widths")
                .into_iter()
                .map(|width| number(width).unwrap_or(0.0))
                .collect();
            let missing_width = font
                .get_deref(b"FontDescriptor", document)
                .and_then(Object::as_dict)
                .ok()
                .and_then(|descriptor| descriptor.get(b"MissingWidth").ok())
                .and_then(number);
            page_font.default_width = missing_width.unwrap_or(500.0);
        }
        page_font
    }

    /// Width of one code in thousandths of the font size.
    fn width(&self, code: u32) -> f32 {
        if self.two_byte_codes {
            return self
                .cid_widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
        }
        code.checked_sub(self.first_char)
            .and_then(|index| self.widths.get(index as usize))
            .copied()
            .filter(|&width| width > 0.0)
            .unwrap_or(self.default_width)
    }

    /// Appends the text of `bytes`. Decoding through lopdf allocates for every code, and
    /// a font shows the same few hundred codes all along: where codes have a fixed
    /// length, each code's text is decoded once and kept.
    fn decode(&self, bytes: &[u8], out: &mut String) {
        let code_length = if self.two_byte_codes { 2 } else { 1 };
        if !self.by_code.get()
            || self.encoding.is_none()
            || !bytes.len().is_multiple_of(code_length)
        {
            return self.decode_whole(bytes, out);
        }
        let start = out.len();
        {
            let mut decoded = self.decoded.borrow_mut();
            for code_bytes in bytes.chunks(code_length) {
                let code = code_bytes
                    .iter()
                    .fold(0u32, |code, &byte| code * 256 + u32::from(byte));
                let text = decoded.entry(code).or_insert_with(|| {
                    let mut text = String::new();
                    self.decode_whole(code_bytes, &mut text);
                    text.into_boxed_str()
                });
                out.push_str(text);
            }
        }
        let checks_left = self.checks_left.get();
        if checks_left > 0 {
            self.checks_left.set(checks_left - 1);
            let mut whole = String::new();
            self.decode_whole(bytes, &mut whole);
            if whole != out[start..] {
                self.by_code.set(false);
                out.truncate(start);
                out.push_str(&whole);
            }
        }
    }

    fn decode_whole(&self, bytes: &[u8], out: &mut String) {
        match &self.encoding {
            Some(encoding) => {
                if encoding.write_to_string(bytes, out).is_err() {
                    out.extend(bytes.iter().map(|&byte| char::from(byte)));
                }
            }
            None => out.extend(bytes.iter().map(|&byte| char::from(byte))),
        }
    }
}

/// An affine matrix `[a b c d e f]` as in the PDF specification.
#[derive(Debug, Clone, Copy)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn multiply(self, other: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn vertical_scale(self) -> f32 {
        let [_, _, c, d, _, _] = self.0;
        (c * c + d * d).sqrt()
    }
}

#[derive(Clone)]
struct GraphicsState<'a> {
    ctm: Matrix,
    font: Option<Rc<PageFont<'a>>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
}

/// A piece of text shown at one place on the page.
#[derive(Debug, Clone)]
struct TextRun {
    x_start: f32,
    x_end: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

fn operand(operands: &[Operand], index: usize) -> f32 {
    match operands.get(index) {
        Some(Operand::Number(number)) => *number,
        _ => 0.0,
    }
}

fn page_runs<'a>(
    document: &'a Document,
    page_id: lopdf::ObjectId,
    budget: &mut StreamBudget,
    font_cache: &mut HashMap<*const Dictionary, Rc<PageFont<'a>>>,
) -> Result<Vec<TextRun>, PageError> {
    let content = document
        .get_page_content_with_limit(page_id, budget.next_stream())
        .map_err(|error| match error {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                budget.exceeded()
            }
            other => PageError::Unreadable(other.to_string()),
        })?;
    budget.file_left = budget
        .file_left
        .checked_sub(content.len())
        .ok_or(PageError::Budget)?;
    let fonts = document
        .get_page_fonts(page_id)
        .map_err(|error| PageError::Unreadable(error.to_string()))?;
    let mut page_fonts: HashMap<&[u8], Rc<PageFont<'a>>> = HashMap::new();
    for (name, dictionary) in &fonts {
        let key = *dictionary as *const Dictionary;
        let font = font_cache
            .entry(key)
            .or_insert_with(|| Rc::new(PageFont::load(document, dictionary, budget.next_stream())))
            .clone();
        page_fonts.insert(name.as_slice(), font);
    }

    let mut runs = Vec::new();
    let mut state = GraphicsState {
        ctm: Matrix::IDENTITY,
        font: None,
        font_size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        horizontal_scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut saved_states: Vec<GraphicsState<'a>> = Vec::new();
    let mut text_matrix = Matrix::IDENTITY;
    let mut line_matrix = Matrix::IDENTITY;
    let mut lexer = ContentLexer::new(&content);
    while let Some(operator) = lexer.next_operation() {
        let operands = lexer.operands.as_slice();
        match operator {
            // Nesting is bounded so a hostile stream cannot grow the stack.
            b"q" if saved_states.len() < 256 => saved_states.push(state.clone()),
            b"Q" => {
                if let Some(saved) = saved_states.pop() {
                    state = saved;
                }
            }
            b"cm" => {
                let matrix = Matrix(std::array::from_fn(|index| operand(operands, index)));
                state.ctm = matrix.multiply(state.ctm);
            }
            b"BT" => {
                text_matrix = Matrix::IDENTITY;
                line_matrix = Matrix::IDENTITY;
            }
            b"Tf" => {
                state.font = match operands.first() {
                    Some(Operand::Name(name)) => page_fonts.get(lexer.bytes_of(name)).cloned(),
                    _ => None,
                };
                state.font_size = operand(operands, 1);
            }
            b"Tc" => state.char_spacing = operand(operands, 0),
            b"Tw" => state.word_spacing = operand(operands, 0),
            b"Tz" => state.horizontal_scale = operand(operands, 0) / 100.0,
            b"TL" => state.leading = operand(operands, 0),
            b"Ts" => state.rise = operand(operands, 0),
            b"Td" => {
                line_matrix = Matrix::translate(operand(operands, 0), operand(operands, 1))
                    .multiply(line_matrix);
                text_matrix = line_matrix;
            }
            b"TD" => {
                state.leading = -operand(operands, 1);
                line_matrix = Matrix::translate(operand(operands, 0), operand(operands, 1))
                    .multiply(line_matrix);
                text_matrix = line_matrix;
            }
            b"Tm" => {
                line_matrix = Matrix(std::array::from_fn(|index| operand(operands, index)));
                text_matrix = line_matrix;
            }
            b"T*" => {
                line_matrix = Matrix::translate(0.0, -state.leading).multiply(line_matrix);
                text_matrix = line_matrix;
            }
            b"Tj" | b"'" | b"\"" | b"TJ" => {
                if operator == b"'" || operator == b"\"" {
                    if operator == b"\"" {
                        state.word_spacing = operand(operands, 0);
                        state.char_spacing = operand(operands, 1);
                    }
                    line_matrix = Matrix::translate(0.0, -state.leading).multiply(line_matrix);
                    text_matrix = line_matrix;
                }
                if let Some(run) = show_text(&state, &mut text_matrix, &lexer) {
                    runs.push(run);
                }
            }
            _ => {}
        }
    }
    Ok(runs)
}

/// Shows the strings of a text operator: decodes them, advances the text
/// matrix by their widths and returns the run they make.
fn show_text(
    state: &GraphicsState<'_>,
    text_matrix: &mut Matrix,
    lexer: &ContentLexer<'_>,
) -> Option<TextRun> {
    let font = state.font.as_ref()?;
    let start = Matrix::translate(0.0, state.rise)
        .multiply(*text_matrix)
        .multiply(state.ctm);
    let (x_start, y) = start.apply(0.0, 0.0);
    let size = state.font_size * start.vertical_scale();
    let mut text = String::new();
    let show_string = |bytes: &[u8], text_matrix: &mut Matrix, text: &mut String| {
        let start = text.len();
        font.decode(bytes, text);
        if text[start..].chars().any(is_right_to_left_letter) {
            // Right-to-left text is drawn in visual order and is reversed
            // later; a ligature glyph (lam-alef) maps to letters already in
            // reading order, so each glyph's letters are pre-reversed here
            // to come out right after that reversal.
            text.truncate(start);
            let code_length = if font.two_byte_codes { 2 } else { 1 };
            let mut glyph = String::new();
            for code in bytes.chunks(code_length) {
                glyph.clear();
                font.decode(code, &mut glyph);
                text.extend(glyph.chars().rev());
            }
        }
        let mut advance = 0.0;
        if font.two_byte_codes {
            for pair in bytes.chunks(2) {
                let code = pair
                    .iter()
                    .fold(0u32, |code, &byte| code * 256 + u32::from(byte));
                advance += font.width(code) / 1000.0 * state.font_size + state.char_spacing;
            }
        } else {
            for &byte in bytes {
                advance +=
                    font.width(u32::from(byte)) / 1000.0 * state.font_size + state.char_spacing;
                if byte == b' ' {
                    advance += state.word_spacing;
                }
            }
        }
        *text_matrix =
            Matrix::translate(advance * state.horizontal_scale, 0.0).multiply(*text_matrix);
    };
    match lexer.operands.last()? {
        Operand::String(bytes) => show_string(lexer.bytes_of(bytes), text_matrix, &mut text),
        Operand::Array(elements) => {
            for element in lexer.elements.get(elements.clone()).unwrap_or_default() {
                match element {
                    Operand::String(bytes) => {
                        show_string(lexer.bytes_of(bytes), text_matrix, &mut text)
                    }
                    &Operand::Number(adjustment) => {
                        let shift = -adjustment / 1000.0 * state.font_size * state.horizontal_scale;
                        *text_matrix = Matrix::translate(shift, 0.0).multiply(*text_matrix);
                        // A gap of a quarter em or more separates words.
                        if adjustment < -250.0 && !text.ends_with(' ') && !text.is_empty() {
                            text.push(' ');
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => return None,
    }
    let end = Matrix::translate(0.0, state.rise)
        .multiply(*text_matrix)
        .multiply(state.ctm);
    let (x_end, _) = end.apply(0.0, 0.0);
    if text.is_empty() {
        return None;
    }
    Some(TextRun {
        x_start,
        x_end,
        y,
        size: if size > 0.1 { size } else { 10.0 },
        bold: font.bold,
        text,
    })
}

// ---------------------------------------------------------------------------
// Runs to lines

/// One line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    x_start: f32,
    x_end: f32,
    y: f32,
    size: f32,
    bold: bool,
    /// Cells when the line has wide gaps, like a table row.
    cells: Option<Vec<String>>,
    /// Arabic or Hebrew: the line starts at the right.
    right_to_left: bool,
}

fn runs_to_lines(mut runs: Vec<TextRun>) -> Vec<Line> {
    runs.retain(|run| run.y.is_finite() && run.x_start.is_finite());
    // Top of the page first; PDF y grows upwards.
    runs.sort_by(|first, second| second.y.total_cmp(&first.y));
    let mut grouped: Vec<Vec<TextRun>> = Vec::new();
    // The largest size of the line being gathered, kept as runs join it: recomputing it
    // over the line for each run was quadratic in a line of a million runs.
    let mut line_size = 0.0f32;
    for run in runs {
        if let Some(current) = grouped.last_mut() {
            let line_y = current[0].y;
            if (line_y - run.y).abs() <= 0.45 * line_size.max(run.size) {
                line_size = line_size.max(run.size);
                current.push(run);
                continue;
            }
        }
        line_size = run.size.max(0.0);
        grouped.push(vec![run]);
    }
    grouped.into_iter().filter_map(line_from_runs).collect()
}

fn line_from_runs(mut runs: Vec<TextRun>) -> Option<Line> {
    runs.sort_by(|first, second| first.x_start.total_cmp(&second.x_start));
    // The line's size and baseline are those of the run with most text.
    let main_run = runs.iter().max_by_key(|run| run.text.chars().count())?;
    let size = main_run.size;
    let baseline = main_run.y;
    // Raised small digits are footnote markers: kept out of the body.
    runs.retain(|run| {
        let raised = run.y > baseline + 0.15 * size;
        let small = run.size < 0.8 * size;
        let marker = run.text.trim().chars().all(|character| {
            character.is_ascii_digit() || matches!(character, '*' | '†' | ',' | ' ')
        });
        !(raised && small && marker)
    });
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut previous_end: Option<f32> = None;
    for run in &runs {
        let text = normalise_run_text(&run.text);
        if let Some(end) = previous_end {
            let gap = run.x_start - end;
            // Between CJK characters only a wide gap is a space: CJK and
            // Latin glyphs of one word often come from different fonts.
            let spaceless = cell.chars().last().is_some_and(is_spaceless_script)
                || text.chars().next().is_some_and(is_spaceless_script);
            let space_gap = if spaceless { 0.5 } else { 0.15 } * size;
            if gap > 2.5 * size {
                cells.push(std::mem::take(&mut cell));
            } else if gap > space_gap && !cell.ends_with(' ') && !text.starts_with(' ') {
                cell.push(' ');
            }
        }
        cell.push_str(&text);
        previous_end = Some(run.x_end.max(run.x_start));
    }
    cells.push(cell);
    let mut cells: Vec<String> = cells
        .into_iter()
        .map(|cell| cell.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|cell| !cell.is_empty())
        .collect();
    let right_to_left = is_mostly_right_to_left(&cells.concat());
    if right_to_left {
        // Cells of a right-to-left line read from the right.
        cells.reverse();
    }
    let cells: Vec<String> = cells.iter().map(|cell| visual_to_logical(cell)).collect();
    if cells.is_empty() {
        return None;
    }
    let text = cells.join(" ");
    // A paragraph number or bullet set off by a tab is not a table cell.
    let first_is_label = cells.len() == 2
        && (starts_numbered_paragraph(&format!("{} x", cells[0]))
            || strip_bullet(&format!("{} x", cells[0])).is_some());
    let is_table_row = cells.len() > 1 && !first_is_label;
    Some(Line {
        x_start: runs.first().map_or(0.0, |run| run.x_start),
        x_end: runs.iter().map(|run| run.x_end).fold(f32::MIN, f32::max),
        y: baseline,
        size,
        bold: runs
            .iter()
            .all(|run| run.bold || run.text.trim().is_empty()),
        cells: is_table_row.then_some(cells),
        right_to_left,
        text,
    })
}

fn is_right_to_left_letter(character: char) -> bool {
    matches!(character as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

fn is_left_to_right_strong(character: char) -> bool {
    character.is_alphanumeric() && !is_right_to_left_letter(character)
}

fn is_mostly_right_to_left(text: &str) -> bool {
    let right_to_left = text
        .chars()
        .filter(|&character| is_right_to_left_letter(character))
        .count();
    let left_to_right = text
        .chars()
        .filter(|&character| is_left_to_right_strong(character))
        .count();
    right_to_left > left_to_right
}

/// Puts text shown in visual order (as PDF producers draw Arabic and Hebrew)
/// back in reading order — a simplified bidi: a mostly right-to-left line
/// is reversed as a whole and its left-to-right stretches (numbers, Latin
/// words) are turned back; in a mostly left-to-right line only the
/// right-to-left stretches are reversed.
fn visual_to_logical(text: &str) -> String {
    if !text.chars().any(is_right_to_left_letter) {
        return text.to_string();
    }
    let characters: Vec<char> = text.chars().collect();
    if is_mostly_right_to_left(text) {
        let mut reversed: Vec<char> = characters.into_iter().rev().map(mirror_bracket).collect();
        reverse_stretches(&mut reversed, is_left_to_right_strong);
        return reversed.into_iter().collect();
    }
    let mut logical = characters;
    reverse_stretches(&mut logical, is_right_to_left_letter);
    logical.into_iter().collect()
}

/// Reverses, in place, each stretch that starts and ends with a character
/// of the given kind and holds nothing but such characters and neutral
/// characters (spaces, punctuation) between them.
fn reverse_stretches(characters: &mut [char], is_kind: fn(char) -> bool) {
    let mut index = 0;
    while index < characters.len() {
        if !is_kind(characters[index]) {
            index += 1;
            continue;
        }
        let start = index;
        let mut end = index;
        let mut cursor = index + 1;
        while cursor < characters.len() {
            let character = characters[cursor];
            if is_kind(character) {
                end = cursor;
            } else if character.is_alphanumeric() {
                break;
            }
            cursor += 1;
        }
        characters[start..=end].reverse();
        index = end + 1;
    }
}

fn mirror_bracket(character: char) -> char {
    match character {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

fn normalise_run_text(text: &str) -> String {
    let mut normalised = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            'ﬀ' => normalised.push_str("ff"),
            'ﬁ' => normalised.push_str("fi"),
            'ﬂ' => normalised.push_str("fl"),
            'ﬃ' => normalised.push_str("ffi"),
            'ﬄ' => normalised.push_str("ffl"),
            'ﬅ' | 'ﬆ' => normalised.push_str("st"),
            '\u{0}' | '\u{fffd}' => {}
            '\t' | '\u{a0}' => normalised.push(' '),
            other => normalised.push(other),
        }
    }
    normalised
}

// ---------------------------------------------------------------------------
// Lines to blocks

static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:",
        r"[-–—]?\s*\d{1,4}\s*[-–—]?", // 3, - 3 -
        r"|(?:page|página|pág\.|стр\.|страница|صفحة)\s*\d+(?:\s*(?:of|de|sur|из|/|من)\s*\d+)?", // Page 2 of 5
        r"|\d{1,4}\s*/\s*\d{1,4}",                      // 2/5
        r"|(?:[A-Z]\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?.*", // V.14-01234 (E)
        r"|\*\d{7,}\*",                                 // bar code text
        r"|please recycle.*",
        r")$"
    ))
    .expect("the furniture pattern is valid")
});

/// Moves running headers, footers and page numbers out of the pages.
///
/// Candidates are the top two and bottom three lines of each page. One is
/// furniture when it has a furniture shape (page number, job number), or
/// when, with its digits masked, it appears in that zone on two or more
/// pages (a running header with the document symbol).
fn remove_furniture(pages: &mut [Vec<Line>], parsed: &mut ParsedFile) {
    let zone = |page: &[Line], index: usize| index < 2 || index + 3 >= page.len();
    let mask = |text: &str| -> String {
        text.chars()
            .map(|character| {
                if character.is_ascii_digit() {
                    '#'
                } else {
                    character
                }
            })
            .filter(|character| !character.is_whitespace())
            .collect()
    };
    let mut pages_with_key: HashMap<String, usize> = HashMap::new();
    for page in pages.iter() {
        let mut seen_on_page: Vec<String> = Vec::new();
        for (index, line) in page.iter().enumerate() {
            if !zone(page, index) {
                continue;
            }
            let key = mask(&line.text);
            if !seen_on_page.contains(&key) {
                seen_on_page.push(key);
            }
        }
        for key in seen_on_page {
            *pages_with_key.entry(key).or_insert(0) += 1;
        }
    }
    let repeated_threshold = 2;
    for page in pages.iter_mut() {
        let page_length = page.len();
        let mut kept = Vec::with_capacity(page_length);
        for (index, line) in std::mem::take(page).into_iter().enumerate() {
            let in_zone = index < 2 || index + 3 >= page_length;
            let is_furniture = in_zone
                && (PAGE_FURNITURE.is_match(line.text.trim())
                    || pages_with_key.get(&mask(&line.text)).copied().unwrap_or(0)
                        >= repeated_threshold);
            if is_furniture {
                parsed.add_furniture(&line.text);
            } else {
                kept.push(line);
            }
        }
        *page = kept;
    }
}

/// The most common size among lines, weighted by their characters.
fn body_size(pages: &[Vec<Line>]) -> f32 {
    let mut weights: HashMap<i32, usize> = HashMap::new();
    for line in pages.iter().flatten() {
        *weights.entry((line.size * 2.0).round() as i32).or_insert(0) += line.text.len();
    }
    weights
        .into_iter()
        .max_by_key(|&(size, weight)| (weight, size))
        .map_or(10.0, |(size, _)| size as f32 / 2.0)
}

/// The usual distance between baselines of body lines.
fn body_line_spacing(pages: &[Vec<Line>], body_size: f32) -> f32 {
    let mut gaps: Vec<f32> = Vec::new();
    for page in pages {
        for pair in page.windows(2) {
            let gap = pair[0].y - pair[1].y;
            let body =
                (pair[0].size - body_size).abs() < 0.5 && (pair[1].size - body_size).abs() < 0.5;
            if body && gap > 0.0 && gap < 3.0 * body_size {
                gaps.push(gap);
            }
        }
    }
    if gaps.is_empty() {
        return body_size * 1.2;
    }
    gaps.sort_by(f32::total_cmp);
    gaps[gaps.len() / 2]
}

/// Splits off the footnotes at the bottom of a page: the lines in a smaller
/// size below the last body-size line.
fn split_footnotes(page: &mut Vec<Line>, body_size: f32) -> Vec<Line> {
    let mut split_at = page.len();
    while split_at > 0 && page[split_at - 1].size < 0.9 * body_size {
        split_at -= 1;
    }
    // Only a tail below body text counts; a page all in small print is body.
    if split_at == 0 || split_at == page.len() {
        return Vec::new();
    }
    let starts_like_note = page[split_at]
        .text
        .chars()
        .next()
        .is_some_and(|character| character.is_ascii_digit() || matches!(character, '*' | '†'));
    if !starts_like_note {
        return Vec::new();
    }
    page.split_off(split_at)
}

/// A block being built from lines.
struct OpenBlock {
    text: String,
    kind: BlockKind,
    size: f32,
    bold: bool,
    line_count: usize,
    /// Lines are kept apart with `\n` (a header block of short lines).
    keeps_line_breaks: bool,
}

fn lay_out_document(mut pages: Vec<Vec<Line>>, parsed: &mut ParsedFile) {
    remove_furniture(&mut pages, parsed);
    let body_size = body_size(&pages);
    let line_spacing = body_line_spacing(&pages, body_size);
    let mut footnote_lines: Vec<Line> = Vec::new();
    for page in pages.iter_mut() {
        footnote_lines.extend(split_footnotes(page, body_size));
    }
    let mut blocks: Vec<Block> = Vec::new();
    let mut open: Option<OpenBlock> = None;
    for page in &pages {
        let left_margin = page
            .iter()
            .map(|line| line.x_start)
            .fold(f32::MAX, f32::min);
        let right_margin = page.iter().map(|line| line.x_end).fold(f32::MIN, f32::max);
        let text_width = (right_margin - left_margin).max(1.0);
        let mut previous: Option<&Line> = None;
        for line in page {
            if is_rule_line(&line.text) {
                close_block(&mut open, &mut blocks, body_size);
                blocks.push(Block::new(BlockKind::Rule, ""));
                previous = Some(line);
                continue;
            }
            if let Some(cells) = &line.cells {
                close_block(&mut open, &mut blocks, body_size);
                blocks.push(Block::new(BlockKind::TableRow, cells.join(" | ")));
                previous = Some(line);
                continue;
            }
            let is_short = |candidate: &Line| {
                if candidate.right_to_left {
                    candidate.x_start > left_margin + 0.2 * text_width
                } else {
                    candidate.x_end < right_margin - 0.2 * text_width
                }
            };
            let starts_new =
                starts_numbered_paragraph(&line.text) || strip_bullet(&line.text).is_some();
            let decision = match (&open, previous) {
                (None, _) => Join::NewBlock,
                (Some(block), previous_line) => {
                    let style_changed = (line.size - block.size).abs()
                        > 0.15 * block.size.max(line.size)
                        || line.bold != block.bold;
                    match previous_line {
                        // First line of a page: continue an unfinished paragraph.
                        None => {
                            let finished = block
                                .text
                                .trim_end()
                                .ends_with(['.', ':', ';', '!', '?', '。', '؟']);
                            if style_changed || starts_new || finished || block.keeps_line_breaks {
                                Join::NewBlock
                            } else {
                                Join::Wrap
                            }
                        }
                        Some(previous_line) => {
                            let gap = previous_line.y - line.y;
                            let indented = if line.right_to_left {
                                line.x_end < previous_line.x_end - 1.5 * line.size
                            } else {
                                line.x_start > previous_line.x_start + 1.5 * line.size
                            };
                            if gap > 1.4 * line_spacing.max(line.size)
                                || gap < 0.0
                                || style_changed
                                || starts_new
                            {
                                Join::NewBlock
                            } else if is_short(previous_line) {
                                if is_short(line)
                                    && (block.line_count == 1 || block.keeps_line_breaks)
                                {
                                    Join::LineBreak
                                } else {
                                    Join::NewBlock
                                }
                            } else if indented {
                                Join::NewBlock
                            } else {
                                Join::Wrap
                            }
                        }
                    }
                }
            };
            match (decision, open.as_mut()) {
                (Join::Wrap, Some(block)) if !block.keeps_line_breaks => {
                    append_line(&mut block.text, &line.text);
                    block.line_count += 1;
                }
                (Join::LineBreak | Join::Wrap, Some(block)) => {
                    block.text.push('\n');
                    block.text.push_str(line.text.trim());
                    block.line_count += 1;
                    block.keeps_line_breaks = true;
                }
                _ => {
                    close_block(&mut open, &mut blocks, body_size);
                    let (kind, text) = match strip_bullet(&line.text) {
                        Some(item) => (BlockKind::ListItem, item.to_string()),
                        None => (BlockKind::Paragraph, line.text.trim().to_string()),
                    };
                    open = Some(OpenBlock {
                        text,
                        kind,
                        size: line.size,
                        bold: line.bold,
                        line_count: 1,
                        keeps_line_breaks: false,
                    });
                }
            }
            previous = Some(line);
        }
    }
    close_block(&mut open, &mut blocks, body_size);

    // Footnotes follow the body, one block per note.
    let mut note: Option<String> = None;
    for line in footnote_lines {
        let starts_note =
            line.text.chars().next().is_some_and(|character| {
                character.is_ascii_digit() || matches!(character, '*' | '†')
            });
        match note.as_mut() {
            Some(text) if !starts_note => append_line(text, &line.text),
            _ => {
                if let Some(text) = note.take() {
                    blocks.push(Block::new(BlockKind::Paragraph, text));
                }
                note = Some(line.text.trim().to_string());
            }
        }
    }
    if let Some(text) = note {
        blocks.push(Block::new(BlockKind::Paragraph, text));
    }
    parsed.blocks = blocks;
}

enum Join {
    NewBlock,
    Wrap,
    LineBreak,
}

/// Finishes the open block, deciding whether it is a heading: larger type,
/// or a short all-bold block without a final full stop.
fn close_block(open: &mut Option<OpenBlock>, blocks: &mut Vec<Block>, body_size: f32) {
    let Some(block) = open.take() else {
        return;
    };
    let text = block.text.trim().to_string();
    if text.is_empty() {
        return;
    }
    let ratio = block.size / body_size.max(1.0);
    let kind = if block.kind == BlockKind::ListItem {
        BlockKind::ListItem
    } else if ratio >= 1.5 {
        BlockKind::Heading { level: 1 }
    } else if ratio >= 1.15 {
        BlockKind::Heading { level: 2 }
    } else if block.bold
        && block.line_count <= 3
        && !text.ends_with('.')
        && text.chars().count() < 300
    {
        BlockKind::Heading { level: 3 }
    } else {
        block.kind
    };
    blocks.push(Block::new(kind, text));
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    #[test]
    fn a_line_of_many_runs_is_gathered_in_one_pass() {
        // Half a million one-letter runs on one baseline, as `(a) Tj` repeated in one text
        // object: one line of all of them. (The line's size recomputed over the line for
        // each run made an 18 KB file take most of an hour.)
        let runs: Vec<TextRun> = (0..500_000)
            .map(|index| TextRun {
                x_start: index as f32 * 6.0,
                x_end: index as f32 * 6.0 + 6.0,
                y: 700.0,
                size: 12.0,
                bold: false,
                text: "a".to_string(),
            })
            .collect();
        let lines = runs_to_lines(runs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text.len(), 500_000);
        // A larger run later on the line still widens what joins it.
        let tall = |x: f32, y: f32, size: f32| TextRun {
            x_start: x,
            x_end: x + 6.0,
            y,
            size,
            bold: false,
            text: "b".to_string(),
        };
        let lines = runs_to_lines(vec![
            tall(0.0, 700.0, 4.0),
            tall(10.0, 699.0, 30.0),
            tall(20.0, 690.0, 4.0),
        ]);
        assert_eq!(lines.len(), 1, "within 0.45 of the line's largest size");
    }

    /// A document with one simple font whose codes map to text through `cmap`.
    fn document_with_font(cmap: &str) -> (Document, lopdf::ObjectId) {
        let mut document = Document::with_version("1.5");
        let to_unicode = document.add_object(Stream::new(dictionary! {}, cmap.as_bytes().to_vec()));
        let font = document.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Plain",
            "ToUnicode" => to_unicode,
        });
        (document, font)
    }

    fn cmap(codespace: &str, mappings: &[(&str, &str)]) -> String {
        let mut cmap = format!(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n{codespace}\nendcodespacerange\n{} beginbfchar\n",
            mappings.len()
        );
        for (code, text) in mappings {
            cmap.push_str(&format!("<{code}> <{text}>\n"));
        }
        cmap.push_str(
            "endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n",
        );
        cmap
    }

    fn decode_all(font: &PageFont<'_>, strings: &[&[u8]]) -> String {
        let mut out = String::new();
        for bytes in strings {
            font.decode(bytes, &mut out);
        }
        out
    }

    #[test]
    fn codes_decoded_once_give_the_text_the_whole_string_gives() {
        let (document, font) = document_with_font(&cmap(
            "<00> <FF>",
            &[("41", "005A"), ("42", "0059"), ("43", "00660069")],
        ));
        let dictionary = document.get_dictionary(font).expect("font");
        let font = PageFont::load(&document, dictionary, 1 << 20);
        let strings: [&[u8]; 3] = [b"AB", b"CA", b"BBC"];
        assert_eq!(decode_all(&font, &strings), "ZYfiZYYfi");
        assert!(font.by_code.get());
        assert_eq!(font.decoded.borrow().len(), 3, "each code decoded once");
        // Past the checks, the kept codes alone answer.
        for _ in 0..DECODE_CHECKS {
            decode_all(&font, &strings);
        }
        assert_eq!(font.checks_left.get(), 0);
        assert_eq!(decode_all(&font, &strings), "ZYfiZYYfi");
    }

    #[test]
    fn a_font_whose_codes_are_longer_than_its_kind_says_is_decoded_whole() {
        // A simple font should have one-byte codes; this one's map reads two bytes.
        let (document, font) = document_with_font(&cmap(
            "<0000> <FFFF>",
            &[("4142", "0059"), ("4343", "005A")],
        ));
        let dictionary = document.get_dictionary(font).expect("font");
        let font = PageFont::load(&document, dictionary, 1 << 20);
        assert_eq!(decode_all(&font, &[b"AB", b"CC"]), "YZ");
        assert!(
            !font.by_code.get(),
            "the check found the codes are not single bytes"
        );
    }
}
