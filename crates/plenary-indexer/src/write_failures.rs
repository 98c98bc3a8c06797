//! The index directory as the writer sees it, remembering the first write that failed.
//!
//! Tantivy reports a failed write in an indexing thread as "an index writer was
//! killed" without the error or the file, and a failed merge only in a log line, leaving
//! the merge's output on the disk. Watching the writes themselves tells the run which
//! file could not be written and why (a full disk, a quota, a file size limit), so that
//! it can say so, stop with an error, and remove what the failed merge left.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, TerminatingWrite, WatchCallback,
    WatchHandle, WritePtr,
};

/// A write to the index that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WriteFailure {
    /// The file that could not be written.
    pub(crate) path: PathBuf,
    pub(crate) kind: io::ErrorKind,
    /// The error as the system gave it.
    pub(crate) message: String,
}

impl WriteFailure {
    /// True when the disk (or the quota, or the limit on a file's size) has no room left.
    pub(crate) fn is_out_of_space(&self) -> bool {
        matches!(
            self.kind,
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
        )
    }
}

/// The first write failure seen, shared by every writer of the directory.
#[derive(Debug, Clone, Default)]
pub(crate) struct FirstWriteFailure(Arc<Mutex<Option<WriteFailure>>>);

impl FirstWriteFailure {
    fn record(&self, path: &Path, error: &io::Error) {
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slot.get_or_insert_with(|| WriteFailure {
            path: path.to_path_buf(),
            kind: error.kind(),
            message: error.to_string(),
        });
    }

    pub(crate) fn get(&self) -> Option<WriteFailure> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

/// A directory that passes everything to the one it wraps and records the first
/// write that fails.
#[derive(Debug, Clone)]
pub(crate) struct WatchedDirectory {
    inner: Box<dyn Directory>,
    /// Where the directory is, to name a file in a message.
    root: PathBuf,
    failure: FirstWriteFailure,
}

impl WatchedDirectory {
    pub(crate) fn new(inner: Box<dyn Directory>, root: &Path) -> WatchedDirectory {
        WatchedDirectory {
            inner,
            root: root.to_path_buf(),
            failure: FirstWriteFailure::default(),
        }
    }

    pub(crate) fn failures(&self) -> FirstWriteFailure {
        self.failure.clone()
    }

    fn noted<T>(&self, path: &Path, result: io::Result<T>) -> io::Result<T> {
        if let Err(error) = &result {
            self.failure.record(&self.root.join(path), error);
        }
        result
    }
}

impl Directory for WatchedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let writer = match self.inner.open_write(path) {
            Ok(writer) => writer,
            Err(error) => {
                if let OpenWriteError::IoError { io_error, .. } = &error {
                    self.failure.record(&self.root.join(path), io_error);
                }
                return Err(error);
            }
        };
        let watched = WatchedWrite {
            inner: writer,
            path: self.root.join(path),
            failure: self.failure.clone(),
        };
        // The writer inside buffers already: no second buffer.
        Ok(BufWriter::with_capacity(0, Box::new(watched)))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let result = self.inner.atomic_write(path, data);
        self.noted(path, result)
    }

    fn sync_directory(&self) -> io::Result<()> {
        let result = self.inner.sync_directory();
        self.noted(Path::new(""), result)
    }

    fn acquire_lock(
        &self,
        lock: &Lock,
    ) -> Result<DirectoryLock, tantivy::directory::error::LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// A file being written, whose failures are recorded.
struct WatchedWrite {
    inner: WritePtr,
    path: PathBuf,
    failure: FirstWriteFailure,
}

impl WatchedWrite {
    fn noted<T>(&self, result: io::Result<T>) -> io::Result<T> {
        if let Err(error) = &result {
            self.failure.record(&self.path, error);
        }
        result
    }
}

impl Write for WatchedWrite {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buffer);
        self.noted(result)
    }

    fn write_all(&mut self, buffer: &[u8]) -> io::Result<()> {
        let result = self.inner.write_all(buffer);
        self.noted(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.noted(result)
    }
}

impl TerminatingWrite for WatchedWrite {
    fn terminate_ref(&mut self, token: AntiCallToken) -> io::Result<()> {
        let result = self.inner.terminate_ref(token);
        self.noted(result)
    }
}
