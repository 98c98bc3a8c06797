//! The bottom layer of facet counting: what to count per facet (`FacetPlan`), each
//! segment's facet column read once into a table of the reported paths of every
//! document (`SegmentFacetTable`, made by `FacetWarmer` before a searcher serves), and the
//! tallies that a pass over matching documents fills (`FacetTally`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use plenary_core::model::Forum;
use plenary_core::schema::FacetField;
use plenary_core::taxonomy::Taxonomy;
use tantivy::columnar::Cardinality;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Searcher, SearcherGeneration, SegmentOrdinal, SegmentReader, Warmer};

use super::PathCounts;

/// The byte between the parts of an encoded facet path (Tantivy's).
pub(super) const FACET_SEPARATOR: u8 = 0;
/// A term ordinal that counts for no reported path.
pub(super) const NO_NODE: u32 = u32::MAX;

/// One facet to count and which of its paths are reported: the children of the parents
/// of each level (the root for flat facets; every topic with subtopics for topics).
#[derive(Debug)]
pub(crate) struct FacetPlan {
    pub facet: FacetField,
    pub(super) levels: Vec<PlanLevel>,
    /// The facet's table of each segment searched so far.
    pub(super) tables: Mutex<HashMap<SegmentId, Arc<SegmentFacetTable>>>,
    /// The facet over the segments of the last searchers, most recent first.
    pub(super) searchers: Mutex<Vec<Arc<SearcherFacet>>>,
}

/// Parents of one depth whose children are reported.
#[derive(Debug, Clone)]
pub(super) struct PlanLevel {
    /// The number of parts of the parents' paths (0: the root).
    pub(super) parent_depth: usize,
    /// The parents' encoded paths, sorted.
    pub(super) parents: Vec<Vec<u8>>,
}

impl PlanLevel {
    /// The byte length of the reported path that `term` (an encoded facet path) counts
    /// for at this level, if it counts for one.
    pub(super) fn node_end(&self, term: &[u8]) -> Option<usize> {
        let node_end = prefix_end(term, self.parent_depth + 1)?;
        let parent_end = prefix_end(term, self.parent_depth)?;
        self.parents
            .binary_search_by(|parent| parent.as_slice().cmp(&term[..parent_end]))
            .is_ok()
            .then_some(node_end)
    }
}

