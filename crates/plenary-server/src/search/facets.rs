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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use plenary_core::model::Forum;
use plenary_core::schema::{FacetField, PlenarySchema};
use plenary_core::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use tantivy::columnar::Cardinality;
use tantivy::index::SegmentId;
use tantivy::query::Query;
use tantivy::schema::Facet;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentOrdinal, SegmentReader, Warmer};
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
    levels: Vec<PlanLevel>,
    /// The facet's table of each segment searched so far.
    tables: Mutex<HashMap<SegmentId, Arc<SegmentFacetTable>>>,
    /// The facet over the segments of the last searchers, most recent first.
    searchers: Mutex<Vec<Arc<SearcherFacet>>>,
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
    fn new(facet: FacetField, parents: impl IntoIterator<Item = Facet>) -> FacetPlan {
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
            levels,
            tables: Mutex::new(HashMap::new()),
            searchers: Mutex::new(Vec::new()),
        }
    }

    /// The facet over the segments of `searcher`: each segment's table (made on the
    /// segment's first search, or by the warmer before it), and where each segment's
    /// paths stand among all of them.
    pub fn for_searcher(&self, searcher: &Searcher) -> tantivy::Result<Arc<SearcherFacet>> {
        let segments: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        if let Some(found) = lock(&self.searchers)
            .iter()
            .find(|facet| facet.segments == segments)
        {
            return Ok(Arc::clone(found));
        }
        let tables = searcher
            .segment_readers()
            .iter()
            .map(|reader| self.table(reader))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let facet = Arc::new(SearcherFacet::new(self.facet, segments, tables));
        let mut kept = lock(&self.searchers);
        kept.insert(0, Arc::clone(&facet));
        kept.truncate(MAX_SEARCHERS);
        Ok(facet)
    }

    /// The table of a segment, made on its first search and kept.
    fn table(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacetTable>> {
        let segment = reader.segment_id();
        if let Some(table) = lock(&self.tables).get(&segment) {
            return Ok(Arc::clone(table));
        }
        // Made outside the lock: other facets and segments are not held up meanwhile.
        let table = Arc::new(self.read_table(reader)?);
        let mut tables = lock(&self.tables);
        // Without a warmer to say which segments are gone, start afresh now and then.
        if tables.len() >= MAX_TABLES {
            tables.clear();
        }
        tables.insert(segment, Arc::clone(&table));
        Ok(table)
    }

    /// Forgets what was kept for segments no searcher holds any more.
    fn forget_segments_but(&self, live: &HashSet<SegmentId>) {
        lock(&self.tables).retain(|segment, _| live.contains(segment));
        lock(&self.searchers).retain(|facet| facet.segments.iter().all(|id| live.contains(id)));
    }

    /// Reads the facet's column of a segment into a table: the segment's dictionary once,
    /// mapping every term to the reported path it counts for at each level, then every
    /// document's terms.
    fn read_table(&self, reader: &SegmentReader) -> tantivy::Result<SegmentFacetTable> {
        let max_doc = reader.max_doc();
        let Some(column) = reader.fast_fields().str(self.facet.name())? else {
            return Ok(SegmentFacetTable::without_values());
        };
        let dictionary = column.dictionary();
        let term_count = dictionary.num_terms();
        let mut paths = PackedPaths::default();
        // Per level, term ordinal → the reported path it counts for ([`NO_NODE`]: none).
        let mut node_of_ord: Vec<Vec<u32>> = vec![vec![NO_NODE; term_count]; self.levels.len()];
        for (plan_level, node_of_ord) in self.levels.iter().zip(&mut node_of_ord) {
            let mut terms = dictionary.stream()?;
            let mut last: Option<u32> = None;
            while terms.advance() {
                let ord = terms.term_ord() as usize;
                let term = terms.key();
                let Some(end) = plan_level.node_end(term) else {
                    continue;
                };
                // Terms below one reported path are neighbours in the sorted dictionary.
                let node = match last {
                    Some(node) if paths.get(node as usize) == &term[..end] => node,
                    _ => {
                        paths.push(&term[..end]);
                        (paths.len() - 1) as u32
                    }
                };
                last = Some(node);
                node_of_ord[ord] = node;
            }
        }
        let ords = column.ords();
        let none = paths.len() as u32;
        let docs = if ords.get_cardinality() != Cardinality::Multivalued && self.levels.len() == 1 {
            // At most one value and one level: at most one path per document.
            let node_of_ord = &node_of_ord[0];
            let mut nodes = NodeArray::for_values_below(none + 1, max_doc as usize);
            let mut block_docs: Vec<DocId> = Vec::with_capacity(TABLE_BLOCK);
            let mut block_ords: Vec<Option<u64>> = vec![None; TABLE_BLOCK];
            for start in (0..max_doc).step_by(TABLE_BLOCK) {
                block_docs.clear();
                block_docs.extend(start..max_doc.min(start + TABLE_BLOCK as DocId));
                let block_ords = &mut block_ords[..block_docs.len()];
                block_ords.fill(None);
                ords.first_vals(&block_docs, block_ords);
                for ord in block_ords.iter() {
                    let node = ord
                        .and_then(|ord| node_of_ord.get(ord as usize).copied())
                        .filter(|&node| node != NO_NODE)
                        .unwrap_or(none);
                    nodes.push(node);
                }
            }
            DocPaths::One(nodes)
        } else {
            let mut starts: Vec<u32> = Vec::with_capacity(max_doc as usize + 1);
            starts.push(0);
            let mut nodes = NodeArray::for_values_below(none, max_doc as usize);
            let mut of_doc: Vec<u32> = Vec::new();
            for doc in 0..max_doc {
                of_doc.clear();
                for ord in ords.values_for_doc(doc) {
                    for node_of_ord in &node_of_ord {
                        match node_of_ord.get(ord as usize) {
                            Some(&node) if node != NO_NODE => of_doc.push(node),
                            _ => {}
                        }
                    }
                }
                // A document with two values below one path counts once for it.
                of_doc.sort_unstable();
                of_doc.dedup();
                for &node in &of_doc {
                    nodes.push(node);
                }
                starts.push(nodes.len() as u32);
            }
            DocPaths::Many { starts, nodes }
        };
        Ok(SegmentFacetTable {
            paths,
            node_of_ord,
            docs,
            all_counts: OnceLock::new(),
        })
    }
}

