//! Reads the files users download from UN and NGO sites — PDF, DOCX, HTML,
//! plain text, Markdown — and bulk exports (JSON Lines, CSV), into ordered text
//! [`Block`]s.
//!
//! The main entry points are [`parse_file`] and [`parse_bytes`], which return a
//! [`ParsedFile`]: the body as blocks (headings, paragraphs, list items, table
//! rows, rules), the title and metadata the file declares, and the page
//! furniture (running headers, footers, job numbers, page numbers) that was
//! kept out of the body because it still carries metadata. [`read_jsonl_mapped`]
//! and [`read_csv`] stream one [`BulkRecord`] per line or row of a bulk export,
//! its fields mapped onto a document's as a [`FieldMap`] says.
//!
//! This crate knows nothing about UN document symbols, languages or topics:
//! the enrich stage reads those from the output. It never panics on input;
//! every bad file is a [`ParseError`] saying what is wrong with it.
//!
//! ```
//! use plenary_parse::{parse_bytes, BlockKind, Format, ParseLimits};
//!
//! let text = "E/CN.7/2014/NGO/3\nDistr.: General\n\n1. Civil society welcomes the\nreview of drug policy.\n";
//! let parsed = parse_bytes(Format::Text, text.as_bytes(), &ParseLimits::default()).unwrap();
//! assert_eq!(parsed.blocks.len(), 2);
//! assert_eq!(parsed.blocks[1].kind, BlockKind::Paragraph);
//! assert_eq!(parsed.blocks[1].text, "1. Civil society welcomes the review of drug policy.");
//! ```

mod csv;
mod docx;
mod encoding;
mod error;
mod html;
mod jsonl;
mod layout;
mod mapping;
mod markdown;
mod pdf;
mod text;

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use serde::Serialize;

pub use crate::csv::read_csv;
pub use crate::error::ParseError;
pub use crate::jsonl::{JsonlRecord, read_jsonl, read_jsonl_mapped, read_jsonl_with_limits};
pub use crate::mapping::{BulkRecord, FieldMap, Target};

/// The file formats this crate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Pdf,
    Docx,
    Html,
    Text,
    Markdown,
    JsonLines,
    /// Comma-separated values with a header row: one document per row.
    Csv,
}

impl Format {
    /// Every format this crate reads.
    pub const ALL: [Format; 7] = [
        Format::Pdf,
        Format::Docx,
        Format::Html,
        Format::Text,
        Format::Markdown,
        Format::JsonLines,
        Format::Csv,
    ];

    /// The file extensions (lowercase, without the dot) read as this format.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Pdf => &["pdf"],
            Format::Docx => &["docx"],
            Format::Html => &["html", "htm", "xhtml"],
            Format::Text => &["txt", "text"],
            Format::Markdown => &["md", "markdown"],
            Format::JsonLines => &["jsonl", "ndjson"],
            Format::Csv => &["csv"],
        }
    }

    /// Every extension of [`Format::ALL`], for messages: `pdf, docx, html, ...`.
    pub fn all_extensions() -> String {
        Format::ALL
            .iter()
            .flat_map(|format| format.extensions())
            .copied()
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Chooses the format from the file extension (case-insensitive), or
    /// `None` when the extension is not one this crate reads.
    pub fn from_path(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()))
    }

    /// A short lowercase name, as used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::JsonLines => "json lines",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

/// What a block of body text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading; level 1 is the most important.
    Heading {
        level: u8,
    },
    Paragraph,
    ListItem,
    /// One row of a table, cells joined with `" | "`.
    TableRow,
    /// A horizontal rule or a `____` separator line; its text is empty.
    Rule,
}

/// One block of body text, in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    #[serde(flatten)]
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Block {
        Block {
            kind,
            text: text.into(),
        }
    }
}

/// The text of one file, split into blocks, with the title, metadata and
/// page furniture the file carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedFile {
    pub format: Format,
    /// The declared title: HTML `<title>`, DOCX core title, PDF Info title,
    /// or the first Markdown level-1 heading.
    pub title: Option<String>,
    /// HTML `<meta name/property>`, DOCX core properties, PDF Info entries;
    /// keys are lowercase.
    pub meta: BTreeMap<String, String>,
    /// Lines kept out of the body as page furniture: running headers,
    /// footers, job numbers, page numbers, DOCX header and footer text.
    pub furniture: Vec<String>,
    pub blocks: Vec<Block>,
    /// Things that went wrong without making the file unreadable.
    pub warnings: Vec<String>,
}

