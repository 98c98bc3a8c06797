use std::path::{Path, PathBuf};

/// Errors of an evaluation or a training run: its input could not be read, or is not
/// what it should be.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A labels or data file does not exist or cannot be read.
    #[error("cannot read {path}: {source}")]
    Input {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A labels or data file is not valid.
    #[error("labels {path}: {message}")]
    Labels { path: PathBuf, message: String },
    /// The model just trained does not read back: a fault of the trainer, not of its data.
    #[error("the trained topic model does not load: {message}")]
    Model { message: String },
}

impl EvalError {
    /// Makes the [`EvalError::Labels`] of the file at `path` from a message.
    pub(crate) fn labels_of(path: &Path) -> impl Fn(String) -> EvalError + '_ {
        move |message| EvalError::Labels {
            path: path.to_path_buf(),
            message,
        }
    }
}
