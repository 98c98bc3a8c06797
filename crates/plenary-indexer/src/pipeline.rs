//! One indexing run: discover → (parse → enrich on rayon) ⇢ write → commit, the
//! enrichment of the next batch overlapping the writing of the previous one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::{BufRead, BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use plenary_core::{Document, EnrichedRecord, PlenarySchema, Taxonomy};
use plenary_enrich::{Enricher, UnreadValue};
use plenary_parse::{FieldMap, ParseLimits};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Value;
use tantivy::{Directory, IndexWriter, TantivyDocument, Term};

use crate::IndexError;
pub use crate::discover::SkippedFile;
use crate::discover::{DiscoverOptions, DiscoveredFile, InputWarning, discover};
use crate::manifest::{Manifest, ManifestEntry};
use crate::merge::BoundedMergePolicy;
use crate::write_failures::{FirstWriteFailure, WatchedDirectory};

/// How an indexing run behaves.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub index_dir: PathBuf,
    /// Rebuild from scratch instead of indexing only what changed.
    pub full: bool,
    /// Worker threads that parse and enrich; 0 uses every core.
    pub threads: usize,
    /// Tantivy's indexing threads.
    pub writer_threads: usize,
    /// Tantivy's memory budget, shared by its threads.
    pub writer_memory_bytes: usize,
    /// No merge makes a segment of more documents than this ([`BoundedMergePolicy`]).
    pub max_merged_docs: u64,
    /// Merges run at once. Each holds its segments' columns and buffers in memory, so
    /// this bounds the indexer's memory as much as the budget does.
    pub merge_threads: usize,
    /// Commit after this many documents ...
    pub commit_every_documents: u64,
    /// ... or after this long, whichever comes first.
    pub commit_interval: Duration,
    pub taxonomy: Taxonomy,
    pub limits: ParseLimits,
    /// Follow symbolic links out of the given paths ([`DiscoverOptions`]).
    pub follow_symlinks: bool,
    /// How the fields of bulk records (JSON Lines, CSV) map onto documents.
    pub field_map: FieldMap,
}

/// Documents of the largest segment a merge makes: about 500 MB of index, which a
/// merge reads through memory maps (see BENCHMARKS.md, peak memory at 1M documents).
pub const DEFAULT_MAX_MERGED_DOCS: u64 = 100_000;

impl IndexOptions {
    pub fn new(index_dir: PathBuf) -> IndexOptions {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        IndexOptions {
            index_dir,
            full: false,
            threads: 0,
            writer_threads: cores.clamp(1, 4),
            writer_memory_bytes: 256 * 1024 * 1024,
            max_merged_docs: DEFAULT_MAX_MERGED_DOCS,
            merge_threads: (cores / 4).max(1),
            commit_every_documents: 100_000,
            commit_interval: Duration::from_secs(60),
            taxonomy: Taxonomy::bundled(),
            limits: ParseLimits::default(),
            follow_symlinks: false,
            field_map: FieldMap::default(),
        }
    }
}

/// The fields of a bulk file that map to no field of a document: they are kept with
/// each document as given, and named once per file in the run's summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmappedFields {
    pub path: String,
    pub fields: Vec<String>,
}

/// What a run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexSummary {
    /// Files of a supported format found under the input paths.
    pub files_found: u64,
    /// Files read and indexed by this run.
    pub files_indexed: u64,
    /// Files left as they were because they had not changed since the last run.
    pub files_unchanged: u64,
    /// Files removed from the index because they disappeared.
    pub files_removed: u64,
    /// Documents written by this run (a news page gives several, a JSON Lines file many).
    pub documents: u64,
    pub passages: u64,
    /// Bytes of the files read by this run.
    pub bytes: u64,
    pub elapsed: Duration,
    pub commits: u64,
    /// Documents in the index after the run.
    pub documents_in_index: u64,
    pub skipped: Vec<SkippedFile>,
    /// Values read but not used where they stood: their documents were indexed without
    /// them (at most [`MAX_WARNINGS_PER_FILE`] a file, then one that counts the rest).
    pub warnings: Vec<InputWarning>,
    /// For each bulk file read, the fields that mapped to nothing.
    pub unmapped: Vec<UnmappedFields>,
}

impl IndexSummary {
    pub fn megabytes(&self) -> f64 {
        self.bytes as f64 / 1_000_000.0
    }

