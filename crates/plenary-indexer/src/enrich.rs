//! `plenary enrich`: the parse → enrich stage of an indexing run without the index, as a
//! streaming filter from files, folders or records to enriched JSON Lines
//! ([`EnrichedRecord`]), which `index` takes as they are.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use plenary_core::{Document, EnrichedRecord};
use plenary_enrich::Enricher;
use plenary_parse::Format;
use serde::Serialize;

use crate::discover::{DiscoverOptions, DiscoveredFile, InputWarning, SkippedFile, discover};
use crate::pipeline::{
    BATCHES_QUEUED, ENRICHED_HEAD_BYTES, Enriched, Enrichment, FileOutcome, UnmappedFields,
    WriterGone, read_bounded_line, read_head, stream_problems,
};
use crate::{IndexError, IndexOptions};

/// What an enrichment run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnrichSummary {
    /// Files read (bulk files and the standard input's records count once each).
    pub files_read: u64,
    pub documents: u64,
    pub passages: u64,
    pub elapsed: Duration,
    /// Files not read, or read in part (bad lines), and why.
    pub skipped: Vec<SkippedFile>,
    /// For each bulk input, the fields that mapped to nothing.
    pub unmapped: Vec<UnmappedFields>,
    /// Values read but not used (a forum, date or type that cannot be read), as `index`
    /// reports them: the record is still written.
    pub warnings: Vec<InputWarning>,
}

/// Paths read from the standard input before they are enriched together.
const PATHS_PER_BATCH: usize = 256;

/// Enriches the files under `paths` (any format `index` reads) and writes one
/// [`EnrichedRecord`] a line to `out`, in the order of the files.
pub fn enrich_paths(
    paths: &[PathBuf],
    options: &IndexOptions,
    out: &mut dyn Write,
) -> Result<EnrichSummary, IndexError> {
    let started = Instant::now();
    let mut run = EnrichRun::new(options, out)?;
    let discovery = DiscoverOptions {
        follow_symlinks: options.follow_symlinks,
    };
    let (files, skipped) = discover(paths, &discovery)?;
    run.summary.skipped.extend(skipped);
    run.files(&files)?;
    run.finish(started)
}

/// Enriches what the standard input (or any reader) gives, one item a line: JSON
/// records when the first line that is not blank is a JSON object (`{`), else paths of
/// files or folders. A path that cannot be read is reported and the rest read.
pub fn enrich_lines(
    input: &mut (dyn BufRead + Send),
    options: &IndexOptions,
    out: &mut dyn Write,
) -> Result<EnrichSummary, IndexError> {
    let started = Instant::now();
    let mut run = EnrichRun::new(options, out)?;
    let head = read_head(input, ENRICHED_HEAD_BYTES).map_err(|source| IndexError::Input {
        path: "-".into(),
        source,
    })?;
    // The first bytes are read again from memory, so that line numbers stay right.
    let mut input = BufReader::new(std::io::Cursor::new(head.clone()).chain(input));
    if head.trim_ascii_start().starts_with(b"{") {
        run.stdin_records(Box::new(input))?;
        return run.finish(started);
    }
    let discovery = DiscoverOptions {
        follow_symlinks: options.follow_symlinks,
    };
    let mut pending = Vec::new();
    let mut line = Vec::new();
    let mut ended = false;
    while !ended {
        match read_bounded_line(&mut input, &mut line, options.limits.max_line_bytes) {
            Ok(Some(_)) => {
                let path = String::from_utf8_lossy(&line).trim().to_string();
                if !path.is_empty() {
                    pending.push(path);
                }
            }
            Ok(None) => ended = true,
            Err(source) => {
                return Err(IndexError::Input {
                    path: "-".into(),
                    source,
                });
            }
        }
        if pending.len() >= PATHS_PER_BATCH || (ended && !pending.is_empty()) {
            let mut files = Vec::new();
            for path in pending.drain(..) {
                // One path at a time, so that one that does not exist costs itself only.
                match discover(&[PathBuf::from(&path)], &discovery) {
                    Ok((found, skipped)) => {
                        files.extend(found);
                        run.summary.skipped.extend(skipped);
                    }
                    Err(error) => run.summary.skipped.push(SkippedFile {
                        path,
                        reason: error.to_string(),
                    }),
                }
            }
            run.files(&files)?;
        }
    }
    run.finish(started)
}

/// One run of enrichment: the pool, the enricher, the output and the summary.
struct EnrichRun<'a> {
    pool: rayon::ThreadPool,
    enricher: Enricher,
    options: &'a IndexOptions,
    out: &'a mut dyn Write,
    summary: EnrichSummary,
}

/// A document as its JSON line, with its passages counted.
struct Line {
    json: Vec<u8>,
    passages: u64,
}

fn to_line(document: &Document) -> Line {
    // A document is strings, numbers, lists and maps with string keys: it always
    // serialises. Were it not to, an empty line would lose the document silently.
    let json = EnrichedRecord::line_of(document).expect(
        "a document is strings, numbers, lists and maps with string keys: it always serialises",
    );
    Line {
        json,
        passages: document.passages.len() as u64,
    }
}

