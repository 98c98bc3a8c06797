//! `plenary index merge`: indexes built apart (one shard per partition of a cluster
//! job) made one index that `serve` serves.
//!
//! Shards share one schema, so their segments are taken as they are: their files are
//! copied and one `meta.json` lists them all (no text is analysed again, and no segment
//! grows past what the shards made; later runs' merges keep the bound). A document in
//! more than one shard (one symbol and language in two files that fell into two
//! partitions) is kept once, from the last shard that has it, as a run of `index` over
//! the same files in order keeps the last file's. The manifests are joined, so that the
//! merged index knows which files it holds, and under which taxonomy they were tagged.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use plenary_core::{PlenarySchema, StoredDocument, Taxonomy};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::indexer::IndexWriterOptions;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexMeta, IndexWriter, TantivyDocument, Term};

use crate::IndexError;
use crate::manifest::Manifest;
use crate::pipeline::{TANTIVY_MANAGED_FILE, TANTIVY_META_FILE, remove_index};

/// What a merge did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MergeSummary {
    pub shards: usize,
    pub segments: usize,
    /// Documents in the merged index.
    pub documents: u64,
    /// Documents found in more than one shard, kept once.
    pub duplicates: u64,
    pub elapsed: Duration,
}

/// Merges the Plenary indexes `shards` into a new index in `target` (an index already
/// there, if Plenary's, is replaced). `taxonomy` gives the facets of a document kept
/// from among duplicates, which is written again; it must be the shards' taxonomy.
pub fn merge_shards(
    shards: &[PathBuf],
    target: &Path,
    taxonomy: &Taxonomy,
) -> Result<MergeSummary, IndexError> {
    let started = Instant::now();
    let schema = PlenarySchema::new();
    let shard_error = |path: &Path, message: String| IndexError::Shard {
        path: path.to_path_buf(),
        message,
    };
    let mut opened = Vec::with_capacity(shards.len());
    let mut manifest: Option<Manifest> = None;
    for shard in shards {
        if same_folder(shard, target) {
            return Err(shard_error(shard, "is also the target of the merge".into()));
        }
        let index = schema.open_index(shard)?;
        let shard_manifest = Manifest::load(shard)?.ok_or_else(|| {
            shard_error(shard, "has no Plenary manifest: not a Plenary index".into())
        })?;
        match &mut manifest {
            None => manifest = Some(shard_manifest),
            Some(joined) => {
                if joined.taxonomy != shard_manifest.taxonomy {
                    return Err(shard_error(
                        shard,
                        "was tagged with another taxonomy than the shards before it: build the shards with one taxonomy".into(),
                    ));
                }
                joined.files.extend(shard_manifest.files);
            }
        }
        opened.push(index);
    }
    let Some(manifest) = manifest else {
        return Err(shard_error(target, "no shards to merge".into()));
    };
    let duplicates = duplicate_ids(&opened, &schema)?;

    prepare_target(target)?;
    let target_error = |source| IndexError::IndexDirectory {
        path: target.to_path_buf(),
        source,
    };
    let mut segments = Vec::new();
    let mut managed: Vec<String> = Vec::new();
    let mut opstamp = 0;
    let first_meta = opened[0].load_metas()?;
    for (shard, index) in shards.iter().zip(&opened) {
        let metas = index.load_metas()?;
        opstamp = opstamp.max(metas.opstamp);
        for segment in metas.segments {
            let files = copy_segment_files(shard, &segment.id().uuid_string(), target)
                .map_err(target_error)?;
            managed.extend(files);
            segments.push(segment);
        }
    }
    let segment_count = segments.len();
    let meta = IndexMeta {
        index_settings: first_meta.index_settings.clone(),
        persisted_custom_extensions: first_meta.persisted_custom_extensions.clone(),
        segments,
        schema: schema.schema().clone(),
        opstamp,
        payload: None,
    };
    let mut meta_json = serde_json::to_vec_pretty(&meta)
        .map_err(|error| shard_error(target, format!("cannot write meta.json: {error}")))?;
    meta_json.push(b'\n');
    // Tantivy removes the files it manages once merged away: the copies are its own.
    let managed_json = serde_json::to_vec(&managed)
        .map_err(|error| shard_error(target, format!("cannot list the segment files: {error}")))?;
    write_atomically(&target.join(TANTIVY_MANAGED_FILE), &managed_json).map_err(target_error)?;
    write_atomically(&target.join(TANTIVY_META_FILE), &meta_json).map_err(target_error)?;

    let merged = schema.open_index(target)?;
    if !duplicates.is_empty() {
        keep_last_copies(&merged, &opened, &schema, taxonomy, &duplicates)?;
    }
    manifest.save(target)?;
    let reader = merged.reader()?;
    reader.reload()?;
    Ok(MergeSummary {
        shards: shards.len(),
        segments: segment_count,
        documents: reader.searcher().num_docs(),
        duplicates: duplicates.len() as u64,
        elapsed: started.elapsed(),
    })
}