/// Locks a map of per-segment data. A panic while holding the lock leaves a consistent
/// map: keep using it.
fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Segments whose tables are kept per facet when no warmer says which are gone.
const MAX_TABLES: usize = 256;
/// Searchers (lists of segments) whose facet is kept: the one searched now and those a
/// reload leaves in use for a while.
const MAX_SEARCHERS: usize = 4;
/// Documents whose column values are read at once while making a table.
const TABLE_BLOCK: usize = 1024;

/// One facet of one segment, read into memory: the reported paths, and for every document
/// the paths it counts for, each once. Counting a document is then one array read per
/// path instead of a read of the column and a lookup of its ordinal's path. A segment
/// never changes (deletes leave its columns as they are), so the table is made once per
/// segment, as Lucene and Elasticsearch keep their ordinals.
#[derive(Debug)]
pub(crate) struct SegmentFacetTable {
    /// The reported paths, encoded; a path's position is its node.
    paths: PackedPaths,
    /// Per level, term ordinal → the node it counts for ([`NO_NODE`]: none).
    node_of_ord: Vec<Vec<u32>>,
    docs: DocPaths,
    /// The counts of every document of the segment, made on the first search that
    /// matches them all: they stand for that visit while the segment has no deletes.
    all_counts: OnceLock<Vec<u32>>,
}

/// The paths of each document of a segment, by node.
#[derive(Debug)]
enum DocPaths {
    /// The segment has no value of the facet.
    None,
    /// At most one path per document: `nodes[doc]`, the number of paths for none.
    One(NodeArray),
    /// The paths of `doc` are `nodes[starts[doc]..starts[doc + 1]]`.
    Many { starts: Vec<u32>, nodes: NodeArray },
}

/// Nodes in the narrowest integers that hold them: most facets have a few dozen paths
/// per segment, and a table is as long as the segment.
#[derive(Debug)]
enum NodeArray {
    Narrow(Vec<u8>),
    Medium(Vec<u16>),
    Wide(Vec<u32>),
}

impl NodeArray {
    /// An array for values below `bound`, with room for `capacity` of them.
    fn for_values_below(bound: u32, capacity: usize) -> NodeArray {
        if bound <= u32::from(u8::MAX) + 1 {
            NodeArray::Narrow(Vec::with_capacity(capacity))
        } else if bound <= u32::from(u16::MAX) + 1 {
            NodeArray::Medium(Vec::with_capacity(capacity))
        } else {
            NodeArray::Wide(Vec::with_capacity(capacity))
        }
    }

    /// Appends `node`, which is below the bound the array was made for.
    fn push(&mut self, node: u32) {
        match self {
            NodeArray::Narrow(nodes) => nodes.push(node as u8),
            NodeArray::Medium(nodes) => nodes.push(node as u16),
            NodeArray::Wide(nodes) => nodes.push(node),
        }
    }

