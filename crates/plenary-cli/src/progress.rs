//! A progress bar for indexing runs, drawn only on a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use plenary_indexer::{InputWarning, Progress, SkippedFile};

/// Draws indexing progress in bytes with indicatif; silent when stderr is not a terminal.
pub struct IndexProgressBar {
    bar: ProgressBar,
    files: AtomicU64,
}

impl IndexProgressBar {
    pub fn new() -> IndexProgressBar {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::new(0)
        } else {
            ProgressBar::hidden()
        };
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}) {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        IndexProgressBar {
            bar,
            files: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for IndexProgressBar {
    fn start(&self, files: u64, bytes: u64) {
        self.bar.set_length(bytes);
        self.files.store(files, Ordering::Relaxed);
        self.bar.set_message(format!("{files} files"));
    }

    fn documents(&self, documents: u64) {
        // A rate of documents says more than a time left, which the first files' sizes
        // (a large compressed file among small ones) make meaningless.
        let seconds = self.bar.elapsed().as_secs_f64().max(1e-3);
        let rate = documents as f64 / seconds;
        self.bar.set_message(format!(
            "{documents} documents ({rate:.0}/s) from {} files",
            self.files.load(Ordering::Relaxed)
        ));
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn skipped(&self, file: &SkippedFile) {
        self.bar
            .println(format!("skipped {}: {}", file.path, file.reason));
    }

    fn warned(&self, warning: &InputWarning) {
        self.bar
            .println(format!("warning {}: {}", warning.path, warning.reason));
    }

    fn finishing(&self) {
        self.bar.set_message("committing");
    }
}
