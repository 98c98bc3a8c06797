//! Facet counts over the documents that match a search, with multi-select: the counts
//! of a facet are computed with every filter but that facet's own (Solr's tag/exclude),
//! so ticking a second forum shows what it would add.
//!
//! Topics come back as a tree (a parent's count is the number of matching documents
//! with that topic or any topic below it, each document counted once); sessions as
//! flat `FORUM/NUMBER` values; every other facet as flat values.
//!
//! Counting is part of the one pass over the matching documents that also counts the
//! total and ranks the hits (`pass`): per segment, each facet's column of term ordinals
//! is read into a dense counter per reported path (a topic and its parent are reached
//! from the same ordinal), and only the paths counted are named at the end. When the pass
//! matches every document of a segment without deletes, the counts are the document
//! frequencies of the facet terms and no document is visited.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use plenary_core::model::Forum;
use plenary_core::schema::{FacetField, PlenarySchema};
use plenary_core::taxonomy::Taxonomy;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use tantivy::columnar::{Column, ColumnIndex, StrColumn};
use tantivy::index::SegmentId;
use tantivy::query::Query;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Searcher, SegmentReader};
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::pass::SearchPass;
use crate::search::query::{Filters, filtered_query, matching_documents};
use crate::search::request::FacetSort;

/// One value of a facet with the number of matching documents that hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FacetValue {
    /// The value as a filter takes it: a topic slug, a forum code, `CND/57`, a year, ...
    pub value: String,
    /// A readable name, for topics and forums.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: u64,
    /// The values below this one (topics only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub children: Vec<FacetValue>,
}

/// Counts of reported facet paths (`["CND", "57"]`, `["organized-crime"]`), each document
/// counted once per path.
pub(crate) type PathCounts = BTreeMap<Vec<String>, u64>;

/// The byte between the parts of an encoded facet path (Tantivy's).
const FACET_SEPARATOR: u8 = 0;
/// A term ordinal that counts for no reported path.
const NO_NODE: u32 = u32::MAX;

/// One facet to count and which of its paths are reported: the children of the parents
/// of each level (the root for flat facets; every topic with subtopics for topics).
#[derive(Debug)]
pub(crate) struct FacetPlan {
    pub facet: FacetField,
    field: Field,
    levels: Vec<PlanLevel>,
    ordinal_maps: Mutex<HashMap<SegmentId, Arc<SegmentOrdinalMap>>>,
    /// The counts of every document of a segment, from its postings: they hold as long
    /// as the segment has no deletes, which is checked before they are used.
    posting_counts: Mutex<HashMap<SegmentId, Arc<PostingCounts>>>,
}

/// The reported paths of a segment's facet terms with their document frequencies.
#[derive(Debug, Default)]
pub(crate) struct PostingCounts {
    paths: PackedPaths,
    counts: Vec<u64>,
}

/// Parents of one depth whose children are reported.
#[derive(Debug, Clone)]
struct PlanLevel {
    /// The number of parts of the parents' paths (0: the root).
    parent_depth: usize,
    /// The parents' encoded paths, sorted.
    parents: Vec<Vec<u8>>,
}

impl PlanLevel {
    /// The byte length of the reported path that `term` (an encoded facet path) counts
    /// for at this level, if it counts for one.
    fn node_end(&self, term: &[u8]) -> Option<usize> {
        let node_end = prefix_end(term, self.parent_depth + 1)?;
        let parent_end = prefix_end(term, self.parent_depth)?;
        self.parents
            .binary_search_by(|parent| parent.as_slice().cmp(&term[..parent_end]))
            .is_ok()
            .then_some(node_end)
    }
}

/// The byte length of the first `parts` parts of an encoded facet path; `None` when it has fewer.
fn prefix_end(term: &[u8], parts: usize) -> Option<usize> {
    if parts == 0 {
        return Some(0);
    }
    if term.is_empty() {
        return None;
    }
    let mut seen = 0;
    for (at, &byte) in term.iter().enumerate() {
        if byte == FACET_SEPARATOR {
            seen += 1;
            if seen == parts {
                return Some(at);
            }
        }
    }
    (seen + 1 == parts).then_some(term.len())
}