    pub fn documents_per_second(&self) -> f64 {
        self.documents as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn megabytes_per_second(&self) -> f64 {
        self.megabytes() / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Receives news of a run, for a progress bar.
pub trait Progress: Sync {
    /// The run will read `files` files holding `bytes` bytes.
    fn start(&self, _files: u64, _bytes: u64) {}
    /// `bytes` more bytes of the files (as they are on disk) were read.
    fn advance(&self, _bytes: u64) {}
    /// `documents` documents in all have been written so far.
    fn documents(&self, _documents: u64) {}
    /// A file could not be indexed.
    fn skipped(&self, _file: &SkippedFile) {}
    /// A document was indexed without a value its input stated.
    fn warned(&self, _warning: &InputWarning) {}
    /// The run is writing and committing the last of the index.
    fn finishing(&self) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Files read in parallel before their documents are written; bounds memory.
const FILES_PER_BATCH: usize = 64;
/// Warnings listed for one file; the rest are counted in one more. A bulk export that
/// states an unknown forum on every line must not make a report of a million lines.
pub const MAX_WARNINGS_PER_FILE: usize = 100;
/// JSON Lines records enriched in parallel at a time.
const RECORDS_PER_BATCH: usize = 2048;
/// Enriched batches that may wait for the writer. None: a batch is handed over when the
/// writer takes it, so memory holds two batches at most, one being enriched and one
/// being written (Tantivy's own queue smooths the hand-over).
pub(crate) const BATCHES_QUEUED: usize = 0;

/// The error of the first of `paths` when none of them exists (and there is one).
fn no_path_exists(paths: &[PathBuf]) -> Option<IndexError> {
    let mut first_error = None;
    for path in paths {
        match fs::symlink_metadata(path) {
            Ok(_) => return None,
            Err(source) => {
                first_error.get_or_insert(IndexError::Input {
                    path: path.clone(),
                    source,
                });
            }
        }
    }
    first_error
}

/// Indexes the files under `paths` into the index of `options.index_dir`.
///
/// Two threads share the work: one reads and enriches batches of files (or of JSON Lines
/// records) on a rayon pool of `options.threads` threads and sends them through a bounded
/// channel to the calling thread, which owns the Tantivy writer and the manifest. The
/// next batch is thus enriched while the writer takes the previous one.
pub fn run_index(
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexSummary, IndexError> {
    // A run of which no path exists stops before it makes an index directory.
    if let Some(error) = no_path_exists(paths) {
        return Err(error);
    }
    if options.index_dir.exists() && !options.index_dir.is_dir() {
        return Err(IndexError::IndexDirectory {
            path: options.index_dir.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a file, not a folder: give a folder for the index",
            ),
        });
    }
    fs::create_dir_all(&options.index_dir).map_err(|source| IndexError::IndexDirectory {
        path: options.index_dir.clone(),
        source,
    })?;
    let schema = PlenarySchema::new();
    let (index, write_failures) = open_or_rebuild_index(&schema, &options.index_dir, options.full)?;
    let result = index_into(&index, &schema, paths, options, progress);
    // The writer is gone by now (waited for, or dropped on an error).
    let Some(failure) = write_failures.get() else {
        return result;
    };
    // A write failed, perhaps in a merge, which Tantivy only logs: the run failed even if
    // its last commit did not. What the failed writes left (a merge's output) is removed.
    if let Err(error) = remove_unused_files(&index) {
        tracing::warn!(index = %options.index_dir.display(), %error, "could not remove the files of the failed writes");
    }
    if let Err(error) = &result {
        tracing::debug!(%error, "the run stopped after a failed write");
    }
    Err(IndexError::Write {
        index: options.index_dir.clone(),
        out_of_space: failure.is_out_of_space(),
        path: failure.path,
        message: failure.message,
    })
}

/// Removes the files of the index that no commit lists: segments a killed writer or a
/// failed merge left.
fn remove_unused_files(index: &tantivy::Index) -> Result<(), tantivy::TantivyError> {
    let writer: IndexWriter<TantivyDocument> = index.writer_with_options(
        IndexWriterOptions::builder()
            .num_worker_threads(1)
            .memory_budget_per_thread(MINIMUM_WRITER_MEMORY)
            .num_merge_threads(1)
            .build(),
    )?;
    writer.garbage_collect_files().wait()?;
    Ok(())
}

/// Tantivy's smallest memory budget for a writer thread.
const MINIMUM_WRITER_MEMORY: usize = 15_000_000;

fn index_into(
    index: &tantivy::Index,
    schema: &PlenarySchema,
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let writer_threads = options.writer_threads.max(1);
    let writer: IndexWriter<TantivyDocument> = index.writer_with_options(
        IndexWriterOptions::builder()
            .num_worker_threads(writer_threads)
            .memory_budget_per_thread(options.writer_memory_bytes / writer_threads)
            .num_merge_threads(options.merge_threads.max(1))
            .build(),
    )?;
    writer.set_merge_policy(Box::new(BoundedMergePolicy::new(options.max_merged_docs)));
    // Files an earlier run left when it was stopped (a full disk during a merge) go first.
    if let Err(error) = writer.garbage_collect_files().wait() {
        tracing::warn!(index = %options.index_dir.display(), %error, "could not remove unused files");
    }

    let taxonomy_fingerprint = fingerprint_taxonomy(&options.taxonomy);
    // A manifest describes the index beside it: an index without segments (its
    // `meta.json` lost, a new one made) has none of the files the manifest lists.
    let holds_segments = !index.searchable_segment_metas()?.is_empty();
    let previous = if options.full {
        None
    } else {
        Manifest::load(&options.index_dir)?
            .filter(|manifest| holds_segments || manifest.files.is_empty())
    };
    let (mut manifest, starts_empty) = match previous {
        Some(manifest) if manifest.taxonomy == taxonomy_fingerprint => (manifest, false),
        _ => {
            writer.delete_all_documents()?;
            (Manifest::new(taxonomy_fingerprint), true)
        }
    };

    let discovery = DiscoverOptions {
        follow_symlinks: options.follow_symlinks,
    };
    let (files, discovery_skipped) = discover(paths, &discovery)?;
    let mut run = Run {
        schema,
        options,
        progress,
        summary: IndexSummary {
            files_found: files.len() as u64,
            ..IndexSummary::default()
        },
        pending: Vec::new(),
        documents_since_commit: 0,
        last_commit: Instant::now(),
        committed: (!starts_empty)
            .then(|| writer_searcher(&writer))
            .transpose()?,
        writer,
        starts_empty,
        ids_written: HashMap::new(),
        files_written: Vec::new(),
        takeovers: HashMap::new(),
    };
    for skipped in discovery_skipped {
        run.skip(skipped);
    }

    // A file that goes or changes takes with it the documents it holds, some of which
    // it had taken over from other files: those files are read again.
    let mut read_again: HashSet<PathBuf> = run.remove_disappeared(paths, &files, &mut manifest);
    let differs = |file: &DiscoveredFile| match manifest.files.get(&file.path) {
        Some(entry) => {
            file.pipe || entry.size != file.size || entry.modified_ns != file.modified_ns
        }
        None => true,
    };
    for file in files.iter().filter(|file| differs(file)) {
        if let Some(entry) = manifest.files.get(&file.path) {
            read_again.extend(entry.shadows.iter().cloned());
        }
    }
    let changed: Vec<&DiscoveredFile> = files
        .iter()
        .filter(|file| differs(file) || read_again.contains(&file.path))
        .collect();
    run.summary.files_unchanged = (files.len() - changed.len()) as u64;
    progress.start(
        changed.len() as u64,
        changed.iter().map(|file| file.size).sum(),
    );
    // The enriching thread compares hashes with these; the manifest itself stays with the writer.
    let entries_before: BTreeMap<PathBuf, ManifestEntry> = changed
        .iter()
        // A file read again for what it holds is read whatever its bytes.
        .filter(|file| !read_again.contains(&file.path))
        .filter_map(|file| {
            let entry = manifest.files.get(&file.path)?;
            Some((file.path.clone(), entry.clone()))
        })
        .collect();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|source| IndexError::ThreadPool {
            threads: options.threads,
            source,
        })?;
    let enricher = Enricher::new(&options.taxonomy);

    let (bulk_files, single_files): (Vec<&DiscoveredFile>, Vec<&DiscoveredFile>) = changed
        .into_iter()
        .partition(|file| crate::discover::is_bulk(file.format));
    let convert = |document: &Document, source_file: &str| {
        TantivyRecord::new(schema, document, &options.taxonomy, source_file)
    };
    let written = std::thread::scope(|scope| {
        // Made inside the scope so that the receiver is dropped, and a producer blocked in
        // `send` released, even when the writing side unwinds.
        let (sender, receiver) = mpsc::sync_channel(BATCHES_QUEUED);
        let enrichment = Enrichment {
            pool: &pool,
            enricher: &enricher,
            convert: &convert,
            options,
            entries_before: &entries_before,
            batches: sender,
        };
        let producer = scope.spawn(move || enrichment.run(&single_files, &bulk_files));
        let written = run.write_all(receiver, &mut manifest);
        match producer.join() {
            // `WriterGone` only follows a failed write, which `written` reports.
            Ok(_) => written,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let committed = written.and_then(|()| {
        progress.finishing();
        run.commit(&mut manifest)
    });
    let Run {
        writer,
        mut summary,
        ..
    } = run;
    // Merges are waited for even when the run failed, so that none writes after it ends
    // (a failed merge's output is then removed).
    let merged = writer.wait_merging_threads();
    committed?;
    merged?;
    summary.documents_in_index = count_documents(index)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Opens the index of `index_dir`, creating it when there is none. An index that Plenary
/// built with another schema (an older version) is removed and built again from scratch;
/// an index with another schema that is not recognisably Plenary's is left alone.
fn open_or_rebuild_index(
    schema: &PlenarySchema,
    index_dir: &Path,
    full: bool,
) -> Result<(tantivy::Index, FirstWriteFailure), IndexError> {
    let open = || -> Result<(tantivy::Index, FirstWriteFailure), plenary_core::CoreError> {
        let mmap = tantivy::directory::MmapDirectory::open(index_dir)
            .map_err(|error| plenary_core::CoreError::Index(error.into()))?;
        let watched = WatchedDirectory::new(Box::new(mmap), index_dir);
        let failures = watched.failures();
        Ok((schema.open_or_create_index_in(watched)?, failures))
    };
    match open() {
        Err(plenary_core::CoreError::Index(tantivy::TantivyError::SchemaError(reason))) => {
            let is_plenary_index = index_dir.join(TANTIVY_META_FILE).is_file()
                && Manifest::path_in(index_dir).is_file();
            if !is_plenary_index {
                return Err(IndexError::OtherSchema {
                    path: index_dir.to_path_buf(),
                    reason,
                });
            }
            tracing::warn!(
                index = %index_dir.display(),
                reason,
                "the index was built with another schema (an earlier version of Plenary): removing it and indexing everything again"
            );
            remove_index(index_dir)?;
            Ok(open()?)
        }
        // The list of segments cannot be read (a torn or edited `meta.json`): a run from
        // scratch sets it aside and starts a new index; another says how to get there.
        Err(plenary_core::CoreError::Index(
            error @ (tantivy::TantivyError::DataCorruption(_)
            | tantivy::TantivyError::IoError(_)
            | tantivy::TantivyError::OpenReadError(_)),
        )) if index_dir.join(TANTIVY_META_FILE).is_file() => {
            if !full {
                return Err(IndexError::Corrupt {
                    path: index_dir.to_path_buf(),
                    message: error.to_string(),
                });
            }
            let meta = index_dir.join(TANTIVY_META_FILE);
            let aside = index_dir.join(format!("{TANTIVY_META_FILE}.unreadable"));
            tracing::warn!(index = %index_dir.display(), %error, aside = %aside.display(), "the index cannot be read: its list of segments is set aside and everything indexed again");
            fs::rename(&meta, &aside).map_err(|source| IndexError::IndexDirectory {
                path: meta.clone(),
                source,
            })?;
            Ok(open()?)
        }
        opened => Ok(opened?),
    }
}

/// Tantivy's file listing an index's segments and schema.
pub(crate) const TANTIVY_META_FILE: &str = "meta.json";
/// Tantivy's file listing the files it manages.
pub(crate) const TANTIVY_MANAGED_FILE: &str = ".managed.json";

/// Removes the files of the Tantivy index in `index_dir` and Plenary's manifest, and
/// nothing else: the segment files Tantivy lists as its own, its lists, the manifest.
pub(crate) fn remove_index(index_dir: &Path) -> Result<(), IndexError> {
    let index = tantivy::Index::open_in_dir(index_dir)?;
    // Holding the writer's lock, a run still writing this index makes this one fail
    // instead of removing files under it.
    let lock = index
        .directory()
        .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
        .map_err(|error| {
            tantivy::TantivyError::LockFailure(
                error,
                Some(format!(
                    "{} is being written by another process",
                    index_dir.display()
                )),
            )
        })?;
    let mut files: Vec<PathBuf> = index.directory().list_managed_files().into_iter().collect();
    files.push(PathBuf::from(TANTIVY_META_FILE));
    files.push(PathBuf::from(TANTIVY_MANAGED_FILE));
    files.push(PathBuf::from(crate::manifest::MANIFEST_FILE));
    for file in files {
        match fs::remove_file(index_dir.join(&file)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(IndexError::IndexDirectory {
                    path: index_dir.join(file),
                    source,
                });
            }
        }
    }
    drop(lock);
    Ok(())
}

/// A Plenary document mapped onto its Tantivy record, with the id that replaces it.
struct TantivyRecord {
    id: String,
    record: TantivyDocument,
    /// Its item or line in the file it was read from (the record's `source_file`), for
    /// reporting a document that another one of the same id replaces.
    item: Option<u64>,
}

impl TantivyRecord {
    /// The record of `document`, filed under `source_file` (deleted when it is re-indexed).
    fn new(
        schema: &PlenarySchema,
        document: &Document,
        taxonomy: &Taxonomy,
        source_file: &str,
    ) -> TantivyRecord {
        TantivyRecord {
            id: document.id.clone(),
            record: schema.to_tantivy_from(document, taxonomy, source_file),
            item: document.source.item,
        }
    }
}

/// What becomes of each enriched document: a Tantivy record for `index`, a JSON line
/// for `enrich`. It is given the document and the file it is filed under.
pub(crate) type Convert<'a, T> = &'a (dyn Fn(&Document, &str) -> T + Sync);

/// What reading one file gave.
pub(crate) enum FileOutcome<T> {
    Indexed {
        file: DiscoveredFile,
        hash: String,
        documents: Vec<T>,
        passages: u64,
        warnings: Vec<String>,
    },
    /// Same bytes as indexed before (only the modification time changed).
    Unchanged {
        file: DiscoveredFile,
        entry: ManifestEntry,
    },
    Skipped {
        file: DiscoveredFile,
        reason: String,
    },
}

/// What the enriching thread sends the writing thread, in the order of the files.
pub(crate) enum Enriched<T> {
    /// Files read whole (every format but JSON Lines).
    Files(Vec<FileOutcome<T>>),
    /// A JSON Lines file was opened: its earlier documents leave the index.
    StreamStarted { path: PathBuf },
    /// The next records of the JSON Lines file being streamed.
    Records {
        documents: Vec<T>,
        passages: u64,
        /// The values of these records that could not be read, up to the file's limit.
        warnings: Vec<InputWarning>,
        /// Bytes of the file read since the previous batch.
        bytes_read: u64,
    },
    /// The JSON Lines file was read to its end.
    StreamEnded {
        file: DiscoveredFile,
        hash: String,
        /// Bytes of the file not yet reported as read.
        bytes_unreported: u64,
        bad_lines: BadLines,
        /// Why reading stopped before the end of the file, if it did.
        read_error: Option<String>,
        /// The fields of its records that mapped to nothing.
        unmapped: std::collections::BTreeSet<String>,
        /// Values that could not be read beyond those listed.
        warnings_unlisted: u64,
        /// Records read into documents.
        documents: u64,
    },
}

/// Lines of a JSON Lines file left out: how many, and why the first was.
#[derive(Default)]
pub(crate) struct BadLines {
    count: u64,
    first: Option<String>,
}

impl BadLines {
    fn note(&mut self, reason: impl FnOnce() -> String) {
        self.count += 1;
        self.first.get_or_insert_with(reason);
    }
}

/// A record's document, its line and the values it states that could not be read; or,
/// should enriching it panic, its line.
type EnrichedLine = Result<(Document, u64, Vec<UnreadValue>), u64>;

/// The writing thread stopped taking batches (writing failed): enriching more is pointless.
pub(crate) struct WriterGone;

/// The enriching side of a run: reads and enriches on the rayon pool, batch after batch,
/// and sends each batch to the writing thread.
pub(crate) struct Enrichment<'a, T> {
    pub(crate) pool: &'a rayon::ThreadPool,
    pub(crate) enricher: &'a Enricher,
    pub(crate) convert: Convert<'a, T>,
    pub(crate) options: &'a IndexOptions,
    /// Manifest entries of the files to read, as the run found them.
    pub(crate) entries_before: &'a BTreeMap<PathBuf, ManifestEntry>,
    pub(crate) batches: mpsc::SyncSender<Enriched<T>>,
}

impl<T: Send> Enrichment<'_, T> {
    fn send(&self, batch: Enriched<T>) -> Result<(), WriterGone> {
        self.batches.send(batch).map_err(|_| WriterGone)
    }

    pub(crate) fn run(
        &self,
        single_files: &[&DiscoveredFile],
        bulk_files: &[&DiscoveredFile],
    ) -> Result<(), WriterGone> {
        for batch in single_files.chunks(FILES_PER_BATCH) {
            let outcomes: Vec<FileOutcome<T>> = self.pool.install(|| {
                batch
                    .par_iter()
                    .map(|file| {
                        read_file(
                            file,
                            self.entries_before.get(&file.path),
                            self.enricher,
                            self.convert,
                            self.options,
                        )
                    })
                    .collect()
            });
            self.send(Enriched::Files(outcomes))?;
        }
        for file in bulk_files {
            self.stream_json_lines(file)?;
        }
        Ok(())
    }

    /// Streams a JSON Lines file: batches of records are enriched in parallel and sent as
    /// they are ready; the file is never held whole.
    fn stream_json_lines(&self, file: &DiscoveredFile) -> Result<(), WriterGone> {
        let opened = crate::discover::open_json_lines_counted(
            &file.path,
            file.compression,
            &self.options.limits,
        );
        // Progress counts the file's bytes on disk, as its size does, not decompressed ones.
        let (reader, bytes_read) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                return self.send(Enriched::Files(vec![FileOutcome::Skipped {
                    file: file.clone(),
                    reason: format!("cannot open: {error}"),
                }]));
            }
        };
        self.send(Enriched::StreamStarted {
            path: file.path.clone(),
        })?;
        self.stream_records(file, reader, &bytes_read)
    }

    /// Streams the records of a bulk input (a file, or the standard input of `enrich`).
    /// Records `plenary enrich` wrote are taken as they are, not enriched again.
    pub(crate) fn stream_records(
        &self,
        file: &DiscoveredFile,
        reader: Box<dyn Read + Send + '_>,
        bytes_read: &AtomicU64,
    ) -> Result<(), WriterGone> {
        let mut hashing = HashingReader::new(reader);
        let mut reader = BufReader::with_capacity(1 << 20, &mut hashing);
        // The first bytes tell an enriched file; they are read again from memory.
        let head = match read_head(&mut reader, ENRICHED_HEAD_BYTES) {
            Ok(head) => head,
            Err(error) => {
                return self.send(Enriched::StreamEnded {
                    file: file.clone(),
                    hash: String::new(),
                    bytes_unreported: file.size,
                    bad_lines: BadLines::default(),
                    read_error: Some(error.to_string()),
                    unmapped: std::collections::BTreeSet::new(),
                    warnings_unlisted: 0,
                    documents: 0,
                });
            }
        };
        let enriched = file.format == plenary_parse::Format::JsonLines
            && head.starts_with(EnrichedRecord::PREFIX.as_bytes());
        let reader = BufReader::with_capacity(1 << 20, std::io::Cursor::new(head).chain(reader));
        if enriched {
            let (bad_lines, read_error, bytes_reported, documents) =
                self.stream_enriched(file, reader, bytes_read)?;
            return self.send(Enriched::StreamEnded {
                file: file.clone(),
                hash: hashing.finish(),
                bytes_unreported: file.size.saturating_sub(bytes_reported),
                bad_lines,
                read_error,
                unmapped: std::collections::BTreeSet::new(),
                warnings_unlisted: 0,
                documents,
            });
        }
        let mut records = crate::discover::bulk_records(
            file.format,
            reader,
            self.options.field_map.clone(),
            &self.options.limits,
        );
        let source = file.path.display().to_string();
        let mut bad_lines = BadLines::default();
        let mut read_error = None;
        let mut unmapped = std::collections::BTreeSet::new();
        let mut bytes_reported = 0u64;
        let mut warnings_listed = 0usize;
        let mut warnings_unlisted = 0u64;
        let mut documents_read = 0u64;
        loop {
            let mut batch = Vec::with_capacity(RECORDS_PER_BATCH);
            let mut lines_taken = 0;
            for record in records.by_ref().take(RECORDS_PER_BATCH) {
                lines_taken += 1;
                match record {
                    Ok(record) => {
                        for name in record.fields.keys() {
                            if !unmapped.contains(name) {
                                unmapped.insert(name.clone());
                            }
                        }
                        batch.push(record);
                    }
                    // Reading failed (or decompressed past its limit): the records before
                    // it are kept, and the iteration ends.
                    Err(error @ plenary_parse::ParseError::Io(_)) => {
                        read_error = Some(error.to_string());
                    }
                    Err(error) => bad_lines.note(|| error.to_string()),
                }
            }
            // A batch of bad lines only is not the end of the file.
            if lines_taken == 0 {
                break;
            }
            let enriched: Vec<EnrichedLine> = self.pool.install(|| {
                batch
                    .par_iter()
                    .map(|record| self.enrich_record(&source, record))
                    .collect()
            });
            let mut enriched_documents = Vec::with_capacity(enriched.len());
            let mut warnings = Vec::new();
            for result in enriched {
                match result {
                    Ok((document, line, unread)) => {
                        for value in &unread {
                            if warnings_listed < MAX_WARNINGS_PER_FILE {
                                warnings_listed += 1;
                                warnings.push(InputWarning::unread_value(&file.path, line, value));
                            } else {
                                warnings_unlisted += 1;
                            }
                        }
                        enriched_documents.push(document);
                    }
                    Err(line) => bad_lines.note(|| {
                        format!(
                            "line {line}: internal error while enriching the record (a bug: please report it)"
                        )
                    }),
                }
            }
            // Language versions of one symbol read together agree on their topics (the
            // versions of a UN document usually follow one another in a bulk export).
            plenary_enrich::versions::harmonize_versions(
                &mut enriched_documents,
                &self.options.taxonomy,
            );
            let passages = enriched_documents
                .iter()
                .map(|document| document.passages.len() as u64)
                .sum();
            documents_read += enriched_documents.len() as u64;
            let documents: Vec<T> = self.pool.install(|| {
                enriched_documents
                    .par_iter()
                    .map(|document| (self.convert)(document, &document.source.file))
                    .collect()
            });
            let bytes_now = bytes_read.load(Ordering::Relaxed);
            self.send(Enriched::Records {
                documents,
                passages,
                warnings,
                bytes_read: bytes_now.saturating_sub(bytes_reported),
            })?;
            bytes_reported = bytes_now;
        }
        drop(records);
        self.send(Enriched::StreamEnded {
            file: file.clone(),
            hash: hashing.finish(),
            bytes_unreported: file.size.saturating_sub(bytes_reported),
            bad_lines,
            read_error,
            unmapped,
            warnings_unlisted,
            documents: documents_read,
        })
    }

    /// Sends the documents of an enriched file (one [`EnrichedRecord`] a line) as they
    /// are, filed under that file; returns its bad lines, why reading stopped early if it
    /// did, and the bytes reported as read.
    fn stream_enriched(
        &self,
        file: &DiscoveredFile,
        mut reader: impl BufRead,
        bytes_read: &AtomicU64,
    ) -> Result<(BadLines, Option<String>, u64, u64), WriterGone> {
        let source_file = file.path.display().to_string();
        let max_line_bytes = self.options.limits.max_line_bytes;
        let mut documents_read = 0u64;
        let mut bad_lines = BadLines::default();
        let mut read_error = None;
        let mut bytes_reported = 0u64;
        let mut line_number = 0u64;
        let mut finished = false;
        while !finished {
            let mut batch: Vec<(u64, Vec<u8>)> = Vec::with_capacity(RECORDS_PER_BATCH);
            while batch.len() < RECORDS_PER_BATCH {
                let mut line = Vec::new();
                match read_bounded_line(&mut reader, &mut line, max_line_bytes) {
                    Ok(None) => {
                        finished = true;
                        break;
                    }
                    Ok(Some(too_long)) => {
                        line_number += 1;
                        if too_long {
                            bad_lines.note(|| {
                                format!(
                                    "line {line_number}: longer than the limit of {max_line_bytes} bytes"
                                )
                            });
                        } else if !line.trim_ascii().is_empty() {
                            batch.push((line_number, line));
                        }
                    }
                    Err(error) => {
                        read_error = Some(error.to_string());
                        finished = true;
                        break;
                    }
                }
            }
            let read: Vec<Result<(T, u64), String>> = self.pool.install(|| {
                batch
                    .par_iter()
                    .map(|(line, bytes)| {
                        let record: EnrichedRecord =
                            serde_json::from_slice(bytes).map_err(|error| {
                                format!("line {line}: not an enriched record: {error}")
                            })?;
                        let passages = record.document.passages.len() as u64;
                        Ok(((self.convert)(&record.document, &source_file), passages))
                    })
                    .collect()
            });
            let mut documents = Vec::with_capacity(read.len());
            let mut passages = 0;
            for result in read {
                match result {
                    Ok((document, document_passages)) => {
                        documents.push(document);
                        passages += document_passages;
                    }
                    Err(reason) => bad_lines.note(|| reason),
                }
            }
            let bytes_now = bytes_read.load(Ordering::Relaxed);
            documents_read += documents.len() as u64;
            self.send(Enriched::Records {
                documents,
                passages,
                warnings: Vec::new(),
                bytes_read: bytes_now.saturating_sub(bytes_reported),
            })?;
            bytes_reported = bytes_now;
        }
        Ok((bad_lines, read_error, bytes_reported, documents_read))
    }

    /// Enriches one record, with its line and the values it states that could not be
    /// read; a panic costs that record only (`Err` gives its line).
    fn enrich_record(&self, source: &str, record: &plenary_parse::JsonlRecord) -> EnrichedLine {
        catch_unwind(AssertUnwindSafe(|| {
            // Records of a bulk file share the file as their source's file, for deletion.
            let (document, unread) = self.enricher.read_record(source, record);
            (document, record.line, unread)
        }))
        .map_err(|_| record.line)
    }
}

/// The writing side of a run: owns the Tantivy writer and decides what enters the manifest.
struct Run<'a> {
    schema: &'a PlenarySchema,
    writer: IndexWriter<TantivyDocument>,
    options: &'a IndexOptions,
    progress: &'a dyn Progress,
    summary: IndexSummary,
    /// Manifest entries of files written since the last commit: they enter the manifest
    /// only once their documents are committed.
    pending: Vec<(PathBuf, Option<ManifestEntry>)>,
    documents_since_commit: u64,
    last_commit: Instant,
    /// Whether the run started from an empty index: a document then replaces nothing
    /// unless its id was written earlier in the run. When the index held documents, any
    /// document may replace one.
    ///
    /// Tantivy keeps every delete until the commit, with a scoring weight of about a
    /// kilobyte each: a delete per document cost 1.2 GB of memory over 1M documents.
    starts_empty: bool,
    /// The hashes of the ids written in this run, each with where its document was read
    /// (a position in `files_written`, and the item or line there): a document that
    /// replaces another of this run is reported with both places.
    ids_written: HashMap<u64, (u32, Option<u64>)>,
    /// The files documents were written from, each once in a row.
    files_written: Vec<String>,
    /// The index as the run found it (`None` when it started empty): where a document
    /// of an id written now was read from before.
    committed: Option<tantivy::Searcher>,
    /// Per file written in this run, the files whose documents its documents replaced.
    takeovers: HashMap<String, Vec<PathBuf>>,
}

impl Run<'_> {
    fn skip(&mut self, skipped: SkippedFile) {
        self.progress.skipped(&skipped);
        self.summary.skipped.push(skipped);
    }

