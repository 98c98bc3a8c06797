//! One indexing run: discover → (parse → enrich on rayon) → write → commit.

use std::fs;
use std::io::{BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use plenary_core::schema::KIND_DOCUMENT;
use plenary_core::{Document, PlenarySchema, Taxonomy};
use plenary_enrich::Enricher;
use plenary_parse::{Format, ParseLimits};
use rayon::prelude::*;
use serde::Serialize;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyDocument, Term};

use crate::IndexError;
use crate::discover::{DiscoveredFile, discover};
use crate::manifest::{Manifest, ManifestEntry};

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
    /// Commit after this many documents ...
    pub commit_every_documents: u64,
    /// ... or after this long, whichever comes first.
    pub commit_interval: Duration,
    pub taxonomy: Taxonomy,
    pub limits: ParseLimits,
}

impl IndexOptions {
    pub fn new(index_dir: PathBuf) -> IndexOptions {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        IndexOptions {
            index_dir,
            full: false,
            threads: 0,
            writer_threads: cores.clamp(1, 4),
            writer_memory_bytes: 256 * 1024 * 1024,
            commit_every_documents: 100_000,
            commit_interval: Duration::from_secs(60),
            taxonomy: Taxonomy::bundled(),
            limits: ParseLimits::default(),
        }
    }
}

/// A file that could not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// `bytes` more bytes were read.
    fn advance(&self, _bytes: u64) {}
    /// A file could not be indexed.
    fn skipped(&self, _file: &SkippedFile) {}
    /// The run is writing and committing the last of the index.
    fn finishing(&self) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Files read in parallel before their documents are written; bounds memory.
const FILES_PER_BATCH: usize = 64;
/// JSON Lines records enriched in parallel at a time.
const RECORDS_PER_BATCH: usize = 2048;

/// Indexes the files under `paths` into the index of `options.index_dir`.
pub fn run_index(
    paths: &[PathBuf],
    options: &IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    fs::create_dir_all(&options.index_dir).map_err(|source| IndexError::IndexDirectory {
        path: options.index_dir.clone(),
        source,
    })?;
    let schema = PlenarySchema::new();
    let index = schema.open_or_create_index(&options.index_dir)?;
    let writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(options.writer_threads.max(1), options.writer_memory_bytes)?;

    let taxonomy_fingerprint = fingerprint_taxonomy(&options.taxonomy);
    let previous = if options.full {
        None
    } else {
        Manifest::load(&options.index_dir)?
    };
    let mut manifest = match previous {
        Some(manifest) if manifest.taxonomy == taxonomy_fingerprint => manifest,
        _ => {
            writer.delete_all_documents()?;
            Manifest::new(taxonomy_fingerprint)
        }
    };

    let (files, discovery_skipped) = discover(paths)?;
    let mut run = Run {
        schema: &schema,
        writer,
        enricher: Enricher::new(&options.taxonomy),
        options,
        progress,
        summary: IndexSummary {
            files_found: files.len() as u64,
            ..IndexSummary::default()
        },
        pending: Vec::new(),
        documents_since_commit: 0,
        last_commit: Instant::now(),
    };
    for skipped in discovery_skipped {
        run.skip(skipped);
    }

    run.remove_disappeared(paths, &files, &mut manifest);
    let changed: Vec<&DiscoveredFile> = files
        .iter()
        .filter(|file| match manifest.files.get(&file.path) {
            Some(entry) => entry.size != file.size || entry.modified_ns != file.modified_ns,
            None => true,
        })
        .collect();
    run.summary.files_unchanged = (files.len() - changed.len()) as u64;
    progress.start(
        changed.len() as u64,
        changed.iter().map(|file| file.size).sum(),
    );

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|error| {
            IndexError::Tantivy(tantivy::TantivyError::SystemError(error.to_string()))
        })?;

    let (bulk_files, single_files): (Vec<&DiscoveredFile>, Vec<&DiscoveredFile>) = changed
        .into_iter()
        .partition(|file| file.format == Format::JsonLines);
    for batch in single_files.chunks(FILES_PER_BATCH) {
        let outcomes: Vec<FileOutcome> = pool.install(|| {
            batch
                .par_iter()
                .map(|file| read_file(file, &manifest, &run.enricher, &schema, options))
                .collect()
        });
        for outcome in outcomes {
            run.write(outcome, &mut manifest)?;
        }
        run.commit_if_due(&mut manifest)?;
    }
    for file in bulk_files {
        run.index_json_lines(file, &pool, &mut manifest)?;
    }

    progress.finishing();
    run.commit(&mut manifest)?;
    let Run {
        writer,
        mut summary,
        ..
    } = run;
    writer.wait_merging_threads()?;
    summary.documents_in_index = count_documents(&index, &schema)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// What reading one file gave.