/// The byte length of the first `parts` parts of an encoded facet path; `None` when it has fewer.
pub(super) fn prefix_end(term: &[u8], parts: usize) -> Option<usize> {
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

pub(super) fn path_of(encoded: &[u8]) -> Vec<String> {
    encoded
        .split(|&byte| byte == FACET_SEPARATOR)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect()
}

impl FacetPlan {
    /// A plan reporting the children of `parents` (each a facet path, the root included).
    pub(super) fn new(facet: FacetField, parents: impl IntoIterator<Item = Facet>) -> FacetPlan {
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
    pub(super) fn table(&self, reader: &SegmentReader) -> tantivy::Result<Arc<SegmentFacetTable>> {
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
    pub(super) fn forget_segments_but(&self, live: &HashSet<SegmentId>) {
        lock(&self.tables).retain(|segment, _| live.contains(segment));
        lock(&self.searchers).retain(|facet| facet.segments.iter().all(|id| live.contains(id)));
    }

    /// Reads the facet's column of a segment into a table: the segment's dictionary once,
    /// mapping every term to the reported path it counts for at each level, then every
    /// document's terms.
    pub(super) fn read_table(&self, reader: &SegmentReader) -> tantivy::Result<SegmentFacetTable> {
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
pub(super) fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Segments whose tables are kept per facet when no warmer says which are gone.
pub(super) const MAX_TABLES: usize = 256;
/// Searchers (lists of segments) whose facet is kept: the one searched now and those a
/// reload leaves in use for a while.
pub(super) const MAX_SEARCHERS: usize = 4;
/// Documents whose column values are read at once while making a table.
pub(super) const TABLE_BLOCK: usize = 1024;

/// One facet of one segment, read into memory: the reported paths, and for every document
/// the paths it counts for, each once. Counting a document is then one array read per
/// path instead of a read of the column and a lookup of its ordinal's path. A segment
/// never changes (deletes leave its columns as they are), so the table is made once per
/// segment, as Lucene and Elasticsearch keep their ordinals.
#[derive(Debug)]
pub(crate) struct SegmentFacetTable {
    /// The reported paths, encoded; a path's position is its node.
    pub(super) paths: PackedPaths,
    /// Per level, term ordinal → the node it counts for ([`NO_NODE`]: none).
    pub(super) node_of_ord: Vec<Vec<u32>>,
    pub(super) docs: DocPaths,
    /// The counts of every document of the segment, made on the first search that
    /// matches them all: they stand for that visit while the segment has no deletes.
    pub(super) all_counts: OnceLock<Vec<u32>>,
}

/// The paths of each document of a segment, by node.
#[derive(Debug)]
pub(super) enum DocPaths {
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
pub(super) enum NodeArray {
    Narrow(Vec<u8>),
    Medium(Vec<u16>),
    Wide(Vec<u32>),
}

impl NodeArray {
    /// An array for values below `bound`, with room for `capacity` of them.
    pub(super) fn for_values_below(bound: u32, capacity: usize) -> NodeArray {
        if bound <= u32::from(u8::MAX) + 1 {
            NodeArray::Narrow(Vec::with_capacity(capacity))
        } else if bound <= u32::from(u16::MAX) + 1 {
            NodeArray::Medium(Vec::with_capacity(capacity))
        } else {
            NodeArray::Wide(Vec::with_capacity(capacity))
        }
    }

    /// Appends `node`, which is below the bound the array was made for.
    pub(super) fn push(&mut self, node: u32) {
        match self {
            NodeArray::Narrow(nodes) => nodes.push(node as u8),
            NodeArray::Medium(nodes) => nodes.push(node as u16),
            NodeArray::Wide(nodes) => nodes.push(node),
        }
    }

    /// The node at `position`.
    #[inline]
    pub(super) fn get(&self, position: usize) -> Option<u32> {
        match self {
            NodeArray::Narrow(nodes) => nodes.get(position).map(|&node| u32::from(node)),
            NodeArray::Medium(nodes) => nodes.get(position).map(|&node| u32::from(node)),
            NodeArray::Wide(nodes) => nodes.get(position).copied(),
        }
    }

    /// Adds one to the counter of every node held.
    pub(super) fn count_all(&self, counts: &mut [u32]) {
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

    pub(super) fn len(&self) -> usize {
        match self {
            NodeArray::Narrow(nodes) => nodes.len(),
            NodeArray::Medium(nodes) => nodes.len(),
            NodeArray::Wide(nodes) => nodes.len(),
        }
    }

    pub(super) fn heap_bytes(&self) -> usize {
        match self {
            NodeArray::Narrow(nodes) => nodes.capacity(),
            NodeArray::Medium(nodes) => nodes.capacity() * 2,
            NodeArray::Wide(nodes) => nodes.capacity() * 4,
        }
    }
}

/// Counts the path of each of `docs` (one at most per document).
#[inline]
pub(super) fn count_one<N: Copy + Into<u32>>(nodes: &[N], docs: &[DocId], counts: &mut [u32]) {
    for &doc in docs {
        if let Some(&node) = nodes.get(doc as usize) {
            counts[node.into() as usize] += 1;
        }
    }
}

/// Counts the paths of each of `docs`.
#[inline]
pub(super) fn count_many<N: Copy + Into<u32>>(
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
    pub(super) fn without_values() -> SegmentFacetTable {
        SegmentFacetTable {
            paths: PackedPaths::default(),
            node_of_ord: Vec::new(),
            docs: DocPaths::None,
            all_counts: OnceLock::new(),
        }
    }

    /// The length of a counter of this table: one slot per path, and one that counts
    /// the documents without a path (never reported).
    pub(super) fn counter_len(&self) -> usize {
        self.paths.len() + 1
    }

    /// Adds the paths of `docs` to `counts` (of [`SegmentFacetTable::counter_len`]).
    #[inline]
    pub(super) fn count(&self, docs: &[DocId], counts: &mut [u32]) {
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

    /// The reported path of `doc` (encoded) in a facet of at most one path per document,
    /// such as the language; `None` when it has none, or the facet more than one.
    pub fn single_path(&self, doc: DocId) -> Option<&[u8]> {
        match &self.docs {
            DocPaths::One(nodes) => {
                let node = nodes.get(doc as usize)?;
                ((node as usize) < self.paths.len()).then(|| self.paths.get(node as usize))
            }
            DocPaths::None | DocPaths::Many { .. } => None,
        }
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
    pub(super) fn all_counts(&self) -> &[u32] {
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
    pub(super) fn heap_bytes(&self) -> usize {
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
    pub(super) segments: Vec<SegmentId>,
    pub(super) tables: Vec<Arc<SegmentFacetTable>>,
    /// For each segment, its nodes' positions among `paths`.
    pub(super) global_node: Vec<Vec<u32>>,
    /// Every reported path of the facet in the searcher's segments, sorted.
    pub(super) paths: PackedPaths,
}

impl SearcherFacet {
    pub(super) fn new(
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
    pub(super) bytes: Vec<u8>,
    pub(super) ends: Vec<usize>,
}

impl PackedPaths {
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(super) fn push(&mut self, path: &[u8]) {
        self.bytes.extend_from_slice(path);
        self.ends.push(self.bytes.len());
    }

    pub(super) fn get(&self, position: usize) -> &[u8] {
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
    pub(super) facet: Arc<SearcherFacet>,
    pub(super) counts: Vec<u64>,
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
    pub(super) fn counted(&self) -> impl Iterator<Item = (&[u8], u64)> {
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
    pub(super) segment: SegmentOrdinal,
    pub(super) table: Arc<SegmentFacetTable>,
    pub(super) counts: Vec<u32>,
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
    pub(super) plans: Vec<Arc<FacetPlan>>,
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
    pub(super) plans: FacetPlans,
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
pub(super) fn reported_parents(facet: FacetField, taxonomy: &Taxonomy) -> Vec<Vec<Facet>> {
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
