//! The manifest: what an earlier run indexed, so that a re-run does only what changed.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::IndexError;

/// The manifest's file name inside the index directory.
pub const MANIFEST_FILE: &str = "plenary-manifest.json";
const MANIFEST_VERSION: u32 = 1;

/// One indexed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub size: u64,
    pub modified_ns: u128,
    /// blake3 of the file's bytes, hex.
    pub hash: String,
    /// How many documents the file gave.
    pub documents: u64,
    /// Files whose documents this file's documents replaced (the same id: the same text,
    /// or the same symbol and language). They are read again when this file changes or
    /// goes, so that what they hold comes back to the index.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shadows: Vec<PathBuf>,
}

/// The files in the index at its last commit, by canonical path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// A fingerprint of the taxonomy the index was tagged with: another taxonomy re-tags everything.
    pub taxonomy: String,
    pub files: BTreeMap<PathBuf, ManifestEntry>,
}

impl Manifest {
    pub fn new(taxonomy: String) -> Manifest {
        Manifest {
            version: MANIFEST_VERSION,
            taxonomy,
            files: BTreeMap::new(),
        }
    }

    pub fn path_in(index_dir: &Path) -> PathBuf {
        index_dir.join(MANIFEST_FILE)
    }

    /// Reads the manifest of an index directory; `None` when there is none.
    pub fn load(index_dir: &Path) -> Result<Option<Manifest>, IndexError> {
        let path = Self::path_in(index_dir);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => {
                return Err(IndexError::Manifest {
                    path,
                    message: error.to_string(),
                });
            }
        };
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|error| IndexError::Manifest {
                path: path.clone(),
                message: error.to_string(),
            })?;
        if manifest.version != MANIFEST_VERSION {
            return Err(IndexError::Manifest {
                path,
                message: format!("version {} is not {MANIFEST_VERSION}", manifest.version),
            });
        }
        Ok(Some(manifest))
    }

    /// Writes the manifest atomically (a temporary file renamed over the old one), so a
    /// killed run leaves either the old or the new manifest, never half of one.
    pub fn save(&self, index_dir: &Path) -> Result<(), IndexError> {
        let path = Self::path_in(index_dir);
        let temporary = index_dir.join(format!("{MANIFEST_FILE}.tmp"));
        let io_error = |source| IndexError::IndexDirectory {
            path: index_dir.to_path_buf(),
            source,
        };
        let bytes = serde_json::to_vec_pretty(self).map_err(|error| IndexError::Manifest {
            path: path.clone(),
            message: error.to_string(),
        })?;
        let written = fs::File::create(&temporary).and_then(|mut file| {
            file.write_all(&bytes)?;
            file.sync_all()
        });
        if let Err(error) = written {
            // A full disk leaves half a file: it goes, so as not to fill the disk more.
            let _ = fs::remove_file(&temporary);
            return Err(io_error(error));
        }
        fs::rename(&temporary, &path).map_err(io_error)?;
        Ok(())
    }
}