fn path_of(encoded: &[u8]) -> Vec<String> {
    encoded
        .split(|&byte| byte == FACET_SEPARATOR)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

impl FacetPlan {
    /// A plan reporting the children of `parents` (each a facet path, the root included).
    fn new(facet: FacetField, field: Field, parents: impl IntoIterator<Item = Facet>) -> FacetPlan {
        let mut by_depth: BTreeMap<usize, Vec<Vec<u8>>> = BTreeMap::new();
        for parent in parents {
            // The root's path has no part (`to_path` gives it one, empty).
            let depth = if parent.is_root() {
                0
            } else {
                parent.to_path().len()
            };
            by_depth
                .entry(depth)
                .or_default()
                .push(parent.encoded_str().as_bytes().to_vec());
        }
        let levels = by_depth
            .into_iter()
            .map(|(parent_depth, mut parents)| {
                parents.sort();
                parents.dedup();
                PlanLevel {
                    parent_depth,
                    parents,
                }
            })
            .collect();
        FacetPlan {
            facet,
            field,
            levels,
            ordinal_maps: Mutex::new(HashMap::new()),
            posting_counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts from the document frequencies of the facet's terms: exact when the pass
    /// matches every document of a segment without deletes, since Tantivy indexes each
    /// facet value with all its ancestors and a posting list holds a document once.
    /// They are read once per segment and kept: a match-all search, the first page every
    /// visitor sees, then costs no pass over the dictionaries.
    pub fn counts_from_postings(&self, reader: &SegmentReader) -> tantivy::Result<SegmentTally> {
        let segment = reader.segment_id();
        if let Some(counts) = lock(&self.posting_counts).get(&segment) {
            return Ok(SegmentTally::FromPostings(Arc::clone(counts)));
        }
        let counts = Arc::new(self.read_posting_counts(reader)?);
        let mut kept = lock(&self.posting_counts);
        if kept.len() >= MAX_ORDINAL_MAPS {
            kept.clear();
        }
        kept.insert(segment, Arc::clone(&counts));
        Ok(SegmentTally::FromPostings(counts))
    }

    fn read_posting_counts(&self, reader: &SegmentReader) -> tantivy::Result<PostingCounts> {
        let inverted = reader.inverted_index(self.field)?;
        let mut terms = inverted.terms().stream()?;
        let mut paths = PackedPaths::default();
        let mut counts = Vec::new();
        while terms.advance() {
            let term = terms.key();
            if self
                .levels
                .iter()
                .any(|level| level.node_end(term) == Some(term.len()))
            {
                paths.push(term);
                counts.push(u64::from(terms.value().doc_freq));
            }
        }
        Ok(PostingCounts { paths, counts })
    }

    /// A counter of this facet over the documents of one segment.
    pub fn for_segment(&self, reader: &SegmentReader) -> tantivy::Result<SegmentFacetCounts> {
        let Some(column) = reader.fast_fields().str(self.facet.name())? else {
            return Ok(SegmentFacetCounts {
                ords: None,
                map: Arc::new(SegmentOrdinalMap::default()),
                levels: Vec::new(),
                pending: Vec::new(),
                block_ords: Vec::new(),
                block_rows: BlockRows::default(),
            });
        };
        let map = self.ordinal_map(reader.segment_id(), &column)?;
        let levels = map
            .levels
            .iter()
            .map(|level| LevelCounts {
                counts: vec![0; level.node_count()],
                last_doc: vec![DocId::MAX; level.node_count()],
            })
            .collect();
        Ok(SegmentFacetCounts {
            ords: Some(column.ords().clone()),
            map,
            levels,
            pending: Vec::with_capacity(FACET_BLOCK),
            block_ords: vec![None; FACET_BLOCK],
            block_rows: BlockRows::default(),
        })
    }

    /// The ordinal map of a segment, made on its first search and kept.
    fn ordinal_map(
        &self,
        segment: SegmentId,
        column: &StrColumn,
    ) -> tantivy::Result<Arc<SegmentOrdinalMap>> {
        if let Some(map) = lock(&self.ordinal_maps).get(&segment) {
            return Ok(Arc::clone(map));
        }
        let map = Arc::new(self.map_ordinals(column)?);
        let mut maps = lock(&self.ordinal_maps);
        // Maps of merged-away segments are never asked for again: start afresh now and then.
        if maps.len() >= MAX_ORDINAL_MAPS {
            maps.clear();
        }
        maps.insert(segment, Arc::clone(&map));
        Ok(map)
    }

    /// Reads the segment's facet dictionary once, mapping every term to the reported
    /// path it counts for at each level.
    fn map_ordinals(&self, column: &StrColumn) -> tantivy::Result<SegmentOrdinalMap> {
        let dictionary = column.dictionary();
        let term_count = dictionary.num_terms();
        let mut levels: Vec<LevelMap> = self
            .levels
            .iter()
            .map(|_| LevelMap {
                node_of_ord: vec![NO_NODE; term_count],
                nodes: PackedPaths::default(),
            })
            .collect();
        let mut terms = dictionary.stream()?;
        while terms.advance() {
            let ord = terms.term_ord() as usize;
            let term = terms.key();
            for (plan_level, level) in self.levels.iter().zip(&mut levels) {
                let Some(end) = plan_level.node_end(term) else {
                    continue;
                };
                // Terms below one reported path are neighbours in the sorted dictionary.
                if level.nodes.last() != Some(&term[..end]) {
                    level.nodes.push(&term[..end]);
                }
                level.node_of_ord[ord] = (level.nodes.len() - 1) as u32;
            }
        }
        Ok(SegmentOrdinalMap { levels })
    }
}

/// Locks a map of per-segment data. A panic while holding the lock leaves a consistent
/// map: keep using it.
fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Segments whose ordinal maps (and posting counts) are kept per facet.
const MAX_ORDINAL_MAPS: usize = 256;

/// How the facet term ordinals of one segment map onto reported paths, level by level.
/// A segment never changes (deletes leave its dictionary as it is), so the map is made
/// once per segment, as Elasticsearch keeps its global ordinals.
#[derive(Debug, Default)]
pub(crate) struct SegmentOrdinalMap {
    levels: Vec<LevelMap>,
}

#[derive(Debug)]
struct LevelMap {
    /// Term ordinal → the reported path it counts for ([`NO_NODE`] for none).
    node_of_ord: Vec<u32>,
    /// The reported paths, encoded.
    nodes: PackedPaths,
}

impl LevelMap {
    fn node_count(&self) -> usize {
        self.nodes.len()
    }
}

/// Encoded facet paths one after the other in one buffer (no allocation per path).
#[derive(Debug, Default)]
pub(crate) struct PackedPaths {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl PackedPaths {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn push(&mut self, path: &[u8]) {
        self.bytes.extend_from_slice(path);
        self.ends.push(self.bytes.len());
    }

    fn get(&self, position: usize) -> &[u8] {
        let start = match position {
            0 => 0,
            _ => self.ends[position - 1],
        };
        &self.bytes[start..self.ends[position]]
    }

    fn last(&self) -> Option<&[u8]> {
        self.len().checked_sub(1).map(|position| self.get(position))
    }
}

/// The counts of one facet in one segment, by path ordinal or encoded path: paths are
/// named once, after the segments are merged.
pub(crate) enum SegmentTally {
    Visited {
        map: Arc<SegmentOrdinalMap>,
        counts: Vec<Vec<u32>>,
    },
    FromPostings(Arc<PostingCounts>),
}

/// The counts of one facet merged over segments, by encoded path.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FacetTally {
    /// Hashed with FxHash: a tally adds thousands of paths per query (organizations),
    /// and SipHash's resistance to flooding is not needed for the index's own terms.
    counts: FxHashMap<Vec<u8>, u64>,
}

impl FacetTally {
    fn add(&mut self, path: &[u8], count: u64) {
        match self.counts.get_mut(path) {
            Some(total) => *total += count,
            None => {
                self.counts.insert(path.to_vec(), count);
            }
        }
    }

    pub fn add_segment(&mut self, tally: SegmentTally) {
        match tally {
            SegmentTally::Visited { map, counts } => {
                for (level, counts) in map.levels.iter().zip(counts) {
                    for (node, count) in counts.into_iter().enumerate() {
                        if count > 0 {
                            self.add(level.nodes.get(node), u64::from(count));
                        }
                    }
                }
            }
            SegmentTally::FromPostings(postings) => {
                for (position, &count) in postings.counts.iter().enumerate() {
                    self.add(postings.paths.get(position), count);
                }
            }
        }
    }

    pub fn into_path_counts(self) -> PathCounts {
        self.counts
            .into_iter()
            .map(|(path, count)| (path_of(&path), count))
            .collect()
    }

    /// The counts of the paths that can be among the first `limit` values of a flat facet
    /// sorted by count: those counting at least as many documents as the `limit`-th.
    /// (An organization facet has thousands of values and shows fifty.)
    pub fn into_most_frequent(self, limit: usize) -> PathCounts {
        if limit == 0 {
            return PathCounts::new();
        }
        if self.counts.len() <= limit {
            return self.into_path_counts();
        }
        let mut counts: Vec<u64> = self.counts.values().copied().collect();
        let (_, &mut least, _) =
            counts.select_nth_unstable_by(limit - 1, |left, right| right.cmp(left));
        self.counts
            .into_iter()
            .filter(|(_, count)| *count >= least)
            .map(|(path, count)| (path_of(&path), count))
            .collect()
    }
}

/// Counts of one facet in one segment: a dense counter per reported path, reached from
/// each document's term ordinals.
pub(crate) struct SegmentFacetCounts {
    ords: Option<Column<u64>>,
    map: Arc<SegmentOrdinalMap>,
    levels: Vec<LevelCounts>,
    /// Documents waiting to be counted: a column is read a block at a time, one call
    /// per block instead of one per document.
    pending: Vec<DocId>,
    /// The ordinals of a block of documents with at most one value each.
    block_ords: Vec<Option<u64>>,
    /// The values of a block of documents with several values each.
    block_rows: BlockRows,
}

/// The values of a block of documents of a multi-valued column: each value's document,
/// row and ordinal, read for the whole block at once.
#[derive(Default)]
struct BlockRows {
    docs: Vec<DocId>,
    rows: Vec<u32>,
    ords: Vec<u64>,
}

/// Documents counted together.
pub(crate) const FACET_BLOCK: usize = 64;

struct LevelCounts {
    counts: Vec<u32>,
    /// The last document counted for each path: a document with two values below one
    /// path counts once.
    last_doc: Vec<DocId>,
}

impl LevelCounts {
    /// Counts the value of a document that has only one.
    #[inline]
    fn count_single(&mut self, map: &LevelMap, ord: u64) {
        let node = map.node_of_ord[ord as usize];
        if node != NO_NODE {
            self.counts[node as usize] += 1;
        }
    }

    #[inline]
    fn count(&mut self, map: &LevelMap, doc: DocId, ord: u64) {
        let node = map.node_of_ord[ord as usize];
        if node == NO_NODE {
            return;
        }
        let node = node as usize;
        if self.last_doc[node] != doc {
            self.last_doc[node] = doc;
            self.counts[node] += 1;
        }
    }
}

impl SegmentFacetCounts {
    #[inline]
    pub fn collect(&mut self, doc: DocId) {
        if self.ords.is_none() {
            return;
        }
        self.pending.push(doc);
        if self.pending.len() == FACET_BLOCK {
            self.count_pending();
        }
    }

    /// Counts a block of documents (at most [`FACET_BLOCK`], in increasing order) at once.
    pub fn collect_block(&mut self, docs: &[DocId]) {
        if docs.len() > FACET_BLOCK {
            for block in docs.chunks(FACET_BLOCK) {
                self.collect_block(block);
            }
            return;
        }
        let Some(ords) = &self.ords else {
            return;
        };
        let maps = self.map.levels.as_slice();
        match &ords.index {
            ColumnIndex::Multivalued(_) => {
                // The block's rows first, then all their values in one call: reading them
                // one by one costs a dynamic call per value.
                let block = &mut self.block_rows;
                block.docs.clear();
                block.rows.clear();
                ords.index
                    .docids_to_rowids(docs, &mut block.docs, &mut block.rows);
                block.ords.resize(block.rows.len(), 0);
                ords.values.get_vals(&block.rows, &mut block.ords);
                for (&doc, &ord) in block.docs.iter().zip(&block.ords) {
                    for (level, map) in self.levels.iter_mut().zip(maps) {
                        level.count(map, doc, ord);
                    }
                }
            }
            // At most one value per document: the block's ordinals in one call, and no
            // document can be counted twice under one path.
            _ => {
                let block_ords = &mut self.block_ords[..docs.len()];
                block_ords.fill(None);
                ords.first_vals(docs, block_ords);
                for ord in block_ords.iter().flatten() {
                    for (level, map) in self.levels.iter_mut().zip(maps) {
                        level.count_single(map, *ord);
                    }
                }
            }
        }
    }

    /// Counts the pending documents.
    fn count_pending(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.collect_block(&pending);
        self.pending = pending;
        self.pending.clear();
    }

    /// The counts, still by path ordinal.
    pub fn harvest(mut self) -> SegmentTally {
        self.count_pending();
        SegmentTally::Visited {
            map: self.map,
            counts: self.levels.into_iter().map(|level| level.counts).collect(),
        }
    }
}

/// The plan of every facet, made once from the taxonomy (finding the topics with
/// subtopics walks the whole taxonomy).
#[derive(Debug, Clone)]
pub(crate) struct FacetPlans {
    plans: Vec<Arc<FacetPlan>>,
}

impl FacetPlans {
    pub fn new(schema: &PlenarySchema, taxonomy: &Taxonomy) -> FacetPlans {
        let plans = FacetField::ALL
            .iter()
            .map(|&facet| {
                Arc::new(FacetPlan::new(
                    facet,
                    schema.facet(facet),
                    reported_parents(facet, taxonomy).into_iter().flatten(),
                ))
            })
            .collect();
        FacetPlans { plans }
    }

    pub fn get(&self, facet: FacetField) -> &Arc<FacetPlan> {
        let position = FacetField::ALL
            .iter()
            .position(|candidate| *candidate == facet)
            .unwrap_or_default();
        &self.plans[position]
    }
}

/// The facets whose children are reported, by depth: the root's children for every
/// facet, the children of each forum for sessions, and of every topic with subtopics.
fn reported_parents(facet: FacetField, taxonomy: &Taxonomy) -> Vec<Vec<Facet>> {
    match facet {
        FacetField::Topic => {
            let mut levels: Vec<Vec<Facet>> = vec![vec![Facet::root()]];
            for topic in taxonomy.topics() {
                if taxonomy.descendants(&topic.slug).is_empty() {
                    continue;
                }
                let Some(path) = taxonomy.facet_path(&topic.slug) else {
                    continue;
                };
                let Ok(parent) = Facet::from_text(&path) else {
                    continue;
                };
                let depth = parent.to_path().len();
                if levels.len() <= depth {
                    levels.resize(depth + 1, Vec::new());
                }
                levels[depth].push(parent);
            }
            levels
                .into_iter()
                .filter(|level| !level.is_empty())
                .collect()
        }
        FacetField::Session => vec![
            Forum::ALL
                .iter()
                .map(|forum| Facet::from_path([forum.code()]))
                .collect(),
        ],
        _ => vec![vec![Facet::root()]],
    }
}

/// Counts facet values for the documents matching `user_query` and `filters`.
pub(crate) struct FacetCounter<'a> {
    pub searcher: &'a Searcher,
    pub schema: &'a PlenarySchema,
    pub taxonomy: &'a Taxonomy,
    pub plans: &'a FacetPlans,
}

impl FacetCounter<'_> {
    /// Counts every facet of `facets`; each facet ignores its own filter.
    pub fn count(
        &self,
        facets: &[FacetField],
        user_query: Option<&dyn Query>,
        filters: &Filters,
        limit: usize,
        sort: FacetSort,
    ) -> Result<BTreeMap<String, Vec<FacetValue>>, SearchError> {
        let unfiltered = unfiltered_facets(facets, filters);
        let query = matching_documents(self.schema, user_query, filters);
        let counted = self.pass_counts(&*query, &unfiltered)?;
        self.complete(facets, counted, user_query, filters, limit, sort)
    }

    /// Counts the facets of `facets` not in `counted` (those with a filter of their own,
    /// each in its own pass without that filter) and assembles every facet's values.
    pub fn complete(
        &self,
        facets: &[FacetField],
        counted: Vec<(FacetField, FacetTally)>,
        user_query: Option<&dyn Query>,
        filters: &Filters,
        limit: usize,
        sort: FacetSort,
    ) -> Result<BTreeMap<String, Vec<FacetValue>>, SearchError> {
        let mut result = BTreeMap::new();
        let mut done = Vec::with_capacity(counted.len());
        for (facet, tally) in counted {
            done.push(facet);
            let counts = path_counts(facet, tally, limit, sort);
            result.insert(
                facet.name().to_string(),
                self.assemble(facet, &counts, limit, sort),
            );
        }
        for &facet in facets.iter().filter(|facet| !done.contains(facet)) {
            let query = filtered_query(self.schema, user_query, filters, Some(facet), Vec::new());
            for (facet, tally) in self.pass_counts(&*query, &[facet])? {
                let counts = path_counts(facet, tally, limit, sort);
                result.insert(
                    facet.name().to_string(),
                    self.assemble(facet, &counts, limit, sort),
                );
            }
        }
        Ok(result)
    }

    /// Counts the values of one facet for `query` (already restricted to documents), as
    /// `(path, count)` pairs in path order; topics come flat, parents and children alike.
    pub fn flat_counts(
        &self,
        facet: FacetField,
        query: &dyn Query,
    ) -> Result<Vec<(Vec<String>, u64)>, SearchError> {
        let counted = self.pass_counts(query, &[facet])?;
        Ok(counted
            .into_iter()
            .flat_map(|(_, tally)| tally.into_path_counts())
            .collect())
    }

    /// What to count for each of `facets`.
    pub fn plans(&self, facets: &[FacetField]) -> Vec<Arc<FacetPlan>> {
        facets
            .iter()
            .map(|&facet| Arc::clone(self.plans.get(facet)))
            .collect()
    }

    fn pass_counts(
        &self,
        query: &dyn Query,
        facets: &[FacetField],
    ) -> Result<Vec<(FacetField, FacetTally)>, SearchError> {
        if facets.is_empty() {
            return Ok(Vec::new());
        }
        let pass = SearchPass::new(query, None, self.plans(facets));
        let counted = self.searcher.search(query, &pass)?;
        Ok(facets.iter().copied().zip(counted.facets).collect())
    }

    fn assemble(
        &self,
        facet: FacetField,
        by_path: &PathCounts,
        limit: usize,
        sort: FacetSort,
    ) -> Vec<FacetValue> {
        match facet {
            FacetField::Topic => self.tree(by_path, &[], limit, sort),
            _ => {
                let mut values: Vec<FacetValue> = by_path
                    .iter()
                    .map(|(path, &count)| FacetValue {
                        label: label_of(facet, path, self.taxonomy),
                        value: path.join("/"),
                        count,
                        children: Vec::new(),
                    })
                    .collect();
                sort_values(&mut values, sort);
                values.truncate(limit);
                values
            }
        }
    }

    fn tree(
        &self,
        by_path: &PathCounts,
        parent: &[String],
        limit: usize,
        sort: FacetSort,
    ) -> Vec<FacetValue> {
        let mut values: Vec<FacetValue> = by_path
            .iter()
            .filter(|(path, _)| path.len() == parent.len() + 1 && path.starts_with(parent))
            .map(|(path, &count)| FacetValue {
                value: path.last().cloned().unwrap_or_default(),
                label: label_of(FacetField::Topic, path, self.taxonomy),
                count,
                children: self.tree(by_path, path, limit, sort),
            })
            .collect();
        sort_values(&mut values, sort);
        values.truncate(limit);
        values
    }
}

/// The paths of a facet's tally that its first `limit` values can come from, named.
fn path_counts(facet: FacetField, tally: FacetTally, limit: usize, sort: FacetSort) -> PathCounts {
    match (facet, sort) {
        // A topic tree keeps `limit` children under each parent: it needs every path.
        (FacetField::Topic, _) | (_, FacetSort::Value) => tally.into_path_counts(),
        (_, FacetSort::Count) => tally.into_most_frequent(limit),
    }
}

/// The facets of `facets` that the pass over the matching documents can count: those
/// without a filter of their own.
pub(crate) fn unfiltered_facets(facets: &[FacetField], filters: &Filters) -> Vec<FacetField> {
    facets
        .iter()
        .copied()
        .filter(|facet| !filters.filters_on(*facet))
        .collect()
}

fn label_of(facet: FacetField, path: &[String], taxonomy: &Taxonomy) -> Option<String> {
    let last = path.last()?;
    match facet {
        FacetField::Topic => taxonomy.get(last).map(|topic| topic.label.clone()),
        FacetField::Forum => last
            .parse::<Forum>()
            .ok()
            .map(|forum| forum.label().to_string()),
        _ => None,
    }
}

/// Sorts by count (most first, then value) or by value; numbers compare as numbers.
/// Each value's sort key is made once (an organization facet has thousands of values).
pub(crate) fn sort_values(values: &mut [FacetValue], sort: FacetSort) {
    match sort {
        FacetSort::Count => values.sort_by_cached_key(|value| {
            (std::cmp::Reverse(value.count), ValueOrder::of(&value.value))
        }),
        FacetSort::Value => values.sort_by_cached_key(|value| ValueOrder::of(&value.value)),
    }
}

/// A facet value as [`compare_values`] orders it, with the parts it compares made once.
#[derive(PartialEq, Eq)]
struct ValueOrder {
    value: String,
    lowercase: String,
    head: String,
    number: Option<i64>,
}

impl ValueOrder {
    fn of(value: &str) -> ValueOrder {
        let (head, number) = split_number(value);
        ValueOrder {
            value: value.to_string(),
            lowercase: value.to_lowercase(),
            head: head.to_string(),
            number,
        }
    }
}

impl Ord for ValueOrder {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self.number, other.number) {
            (Some(left), Some(right)) => self.head.cmp(&other.head).then(left.cmp(&right)),
            _ => self
                .lowercase
                .cmp(&other.lowercase)
                .then_with(|| self.value.cmp(&other.value)),
        }
    }
}