    fn warn(&mut self, warning: InputWarning) {
        self.progress.warned(&warning);
        self.summary.warnings.push(warning);
    }

    fn delete_file(&self, path: &Path) {
        let term = Term::from_field_text(
            self.schema.fields().source_file,
            &path.display().to_string(),
        );
        self.writer.delete_term(term);
    }

    /// The files the documents written for `path` in this run replaced.
    fn takeovers_of(&mut self, path: &Path) -> Vec<PathBuf> {
        self.takeovers
            .remove(&path.display().to_string())
            .unwrap_or_default()
    }

    /// The file a document of `id` was read from, in the index as the run found it.
    fn committed_source(&self, id: &str) -> Option<String> {
        let searcher = self.committed.as_ref()?;
        let fields = self.schema.fields();
        let term = Term::from_field_text(fields.id, id);
        // Most documents of a run are new: the dictionary answers without a search.
        if searcher.doc_freq(&term).ok()? == 0 {
            return None;
        }
        let query = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
        let top = searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .ok()?;
        let (_, address) = top.first()?;
        let record: TantivyDocument = searcher.doc(*address).ok()?;
        record
            .get_first(fields.source_file)
            .and_then(|value| value.as_str())
            .map(str::to_string)
    }

    /// Removes from the index the files of the manifest that no longer exist, or that
    /// sit under an input folder and were not found there. Returns the files the removed
    /// ones had taken documents over from.
    fn remove_disappeared(
        &mut self,
        roots: &[PathBuf],
        found: &[DiscoveredFile],
        manifest: &mut Manifest,
    ) -> HashSet<PathBuf> {
        let roots: Vec<PathBuf> = roots
            .iter()
            .filter_map(|root| root.canonicalize().ok())
            .collect();
        let gone: Vec<PathBuf> = manifest
            .files
            .keys()
            .filter(|path| {
                let under_a_root = roots.iter().any(|root| path.starts_with(root));
                let found_again = found
                    .binary_search_by(|file| file.path.as_path().cmp(path))
                    .is_ok();
                !path.exists() || (under_a_root && !found_again)
            })
            .cloned()
            .collect();
        let mut shadowed = HashSet::new();
        for path in gone {
            if let Some(entry) = manifest.files.get(&path) {
                shadowed.extend(entry.shadows.iter().cloned());
            }
            self.delete_file(&path);
            self.pending.push((path, None));
            self.summary.files_removed += 1;
        }
        shadowed
    }