    /// The node at `position`.
    #[inline]
    fn get(&self, position: usize) -> Option<u32> {
        match self {
            NodeArray::Narrow(nodes) => nodes.get(position).map(|&node| u32::from(node)),
            NodeArray::Medium(nodes) => nodes.get(position).map(|&node| u32::from(node)),
            NodeArray::Wide(nodes) => nodes.get(position).copied(),
        }
    }

    /// Adds one to the counter of every node held.
    fn count_all(&self, counts: &mut [u32]) {
        fn add<N: Copy + Into<u32>>(nodes: &[N], counts: &mut [u32]) {
            for &node in nodes {
                counts[node.into() as usize] += 1;
            }
        }
        match self {
            NodeArray::Narrow(nodes) => add(nodes, counts),
            NodeArray::Medium(nodes) => add(nodes, counts),
            NodeArray::Wide(nodes) => add(nodes, counts),
        }
    }

    fn len(&self) -> usize {
        match self {
            NodeArray::Narrow(nodes) => nodes.len(),
            NodeArray::Medium(nodes) => nodes.len(),
            NodeArray::Wide(nodes) => nodes.len(),
        }
    }

    fn heap_bytes(&self) -> usize {
        match self {
            NodeArray::Narrow(nodes) => nodes.capacity(),
            NodeArray::Medium(nodes) => nodes.capacity() * 2,
            NodeArray::Wide(nodes) => nodes.capacity() * 4,
        }
    }
}

/// Counts the path of each of `docs` (one at most per document).
#[inline]
fn count_one<N: Copy + Into<u32>>(nodes: &[N], docs: &[DocId], counts: &mut [u32]) {
    for &doc in docs {
        if let Some(&node) = nodes.get(doc as usize) {
            counts[node.into() as usize] += 1;
        }
    }
}

/// Counts the paths of each of `docs`.
#[inline]
fn count_many<N: Copy + Into<u32>>(
    starts: &[u32],
    nodes: &[N],
    docs: &[DocId],
    counts: &mut [u32],
) {
    for &doc in docs {
        let doc = doc as usize;
        let (Some(&start), Some(&end)) = (starts.get(doc), starts.get(doc + 1)) else {
            continue;
        };
        for &node in &nodes[start as usize..end as usize] {
            counts[node.into() as usize] += 1;
        }
    }
}

impl SegmentFacetTable {
    fn without_values() -> SegmentFacetTable {
        SegmentFacetTable {
            paths: PackedPaths::default(),
            node_of_ord: Vec::new(),
            docs: DocPaths::None,
            all_counts: OnceLock::new(),
        }
    }

    /// The length of a counter of this table: one slot per path, and one that counts
    /// the documents without a path (never reported).
    fn counter_len(&self) -> usize {
        self.paths.len() + 1
    }

    /// Adds the paths of `docs` to `counts` (of [`SegmentFacetTable::counter_len`]).
    #[inline]
    fn count(&self, docs: &[DocId], counts: &mut [u32]) {
        match &self.docs {
            DocPaths::None => {}
            DocPaths::One(NodeArray::Narrow(nodes)) => count_one(nodes, docs, counts),
            DocPaths::One(NodeArray::Medium(nodes)) => count_one(nodes, docs, counts),
            DocPaths::One(NodeArray::Wide(nodes)) => count_one(nodes, docs, counts),
            DocPaths::Many {
                starts,
                nodes: NodeArray::Narrow(nodes),
            } => count_many(starts, nodes, docs, counts),
            DocPaths::Many {
                starts,
                nodes: NodeArray::Medium(nodes),
            } => count_many(starts, nodes, docs, counts),
            DocPaths::Many {
                starts,
                nodes: NodeArray::Wide(nodes),
            } => count_many(starts, nodes, docs, counts),
        }
    }

    /// Which nodes a filter on term ordinals (`passes`) comes to, when the nodes can
    /// answer for it: a node passes when every term counting for it passes, and the
    /// nodes answer when every passing term counts for a passing node. A document then
    /// holds a passing term exactly when it holds a passing node. `None` when they cannot
    /// (a filter on a part of what one node counts, such as a topic below the reported
    /// level).
    pub fn passing_nodes(&self, passes: impl Fn(u64) -> bool) -> Option<Vec<bool>> {
        let term_count = self.node_of_ord.first()?.len();
        let mut counted = vec![false; self.counter_len()];
        let mut passing = vec![true; self.counter_len()];
        let mut term_passes = Vec::with_capacity(term_count);
        for ord in 0..term_count {
            let passes = passes(ord as u64);
            term_passes.push(passes);
            for level in &self.node_of_ord {
                let node = level[ord];
                if node != NO_NODE {
                    counted[node as usize] = true;
                    passing[node as usize] &= passes;
                }
            }
        }
        for (passing, counted) in passing.iter_mut().zip(&counted) {
            *passing &= *counted;
        }
        let answered = (0..term_count).filter(|&ord| term_passes[ord]).all(|ord| {
            self.node_of_ord
                .iter()
                .any(|level| level[ord] != NO_NODE && passing[level[ord] as usize])
        });
        answered.then_some(passing)
    }