impl ParsedFile {
    fn new(format: Format) -> ParsedFile {
        ParsedFile {
            format,
            title: None,
            meta: BTreeMap::new(),
            furniture: Vec::new(),
            blocks: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The body text: blocks joined by blank lines, a rule written as `----`.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (index, block) in self.blocks.iter().enumerate() {
            if index > 0 {
                text.push_str("\n\n");
            }
            match block.kind {
                BlockKind::Rule => text.push_str("----"),
                _ => text.push_str(&block.text),
            }
        }
        text
    }

    /// Records a furniture line once, in the order first seen.
    fn add_furniture(&mut self, line: &str) {
        let line = line.trim();
        if !line.is_empty() && !self.furniture.iter().any(|seen| seen == line) {
            self.furniture.push(line.to_string());
        }
    }

    /// Keeps at most `limits.max_blocks` blocks and `limits.max_text_bytes` of their
    /// text, the rest left out with a warning that says how much was read.
    fn bound_body(&mut self, limits: &ParseLimits) {
        let blocks = self.blocks.len();
        if blocks > limits.max_blocks {
            self.blocks.truncate(limits.max_blocks);
            self.blocks.shrink_to_fit();
            self.warnings.push(format!(
                "the body has {blocks} blocks (paragraphs, headings, table rows): only the first {} are read",
                limits.max_blocks
            ));
        }
        let mut kept = 0usize;
        let over = self.blocks.iter().position(|block| {
            if block.text.len() > limits.max_text_bytes - kept {
                return true;
            }
            kept += block.text.len();
            false
        });
        let Some(index) = over else {
            return;
        };
        let block = &mut self.blocks[index];
        let mut end = limits.max_text_bytes - kept;
        while !block.text.is_char_boundary(end) {
            end -= 1;
        }
        block.text.truncate(end);
        block.text.shrink_to_fit();
        let keep = if end == 0 { index } else { index + 1 };
        self.blocks.truncate(keep);
        self.blocks.shrink_to_fit();
        let size = match limits.max_text_bytes {
            bytes if bytes % (1 << 20) == 0 => format!("{} MiB", bytes >> 20),
            bytes => format!("{bytes} bytes"),
        };
        self.warnings.push(format!(
            "the body's text is over {size}: only the first {size} are read"
        ));
    }

    /// Refuses a file that yielded no body text.
    fn non_empty(self) -> Result<ParsedFile, ParseError> {
        let has_text = self
            .blocks
            .iter()
            .any(|block| !block.text.trim().is_empty());
        if has_text {
            Ok(self)
        } else {
            Err(ParseError::Empty)
        }
    }
}

/// Size limits that keep a hostile or huge file from exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseLimits {
    /// Largest file read at all.
    pub max_file_bytes: u64,
    /// Largest total of decompressed data (zip entries, PDF streams) read
    /// from one file.
    pub max_uncompressed_bytes: u64,
    /// Largest PDF stream once inflated (a page's content streams count
    /// together), checked as it inflates: a stream of zeros inflating to a
    /// gigabyte is refused after this many bytes, not after the whole budget
    /// of the file.
    pub max_stream_bytes: u64,
    /// Longest line of a JSON Lines file: a longer line is left out, read
    /// past without being held.
    pub max_line_bytes: u64,
    /// How many times its compressed size a compressed JSON Lines file may
    /// decompress to, when that is more than `max_uncompressed_bytes`.
    pub max_expansion: u64,
    /// Most body text kept from one document file: what follows is left out
    /// with a warning. Each byte of text costs several more once split into
    /// paragraphs, read for languages and topics, and indexed.
    pub max_text_bytes: usize,
    /// Most blocks (paragraphs, headings, table rows) kept from one document
    /// file, likewise: a small file of empty paragraphs may hold millions.
    pub max_blocks: usize,
    /// Largest HTML page read: its whole tree is built before its body is
    /// bounded, and a page dense in tags takes some fifty times its size.
    pub max_html_bytes: u64,
}

impl Default for ParseLimits {
    fn default() -> ParseLimits {
        ParseLimits {
            max_file_bytes: 256 * 1024 * 1024,
            max_uncompressed_bytes: 512 * 1024 * 1024,
            // Page content streams of real statements are kilobytes; the
            // largest in the bundled and shared corpora is under 1 MiB.
            max_stream_bytes: 64 * 1024 * 1024,
            // A record's text is a document: the longest UN statement is
            // about 1 MB of text.
            max_line_bytes: 16 * 1024 * 1024,
            // Text and JSON compress 3–20 times; a bomb of zeros 1,000 times
            // with gzip and more with zstd.
            max_expansion: 100,
            // The longest UN statement is about 1 MB of text in a few thousand
            // paragraphs; a 500-page report, some 10,000.
            max_text_bytes: 64 * 1024 * 1024,
            max_blocks: 100_000,
            // A UN or NGO web page is well under a megabyte.
            max_html_bytes: 16 * 1024 * 1024,
        }
    }
}