    /// Writes the batches the enriching thread sends, committing as commits fall due,
    /// until it has sent everything. Returning drops `batches`, which stops the enriching
    /// thread at its next batch.
    fn write_all(
        &mut self,
        batches: mpsc::Receiver<Enriched<TantivyRecord>>,
        manifest: &mut Manifest,
    ) -> Result<(), IndexError> {
        for batch in batches {
            match batch {
                Enriched::Files(outcomes) => {
                    for outcome in outcomes {
                        self.write(outcome, manifest)?;
                    }
                }
                Enriched::StreamStarted { path } => self.delete_file(&path),
                Enriched::Records {
                    documents,
                    passages,
                    warnings,
                    bytes_read,
                } => {
                    for warning in warnings {
                        self.warn(warning);
                    }
                    self.add_documents(documents)?;
                    self.summary.passages += passages;
                    self.progress.advance(bytes_read);
                }
                Enriched::StreamEnded {
                    file,
                    hash,
                    bytes_unreported,
                    bad_lines,
                    read_error,
                    unmapped,
                    warnings_unlisted,
                    documents,
                } => {
                    if warnings_unlisted > 0 {
                        self.warn(InputWarning::about_file(
                            &file.path,
                            format!(
                                "{warnings_unlisted} more value(s) that cannot be read, not listed (the first {MAX_WARNINGS_PER_FILE} are)"
                            ),
                        ));
                    }
                    if !unmapped.is_empty() {
                        self.summary.unmapped.push(UnmappedFields {
                            path: file.path.display().to_string(),
                            fields: unmapped.into_iter().collect(),
                        });
                    }
                    self.end_stream(
                        file,
                        hash,
                        bytes_unreported,
                        bad_lines,
                        read_error,
                        documents,
                    )
                }
            }
            self.commit_if_due(manifest)?;
        }
        Ok(())
    }