    /// Whether `doc` holds a node that `passing` (from [`Self::passing_nodes`]) passes.
    #[inline]
    pub fn any_node(&self, doc: DocId, passing: &[bool]) -> bool {
        let doc = doc as usize;
        let passes = |node: u32| passing.get(node as usize).copied().unwrap_or(false);
        match &self.docs {
            DocPaths::None => false,
            DocPaths::One(nodes) => nodes.get(doc).is_some_and(passes),
            DocPaths::Many { starts, nodes } => {
                let (Some(&start), Some(&end)) = (starts.get(doc), starts.get(doc + 1)) else {
                    return false;
                };
                (start as usize..end as usize)
                    .any(|position| nodes.get(position).is_some_and(passes))
            }
        }
    }

    /// The counts of every document of the segment, deleted or not: every node the
    /// table holds, counted once.
    fn all_counts(&self) -> &[u32] {
        self.all_counts.get_or_init(|| {
            let mut counts = vec![0; self.counter_len()];
            match &self.docs {
                DocPaths::None => {}
                DocPaths::One(nodes) | DocPaths::Many { nodes, .. } => nodes.count_all(&mut counts),
            }
            counts
        })
    }

    /// The memory the table holds.
    fn heap_bytes(&self) -> usize {
        let docs = match &self.docs {
            DocPaths::None => 0,
            DocPaths::One(nodes) => nodes.heap_bytes(),
            DocPaths::Many { starts, nodes } => starts.capacity() * 4 + nodes.heap_bytes(),
        };
        let ordinals: usize = self
            .node_of_ord
            .iter()
            .map(|level| level.capacity() * 4)
            .sum();
        docs + ordinals + self.paths.bytes.capacity() + self.paths.ends.capacity() * 8
    }
}

/// One facet over the segments of a searcher: each segment's table, and every path of
/// the facet in one sorted list, so that the counts of the segments add up by position
/// (Elasticsearch's global ordinals) instead of by path.
#[derive(Debug)]
pub(crate) struct SearcherFacet {
    pub facet: FacetField,
    segments: Vec<SegmentId>,
    tables: Vec<Arc<SegmentFacetTable>>,
    /// For each segment, its nodes' positions among `paths`.
    global_node: Vec<Vec<u32>>,
    /// Every reported path of the facet in the searcher's segments, sorted.
    paths: PackedPaths,
}

impl SearcherFacet {
    fn new(
        facet: FacetField,
        segments: Vec<SegmentId>,
        tables: Vec<Arc<SegmentFacetTable>>,
    ) -> SearcherFacet {
        let mut all: Vec<&[u8]> = tables
            .iter()
            .flat_map(|table| (0..table.paths.len()).map(|node| table.paths.get(node)))
            .collect();
        all.sort_unstable();
        all.dedup();
        let global_node = tables
            .iter()
            .map(|table| {
                (0..table.paths.len())
                    .map(|node| {
                        let path = table.paths.get(node);
                        all.binary_search(&path).unwrap_or_default() as u32
                    })
                    .collect()
            })
            .collect();
        let mut paths = PackedPaths::default();
        for path in all {
            paths.push(path);
        }
        SearcherFacet {
            facet,
            segments,
            tables,
            global_node,
            paths,
        }
    }

    /// A counter of this facet over the documents of one segment of the searcher.
    pub fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounts> {
        let table = self.segment_table(segment, reader)?;
        Ok(SegmentFacetCounts {
            segment,
            counts: vec![0; table.counter_len()],
            table: Arc::clone(table),
        })
    }