fn same_folder(left: &Path, right: &Path) -> bool {
    match (left.canonicalize(), right.canonicalize()) {
        (Ok(left), Ok(right)) => left == right,
        _ => false,
    }
}

/// Empties the target of an earlier merge or index run; refuses a folder that holds
/// an index that is not Plenary's.
fn prepare_target(target: &Path) -> Result<(), IndexError> {
    fs::create_dir_all(target).map_err(|source| IndexError::IndexDirectory {
        path: target.to_path_buf(),
        source,
    })?;
    if target.join(TANTIVY_META_FILE).is_file() {
        if !Manifest::path_in(target).is_file() {
            return Err(IndexError::Shard {
                path: target.to_path_buf(),
                message: "holds an index that Plenary did not build: choose another folder".into(),
            });
        }
        remove_index(target)?;
    }
    Ok(())
}

/// Links (or, across file systems, copies) the files of one segment, named by its id,
/// into the merged index's folder, byte for byte; returns their names. Segment files are
/// never changed once written, so a link is as good as a copy and costs no space.
fn copy_segment_files(
    shard: &Path,
    segment_id: &str,
    target: &Path,
) -> std::io::Result<Vec<String>> {
    let prefix = format!("{segment_id}.");
    let mut names = Vec::new();
    for entry in fs::read_dir(shard)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !name.starts_with(&prefix) {
            continue;
        }
        let destination = target.join(name);
        if fs::hard_link(entry.path(), &destination).is_err() {
            fs::copy(entry.path(), &destination)?;
        }
        names.push(name.to_string());
    }
    Ok(names)
}

/// Writes a file whole or not at all (a temporary file renamed over it).
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = path.with_extension("partial");
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

/// The ids that live in more than one shard, each with the last shard that has it.
/// A map of 64-bit hashes of the ids seen (16 bytes an id) finds them; the ids
/// themselves are kept for the duplicates only.
fn duplicate_ids(
    shards: &[Index],
    schema: &PlenarySchema,
) -> Result<BTreeMap<String, usize>, IndexError> {
    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut duplicates = BTreeMap::new();
    let id_field = schema
        .schema()
        .get_field_name(schema.fields().id)
        .to_string();
    for (position, shard) in shards.iter().enumerate() {
        let reader = shard.reader()?;
        let searcher = reader.searcher();
        for segment in searcher.segment_readers() {
            let Some(ids) = segment.fast_fields().str(&id_field)? else {
                continue;
            };
            let mut id = String::new();
            for doc in segment.doc_ids_alive() {
                let Some(ordinal) = ids.term_ords(doc).next() else {
                    continue;
                };
                id.clear();
                ids.ord_to_str(ordinal, &mut id)
                    .map_err(|source| IndexError::IndexDirectory {
                        path: PathBuf::from(segment.segment_id().uuid_string()),
                        source,
                    })?;
                let hash = hasher.hash_one(&id);
                if let Some(earlier) = seen.insert(hash, position)
                    && earlier != position
                {
                    duplicates.insert(id.clone(), position);
                }
            }
        }
    }
    Ok(duplicates)
}

/// Deletes every copy of each duplicate and writes again the one of the last shard
/// that has it (its record rebuilt from what that shard stores).
fn keep_last_copies(
    merged: &Index,
    shards: &[Index],
    schema: &PlenarySchema,
    taxonomy: &Taxonomy,
    duplicates: &BTreeMap<String, usize>,
) -> Result<(), IndexError> {
    let fields = schema.fields();
    let mut writer: IndexWriter<TantivyDocument> = merged.writer_with_options(
        IndexWriterOptions::builder()
            .num_worker_threads(1)
            .memory_budget_per_thread(64_000_000)
            .num_merge_threads(1)
            .build(),
    )?;
    let searchers: Vec<tantivy::Searcher> = shards
        .iter()
        .map(|shard| shard.reader().map(|reader| reader.searcher()))
        .collect::<Result<_, _>>()?;
    for (id, &position) in duplicates {
        let term = Term::from_field_text(fields.id, id);
        writer.delete_term(term.clone());
        let searcher = &searchers[position];
        let query = TermQuery::new(term, IndexRecordOption::Basic);
        let Some((_, address)) = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            continue;
        };
        let record: TantivyDocument = searcher.doc(address)?;
        let stored_str = |field| {
            record
                .get_first(field)
                .and_then(|value| value.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let text = stored_str(fields.text);
        let source_file = stored_str(fields.source_file);
        let stored = StoredDocument::from_payload(&stored_str(fields.payload), &text)?;
        let document = stored.into_document(text);
        writer.add_document(schema.to_tantivy_from(&document, taxonomy, &source_file))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}