    fn write(
        &mut self,
        outcome: FileOutcome<TantivyRecord>,
        manifest: &mut Manifest,
    ) -> Result<(), IndexError> {
        match outcome {
            FileOutcome::Skipped { file, reason } => {
                self.progress.advance(file.size);
                // A file that became unreadable leaves the index: its old text is no longer what it holds.
                if manifest.files.contains_key(&file.path) {
                    self.delete_file(&file.path);
                    self.pending.push((file.path.clone(), None));
                }
                self.skip(SkippedFile::new(&file.path, reason));
            }
            FileOutcome::Unchanged { file, entry } => {
                self.progress.advance(file.size);
                self.summary.files_unchanged += 1;
                manifest.files.insert(file.path, entry);
            }
            FileOutcome::Indexed {
                file,
                hash,
                documents,
                passages,
                warnings,
            } => {
                self.progress.advance(file.size);
                // What the parser left out of the file is reported, not only logged.
                for warning in warnings {
                    self.warn(InputWarning::about_file(&file.path, warning));
                }
                self.delete_file(&file.path);
                let document_count = documents.len() as u64;
                self.add_documents(documents)?;
                self.summary.files_indexed += 1;
                self.summary.bytes += file.size;
                self.summary.passages += passages;
                let entry = ManifestEntry {
                    size: file.size,
                    modified_ns: file.modified_ns,
                    hash,
                    documents: document_count,
                    shadows: self.takeovers_of(&file.path),
                };
                self.pending.push((file.path, Some(entry)));
            }
        }
        Ok(())
    }