enum FileOutcome {
    Indexed {
        file: DiscoveredFile,
        hash: String,
        documents: Vec<Vec<TantivyDocument>>,
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

struct Run<'a> {
    schema: &'a PlenarySchema,
    writer: IndexWriter<TantivyDocument>,
    enricher: Enricher,
    options: &'a IndexOptions,
    progress: &'a dyn Progress,
    summary: IndexSummary,
    /// Manifest entries of files written since the last commit: they enter the manifest
    /// only once their documents are committed.
    pending: Vec<(PathBuf, Option<ManifestEntry>)>,
    documents_since_commit: u64,
    last_commit: Instant,
}

impl Run<'_> {
    fn skip(&mut self, skipped: SkippedFile) {
        self.progress.skipped(&skipped);
        self.summary.skipped.push(skipped);
    }

    fn delete_file(&self, path: &Path) {
        let term = Term::from_field_text(
            self.schema.fields().source_file,
            &path.display().to_string(),
        );
        self.writer.delete_term(term);
    }

    /// Removes from the index the files of the manifest that no longer exist, or that
    /// sit under an input folder and were not found there.
    fn remove_disappeared(
        &mut self,
        roots: &[PathBuf],
        found: &[DiscoveredFile],
        manifest: &mut Manifest,
    ) {
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
        for path in gone {
            self.delete_file(&path);
            self.pending.push((path, None));
            self.summary.files_removed += 1;
        }
    }

    fn write(&mut self, outcome: FileOutcome, manifest: &mut Manifest) -> Result<(), IndexError> {
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
                for warning in warnings {
                    tracing::debug!(path = %file.path.display(), warning, "read with a warning");
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
                };
                self.pending.push((file.path, Some(entry)));
            }
        }
        Ok(())
    }

    /// Adds documents, each replacing any earlier document with the same id.
    fn add_documents(&mut self, documents: Vec<Vec<TantivyDocument>>) -> Result<(), IndexError> {
        let doc_id = self.schema.fields().doc_id;
        for records in documents {
            let Some(id) = records
                .first()
                .and_then(|record| first_text(record, doc_id))
            else {
                continue;
            };
            self.writer.delete_term(Term::from_field_text(doc_id, &id));
            for record in records {
                self.writer.add_document(record)?;
            }
            self.summary.documents += 1;
            self.documents_since_commit += 1;
        }
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

    /// Streams a JSON Lines file: batches of records are enriched in parallel and written,
    /// with commits as they fall due. The file enters the manifest once it is complete.
    fn index_json_lines(
        &mut self,
        file: &DiscoveredFile,
        pool: &rayon::ThreadPool,
        manifest: &mut Manifest,
    ) -> Result<(), IndexError> {
        let reader = match crate::discover::open_json_lines(&file.path, file.compression) {
            Ok(reader) => reader,
            Err(error) => {
                self.skip(SkippedFile::new(
                    &file.path,
                    format!("cannot open: {error}"),
                ));
                return Ok(());
            }
        };
        self.delete_file(&file.path);
        let bytes_read = Arc::new(AtomicU64::new(0));
        let mut hashing = HashingReader::new(reader, Arc::clone(&bytes_read));
        let mut records =
            plenary_parse::read_jsonl(BufReader::with_capacity(1 << 20, &mut hashing));
        let source = file.path.display().to_string();
        let mut bad_lines = 0u64;
        let mut first_bad_line: Option<String> = None;
        let mut bytes_reported = 0u64;
        loop {
            let mut batch = Vec::with_capacity(RECORDS_PER_BATCH);
            for record in records.by_ref().take(RECORDS_PER_BATCH) {
                match record {
                    Ok(record) => batch.push(record),
                    Err(error) => {
                        bad_lines += 1;
                        first_bad_line.get_or_insert_with(|| error.to_string());
                    }
                }
            }
            if batch.is_empty() {
                break;
            }
            let enricher = &self.enricher;
            let schema = self.schema;
            let taxonomy = &self.options.taxonomy;
            let converted: Vec<(Vec<TantivyDocument>, u64)> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|record| {
                        let record_source = format!("{source}#{}", record.line);
                        let document = enricher.document_from_record(&record_source, record);
                        let mut document = document;
                        // Records of a bulk file share the file as their source, for deletion.
                        document.source = record_source;
                        (
                            schema.to_tantivy(&document, taxonomy),
                            document.passages.len() as u64,
                        )
                    })
                    .collect()
            });
            let mut documents = Vec::with_capacity(converted.len());
            for (records, passages) in converted {
                self.summary.passages += passages;
                documents.push(records);
            }
            self.add_documents(documents)?;
            let bytes_now = bytes_read.load(Ordering::Relaxed);
            self.progress
                .advance(bytes_now.saturating_sub(bytes_reported));
            bytes_reported = bytes_now;
            self.commit_if_due(manifest)?;
        }
        drop(records);
        self.progress
            .advance(file.size.saturating_sub(bytes_reported));
        if bad_lines > 0 {
            let reason = format!(
                "{bad_lines} bad line(s) left out, the first: {}",
                first_bad_line.unwrap_or_default()
            );
            self.skip(SkippedFile::new(&file.path, reason));
        }
        self.summary.files_indexed += 1;
        self.summary.bytes += file.size;
        let entry = ManifestEntry {
            size: file.size,
            modified_ns: file.modified_ns,
            hash: hashing.finish(),
            documents: 0,
        };
        self.pending.push((file.path.clone(), Some(entry)));
        Ok(())
    }
}