impl ParseLimits {
    /// The most bytes a compressed file of `compressed_bytes` may
    /// decompress to: `max_expansion` times its size, and at least
    /// `max_uncompressed_bytes`.
    pub fn max_decompressed_bytes(&self, compressed_bytes: u64) -> u64 {
        compressed_bytes
            .saturating_mul(self.max_expansion)
            .max(self.max_uncompressed_bytes)
    }
}

/// Reads and parses one file, choosing the format from its extension.
///
/// A file over `limits.max_file_bytes` is refused from its metadata, before
/// it is read. Errors name the path.
pub fn parse_file(path: &Path, limits: &ParseLimits) -> Result<ParsedFile, ParseError> {
    parse_file_inner(path, limits).map_err(|error| error.in_file(path))
}

fn parse_file_inner(path: &Path, limits: &ParseLimits) -> Result<ParsedFile, ParseError> {
    let format = Format::from_path(path).ok_or_else(|| ParseError::Unsupported {
        reason: format!(
            "the file extension is not one of {}",
            Format::all_extensions()
        ),
    })?;
    let bytes = read_bounded(path, limits.max_file_bytes)?;
    parse_bytes(format, &bytes, limits)
}

/// Reads a whole file, refusing it without reading when it is over `limit`.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ParseError> {
    let file = File::open(path)?;
    let declared_size = file.metadata()?.len();
    if declared_size > limit {
        return Err(ParseError::TooLarge {
            size: declared_size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared_size).unwrap_or(0));
    // The file may grow between stat and read: never read past the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ParseError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Parses the bytes of a file whose format is already known.
///
/// For [`Format::JsonLines`] the body is the `text` of each record, one
/// paragraph per record; use [`read_jsonl`] to keep the records apart.
pub fn parse_bytes(
    format: Format,
    bytes: &[u8],
    limits: &ParseLimits,
) -> Result<ParsedFile, ParseError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ParseError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    if bytes.iter().all(|byte| byte.is_ascii_whitespace()) {
        return Err(ParseError::Empty);
    }
    // A file named as text that is a PDF or a DOCX (a zip) is read as what it is: its
    // bytes as text would index the binary.
    let (format, named_otherwise) = match format {
        Format::Html | Format::Text | Format::Markdown if bytes.starts_with(b"%PDF-") => {
            (Format::Pdf, Some(format))
        }
        Format::Html | Format::Text | Format::Markdown if bytes.starts_with(b"PK\x03\x04") => {
            (Format::Docx, Some(format))
        }
        _ => (format, None),
    };
    if format == Format::Html && bytes.len() as u64 > limits.max_html_bytes {
        return Err(ParseError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_html_bytes,
        });
    }
    let mut parsed = match format {
        Format::Pdf => pdf::parse_pdf(bytes, limits)?,
        Format::Docx => docx::parse_docx(bytes, limits)?,
        Format::Html => html::parse_html(bytes)?,
        Format::Text => text::parse_text(bytes)?,
        Format::Markdown => markdown::parse_markdown(bytes)?,
        Format::JsonLines => jsonl::parse_jsonl_bytes(bytes, limits)?,
        Format::Csv => csv::parse_csv_bytes(bytes)?,
    };
    if let Some(named) = named_otherwise {
        parsed.warnings.push(format!(
            "the file is a {} named as {}: read as a {}",
            format.name(),
            named.name(),
            format.name()
        ));
    }
    let mut parsed = parsed.non_empty()?;
    // A record file's records are bounded one by one (`max_line_bytes`).
    if !matches!(format, Format::JsonLines | Format::Csv) {
        parsed.bound_body(limits);
    }
    Ok(parsed)
}

/// Extracts the body text of a PDF held in memory, for benchmarks: the same
/// work as [`parse_bytes`] with [`Format::Pdf`].
pub fn extract_pdf_text(bytes: &[u8]) -> Result<String, ParseError> {
    Ok(parse_bytes(Format::Pdf, bytes, &ParseLimits::default())?.text())
}