    /// A streamed JSON Lines file is complete: it enters the manifest at the next commit.
    fn end_stream(
        &mut self,
        file: DiscoveredFile,
        hash: String,
        bytes_unreported: u64,
        bad_lines: BadLines,
        read_error: Option<String>,
        documents: u64,
    ) {
        self.progress.advance(bytes_unreported);
        if let Some(reason) = stream_problems(bad_lines, read_error, documents) {
            self.skip(SkippedFile::new(&file.path, reason));
        }
        self.summary.files_indexed += 1;
        self.summary.bytes += file.size;
        let entry = ManifestEntry {
            size: file.size,
            modified_ns: file.modified_ns,
            hash,
            documents: 0,
            shadows: self.takeovers_of(&file.path),
        };
        self.pending.push((file.path, Some(entry)));
    }

    /// Adds documents, each replacing any earlier document with the same id.
    fn add_documents(&mut self, documents: Vec<TantivyRecord>) -> Result<(), IndexError> {
        let fields = *self.schema.fields();
        for document in documents {
            let source_file = document
                .record
                .get_first(fields.source_file)
                .and_then(|value| value.as_str())
                .unwrap_or_default();
            if self.files_written.last().map(String::as_str) != Some(source_file) {
                self.files_written.push(source_file.to_string());
            }
            let file = (self.files_written.len() - 1) as u32;
            // A hash seen before (or, once in billions of ids, a collision: a delete of
            // nothing and a report of a replacement that is not one).
            let earlier = self
                .ids_written
                .insert(id_hash(&document.id), (file, document.item));
            // Where a document of this id was read before: in this run, or in the index
            // as the run found it.
            let before = match earlier {
                Some((earlier_file, earlier_item)) => Some((
                    self.files_written[earlier_file as usize].clone(),
                    earlier_item,
                )),
                None => self
                    .committed_source(&document.id)
                    .filter(|path| path != source_file)
                    .map(|path| (path, None)),
            };
            if let Some((earlier_path, earlier_item)) = before {
                let place = match document.item {
                    Some(item) => format!("`{source_file}` (item or line {item})"),
                    None => format!("`{source_file}`"),
                };
                let reason = format!(
                    "its document `{}` is replaced by the one read from {place}, which has the same id (the same symbol and language, or the same text): the index keeps one",
                    document.id,
                );
                let mut warning = InputWarning::about_file(Path::new(&earlier_path), reason);
                warning.line = earlier_item;
                self.warn(warning);
                if earlier_path != source_file {
                    let taken = self.takeovers.entry(source_file.to_string()).or_default();
                    let earlier_path = PathBuf::from(earlier_path);
                    if !taken.contains(&earlier_path) {
                        taken.push(earlier_path);
                    }
                }
            }
            let may_replace = !self.starts_empty || earlier.is_some();
            if may_replace {
                self.writer
                    .delete_term(Term::from_field_text(fields.id, &document.id));
            }
            self.writer.add_document(document.record)?;
            self.summary.documents += 1;
            self.documents_since_commit += 1;
        }
        self.progress.documents(self.summary.documents);
        Ok(())
    }

