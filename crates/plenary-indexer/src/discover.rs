//! Finds the files to index under the paths a user gives.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use plenary_parse::Format;
use walkdir::WalkDir;

use crate::IndexError;
use crate::pipeline::SkippedFile;

/// How a bulk input file is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
}

/// A file found under one of the input paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredFile {
    /// Absolute, canonical path: the file's identity in the manifest and the index.
    pub path: PathBuf,
    pub format: Format,
    /// Set for compressed bulk files (`.jsonl.gz`, `.csv.zst`, ...), read as a stream.
    pub compression: Option<Compression>,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when the platform has none).
    pub modified_ns: u128,
}

/// Walks files and folders, keeping the files of a supported format, sorted by path.
/// Unreadable entries and files of another format inside a folder are reported, not
/// fatal (hidden files, such as `.DS_Store`, are left alone); an input path that does
/// not exist is an error.
pub fn discover(paths: &[PathBuf]) -> Result<(Vec<DiscoveredFile>, Vec<SkippedFile>), IndexError> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in paths {
        let root = root.canonicalize().map_err(|source| IndexError::Input {
            path: root.clone(),
            source,
        })?;
        for entry in WalkDir::new(&root).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    skipped.push(SkippedFile::new(&path, format!("cannot read: {error}")));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let is_hidden = entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.starts_with('.'));
            if is_hidden {
                continue;
            }
            let Some((format, compression)) = format_of(entry.path()) else {
                skipped.push(SkippedFile::new(
                    entry.path(),
                    unsupported_reason(entry.path()),
                ));
                continue;
            };
            match entry.metadata() {
                Ok(metadata) => files.push(DiscoveredFile {
                    path: entry.path().to_path_buf(),
                    format,
                    compression,
                    size: metadata.len(),
                    modified_ns: metadata
                        .modified()
                        .ok()
                        .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
                        .map(|duration| duration.as_nanos())
                        .unwrap_or_default(),
                }),
                Err(error) => skipped.push(SkippedFile::new(
                    entry.path(),
                    format!("cannot read: {error}"),
                )),
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    Ok((files, skipped))
}

/// Why a file of no supported format is not indexed.
fn unsupported_reason(path: &Path) -> String {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let kind = match name.rsplit_once('.') {
        Some((_, extension)) => format!("a .{extension} file"),
        None => "a file without an extension".to_string(),
    };
    format!(
        "unsupported format: {kind} (indexed are pdf, docx, html, txt, md, jsonl and csv, the last two also as .gz or .zst)"
    )
}

/// The format of a file by its name: the parse crate's formats, plus the bulk formats
/// (JSON Lines, CSV) compressed with gzip or zstd (bulk exports often come that way).
pub fn format_of(path: &Path) -> Option<(Format, Option<Compression>)> {
    if let Some(format) = Format::from_path(path) {
        return Some((format, None));
    }
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (stem, compression) = if let Some(stem) = name.strip_suffix(".gz") {
        (stem, Compression::Gzip)
    } else if let Some(stem) = name.strip_suffix(".zst") {
        (stem, Compression::Zstd)
    } else {
        return None;
    };
    let inner = Format::from_path(Path::new(stem))?;
    is_bulk(inner).then_some((inner, Some(compression)))
}

/// True for the formats read as a stream of records (JSON Lines, CSV).
pub fn is_bulk(format: Format) -> bool {
    matches!(format, Format::JsonLines | Format::Csv)
}

/// Opens a bulk file (JSON Lines, CSV) for streaming, decompressing it if needed.
pub fn open_json_lines(
    path: &Path,
    compression: Option<Compression>,
) -> std::io::Result<Box<dyn std::io::Read + Send>> {
    let file = std::fs::File::open(path)?;
    Ok(match compression {
        None => Box::new(file),
        Some(Compression::Gzip) => Box::new(flate2::read::MultiGzDecoder::new(
            std::io::BufReader::new(file),
        )),
        Some(Compression::Zstd) => Box::new(zstd::stream::read::Decoder::new(file)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_json_lines_are_recognised() {
        let check = |name: &str, expected: Option<(Format, Option<Compression>)>| {
            assert_eq!(format_of(Path::new(name)), expected, "{name}");
        };
        check(
            "a/speeches.jsonl.zst",
            Some((Format::JsonLines, Some(Compression::Zstd))),
        );
        check(
            "docs.JSONL.gz",
            Some((Format::JsonLines, Some(Compression::Gzip))),
        );
        check("docs.jsonl", Some((Format::JsonLines, None)));
        check("statement.pdf", Some((Format::Pdf, None)));
        check("statement.txt.gz", None);
        check(
            "upr/recommendations.csv.gz",
            Some((Format::Csv, Some(Compression::Gzip))),
        );
        check("table.CSV", Some((Format::Csv, None)));
        check("minutes.xlsx", None);
    }

    #[test]
    fn files_of_another_format_are_reported_with_their_reason() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.xlsx", "README", ".DS_Store", "c.csv"] {
            std::fs::write(dir.path().join(name), "text").unwrap();
        }
        let (files, skipped) = discover(&[dir.path().to_path_buf()]).unwrap();
        let found: Vec<String> = files
            .iter()
            .map(|file| {
                file.path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(found, ["a.txt", "c.csv"]);
        let reasons: Vec<(String, String)> = skipped
            .iter()
            .map(|file| {
                let name = Path::new(&file.path).file_name().unwrap();
                (name.to_string_lossy().into_owned(), file.reason.clone())
            })
            .collect();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert_eq!(reasons[0].0, "README");
        assert!(reasons[0].1.contains("without an extension"), "{reasons:?}");
        assert_eq!(reasons[1].0, "b.xlsx");
        assert!(
            reasons[1].1.contains("unsupported format: a .xlsx file"),
            "{reasons:?}"
        );
    }

    #[test]
    fn compressed_json_lines_stream_back() {
        use std::io::{Read, Write};
        let dir = tempfile::tempdir().unwrap();
        let line = b"{\"text\": \"a statement\"}\n";
        let gz_path = dir.path().join("a.jsonl.gz");
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz_path).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(line).unwrap();
        gz.finish().unwrap();
        let zst_path = dir.path().join("a.jsonl.zst");
        std::fs::write(&zst_path, zstd::encode_all(&line[..], 3).unwrap()).unwrap();
        for (path, compression) in [(gz_path, Compression::Gzip), (zst_path, Compression::Zstd)] {
            let mut text = Vec::new();
            open_json_lines(&path, Some(compression))
                .unwrap()
                .read_to_end(&mut text)
                .unwrap();
            assert_eq!(text, line);
        }
    }
}
