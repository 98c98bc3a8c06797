//! CSV bulk input: a header row naming the fields, then one document per row (a
//! spreadsheet of recommendations, a table of speeches).

use std::io::Read;

use crate::error::ParseError;
use crate::mapping::{BulkRecord, FieldMap, FieldValue};
use crate::{Block, BlockKind, Format, ParsedFile};

/// Streams the rows of a CSV input as records, their fields mapped as `map` says. The
/// first row names the fields. A bad row yields an `Err` naming its row number and
/// iteration goes on; an I/O error ends it after it is yielded.
pub fn read_csv<R: Read>(
    reader: R,
    map: FieldMap,
) -> impl Iterator<Item = Result<BulkRecord, ParseError>> {
    let reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(reader);
    CsvRecords {
        map,
        reader,
        headers: None,
        row: 0,
        finished: false,
        buffer: csv::ByteRecord::new(),
    }
}

struct CsvRecords<R> {
    map: FieldMap,
    reader: csv::Reader<R>,
    headers: Option<Vec<String>>,
    /// Data rows read so far (the header row not counted).
    row: u64,
    finished: bool,
    buffer: csv::ByteRecord,
}

impl<R: Read> Iterator for CsvRecords<R> {
    type Item = Result<BulkRecord, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.finished {
                return None;
            }
            match self.reader.read_byte_record(&mut self.buffer) {
                Ok(false) => {
                    self.finished = true;
                    return None;
                }
                Ok(true) => {}
                Err(error) => {
                    // A failed read stops the file, with the I/O error itself (csv hands
                    // it back whole).
                    if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                        self.finished = true;
                        return Some(Err(ParseError::Io(error.into())));
                    }
                    self.row += 1;
                    return Some(Err(ParseError::BadJsonLine {
                        line: self.row,
                        reason: format!("bad csv row: {error}"),
                    }));
                }
            }
            let Some(headers) = &self.headers else {
                let headers = self
                    .buffer
                    .iter()
                    .enumerate()
                    .map(|(position, name)| {
                        let name = String::from_utf8_lossy(name);
                        let name = name.trim_start_matches('\u{feff}').trim();
                        if name.is_empty() {
                            format!("column {}", position + 1)
                        } else {
                            name.to_string()
                        }
                    })
                    .collect();
                self.headers = Some(headers);
                continue;
            };
            self.row += 1;
            if self.buffer.iter().all(|cell| cell.trim_ascii().is_empty()) {
                continue;
            }
            let mut fields = Vec::with_capacity(headers.len());
            for (position, cell) in self.buffer.iter().enumerate() {
                let Ok(cell) = std::str::from_utf8(cell) else {
                    return Some(Err(ParseError::BadJsonLine {
                        line: self.row,
                        reason: format!("invalid utf-8 in column {}", position + 1),
                    }));
                };
                let name = headers
                    .get(position)
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", position + 1));
                let value = (!cell.trim().is_empty()).then(|| FieldValue::Text(cell.to_string()));
                fields.push((name, value));
            }
            return Some(self.map.record(fields, self.row));
        }
    }
}