    fn commit_if_due(&mut self, manifest: &mut Manifest) -> Result<(), IndexError> {
        let due = self.documents_since_commit >= self.options.commit_every_documents
            || self.last_commit.elapsed() >= self.options.commit_interval;
        if due {
            self.commit(manifest)?;
        }
        Ok(())
    }

    /// Commits the index, then records the committed files in the manifest.
    fn commit(&mut self, manifest: &mut Manifest) -> Result<(), IndexError> {
        self.writer.commit()?;
        for (path, entry) in self.pending.drain(..) {
            match entry {
                Some(entry) => manifest.files.insert(path, entry),
                None => manifest.files.remove(&path),
            };
        }
        manifest.save(&self.options.index_dir)?;
        self.summary.commits += 1;
        self.documents_since_commit = 0;
        self.last_commit = Instant::now();
        Ok(())
    }
}

/// Reads, parses and enriches one file on a worker thread. `entry_before` is the file's
/// manifest entry when the run began.
fn read_file<T>(
    file: &DiscoveredFile,
    entry_before: Option<&ManifestEntry>,
    enricher: &Enricher,
    convert: Convert<'_, T>,
    options: &IndexOptions,
) -> FileOutcome<T> {
    // What a library logs while reading the file names the file.
    let _reading = tracing::warn_span!("file", path = %file.path.display()).entered();
    let skipped = |reason: String| FileOutcome::Skipped {
        file: file.clone(),
        reason,
    };
    if file.size > options.limits.max_file_bytes {
        return skipped(format!(
            "file too large: {} bytes, the limit is {} bytes",
            file.size, options.limits.max_file_bytes
        ));
    }
    let bytes = match fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(error) => return skipped(format!("cannot read: {error}")),
    };
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if let Some(entry) = entry_before
        && entry.hash == hash
    {
        let mut entry = entry.clone();
        entry.modified_ns = file.modified_ns;
        entry.size = file.size;
        return FileOutcome::Unchanged {
            file: file.clone(),
            entry,
        };
    }
    let (documents, warnings) = match enrich_bytes(file, &bytes, enricher, options) {
        Ok(read) => read,
        Err(reason) => return skipped(reason),
    };
    let passages = documents
        .iter()
        .map(|document| document.passages.len() as u64)
        .sum();
    let records = documents
        .iter()
        .map(|document: &Document| convert(document, &document.source.file))
        .collect();
    FileOutcome::Indexed {
        file: file.clone(),
        hash,
        documents: records,
        passages,
        warnings,
    }
}

