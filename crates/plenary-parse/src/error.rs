use std::path::{Path, PathBuf};

/// Why a file could not be parsed.
///
/// All variants but [`ParseError::Io`] describe something wrong with the
/// input itself; [`ParseError::InFile`] adds the path to any of them.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("document contains no text")]
    Empty,
    #[error("file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: u64, limit: u64 },
    #[error("{what} inflates past the limit of {limit} bytes")]
    InflatesTooLarge { what: &'static str, limit: u64 },
    #[error("archive refused as a zip bomb: {reason}")]
    ZipBomb { reason: String },
    #[error("corrupt {format} file: {reason}")]
    Corrupt {
        format: &'static str,
        reason: String,
    },
    #[error("pdf is encrypted and cannot be read without its password")]
    Encrypted,
    #[error("unsupported file: {reason}")]
    Unsupported { reason: String },
    #[error("file is binary, not text: {reason}")]
    Binary { reason: String },
    #[error("bad text encoding: {reason}")]
    BadEncoding { reason: String },
    #[error("line {line}: {reason}")]
    BadJsonLine { line: u64, reason: String },
    /// A field mapping (`--map`, `--set`, a mapping file) is not valid.
    #[error("field mapping: {reason}")]
    Mapping { reason: String },
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("{}: {source}", path.display())]
    InFile {
        path: PathBuf,
        source: Box<ParseError>,
    },
}

impl ParseError {
    /// Wraps the error with the path of the file it came from.
    pub fn in_file(self, path: &Path) -> ParseError {
        ParseError::InFile {
            path: path.to_path_buf(),
            source: Box::new(self),
        }
    }

    /// The error without the path added by [`ParseError::in_file`].
    pub fn without_path(&self) -> &ParseError {
        match self {
            ParseError::InFile { source, .. } => source.without_path(),
            other => other,
        }
    }

    /// True when the input is at fault, false for I/O failures.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self.without_path(), ParseError::Io(_))
    }

    pub(crate) fn corrupt(format: &'static str, reason: impl Into<String>) -> ParseError {
        ParseError::Corrupt {
            format,
            reason: reason.into(),
        }
    }
}