/// A CSV file read as one document: each row's title and text become blocks, and a
/// row without text (a table of data) a table row of its cells.
pub(crate) fn parse_csv_bytes(bytes: &[u8]) -> Result<ParsedFile, ParseError> {
    let mut parsed = ParsedFile::new(Format::Csv);
    let map = FieldMap::default();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(bytes);
    let mut headers: Option<Vec<String>> = None;
    for (row, cells) in reader.records().enumerate() {
        let cells = match cells {
            Ok(cells) => cells,
            Err(error) => {
                parsed.warnings.push(format!("row {row}: {error}"));
                continue;
            }
        };
        let Some(names) = &headers else {
            headers = Some(
                cells
                    .iter()
                    .map(|name| name.trim_start_matches('\u{feff}').trim().to_string())
                    .collect(),
            );
            continue;
        };
        let fields = cells
            .iter()
            .enumerate()
            .map(|(position, cell)| {
                let name = names
                    .get(position)
                    .cloned()
                    .unwrap_or_else(|| format!("column {}", position + 1));
                let value = (!cell.trim().is_empty()).then(|| FieldValue::Text(cell.to_string()));
                (name, value)
            })
            .collect();
        match map.record(fields, row as u64) {
            Ok(record) => {
                if let Some(title) = record.title {
                    parsed
                        .blocks
                        .push(Block::new(BlockKind::Heading { level: 1 }, title));
                }
                parsed
                    .blocks
                    .push(Block::new(BlockKind::Paragraph, record.text.trim()));
            }
            Err(_) => {
                let row_text: Vec<&str> = cells
                    .iter()
                    .map(str::trim)
                    .filter(|cell| !cell.is_empty())
                    .collect();
                if !row_text.is_empty() {
                    parsed
                        .blocks
                        .push(Block::new(BlockKind::TableRow, row_text.join(" | ")));
                }
            }
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_records_with_their_fields_mapped() {
        let input = "\u{feff}rec_id,To,Text,From,Response,Issue,Session\n\
            upr000004,Afghanistan,Submit its delayed reports to the Committee against Torture.,Czech Republic,Accepted,\"Torture and other CID treatment,Treaty bodies\",5\n\
            \n\
            upr000005,Afghanistan,,Austria,Noted,,5\n\
            upr000006,Afghanistan,\"Ratify the Optional Protocol,\nplease.\",France\n";
        let records: Vec<_> = read_csv(input.as_bytes(), FieldMap::default()).collect();
        assert_eq!(records.len(), 3, "{records:?}");
        let first = records[0].as_ref().expect("a good row");
        assert_eq!(first.id.as_deref(), Some("upr000004"));
        assert_eq!(first.country.as_deref(), Some("Czech Republic"));
        assert_eq!(first.recipient.as_deref(), Some("Afghanistan"));
        assert_eq!(first.session.as_deref(), Some("5"));
        assert_eq!(
            first.tags,
            vec!["Torture and other CID treatment", "Treaty bodies"]
        );
        assert_eq!(
            first.fields.get("Response").map(String::as_str),
            Some("Accepted")
        );
        assert_eq!(first.line, 1);
        // A row without text is an error naming its row; the next row is read.
        let error = records[1].as_ref().expect_err("no text");
        assert!(error.to_string().contains("line 2"), "{error}");
        let last = records[2].as_ref().expect("a short row");
        assert_eq!(last.text, "Ratify the Optional Protocol,\nplease.");
        assert_eq!(last.session, None);
    }

    #[test]
    fn a_table_without_text_is_read_as_table_rows() {
        let input = "Year,Session,ISO Code,Country\n2024,79,BRA,Brazil \n";
        let parsed = crate::parse_bytes(Format::Csv, input.as_bytes(), &Default::default())
            .expect("a table is read");
        assert_eq!(parsed.blocks.len(), 1);
        assert_eq!(parsed.blocks[0].kind, BlockKind::TableRow);
        assert_eq!(parsed.blocks[0].text, "2024 | 79 | BRA | Brazil");
        let speeches = "id,text\n1,A speech.\n";
        let parsed = crate::parse_bytes(Format::Csv, speeches.as_bytes(), &Default::default())
            .expect("a table of texts is read");
        assert_eq!(parsed.text(), "A speech.");
    }

    #[test]
    fn bad_bytes_cost_their_row_only() {
        let mut input = b"id,text\n1,first\n2,bad \xff byte\n3,third\n".to_vec();
        input.extend_from_slice(b"4,\"unclosed\n");
        let records: Vec<_> = read_csv(&input[..], FieldMap::default()).collect();
        let texts: Vec<String> = records
            .iter()
            .filter_map(|record| record.as_ref().ok().map(|record| record.text.clone()))
            .collect();
        assert_eq!(texts[..2], ["first".to_string(), "third".to_string()]);
        let error = records[1].as_ref().expect_err("invalid utf-8");
        assert!(error.to_string().contains("line 2"), "{error}");
    }
}