/// Parses and enriches the bytes of one (not bulk) file: its documents and the parser's
/// warnings, or why it cannot be read.
pub(crate) fn enrich_bytes(
    file: &DiscoveredFile,
    bytes: &[u8],
    enricher: &Enricher,
    options: &IndexOptions,
) -> Result<(Vec<Document>, Vec<String>), String> {
    let source = file.path.display().to_string();
    // A parser bug must cost one file, not the run.
    let result = catch_unwind(AssertUnwindSafe(|| {
        let parsed = plenary_parse::parse_bytes(file.format, bytes, &options.limits)?;
        let mut documents = enricher.documents_from_file(&source, &parsed);
        plenary_enrich::versions::harmonize_versions(&mut documents, &options.taxonomy);
        Ok::<_, plenary_parse::ParseError>((documents, parsed.warnings))
    }));
    match result {
        Ok(Ok(read)) => Ok(read),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => {
            Err("internal error while reading the file (a bug: please report it)".to_string())
        }
    }
}

fn count_documents(index: &tantivy::Index) -> Result<u64, IndexError> {
    let reader = index.reader()?;
    reader.reload()?;
    // One record per document: the live records are the documents.
    Ok(reader.searcher().num_docs())
}

/// A fingerprint of a taxonomy: a different taxonomy means every document is re-tagged.
pub(crate) fn fingerprint_taxonomy(taxonomy: &Taxonomy) -> String {
    let description = format!("{:?}", taxonomy.topics());
    blake3::hash(description.as_bytes()).to_hex()[..16].to_string()
}

/// Hashes what passes through it, so a streamed file is hashed as it is read.
struct HashingReader<R> {
    inner: R,
    hasher: blake3::Hasher,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        HashingReader {
            inner,
            hasher: blake3::Hasher::new(),
        }
    }

    fn finish(&self) -> String {
        self.hasher.finalize().to_hex().to_string()
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..read]);
        Ok(read)
    }
}

/// What went wrong in a streamed bulk file, as its report says it.
pub(crate) fn stream_problems(
    bad_lines: BadLines,
    read_error: Option<String>,
    documents: u64,
) -> Option<String> {
    let mut reasons = Vec::new();
    // A file of no record at all (empty, a header without rows, blank lines) is named too.
    if documents == 0 && read_error.is_none() && bad_lines.count == 0 {
        reasons.push("the file holds no record to read (no line or row with text)".to_string());
    }
    if let Some(error) = read_error {
        reasons.push(format!(
            "reading stopped before the end, the records before it are kept: {error}"
        ));
    }
    if bad_lines.count > 0 {
        reasons.push(format!(
            "{} bad line(s) left out, the first: {}",
            bad_lines.count,
            bad_lines.first.unwrap_or_default()
        ));
    }
    (!reasons.is_empty()).then(|| reasons.join("; "))
}

/// Bytes read ahead to tell an enriched file (its marker is shorter).
pub(crate) const ENRICHED_HEAD_BYTES: usize = 64;

/// Reads up to `length` bytes from the start of `reader` (fewer at its end).
pub(crate) fn read_head(
    reader: &mut (impl BufRead + ?Sized),
    length: usize,
) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(length);
    while head.len() < length {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }
        let taken = available.len().min(length - head.len());
        head.extend_from_slice(&available[..taken]);
        reader.consume(taken);
    }
    Ok(head)
}

/// Reads the next line (its end left off) into `line`, holding at most `max_bytes` of
/// it: `None` at the end of the input, `Some(true)` for a longer line, read past.
pub(crate) fn read_bounded_line(
    reader: &mut (impl BufRead + ?Sized),
    line: &mut Vec<u8>,
    max_bytes: u64,
) -> std::io::Result<Option<bool>> {
    line.clear();
    let mut too_long = false;
    let mut read_any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            break;
        }
        read_any = true;
        let (chunk, ends_line) = match available.iter().position(|&byte| byte == b'\n') {
            Some(end) => (&available[..end], true),
            None => (available, false),
        };
        if !too_long {
            if (line.len() + chunk.len()) as u64 > max_bytes {
                too_long = true;
                *line = Vec::new();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let taken = chunk.len() + usize::from(ends_line);
        reader.consume(taken);
        if ends_line {
            break;
        }
    }
    Ok(read_any.then_some(too_long))
}

/// A fixed 64-bit hash of a document id (the same in every run).
/// A searcher of the index `writer` writes, as last committed.
fn writer_searcher(writer: &IndexWriter<TantivyDocument>) -> Result<tantivy::Searcher, IndexError> {
    Ok(writer.index().reader()?.searcher())
}

fn id_hash(id: &str) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(id)
}
