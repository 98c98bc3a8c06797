//! JSON Lines bulk input: one document per line.

use std::io::BufRead;

use serde::Deserialize;

use crate::error::ParseError;
use crate::{Block, BlockKind, Format, ParsedFile};

/// One document of a JSON Lines bulk export. Only `text` is required;
/// unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlRecord {
    pub id: Option<String>,
    pub symbol: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub date: Option<String>,
    pub organization: Option<String>,
    pub forum: Option<String>,
    /// The session, whether the input gave it as a string or a number.
    pub session: Option<String>,
    pub doc_type: Option<String>,
    pub language: Option<String>,
    pub topics: Option<Vec<String>>,
    /// The 1-based line number of the record in the input.
    pub line: u64,
}

/// A string or a number in the input, kept as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum StringOrNumber {
    String(String),
    Number(serde_json::Number),
}

impl StringOrNumber {
    fn into_string(self) -> String {
        match self {
            StringOrNumber::String(text) => text,
            StringOrNumber::Number(number) => number.to_string(),
        }
    }
}

#[derive(Deserialize)]
struct RawRecord {
    id: Option<StringOrNumber>,
    symbol: Option<String>,
    title: Option<String>,
    text: Option<String>,
    date: Option<String>,
    organization: Option<String>,
    forum: Option<String>,
    session: Option<StringOrNumber>,
    doc_type: Option<String>,
    language: Option<String>,
    topics: Option<Vec<String>>,
}

/// Streams the records of a JSON Lines input. Blank lines are skipped; a
/// bad line yields an `Err` naming its line number and iteration goes on
/// with the next line. An I/O error ends the iteration after it is yielded.
pub fn read_jsonl<R: BufRead>(reader: R) -> impl Iterator<Item = Result<JsonlRecord, ParseError>> {
    JsonlRecords {
        reader,
        line_number: 0,
        finished: false,
        buffer: Vec::new(),
    }
}

struct JsonlRecords<R> {
    reader: R,
    line_number: u64,
    finished: bool,
    buffer: Vec<u8>,
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<JsonlRecord, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.finished {
                return None;
            }
            self.buffer.clear();
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => {
                    self.finished = true;
                    return None;
                }
                Ok(_) => {}
                Err(error) => {
                    self.finished = true;
                    return Some(Err(ParseError::Io(error)));
                }
            }
            self.line_number += 1;
            let line = self
                .buffer
                .strip_prefix(b"\xef\xbb\xbf")
                .unwrap_or(&self.buffer);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_record(line, self.line_number));
        }
    }
}

fn parse_record(line: &[u8], line_number: u64) -> Result<JsonlRecord, ParseError> {
    let bad_line = |reason: String| ParseError::BadJsonLine {
        line: line_number,
        reason,
    };
    let text =
        std::str::from_utf8(line).map_err(|error| bad_line(format!("invalid utf-8: {error}")))?;
    let raw: RawRecord =
        serde_json::from_str(text).map_err(|error| bad_line(format!("invalid json: {error}")))?;
    let text = raw
        .text
        .ok_or_else(|| bad_line("missing the required field \"text\"".to_string()))?;
    Ok(JsonlRecord {
        id: raw.id.map(StringOrNumber::into_string),
        symbol: raw.symbol,
        title: raw.title,
        text,
        date: raw.date,
        organization: raw.organization,
        forum: raw.forum,
        session: raw.session.map(StringOrNumber::into_string),
        doc_type: raw.doc_type,
        language: raw.language,
        topics: raw.topics,
        line: line_number,
    })
}

/// A JSON Lines file read as one document: each record's title and text
/// become blocks; bad lines become warnings.
pub(crate) fn parse_jsonl_bytes(bytes: &[u8]) -> Result<ParsedFile, ParseError> {
    let mut parsed = ParsedFile::new(Format::JsonLines);
    for record in read_jsonl(bytes) {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                parsed.warnings.push(error.to_string());
                continue;
            }
        };
        if let Some(title) = record.title {
            parsed
                .blocks
                .push(Block::new(BlockKind::Heading { level: 1 }, title));
        }
        for paragraph in record.text.split("\n\n") {
            let paragraph = paragraph.trim();
            if !paragraph.is_empty() {
                parsed
                    .blocks
                    .push(Block::new(BlockKind::Paragraph, paragraph));
            }
        }
    }
    Ok(parsed)
}
