//! JSON Lines bulk input: one document per line.

use std::io::BufRead;

use crate::error::ParseError;
use crate::mapping::{BulkRecord, FieldMap, FieldValue};
use crate::{Block, BlockKind, Format, ParseLimits, ParsedFile};

/// One document of a JSON Lines bulk export (the fields mapped as [`FieldMap`] says).
pub type JsonlRecord = BulkRecord;

/// A JSON value as a record's field value; `null` is no value.
fn field_value(value: serde_json::Value) -> Option<FieldValue> {
    use serde_json::Value;
    match value {
        Value::Null => None,
        Value::String(text) => Some(FieldValue::Text(text)),
        Value::Number(number) => Some(FieldValue::Text(number.to_string())),
        Value::Bool(flag) => Some(FieldValue::Text(flag.to_string())),
        Value::Array(items)
            if items
                .iter()
                .all(|item| item.is_string() || item.is_number()) =>
        {
            Some(FieldValue::List(
                items
                    .into_iter()
                    .map(|item| match item {
                        Value::String(text) => text,
                        other => other.to_string(),
                    })
                    .collect(),
            ))
        }
        other => Some(FieldValue::Json(other.to_string())),
    }
}

/// Streams the records of a JSON Lines input. Blank lines are skipped; a
/// bad line yields an `Err` naming its line number and iteration goes on
/// with the next line. An I/O error ends the iteration after it is yielded.
pub fn read_jsonl<R: BufRead>(reader: R) -> impl Iterator<Item = Result<JsonlRecord, ParseError>> {
    read_jsonl_with_limits(reader, &ParseLimits::default())
}

/// [`read_jsonl`] with the longest line taken from `limits`: a longer line
/// is an `Err` naming its line number and the limit, read past without
/// being held in memory.
pub fn read_jsonl_with_limits<R: BufRead>(
    reader: R,
    limits: &ParseLimits,
) -> impl Iterator<Item = Result<JsonlRecord, ParseError>> + use<R> {
    read_jsonl_mapped(reader, FieldMap::default(), limits)
}

/// Streams the records of a JSON Lines input, their fields mapped as `map` says and
/// no line held past the limit of `limits`.
pub fn read_jsonl_mapped<R: BufRead>(
    reader: R,
    map: FieldMap,
    limits: &ParseLimits,
) -> impl Iterator<Item = Result<JsonlRecord, ParseError>> + use<R> {
    JsonlRecords {
        map,
        reader,
        line_number: 0,
        finished: false,
        buffer: Vec::new(),
        max_line_bytes: usize::try_from(limits.max_line_bytes).unwrap_or(usize::MAX),
    }
}

struct JsonlRecords<R> {
    map: FieldMap,
    reader: R,
    line_number: u64,
    finished: bool,
    buffer: Vec<u8>,
    max_line_bytes: usize,
}

/// How reading one line ended.
enum LineRead {
    /// The line, or the last bytes of the input, is in the buffer.
    Read,
    /// The input ended before any byte.
    End,
    /// The line was longer than the limit and was read past.
    TooLong,
}

impl<R: BufRead> JsonlRecords<R> {
    /// Reads the next line into the buffer, holding at most the limit: the
    /// rest of a longer line is read and dropped.
    fn read_line(&mut self) -> std::io::Result<LineRead> {
        self.buffer.clear();
        let mut too_long = false;
        let mut read_any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                break;
            }
            read_any = true;
            let (chunk, ends_line) = match available.iter().position(|&byte| byte == b'\n') {
                Some(end) => (&available[..=end], true),
                None => (available, false),
            };
            let taken = chunk.len();
            if !too_long {
                if self.buffer.len() + taken > self.max_line_bytes.saturating_add(1) {
                    too_long = true;
                    self.buffer = Vec::new();
                } else {
                    self.buffer.extend_from_slice(chunk);
                }
            }
            self.reader.consume(taken);
            if ends_line {
                break;
            }
        }
        Ok(match (read_any, too_long) {
            (false, _) => LineRead::End,
            (true, true) => LineRead::TooLong,
            (true, false) => LineRead::Read,
        })
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<JsonlRecord, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.finished {
                return None;
            }
            let read = self.read_line();
            if !matches!(read, Ok(LineRead::End)) {
                self.line_number += 1;
            }
            match read {
                Ok(LineRead::End) => {
                    self.finished = true;
                    return None;
                }
                Ok(LineRead::Read) => {}
                Ok(LineRead::TooLong) => {
                    return Some(Err(ParseError::BadJsonLine {
                        line: self.line_number,
                        reason: format!(
                            "the line is longer than the limit of {} bytes",
                            self.max_line_bytes
                        ),
                    }));
                }
                Err(error) => {
                    self.finished = true;
                    return Some(Err(ParseError::Io(error)));
                }
            }
            let line = self
                .buffer
                .strip_prefix(b"\xef\xbb\xbf")
                .unwrap_or(&self.buffer);
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(parse_record(&self.map, line, self.line_number));
        }
    }
}

fn parse_record(map: &FieldMap, line: &[u8], line_number: u64) -> Result<JsonlRecord, ParseError> {
    let bad_line = |reason: String| ParseError::BadJsonLine {
        line: line_number,
        reason,
    };
    let text =
        std::str::from_utf8(line).map_err(|error| bad_line(format!("invalid utf-8: {error}")))?;
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|error| bad_line(format!("invalid json: {error}")))?;
    let fields = object
        .into_iter()
        .map(|(name, value)| (name, field_value(value)))
        .collect();
    map.record(fields, line_number)
}

/// A JSON Lines file read as one document: each record's title and text
/// become blocks; bad lines become warnings.
pub(crate) fn parse_jsonl_bytes(
    bytes: &[u8],
    limits: &ParseLimits,
) -> Result<ParsedFile, ParseError> {
    let mut parsed = ParsedFile::new(Format::JsonLines);
    for record in read_jsonl_with_limits(bytes, limits) {
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