impl PartialOrd for ValueOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// `CND/57` → (`CND`, 57); `2014` → (``, 2014); the number is `None` when there is none.
fn split_number(value: &str) -> (&str, Option<i64>) {
    match value.rsplit_once('/') {
        Some((head, tail)) => (head, tail.parse().ok()),
        None => ("", value.parse().ok()),
    }
}

/// Compares facet values, numerically where both are numbers (`CND/9` before `CND/57`).
pub(crate) fn compare_values(left: &str, right: &str) -> std::cmp::Ordering {
    let (left_head, left_number) = split_number(left);
    let (right_head, right_number) = split_number(right);
    match (left_number, right_number) {
        (Some(left_number), Some(right_number)) => left_head
            .cmp(right_head)
            .then(left_number.cmp(&right_number)),
        _ => left
            .to_lowercase()
            .cmp(&right.to_lowercase())
            .then_with(|| left.cmp(right)),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use plenary_core::model::Forum;
    use tantivy::collector::{Count, FacetCollector, FacetCounts, MultiCollector};
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, IndexWriter, TantivyDocument, Term};

    use super::*;
    use crate::search::pass::PassResult;

    const DOCUMENTS_PER_SEGMENT: usize = 150;
    const SEGMENTS: usize = 4;

    /// A seeded xorshift generator: the same test index on every run.
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }

        fn pick<'a>(&mut self, values: &'a [String]) -> &'a str {
            &values[self.below(values.len())]
        }
    }

    /// Random documents in four segments, with the shapes counting has to get right: a
    /// topic with its parent, two topics under one parent, topics and sessions outside
    /// the taxonomy and the forums, values below a leaf topic, several years, no value.
    fn random_documents(schema: &PlenarySchema, taxonomy: &Taxonomy) -> Vec<TantivyDocument> {
        let fields = schema.fields();
        let mut topics: Vec<String> = taxonomy
            .topics()
            .iter()
            .filter_map(|topic| taxonomy.facet_path(&topic.slug))
            .collect();
        topics.push("/unlisted/thing".to_string());
        let leaf = topics
            .iter()
            .find(|path| path.matches('/').count() >= 2)
            .cloned()
            .expect("the taxonomy has subtopics");
        topics.push(format!("{leaf}/below-a-leaf"));
        let forums: Vec<String> = Forum::ALL
            .iter()
            .map(|forum| forum.code().to_string())
            .collect();
        let organizations: Vec<String> = (0..40).map(|n| format!("Organization {n}")).collect();
        let languages: Vec<String> = ["en", "fr", "es", "ru"].map(String::from).to_vec();
        let mut random = Random(0x5eed_1234_abcd_0042);
        let mut documents = Vec::new();
        for n in 0..SEGMENTS * DOCUMENTS_PER_SEGMENT {
            let mut document = TantivyDocument::default();
            document.add_text(fields.id, format!("doc-{n}"));
            for _ in 0..random.below(5) {
                let topic = Facet::from_text(random.pick(&topics)).expect("a facet path");
                document.add_facet(fields.facet_topic, topic);
            }
            if random.below(10) > 0 {
                let forum = random.pick(&forums).to_string();
                document.add_facet(fields.facet_forum, Facet::from_path([forum.as_str()]));
                let session = (50 + random.below(10)).to_string();
                document.add_facet(
                    fields.facet_session,
                    Facet::from_path([forum.as_str(), session.as_str()]),
                );
            }
            if random.below(20) == 0 {
                document.add_facet(fields.facet_session, Facet::from_path(["NOT-A-FORUM", "3"]));
            }
            for _ in 0..1 + random.below(2) {
                let year = (2010 + random.below(8)).to_string();
                document.add_facet(fields.facet_year, Facet::from_path([year.as_str()]));
            }
            document.add_facet(
                fields.facet_language,
                Facet::from_path([random.pick(&languages)]),
            );
            if random.below(8) > 0 {
                document.add_facet(
                    fields.facet_organization,
                    Facet::from_path([random.pick(&organizations)]),
                );
            }
            documents.push(document);
        }
        documents
    }

    /// The index of the random documents, one segment per commit; with `deletes`, every
    /// seventh document of the first two segments is deleted (the last two keep none).
    fn random_index(deletes: bool) -> (Index, PlenarySchema, Taxonomy) {
        let schema = PlenarySchema::new();
        let taxonomy = Taxonomy::bundled();
        let index = schema.create_index_in_ram();
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let documents = random_documents(&schema, &taxonomy);
        for segment in documents.chunks(DOCUMENTS_PER_SEGMENT) {
            for document in segment {
                writer.add_document(document.clone()).expect("add");
            }
            writer.commit().expect("commit");
        }
        if deletes {
            for n in (0..2 * DOCUMENTS_PER_SEGMENT).filter(|n| n % 7 == 3) {
                writer.delete_term(Term::from_field_text(
                    schema.fields().id,
                    &format!("doc-{n}"),
                ));
            }
            writer.commit().expect("commit");
        }
        (index, schema, taxonomy)
    }

    /// What Tantivy's own `FacetCollector` counts: one collector per level of parents.
    fn reference_counts(
        searcher: &Searcher,
        query: &dyn Query,
        facet: FacetField,
        taxonomy: &Taxonomy,
    ) -> PathCounts {
        let mut multi = MultiCollector::new();
        let mut handles = Vec::new();
        let levels = reported_parents(facet, taxonomy);
        for level in &levels {
            let mut collector = FacetCollector::for_field(facet.name());
            for parent in level {
                collector.add_facet(parent.clone());
            }
            handles.push(multi.add_collector(collector));
        }
        let mut fruits = searcher.search(query, &multi).expect("search");
        let mut counts = PathCounts::new();
        for (handle, level) in handles.into_iter().zip(&levels) {
            let level_counts: FacetCounts = handle.extract(&mut fruits);
            for parent in level {
                for (child, count) in level_counts.get(parent.clone()) {
                    let path = child.to_path().into_iter().map(str::to_string).collect();
                    counts.insert(path, count);
                }
            }
        }
        counts.retain(|_, count| *count > 0);
        counts
    }

    fn queries(schema: &PlenarySchema) -> Vec<(&'static str, Box<dyn Query>)> {
        let fields = schema.fields();
        let term = |field: Field, path: &[&str]| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_facet(field, &Facet::from_path(path.iter().copied())),
                IndexRecordOption::Basic,
            ))
        };
        vec![
            ("everything", Box::new(AllQuery)),
            ("one forum", term(fields.facet_forum, &[Forum::Cnd.code()])),
            (
                "a language and not a year",
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, term(fields.facet_language, &["fr"])),
                    (Occur::MustNot, term(fields.facet_year, &["2012"])),
                ])),
            ),
            ("nothing", term(fields.facet_language, &["xx"])),
        ]
    }

    /// Runs `pass` for `query` and checks its total and every facet against Tantivy.
    fn check_pass(searcher: &Searcher, query: &dyn Query, pass: &SearchPass, label: &str) {
        let taxonomy = Taxonomy::bundled();
        let found = searcher.search(query, pass).expect("search");
        let total = searcher.search(query, &Count).expect("count") as u64;
        assert_eq!(found.total, total, "{label}: total");
        for (facet, tally) in FacetField::ALL.iter().zip(found.facets) {
            let expected = reference_counts(searcher, query, *facet, &taxonomy);
            assert_eq!(
                tally.into_path_counts(),
                expected,
                "{label}: {}",
                facet.name()
            );
        }
    }

    #[test]
    fn the_pass_counts_what_tantivys_facet_collector_counts() {
        for deletes in [false, true] {
            let (index, schema, taxonomy) = random_index(deletes);
            let searcher = index.reader().expect("reader").searcher();
            assert_eq!(searcher.segment_readers().len(), SEGMENTS);
            let plans = FacetPlans::new(&schema, &taxonomy);
            let all_plans: Vec<Arc<FacetPlan>> = FacetField::ALL
                .iter()
                .map(|&facet| Arc::clone(plans.get(facet)))
                .collect();
            for (label, query) in queries(&schema) {
                let label = format!("{label}, deletes: {deletes}");
                let pass = SearchPass::new(&*query, None, all_plans.clone());
                check_pass(&searcher, &*query, &pass, &label);
                let visiting =
                    SearchPass::new(&*query, None, all_plans.clone()).visiting_every_document();
                check_pass(&searcher, &*query, &visiting, &format!("{label}, visiting"));
            }
        }
    }

    /// The plan of every facet.
    fn every_plan(plans: &FacetPlans) -> Vec<Arc<FacetPlan>> {
        FacetField::ALL
            .iter()
            .map(|&facet| Arc::clone(plans.get(facet)))
            .collect()
    }

    /// Every facet of every document counted twice: from statistics where the pass can
    /// take them, and by visiting every document.
    fn count_everything(searcher: &Searcher, plans: &[Arc<FacetPlan>]) -> (PassResult, PassResult) {
        let pass = || SearchPass::new(&AllQuery, None, plans.to_vec());
        let counted = searcher.search(&AllQuery, &pass()).expect("search");
        let visited = searcher
            .search(&AllQuery, &pass().visiting_every_document())
            .expect("search");
        (counted, visited)
    }

    #[test]
    fn counts_kept_for_a_segment_are_not_used_once_it_has_deletes() {
        let (index, schema, taxonomy) = random_index(false);
        let plans = every_plan(&FacetPlans::new(&schema, &taxonomy));
        let reader = index.reader().expect("reader");
        let (before, _) = count_everything(&reader.searcher(), &plans);
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for n in 0..40 {
            writer.delete_term(Term::from_field_text(
                schema.fields().id,
                &format!("doc-{n}"),
            ));
        }
        writer.commit().expect("commit");
        reader.reload().expect("reload");
        let (after, visited) = count_everything(&reader.searcher(), &plans);
        assert_eq!(after.total, before.total - 40);
        assert_eq!(after.facets, visited.facets);
        assert_ne!(after.facets, before.facets);
    }

    #[test]
    fn statistics_and_visits_agree_for_everything_with_and_without_deletes() {
        for deletes in [false, true] {
            let (index, schema, taxonomy) = random_index(deletes);
            let searcher = index.reader().expect("reader").searcher();
            let with_deletes = searcher
                .segment_readers()
                .iter()
                .filter(|reader| reader.alive_bitset().is_some())
                .count();
            assert_eq!(with_deletes, if deletes { 2 } else { 0 });
            let plans = every_plan(&FacetPlans::new(&schema, &taxonomy));
            let (counted, visited) = count_everything(&searcher, &plans);
            assert_eq!(counted.total, searcher.num_docs());
            assert_eq!(counted.total, visited.total);
            assert_eq!(counted.facets, visited.facets, "deletes: {deletes}");
            // Counted again, from the counts kept per segment.
            let (counted_again, _) = count_everything(&searcher, &plans);
            assert_eq!(counted_again.facets, visited.facets, "deletes: {deletes}");
            // The shapes the test is about are present.
            let mut facets = counted.facets.into_iter().map(FacetTally::into_path_counts);
            let topics = facets.next().expect("topics");
            assert!(topics.keys().any(|path| path.len() == 2));
            assert!(
                !topics
                    .keys()
                    .any(|path| path[0] == "unlisted" && path.len() > 1)
            );
            let sessions = facets.nth(1).expect("sessions");
            let sessions: HashSet<&str> = sessions.keys().map(|path| path[0].as_str()).collect();
            assert!(!sessions.contains("NOT-A-FORUM"));
        }
    }

    #[test]
    fn a_limited_facet_shows_the_first_values_of_the_whole_facet() {
        let (index, schema, taxonomy) = random_index(true);
        let searcher = index.reader().expect("reader").searcher();
        let plans = FacetPlans::new(&schema, &taxonomy);
        let counter = FacetCounter {
            searcher: &searcher,
            schema: &schema,
            taxonomy: &taxonomy,
            plans: &plans,
        };
        let filters = Filters::default();
        let flat = [
            FacetField::Organization,
            FacetField::Year,
            FacetField::Session,
        ];
        let whole = counter
            .count(&flat, None, &filters, usize::MAX, FacetSort::Count)
            .expect("count");
        for limit in [0, 1, 3, 7, 39, 40, 41] {
            let limited = counter
                .count(&flat, None, &filters, limit, FacetSort::Count)
                .expect("count");
            for facet in flat {
                let mut expected = whole[facet.name()].clone();
                expected.truncate(limit);
                assert_eq!(limited[facet.name()], expected, "{} {limit}", facet.name());
            }
        }
    }

    #[test]
    fn sorting_with_made_keys_orders_as_the_comparison_does() {
        let texts = [
            "CND/9", "CND/57", "CCPCJ/3", "CND/x", "2014", "2009", "Abc", "abc", "Zeta", "ábc",
            "b", "B", "10", "9",
        ];
        let values: Vec<FacetValue> = texts
            .iter()
            .enumerate()
            .map(|(position, text)| FacetValue {
                value: text.to_string(),
                label: None,
                count: (position % 3) as u64,
                children: Vec::new(),
            })
            .collect();
        for sort in [FacetSort::Count, FacetSort::Value] {
            let mut expected = values.clone();
            expected.sort_by(|left, right| match sort {
                FacetSort::Count => right
                    .count
                    .cmp(&left.count)
                    .then_with(|| compare_values(&left.value, &right.value)),
                FacetSort::Value => compare_values(&left.value, &right.value),
            });
            let mut sorted = values.clone();
            sort_values(&mut sorted, sort);
            assert_eq!(sorted, expected, "{sort:?}");
        }
    }

    #[test]
    fn prefix_ends_count_parts() {
        assert_eq!(prefix_end(b"", 0), Some(0));
        assert_eq!(prefix_end(b"", 1), None);
        assert_eq!(prefix_end(b"a", 1), Some(1));
        assert_eq!(prefix_end(b"a\0bc", 1), Some(1));
        assert_eq!(prefix_end(b"a\0bc", 2), Some(4));
        assert_eq!(prefix_end(b"a\0bc", 3), None);
    }
}
