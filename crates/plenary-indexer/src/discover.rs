//! Finds the files to index under the paths a user gives.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::UNIX_EPOCH;

use plenary_parse::{BulkRecord, FieldMap, Format, ParseError, ParseLimits};
use walkdir::WalkDir;

use crate::IndexError;

/// A file that could not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

impl SkippedFile {
    pub fn new(path: &Path, reason: impl Into<String>) -> SkippedFile {
        SkippedFile {
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }
}

/// A value of the input the run read but could not use where it stood: the document was
/// indexed without it (a record's forum that names no forum, a date that is not one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputWarning {
    pub path: String,
    /// The line (or row) of the record in a bulk file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The field the value was stated for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub reason: String,
}

impl InputWarning {
    /// A warning about the whole file, not one of its values.
    pub fn about_file(path: &Path, reason: impl Into<String>) -> InputWarning {
        InputWarning {
            path: path.display().to_string(),
            line: None,
            field: None,
            value: None,
            reason: reason.into(),
        }
    }

    /// A value of the record at `line` of `path` that its field cannot take.
    pub fn unread_value(
        path: &Path,
        line: u64,
        unread: &plenary_enrich::UnreadValue,
    ) -> InputWarning {
        InputWarning {
            path: path.display().to_string(),
            line: Some(line),
            field: Some(unread.field.to_string()),
            value: Some(unread.value.clone()),
            reason: format!("line {line}: {unread}"),
        }
    }
}

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
    /// A named pipe given as an input path: streamed as it comes, read again on every run
    /// (its size and time say nothing of what it will hold).
    pub pipe: bool,
}

/// How discovery treats what it meets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiscoverOptions {
    /// Follow symbolic links wherever they point. Without it, a link is never
    /// followed: what it points to inside the given paths is found there under
    /// its own path, and a link pointing outside them is reported and skipped,
    /// so a link to `/etc/passwd` in a shared folder is not made searchable.
    pub follow_symlinks: bool,
}