/// Reads, parses and enriches one file on a worker thread.
fn read_file(
    file: &DiscoveredFile,
    manifest: &Manifest,
    enricher: &Enricher,
    schema: &PlenarySchema,
    options: &IndexOptions,
) -> FileOutcome {
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
    if let Some(entry) = manifest.files.get(&file.path)
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
    let source = file.path.display().to_string();
    // A parser bug must cost one file, not the run.
    let result = catch_unwind(AssertUnwindSafe(|| {
        let parsed = plenary_parse::parse_bytes(file.format, &bytes, &options.limits)?;
        let documents = enricher.documents_from_file(&source, &parsed);
        Ok::<_, plenary_parse::ParseError>((documents, parsed.warnings))
    }));
    let (documents, warnings) = match result {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(error)) => return skipped(error.to_string()),
        Err(_) => {
            return skipped(
                "internal error while reading the file (a bug: please report it)".to_string(),
            );
        }
    };
    let passages = documents
        .iter()
        .map(|document| document.passages.len() as u64)
        .sum();
    let records = documents
        .iter()
        .map(|document: &Document| schema.to_tantivy(document, &options.taxonomy))
        .collect();
    FileOutcome::Indexed {
        file: file.clone(),
        hash,
        documents: records,
        passages,
        warnings,
    }
}

fn first_text(record: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    use tantivy::schema::document::Value;
    record
        .get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_string)
}

fn count_documents(index: &tantivy::Index, schema: &PlenarySchema) -> Result<u64, IndexError> {
    let reader = index.reader()?;
    reader.reload()?;
    let searcher = reader.searcher();
    let query = TermQuery::new(
        Term::from_field_text(schema.fields().kind, KIND_DOCUMENT),
        IndexRecordOption::Basic,
    );
    Ok(searcher.search(&query, &Count)? as u64)
}

/// A fingerprint of a taxonomy: a different taxonomy means every document is re-tagged.
fn fingerprint_taxonomy(taxonomy: &Taxonomy) -> String {
    let description = format!("{:?}", taxonomy.topics());
    blake3::hash(description.as_bytes()).to_hex()[..16].to_string()
}

/// Hashes and counts what passes through it, so a streamed file is hashed as it is read
/// and its progress known.
struct HashingReader<R> {
    inner: R,
    hasher: blake3::Hasher,
    bytes_read: Arc<AtomicU64>,
}

impl<R: Read> HashingReader<R> {
    fn new(inner: R, bytes_read: Arc<AtomicU64>) -> Self {
        HashingReader {
            inner,
            hasher: blake3::Hasher::new(),
            bytes_read,
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
        self.bytes_read.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}