impl<'a> EnrichRun<'a> {
    fn new(options: &'a IndexOptions, out: &'a mut dyn Write) -> Result<Self, IndexError> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .build()
            .map_err(|source| IndexError::ThreadPool {
                threads: options.threads,
                source,
            })?;
        Ok(EnrichRun {
            pool,
            enricher: Enricher::new(&options.taxonomy),
            options,
            out,
            summary: EnrichSummary::default(),
        })
    }

    fn finish(mut self, started: Instant) -> Result<EnrichSummary, IndexError> {
        self.out
            .flush()
            .map_err(|source| IndexError::Output { source })?;
        self.summary.elapsed = started.elapsed();
        Ok(self.summary)
    }

    /// Enriches files as `index` does (batches on the pool, bulk files streamed) and
    /// writes their documents as they come.
    fn files(&mut self, files: &[DiscoveredFile]) -> Result<(), IndexError> {
        let (bulk, single): (Vec<&DiscoveredFile>, Vec<&DiscoveredFile>) = files
            .iter()
            .partition(|file| crate::discover::is_bulk(file.format));
        self.enrich(|enrichment| enrichment.run(&single, &bulk))
    }

    /// The records of the standard input, streamed as a JSON Lines file's are.
    fn stdin_records(
        &mut self,
        reader: Box<dyn std::io::Read + Send + '_>,
    ) -> Result<(), IndexError> {
        let stdin = DiscoveredFile {
            path: PathBuf::from("-"),
            format: Format::JsonLines,
            compression: None,
            size: 0,
            modified_ns: 0,
            pipe: true,
        };
        let bytes_read = AtomicU64::new(0);
        self.enrich(|enrichment| enrichment.stream_records(&stdin, reader, &bytes_read))
    }

    /// Runs `produce` on a thread of its own, writing what it sends as it comes: the
    /// enrichment of the next batch overlaps the writing of the previous one.
    fn enrich(
        &mut self,
        produce: impl FnOnce(&Enrichment<'_, Line>) -> Result<(), WriterGone> + Send,
    ) -> Result<(), IndexError> {
        let no_entries = BTreeMap::new();
        let convert = |document: &Document, _: &str| to_line(document);
        let EnrichRun {
            pool,
            enricher,
            options,
            out,
            summary,
        } = self;
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::sync_channel(BATCHES_QUEUED);
            let enrichment = Enrichment {
                pool,
                enricher,
                convert: &convert,
                options,
                entries_before: &no_entries,
                batches: sender,
            };
            let producer = scope.spawn(move || produce(&enrichment));
            let written = write_all(receiver, &mut **out, summary);
            match producer.join() {
                // `WriterGone` only follows a failed write, which `written` reports.
                Ok(_) => written,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

/// Writes the lines the enriching thread sends and notes what it skipped. Returning
/// drops `batches`, which stops the enriching thread at its next batch.
fn write_all(
    batches: mpsc::Receiver<Enriched<Line>>,
    out: &mut dyn Write,
    summary: &mut EnrichSummary,
) -> Result<(), IndexError> {
    let mut write_lines = |lines: Vec<Line>, summary: &mut EnrichSummary| {
        for line in lines {
            out.write_all(&line.json)
                .and_then(|()| out.write_all(b"\n"))
                .map_err(|source| IndexError::Output { source })?;
            summary.documents += 1;
            summary.passages += line.passages;
        }
        Ok::<(), IndexError>(())
    };
    for batch in batches {
        match batch {
            Enriched::Files(outcomes) => {
                for outcome in outcomes {
                    match outcome {
                        FileOutcome::Indexed {
                            file,
                            documents,
                            warnings,
                            ..
                        } => {
                            summary.files_read += 1;
                            // What the parser left out of the file is reported, as
                            // indexing reports it.
                            summary.warnings.extend(
                                warnings
                                    .into_iter()
                                    .map(|warning| InputWarning::about_file(&file.path, warning)),
                            );
                            write_lines(documents, summary)?;
                        }
                        // No manifest: every file is read.
                        FileOutcome::Unchanged { .. } => {}
                        FileOutcome::Skipped { file, reason } => {
                            summary.skipped.push(SkippedFile::new(&file.path, reason));
                        }
                    }
                }
            }
            Enriched::StreamStarted { .. } => {}
            Enriched::Records {
                documents,
                warnings,
                ..
            } => {
                summary.warnings.extend(warnings);
                write_lines(documents, summary)?
            }
            Enriched::StreamEnded {
                file,
                bad_lines,
                read_error,
                unmapped,
                warnings_unlisted,
                documents,
                ..
            } => {
                if warnings_unlisted > 0 {
                    summary.warnings.push(InputWarning::about_file(
                        &file.path,
                        format!(
                            "{warnings_unlisted} more value(s) that cannot be read, not listed (the first {} are)",
                            crate::pipeline::MAX_WARNINGS_PER_FILE
                        ),
                    ));
                }
                summary.files_read += 1;
                if !unmapped.is_empty() {
                    summary.unmapped.push(UnmappedFields {
                        path: file.path.display().to_string(),
                        fields: unmapped.into_iter().collect(),
                    });
                }
                if let Some(reason) = stream_problems(bad_lines, read_error, documents) {
                    summary.skipped.push(SkippedFile::new(&file.path, reason));
                }
            }
        }
    }
    Ok(())
}
