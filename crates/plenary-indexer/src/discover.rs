//! Finds the files to index under the paths a user gives.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use plenary_parse::Format;
use walkdir::WalkDir;

use crate::IndexError;
use crate::pipeline::SkippedFile;

/// A file found under one of the input paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredFile {
    /// Absolute, canonical path: the file's identity in the manifest and the index.
    pub path: PathBuf,
    pub format: Format,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch (0 when the platform has none).
    pub modified_ns: u128,
}

/// Walks files and folders, keeping the files of a supported format, sorted by path.
/// Unreadable entries inside a folder are reported, not fatal; an input path that does
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
            let Some(format) = Format::from_path(entry.path()) else {
                continue;
            };
            if is_hidden {
                continue;
            }
            match entry.metadata() {
                Ok(metadata) => files.push(DiscoveredFile {
                    path: entry.path().to_path_buf(),
                    format,
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