    /// The counts of every document of a segment without deletes, kept after the first
    /// search that needs them: a match-all search, the first page every visitor sees,
    /// then visits no document for its facets.
    pub fn everything_in(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentTally> {
        self.segment_table(segment, reader)?.all_counts();
        Ok(SegmentTally::Everything { segment })
    }

    pub fn segment_table(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<&Arc<SegmentFacetTable>> {
        match (
            self.segments.get(segment as usize),
            self.tables.get(segment as usize),
        ) {
            (Some(&id), Some(table)) if id == reader.segment_id() => Ok(table),
            _ => Err(tantivy::TantivyError::InternalError(format!(
                "the {} facet was prepared for other segments than the ones searched",
                self.facet.name()
            ))),
        }
    }

    /// The memory the facet's tables hold.
    pub fn heap_bytes(&self) -> usize {
        self.tables.iter().map(|table| table.heap_bytes()).sum()
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
}

/// The counts of one facet in one segment, by the segment's nodes.
pub(crate) enum SegmentTally {
    /// Counted over the documents the pass visited.
    Visited {
        segment: SegmentOrdinal,
        counts: Vec<u32>,
    },
    /// Every document of a segment without deletes: the counts its table keeps.
    Everything { segment: SegmentOrdinal },
}

/// The counts of one facet merged over segments, by the position of each path among the
/// searcher's.
pub(crate) struct FacetTally {
    facet: Arc<SearcherFacet>,
    counts: Vec<u64>,
}

impl std::fmt::Debug for FacetTally {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_map()
            .entries(self.counted().map(|(path, count)| (path_of(path), count)))
            .finish()
    }
}

/// Tallies are equal when they count the same paths the same: two searchers of one
/// index may hold their paths in different places.
impl PartialEq for FacetTally {
    fn eq(&self, other: &Self) -> bool {
        self.counted().eq(other.counted())
    }
}

impl FacetTally {
    pub fn new(facet: Arc<SearcherFacet>) -> FacetTally {
        FacetTally {
            counts: vec![0; facet.paths.len()],
            facet,
        }
    }

    pub fn add_segment(&mut self, tally: SegmentTally) {
        let (segment, counts) = match &tally {
            SegmentTally::Visited { segment, counts } => (*segment as usize, counts.as_slice()),
            SegmentTally::Everything { segment } => {
                let segment = *segment as usize;
                match self.facet.tables.get(segment) {
                    Some(table) => (segment, table.all_counts()),
                    None => return,
                }
            }
        };
        let Some(global_node) = self.facet.global_node.get(segment) else {
            return;
        };
        // The last slot counts the documents without a path; `zip` leaves it out.
        for (&global, &count) in global_node.iter().zip(counts) {
            self.counts[global as usize] += u64::from(count);
        }
    }

    /// The paths counted at least once with their counts, in path order.
    fn counted(&self) -> impl Iterator<Item = (&[u8], u64)> {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(position, &count)| (self.facet.paths.get(position), count))
    }

    pub fn into_path_counts(self) -> PathCounts {
        self.counted()
            .map(|(path, count)| (path_of(path), count))
            .collect()
    }

    /// The counts of the paths that can be among the first `limit` values of a flat facet
    /// sorted by count: those counting at least as many documents as the `limit`-th.
    /// (An organization facet has thousands of values and shows fifty.)
    pub fn into_most_frequent(self, limit: usize) -> PathCounts {
        if limit == 0 {
            return PathCounts::new();
        }
        let mut counts: Vec<u64> = self.counted().map(|(_, count)| count).collect();
        if counts.len() <= limit {
            return self.into_path_counts();
        }
        let (_, &mut least, _) =
            counts.select_nth_unstable_by(limit - 1, |left, right| right.cmp(left));
        self.counted()
            .filter(|(_, count)| *count >= least)
            .map(|(path, count)| (path_of(path), count))
            .collect()
    }
}

/// Documents a pass hands to the facets together.
pub(crate) const FACET_BLOCK: usize = 64;

/// Counts of one facet in one segment: a counter per path of the segment's table.
pub(crate) struct SegmentFacetCounts {
    segment: SegmentOrdinal,
    table: Arc<SegmentFacetTable>,
    counts: Vec<u32>,
}

impl SegmentFacetCounts {
    #[inline]
    pub fn collect(&mut self, doc: DocId) {
        self.table.count(&[doc], &mut self.counts);
    }

    /// Counts a block of documents at once (one dispatch on the table's shape per block).
    #[inline]
    pub fn collect_block(&mut self, docs: &[DocId]) {
        self.table.count(docs, &mut self.counts);
    }