/// Walks files and folders, keeping the files of a supported format, sorted by path.
/// Unreadable entries inside a folder, files of another format, links out of the given
/// paths and names that are not UTF-8 are reported, not fatal (hidden files, such as
/// `.DS_Store`, are left alone). An input path that does not exist is reported too, and
/// the others are walked; it is an error only when no input path exists.
pub fn discover(
    paths: &[PathBuf],
    options: &DiscoverOptions,
) -> Result<(Vec<DiscoveredFile>, Vec<SkippedFile>), IndexError> {
    let mut roots = Vec::with_capacity(paths.len());
    let mut skipped = Vec::new();
    let mut first_missing = None;
    for root in paths {
        match root.canonicalize() {
            Ok(canonical) => roots.push(canonical),
            Err(source) => {
                skipped.push(SkippedFile::new(root, format!("cannot read: {source}")));
                first_missing.get_or_insert(IndexError::Input {
                    path: root.clone(),
                    source,
                });
            }
        }
    }
    if roots.is_empty()
        && let Some(error) = first_missing
    {
        return Err(error);
    }
    let mut files = Vec::new();
    for root in &roots {
        let walk = WalkDir::new(root)
            .follow_links(options.follow_symlinks)
            .sort_by_file_name();
        for entry in walk {
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
            if entry.path_is_symlink() && !options.follow_symlinks {
                if let Some(reason) = unfollowed_link_reason(entry.path(), &roots) {
                    skipped.push(SkippedFile::new(entry.path(), reason));
                }
                continue;
            }
            if entry.file_type().is_dir() {
                continue;
            }
            let is_hidden = entry.file_name().as_encoded_bytes().starts_with(b".");
            if is_hidden {
                continue;
            }
            // A named pipe is read when named as an input path (a stream a program writes);
            // one met inside a folder could block the run for ever. Sockets and devices are
            // never read. Neither is passed over in silence.
            let pipe = is_named_pipe(&entry.file_type()) && entry.depth() == 0;
            if !entry.file_type().is_file() && !pipe {
                skipped.push(SkippedFile::new(
                    entry.path(),
                    "not a regular file (a named pipe inside a folder, a socket or a device): name a named pipe as an input path to read it",
                ));
                continue;
            }
            // The manifest and the index know a file by its path as text: a name of
            // other bytes could not be recorded, and two such names could read alike.
            if entry.path().to_str().is_none() {
                skipped.push(SkippedFile::new(
                    entry.path(),
                    "the path is not valid UTF-8 (the bytes that are not are shown as \u{fffd}): rename the file to index it",
                ));
                continue;
            }
            // A folder's README or licence describes the files, it is not one of them: a
            // brief must not quote it as what civil society said.
            if let Some(kind) = folder_note_kind(entry.path()) {
                skipped.push(SkippedFile::new(
                    entry.path(),
                    format!("not a document: the folder's {kind} file"),
                ));
                continue;
            }
            let Some((format, compression)) = format_of(entry.path()) else {
                skipped.push(SkippedFile::new(
                    entry.path(),
                    unsupported_reason(entry.path()),
                ));
                continue;
            };
            // Only a bulk format is streamed within its limits; another would be read whole.
            if pipe && !is_bulk(format) {
                skipped.push(SkippedFile::new(
                    entry.path(),
                    "a named pipe is read as JSON Lines or CSV only (name it .jsonl or .csv)",
                ));
                continue;
            }
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
                    pipe,
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

#[cfg(unix)]
fn is_named_pipe(file_type: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    file_type.is_fifo()
}

#[cfg(not(unix))]
fn is_named_pipe(_file_type: &std::fs::FileType) -> bool {
    false
}

/// Why a symbolic link that is not followed is reported, or `None` when it needs no
/// word: it points inside the given paths (what it points to is found there), or to
/// something that would not have been indexed anyway. A link that cannot be followed
/// (dangling, a loop) is always named, as a file that cannot be read is.
fn unfollowed_link_reason(link: &Path, roots: &[PathBuf]) -> Option<String> {
    let target = match link.canonicalize() {
        Ok(target) => target,
        Err(error) => return Some(format!("symbolic link that cannot be followed: {error}")),
    };
    if roots.iter().any(|root| target.starts_with(root)) {
        return None;
    }
    let worth_a_word = target.is_dir() || format_of(link).is_some();
    worth_a_word.then(|| {
        format!(
            "symbolic link to {}, outside the paths given: not followed (--follow-symlinks follows it)",
            target.display()
        )
    })
}

/// The kind of note about a folder a file is by its name (`README.md`, `LICENSE`,
/// `PROVENANCE.txt`, ...), whatever its extension.
fn folder_note_kind(path: &Path) -> Option<&'static str> {
    const NOTES: [&str; 10] = [
        "README",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "NOTICE",
        "CHANGELOG",
        "CONTRIBUTING",
        "AUTHORS",
        "PROVENANCE",
        "MANIFEST",
    ];
    let name = path.file_name()?.to_str()?;
    let stem = name.split('.').next()?.to_ascii_uppercase();
    NOTES.into_iter().find(|note| *note == stem)
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
    let bulk: Vec<&str> = Format::ALL
        .into_iter()
        .filter(|format| is_bulk(*format))
        .flat_map(|format| format.extensions())
        .copied()
        .collect();
    format!(
        "unsupported format: {kind} (indexed are {}; {} also as .gz or .zst)",
        Format::all_extensions(),
        bulk.join(", ")
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

/// The records of a bulk file as read from `reader` (already decompressed): CSV rows or
/// JSON Lines, their fields mapped as `map` says, no line held past the limit.
pub fn bulk_records<'a, R: std::io::BufRead + 'a>(
    format: Format,
    reader: R,
    map: FieldMap,
    limits: &ParseLimits,
) -> Box<dyn Iterator<Item = Result<BulkRecord, ParseError>> + 'a> {
    match format {
        Format::Csv => Box::new(plenary_parse::read_csv(reader, map)),
        _ => Box::new(plenary_parse::read_jsonl_mapped(reader, map, limits)),
    }
}

/// Opens a bulk file (JSON Lines, CSV) for streaming, decompressing it if needed. A
/// compressed file that decompresses past [`ParseLimits::max_decompressed_bytes`] of its size gives an
/// error of kind `InvalidData` once it does, as it is read.
pub fn open_json_lines(
    path: &Path,
    compression: Option<Compression>,
    limits: &ParseLimits,
) -> std::io::Result<Box<dyn std::io::Read + Send>> {
    open_json_lines_counted(path, compression, limits).map(|(reader, _)| reader)
}

/// [`open_json_lines`], with a count of the bytes read from the file as it is on disk
/// (compressed, if it is), which progress compares with the file's size.
pub fn open_json_lines_counted(
    path: &Path,
    compression: Option<Compression>,
    limits: &ParseLimits,
) -> std::io::Result<(Box<dyn std::io::Read + Send>, Arc<AtomicU64>)> {
    let opened = std::fs::File::open(path)?;
    let compressed_bytes = opened.metadata()?.len();
    let consumed = Arc::new(AtomicU64::new(0));
    let file = CountingReader {
        inner: opened,
        count: Arc::clone(&consumed),
    };
    let limit = limits.max_decompressed_bytes(compressed_bytes);
    let reason = format!(
        "decompresses past the limit of {limit} bytes for this file ({} times its compressed size, and {} bytes at least)",
        limits.max_expansion, limits.max_uncompressed_bytes
    );
    let reader: Box<dyn std::io::Read + Send> = match compression {
        None => Box::new(file),
        Some(Compression::Gzip) => Box::new(DecompressedLimit {
            inner: flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file)),
            left: limit,
            reason,
        }),
        Some(Compression::Zstd) => Box::new(DecompressedLimit {
            inner: zstd::stream::read::Decoder::new(file)?,
            left: limit,
            reason,
        }),
    };
    Ok((reader, consumed))
}

/// Counts the bytes read through it into a counter shared with whoever reports progress.
struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.count.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// Stops a decompressing reader once it has given `limit` bytes: a file of zeros
/// compressed a thousand times is refused as it inflates, not after.
struct DecompressedLimit<R> {
    inner: R,
    left: u64,
    /// The error's message once the limit is passed.
    reason: String,
}

impl<R: std::io::Read> std::io::Read for DecompressedLimit<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // One byte more tells a file that ends exactly at the limit from one that goes on.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                self.reason.clone(),
            ));
        }
        let wanted = buffer
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buffer[..wanted])?;
        self.left -= read as u64;
        Ok(read)
    }
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
        for name in [
            "a.txt",
            "b.xlsx",
            "README",
            ".DS_Store",
            "c.csv",
            "Provenance.md",
            "LICENSE.txt",
        ] {
            std::fs::write(dir.path().join(name), "text").unwrap();
        }
        let (files, skipped) =
            discover(&[dir.path().to_path_buf()], &DiscoverOptions::default()).unwrap();
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
        let reasons: std::collections::BTreeMap<String, String> = reasons.into_iter().collect();
        let expected = [
            ("LICENSE.txt", "not a document: the folder's LICENSE file"),
            (
                "Provenance.md",
                "not a document: the folder's PROVENANCE file",
            ),
            ("README", "not a document: the folder's README file"),
        ];
        for (name, reason) in expected {
            assert_eq!(
                reasons.get(name).map(String::as_str),
                Some(reason),
                "{reasons:?}"
            );
        }
        assert!(
            reasons["b.xlsx"].contains("unsupported format: a .xlsx file"),
            "{reasons:?}"
        );
        // The reason names what would have been read, from the formats themselves.
        assert!(
            reasons["b.xlsx"].contains("pdf, docx, html, htm, xhtml, txt")
                && reasons["b.xlsx"].contains("jsonl, ndjson, csv also as .gz or .zst"),
            "{reasons:?}"
        );
        assert_eq!(reasons.len(), 4, "{reasons:?}");
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
            open_json_lines(&path, Some(compression), &ParseLimits::default())
                .unwrap()
                .read_to_end(&mut text)
                .unwrap();
            assert_eq!(text, line);
        }
    }
}