    /// The counts, still by the segment's nodes.
    pub fn harvest(self) -> SegmentTally {
        SegmentTally::Visited {
            segment: self.segment,
            counts: self.counts,
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
    pub fn new(taxonomy: &Taxonomy) -> FacetPlans {
        let plans = FacetField::ALL
            .iter()
            .map(|&facet| {
                Arc::new(FacetPlan::new(
                    facet,
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

/// Makes the facet tables of a new searcher's segments before it serves a search, and
/// forgets those of segments gone (a Tantivy [`Warmer`]): the first search after a
/// commit does not pay for them.
#[derive(Debug)]
pub(crate) struct FacetWarmer {
    plans: FacetPlans,
}

impl FacetWarmer {
    pub fn new(plans: FacetPlans) -> FacetWarmer {
        FacetWarmer { plans }
    }
}

impl Warmer for FacetWarmer {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        let started = std::time::Instant::now();
        let mut bytes = 0;
        for plan in &self.plans.plans {
            // A column that cannot be read fails the searches that count it, with the
            // error; the new searcher still serves every other search.
            match plan.for_searcher(searcher) {
                Ok(facet) => bytes += facet.heap_bytes(),
                Err(error) => {
                    tracing::warn!(facet = plan.facet.name(), %error, "cannot read a facet column")
                }
            }
        }
        tracing::debug!(
            segments = searcher.segment_readers().len(),
            mib = bytes as f64 / (1024.0 * 1024.0),
            ms = started.elapsed().as_millis() as u64,
            "facet tables ready"
        );
        Ok(())
    }

    fn garbage_collect(&self, live_generations: &[&SearcherGeneration]) {
        let live: HashSet<SegmentId> = live_generations
            .iter()
            .flat_map(|generation| generation.segments().keys().copied())
            .collect();
        for plan in &self.plans.plans {
            plan.forget_segments_but(&live);
        }
    }
}

/// The facets whose children are reported, by depth: the root's children for every
/// facet, the children of each forum for sessions, and of every topic with subtopics.
fn reported_parents(facet: FacetField, taxonomy: &Taxonomy) -> Vec<Vec<Facet>> {
    match facet {
        FacetField::Topic | FacetField::PassageTopic => {
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

    /// What to count for each of `facets`, over the searcher's segments.
    pub fn plans(&self, facets: &[FacetField]) -> tantivy::Result<Vec<Arc<SearcherFacet>>> {
        facets
            .iter()
            .map(|&facet| self.plans.get(facet).for_searcher(self.searcher))
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
        let pass = SearchPass::new(query, None, self.plans(facets)?);
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
            FacetField::Topic | FacetField::PassageTopic => self.tree(by_path, &[], limit, sort),
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
        (FacetField::Topic | FacetField::PassageTopic, _) | (_, FacetSort::Value) => {
            tally.into_path_counts()
        }
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
        FacetField::Country => {
            plenary_core::countries::country_by_code(last).map(|country| country.name.clone())
        }
        FacetField::Region => last
            .parse::<plenary_core::Region>()
            .ok()
            .map(|region| region.label().to_string()),
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
    use tantivy::collector::{Count, FacetCollector, FacetCounts};
    use tantivy::indexer::NoMergePolicy;
    use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption};
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

    /// An empty index in memory whose writer never merges: one segment per commit.
    fn index_without_merges() -> (Index, PlenarySchema, Taxonomy, IndexWriter<TantivyDocument>) {
        let schema = PlenarySchema::new();
        let index = schema.create_index_in_ram();
        let writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.set_merge_policy(Box::new(NoMergePolicy));
        (index, schema, Taxonomy::bundled(), writer)
    }

    /// The index of the random documents, one segment per commit; with `deletes`, every
    /// seventh document of the first two segments is deleted (the last two keep none).
    fn random_index(deletes: bool) -> (Index, PlenarySchema, Taxonomy) {
        let (index, schema, taxonomy, mut writer) = index_without_merges();
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

    /// What Tantivy's own `FacetCollector` counts, level after level: the children of
    /// where counting starts (sessions under each forum, any other facet at its root),
    /// then, for topics, the children of every counted topic the taxonomy gives children,
    /// until none has any. Which parents to ask is read off Tantivy's answers and the
    /// taxonomy, not off the code under test.
    fn reference_counts(
        searcher: &Searcher,
        query: &dyn Query,
        facet: FacetField,
        taxonomy: &Taxonomy,
    ) -> PathCounts {
        let mut parents: Vec<Facet> = match facet {
            FacetField::Session => Forum::ALL
                .iter()
                .map(|forum| Facet::from_path([forum.code()]))
                .collect(),
            _ => vec![Facet::root()],
        };
        let hierarchical = matches!(facet, FacetField::Topic | FacetField::PassageTopic);
        let mut counts = PathCounts::new();
        while !parents.is_empty() {
            let mut collector = FacetCollector::for_field(facet.name());
            for parent in &parents {
                collector.add_facet(parent.clone());
            }
            let level_counts: FacetCounts = searcher.search(query, &collector).expect("search");
            let mut children = Vec::new();
            for parent in &parents {
                for (child, count) in level_counts.get(parent.clone()) {
                    if count == 0 {
                        continue;
                    }
                    let path = child.to_path().into_iter().map(str::to_string).collect();
                    counts.insert(path, count);
                    // Counted below a topic only where the taxonomy gives it children:
                    // paths under an unknown topic or below a leaf are not reported.
                    let parent_topic = child.to_path().last().map(|slug| slug.to_string());
                    if hierarchical
                        && parent_topic.is_some_and(|slug| {
                            taxonomy.get(&slug).is_some() && !taxonomy.descendants(&slug).is_empty()
                        })
                    {
                        children.push(child.clone());
                    }
                }
            }
            parents = children;
        }
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
            let plans = FacetPlans::new(&taxonomy);
            let all_plans = every_facet(&plans, &searcher);
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

    /// Every facet over the segments of `searcher`.
    fn every_facet(plans: &FacetPlans, searcher: &Searcher) -> Vec<Arc<SearcherFacet>> {
        FacetField::ALL
            .iter()
            .map(|&facet| plans.get(facet).for_searcher(searcher).expect("facet"))
            .collect()
    }

    /// Every facet of every document counted twice: from statistics where the pass can
    /// take them, and by visiting every document.
    fn count_everything(searcher: &Searcher, plans: &FacetPlans) -> (PassResult, PassResult) {
        let facets = every_facet(plans, searcher);
        let pass = || SearchPass::new(&AllQuery, None, facets.clone());
        let counted = searcher.search(&AllQuery, &pass()).expect("search");
        let visited = searcher
            .search(&AllQuery, &pass().visiting_every_document())
            .expect("search");
        (counted, visited)
    }

    #[test]
    fn counts_kept_for_a_segment_are_not_used_once_it_has_deletes() {
        let (index, schema, taxonomy) = random_index(false);
        let plans = FacetPlans::new(&taxonomy);
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
            let (index, _schema, taxonomy) = random_index(deletes);
            let searcher = index.reader().expect("reader").searcher();
            let with_deletes = searcher
                .segment_readers()
                .iter()
                .filter(|reader| reader.alive_bitset().is_some())
                .count();
            assert_eq!(with_deletes, if deletes { 2 } else { 0 });
            let plans = FacetPlans::new(&taxonomy);
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
        let plans = FacetPlans::new(&taxonomy);
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
    fn node_arrays_are_as_narrow_as_their_nodes_and_count_alike() {
        for (bound, width) in [
            (1, "narrow"),
            (256, "narrow"),
            (257, "medium"),
            (65_536, "medium"),
            (65_537, "wide"),
        ] {
            let mut one = NodeArray::for_values_below(bound, 0);
            let shape = match &one {
                NodeArray::Narrow(_) => "narrow",
                NodeArray::Medium(_) => "medium",
                NodeArray::Wide(_) => "wide",
            };
            assert_eq!(shape, width, "bound {bound}");
            // Six documents: the largest node, none, node 0, the largest again, ...
            let none = bound - 1;
            let nodes = [
                none.saturating_sub(1),
                none,
                0,
                none.saturating_sub(1),
                0,
                none,
            ];
            for node in nodes {
                one.push(node);
            }
            let table = SegmentFacetTable {
                paths: paths_of(none as usize),
                node_of_ord: Vec::new(),
                docs: DocPaths::One(one),
                all_counts: OnceLock::new(),
            };
            let mut counts = vec![0; table.counter_len()];
            table.count(&[0, 1, 2, 3, 5, 99], &mut counts);
            let mut expected = vec![0; table.counter_len()];
            for doc in [0, 1, 2, 3, 5] {
                expected[nodes[doc] as usize] += 1;
            }
            assert_eq!(counts, expected, "bound {bound}");
            assert_eq!(table.all_counts().iter().sum::<u32>(), 6);

            // The same nodes, two documents' worth per document, in the shape of several.
            let mut many = NodeArray::for_values_below(bound, 0);
            let mut starts = vec![0];
            for pair in nodes.chunks(2) {
                for &node in pair {
                    many.push(node);
                }
                starts.push(many.len() as u32);
            }
            let table = SegmentFacetTable {
                paths: paths_of(none as usize),
                node_of_ord: Vec::new(),
                docs: DocPaths::Many {
                    starts,
                    nodes: many,
                },
                all_counts: OnceLock::new(),
            };
            let mut counts = vec![0; table.counter_len()];
            table.count(&[1, 2, 7], &mut counts);
            let mut expected = vec![0; table.counter_len()];
            for &node in &nodes[2..] {
                expected[node as usize] += 1;
            }
            assert_eq!(counts, expected, "bound {bound}, several");
        }
    }

    /// `count` paths named `p0`, `p1`, ...
    fn paths_of(count: usize) -> PackedPaths {
        let mut paths = PackedPaths::default();
        for position in 0..count {
            paths.push(format!("p{position}").as_bytes());
        }
        paths
    }

    #[test]
    fn segments_with_hundreds_of_values_count_what_tantivy_counts() {
        // More organizations in a segment than a byte numbers: one value per document
        // in the first segment, several in the second.
        let (index, schema, taxonomy, mut writer) = index_without_merges();
        let fields = schema.fields();
        for several in [false, true] {
            for n in 0..700 {
                let mut document = TantivyDocument::default();
                document.add_text(fields.id, format!("doc-{several}-{n}"));
                document.add_facet(
                    fields.facet_organization,
                    Facet::from_path([format!("org-{}", n % 300)]),
                );
                if several {
                    document.add_facet(
                        fields.facet_organization,
                        Facet::from_path([format!("org-{}", (n * 7) % 400)]),
                    );
                }
                writer.add_document(document).expect("add");
            }
            writer.commit().expect("commit");
        }
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let plans = FacetPlans::new(&taxonomy);
        let facet = plans
            .get(FacetField::Organization)
            .for_searcher(&searcher)
            .expect("facet");
        // Segments come in no set order: one of each shape.
        let shapes: HashSet<&str> = facet
            .tables
            .iter()
            .map(|table| match &table.docs {
                DocPaths::One(NodeArray::Medium(_)) => "one value, 16 bits",
                DocPaths::Many {
                    nodes: NodeArray::Medium(_),
                    ..
                } => "several values, 16 bits",
                _ => "another",
            })
            .collect();
        assert_eq!(
            shapes,
            HashSet::from(["one value, 16 bits", "several values, 16 bits"])
        );
        for (label, query) in queries(&schema) {
            for visiting in [false, true] {
                let mut pass = SearchPass::new(&*query, None, vec![Arc::clone(&facet)]);
                if visiting {
                    pass = pass.visiting_every_document();
                }
                let found = searcher.search(&*query, &pass).expect("search");
                let counted = found.facets.into_iter().next().expect("tally");
                assert_eq!(
                    counted.into_path_counts(),
                    reference_counts(&searcher, &*query, FacetField::Organization, &taxonomy),
                    "{label}, visiting: {visiting}"
                );
            }
        }
    }

    #[test]
    fn the_warmer_makes_the_tables_of_new_segments_and_forgets_those_gone() {
        let (index, schema, taxonomy) = random_index(false);
        let plans = FacetPlans::new(&taxonomy);
        let warmer = FacetWarmer::new(plans.clone());
        let reader = index.reader().expect("reader");
        let before = reader.searcher();
        warmer.warm(&before).expect("warm");
        let segments = |searcher: &Searcher| -> HashSet<SegmentId> {
            searcher
                .segment_readers()
                .iter()
                .map(SegmentReader::segment_id)
                .collect()
        };
        let kept = |plan: &FacetPlan| -> HashSet<SegmentId> {
            lock(&plan.tables).keys().copied().collect()
        };
        for &facet in &FacetField::ALL {
            assert_eq!(
                kept(plans.get(facet)),
                segments(&before),
                "{}",
                facet.name()
            );
        }

        // Merged into one segment: the warmer makes its tables, and once only the new
        // searcher is alive, the tables of the merged-away segments go.
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let ids: Vec<SegmentId> = segments(&before).into_iter().collect();
        writer.merge(&ids).wait().expect("merge");
        writer.commit().expect("commit");
        reader.reload().expect("reload");
        let after = reader.searcher();
        assert_eq!(after.segment_readers().len(), 1);
        warmer.warm(&after).expect("warm");
        let plan = plans.get(FacetField::Topic);
        assert_eq!(kept(plan), &segments(&before) | &segments(&after));
        warmer.garbage_collect(&[after.generation()]);
        assert_eq!(kept(plan), segments(&after));
        assert_eq!(lock(&plan.searchers).len(), 1);

        // The counts are those of the searcher's own segments.
        let facets = every_facet(&plans, &after);
        check_pass(
            &after,
            &AllQuery,
            &SearchPass::new(&AllQuery, None, facets),
            "after the merge",
        );
        drop(schema);
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
