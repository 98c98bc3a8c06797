//! The one pass over the documents that match a search: the exact total, a page of
//! ranked hits and the facet counts, all from a single visit of each matching document
//! (instead of a search for the total, one for the hits and one for the facets).
//!
//! A query that matches every document (no query and no filter: the first page every
//! visitor sees) needs no visit for the total and the facets of a segment without
//! deletes: the total is the segment's document count and the facet counts are the
//! document frequencies of the facet terms (Lucene's `Weight#count` idea). Segments with
//! deletes are visited as any other.
//!
//! A search with a query and facet filters counts its multi-select facets in the same
//! pass too ("drill sideways", as Lucene's `DrillSideways`): the pass runs the query
//! without the facet filters and checks each filter on the document's facet column. A
//! document that passes every filter is a hit and counts for every facet; one that
//! fails a single filter counts only for that filter's facet (whose counts ignore its
//! own filter); one that fails two counts for nothing. The column is read for counting
//! anyway, so the check costs little, and no second pass per filtered facet is needed.

use std::ops::Range;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, TermOrdHit};
use tantivy::query::{AllQuery, Query, Weight};
use tantivy::schema::Facet;
use tantivy::{
    COLLECT_BLOCK_BUFFER_LEN, DocId, DocSet, Score, SegmentOrdinal, SegmentReader, TERMINATED,
};

use crate::search::deadline::Deadline;
use crate::search::facets::tables::{
    FACET_BLOCK, FacetTally, SearcherFacet, SegmentFacetCounts, SegmentFacetTable, SegmentTally,
};
use crate::search::ranking::{RankedCollector, RankedDoc, RankedSegmentCollector, SegmentRanking};

/// Collects the total, the ranked hits (when asked for) and the counts of `facets`.
pub(crate) struct SearchPass {
    ranked: Option<RankedCollector>,
    facets: Vec<Arc<SearcherFacet>>,
    /// Facet filters checked per document rather than in the query.
    sideways: Vec<SidewaysFilter>,
    /// Whether the query matches every document, so that statistics can stand for visits.
    match_all: bool,
    /// When the visit must stop: the deadline of the request that runs the pass.
    deadline: Deadline,
}

/// What a pass counts besides the total and the hits.
#[derive(Default)]
pub(crate) struct SearchPassPlan {
    pub facets: Vec<Arc<SearcherFacet>>,
    pub sideways: Vec<SidewaysFilter>,
}

/// A facet filter the pass checks itself: the documents holding one of `values` (or a
/// value below one) pass. Its facet is among the pass's facets, at `facet_position`.
#[derive(Debug, Clone)]
pub(crate) struct SidewaysFilter {
    pub facet_position: usize,
    pub values: Vec<Facet>,
}

/// A [`SidewaysFilter`] in one segment: the ranges of the facet column's ordinals that
/// pass. A value and the values below it are one range of the sorted dictionary: the
/// terms from `value` up to (not including) `value` followed by the byte 1, since the
/// parts of an encoded path are separated by the byte 0.
///
/// When the paths of the facet's table can answer for the ordinals (see
/// [`SegmentFacetTable::passing_nodes`]), a document is checked on the table, which the
/// counting reads anyway, instead of on the column.
struct SegmentFilter {
    ords: Option<Column<u64>>,
    passing: Vec<Range<u64>>,
    by_node: Option<(Arc<SegmentFacetTable>, Vec<bool>)>,
    facet_position: usize,
}

impl SegmentFilter {
    fn new(
        filter: &SidewaysFilter,
        facet: &SearcherFacet,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFilter> {
        let Some(column) = reader.fast_fields().str(facet.facet.name())? else {
            return Ok(SegmentFilter {
                ords: None,
                passing: Vec::new(),
                by_node: None,
                facet_position: filter.facet_position,
            });
        };
        let dictionary = column.dictionary();
        let first_at_or_after = |key: &[u8]| -> tantivy::Result<u64> {
            Ok(match dictionary.term_ord_or_next(key)? {
                TermOrdHit::Exact(ord) | TermOrdHit::Next(ord) => ord,
            })
        };
        let mut passing = Vec::with_capacity(filter.values.len());
        for value in &filter.values {
            let start = value.encoded_str().as_bytes();
            let mut end = start.to_vec();
            end.push(1);
            let range = first_at_or_after(start)?..first_at_or_after(&end)?;
            if !range.is_empty() {
                passing.push(range);
            }
        }
        let table = facet.segment_table(segment, reader)?;
        let by_node = table
            .passing_nodes(|ord| passing.iter().any(|range| range.contains(&ord)))
            .map(|nodes| (Arc::clone(table), nodes));
        Ok(SegmentFilter {
            ords: Some(column.ords().clone()),
            passing,
            by_node,
            facet_position: filter.facet_position,
        })
    }

    #[inline]
    fn passes(&self, doc: DocId) -> bool {
        if let Some((table, passing)) = &self.by_node {
            return table.any_node(doc, passing);
        }
        let Some(ords) = &self.ords else {
            return false;
        };
        ords.values_for_doc(doc)
            .any(|ord| self.passing.iter().any(|range| range.contains(&ord)))
    }

    /// The filter checked on the column only (to compare both ways).
    #[cfg(test)]
    fn by_column(mut self) -> SegmentFilter {
        self.by_node = None;
        self
    }
}

/// Which of a document's sideways filters it fails.
enum Failed {
    None,
    /// Only the filter at this position.
    One(usize),
    Several,
}

/// What a pass found in one segment.
pub(crate) struct SegmentPassResult {
    total: u64,
    ranked: Option<SegmentRanking>,
    facets: Vec<SegmentTally>,
}

/// What a pass found.
#[derive(Debug, Default)]
pub(crate) struct PassResult {
    pub total: u64,
    /// Empty when no ranking was asked for.
    pub ranked: Vec<RankedDoc>,
    /// The counts of each facet, in the order of the plans.
    pub facets: Vec<FacetTally>,
}

impl SearchPass {
    /// A pass for `query` (the query it will run with).
    pub fn new(
        query: &dyn Query,
        ranked: Option<RankedCollector>,
        facets: Vec<Arc<SearcherFacet>>,
    ) -> SearchPass {
        SearchPass {
            ranked,
            facets,
            sideways: Vec::new(),
            match_all: query.is::<AllQuery>(),
            deadline: Deadline::current(),
        }
    }

    /// Checks `filters` per document (each on a facet of the pass), for a query that
    /// leaves them out: see the module's documentation.
    pub fn with_sideways(mut self, filters: Vec<SidewaysFilter>) -> SearchPass {
        self.sideways = filters;
        self
    }

    /// A pass that never uses statistics in place of visits (to check them against).
    #[cfg(test)]
    pub fn visiting_every_document(mut self) -> SearchPass {
        self.match_all = false;
        self
    }
}

impl Collector for SearchPass {
    type Fruit = PassResult;
    type Child = SegmentPass;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPass> {
        let ranked = match &self.ranked {
            Some(ranked) => Some(ranked.for_segment(segment, reader)?),
            None => None,
        };
        let facets = self
            .facets
            .iter()
            .map(|facet| facet.for_segment(segment, reader))
            .collect::<tantivy::Result<_>>()?;
        let filters = self
            .sideways
            .iter()
            .map(|filter| {
                SegmentFilter::new(filter, &self.facets[filter.facet_position], segment, reader)
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentPass {
            total: 0,
            ranked,
            facets,
            filters,
            pending: Vec::with_capacity(FACET_BLOCK),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.ranked
            .as_ref()
            .is_some_and(RankedCollector::requires_scoring)
    }

    fn merge_fruits(&self, segment_fruits: Vec<SegmentPassResult>) -> tantivy::Result<PassResult> {
        let mut total = 0;
        let mut ranked = Vec::new();
        let mut tallies: Vec<FacetTally> = self
            .facets
            .iter()
            .map(|facet| FacetTally::new(Arc::clone(facet)))
            .collect();
        for fruit in segment_fruits {
            total += fruit.total;
            ranked.extend(fruit.ranked);
            for (tally, segment) in tallies.iter_mut().zip(fruit.facets) {
                tally.add_segment(segment);
            }
        }
        let facets = tallies;
        let ranked = match &self.ranked {
            Some(collector) => collector.merge_fruits(ranked)?,
            None => Vec::new(),
        };
        Ok(PassResult {
            total,
            ranked,
            facets,
        })
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPassResult> {
        if self.match_all && self.sideways.is_empty() && reader.alive_bitset().is_none() {
            let facets = self
                .facets
                .iter()
                .map(|facet| facet.everything_in(segment, reader))
                .collect::<tantivy::Result<_>>()?;
            // The hits still need a visit: the order is by date, which no statistic gives.
            let ranked = match &self.ranked {
                Some(collector) => {
                    let mut child = collector.for_segment(segment, reader)?;
                    visit(
                        &mut child,
                        weight,
                        reader,
                        collector.requires_scoring(),
                        self.deadline,
                    )?;
                    Some(child.harvest())
                }
                None => None,
            };
            return Ok(SegmentPassResult {
                total: u64::from(reader.num_docs()),
                ranked,
                facets,
            });
        }
        let mut child = self.for_segment(segment, reader)?;
        visit(
            &mut child,
            weight,
            reader,
            self.requires_scoring(),
            self.deadline,
        )?;
        Ok(child.harvest())
    }
}

/// Feeds the live documents of `reader` that `weight` matches to `collector` (Tantivy's
/// own loop, which a collector that overrides `collect_segment` has to repeat), and stops
/// with an error once `deadline` has passed.
fn visit<C: SegmentCollector>(
    collector: &mut C,
    weight: &dyn Weight,
    reader: &SegmentReader,
    with_scoring: bool,
    deadline: Deadline,
) -> tantivy::Result<()> {
    deadline.check()?;
    let alive = reader.alive_bitset();
    let mut scorer = weight.scorer(reader, 1.0)?;
    if with_scoring {
        let mut doc = scorer.doc();
        let mut visited: u32 = 0;
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                collector.collect(doc, scorer.score());
            }
            visited = visited.wrapping_add(1);
            if visited.is_multiple_of(DEADLINE_CHECK_DOCS) {
                deadline.check()?;
            }
            doc = scorer.advance();
        }
        return Ok(());
    }
    let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
    let mut blocks: u32 = 0;
    loop {
        let filled = scorer.fill_buffer(&mut buffer);
        let docs = &buffer[..filled];
        match alive {
            None => collector.collect_block(docs),
            Some(alive) => {
                for &doc in docs {
                    if alive.is_alive(doc) {
                        collector.collect(doc, 0.0);
                    }
                }
            }
        }
        if filled < COLLECT_BLOCK_BUFFER_LEN {
            return Ok(());
        }
        blocks = blocks.wrapping_add(1);
        if blocks.is_multiple_of(DEADLINE_CHECK_DOCS / COLLECT_BLOCK_BUFFER_LEN as u32) {
            deadline.check()?;
        }
    }
}

/// How many documents a visit takes between two looks at the clock.
const DEADLINE_CHECK_DOCS: u32 = 4096;

/// The pass over one segment.
pub(crate) struct SegmentPass {
    total: u32,
    ranked: Option<RankedSegmentCollector>,
    facets: Vec<SegmentFacetCounts>,
    filters: Vec<SegmentFilter>,
    /// Hits not yet counted in the facets: every facet counts a block at a time.
    pending: Vec<DocId>,
}

impl SegmentPass {
    fn count_pending(&mut self) {
        for facet in &mut self.facets {
            facet.collect_block(&self.pending);
        }
        self.pending.clear();
    }

    #[inline]
    fn failed(&self, doc: DocId) -> Failed {
        let mut failed = Failed::None;
        for (position, filter) in self.filters.iter().enumerate() {
            if !filter.passes(doc) {
                match failed {
                    Failed::None => failed = Failed::One(position),
                    _ => return Failed::Several,
                }
            }
        }
        failed
    }
}

impl SegmentCollector for SegmentPass {
    type Fruit = SegmentPassResult;

    fn collect(&mut self, doc: DocId, score: Score) {
        if !self.filters.is_empty() {
            match self.failed(doc) {
                Failed::None => {}
                Failed::One(position) => {
                    let facet = self.filters[position].facet_position;
                    self.facets[facet].collect(doc);
                    return;
                }
                Failed::Several => return,
            }
        }
        self.total += 1;
        if let Some(ranked) = &mut self.ranked {
            ranked.collect(doc, score);
        }
        if !self.facets.is_empty() {
            self.pending.push(doc);
            if self.pending.len() == FACET_BLOCK {
                self.count_pending();
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if !self.filters.is_empty() {
            for &doc in docs {
                self.collect(doc, 0.0);
            }
            return;
        }
        self.total += docs.len() as u32;
        if let Some(ranked) = &mut self.ranked {
            for &doc in docs {
                ranked.collect(doc, 0.0);
            }
        }
        for facet in &mut self.facets {
            facet.collect_block(docs);
        }
    }

    fn harvest(mut self) -> SegmentPassResult {
        self.count_pending();
        SegmentPassResult {
            total: u64::from(self.total),
            ranked: self.ranked.map(SegmentCollector::harvest),
            facets: self
                .facets
                .into_iter()
                .map(SegmentFacetCounts::harvest)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use plenary_core::schema::{FacetField, PlenarySchema};
    use plenary_core::taxonomy::Taxonomy;
    use tantivy::query::{BooleanQuery, Occur};
    use tantivy::{IndexWriter, TantivyDocument};

    use super::*;
    use crate::search::facets::tables::FacetPlans;

    #[test]
    fn a_sideways_filter_passes_a_value_and_the_values_below_it_only() {
        let schema = PlenarySchema::new();
        let index = schema.create_index_in_ram();
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let held = [
            vec!["/a"],
            vec!["/a/b"],
            vec!["/a/b/c"],
            vec!["/ab"],
            vec!["/a-b"],
            vec!["/b", "/c/a"],
            vec![],
            vec!["/b", "/a/z"],
        ];
        for values in &held {
            let mut document = TantivyDocument::default();
            for value in values {
                document.add_facet(
                    schema.fields().facet_topic,
                    Facet::from_text(value).expect("facet"),
                );
            }
            writer.add_document(document).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let reader = searcher.segment_reader(0);
        let topics = FacetPlans::new(&Taxonomy::bundled())
            .get(FacetField::Topic)
            .for_searcher(&searcher)
            .expect("facet");
        // The documents passing, and whether the table's paths answered for the column.
        let passing = |values: &[&str]| -> (Vec<DocId>, bool) {
            let filter = SidewaysFilter {
                facet_position: 0,
                values: values
                    .iter()
                    .map(|value| Facet::from_text(value).expect("facet"))
                    .collect(),
            };
            let segment = SegmentFilter::new(&filter, &topics, 0, reader).expect("filter");
            let by_node = segment.by_node.is_some();
            let passed: Vec<DocId> = (0..held.len() as DocId)
                .filter(|&doc| segment.passes(doc))
                .collect();
            let by_column = segment.by_column();
            let by_column: Vec<DocId> = (0..held.len() as DocId)
                .filter(|&doc| by_column.passes(doc))
                .collect();
            assert_eq!(passed, by_column, "{values:?}");
            (passed, by_node)
        };
        // The reported topics here are the first parts: `/a` stands for every term
        // below it, so the table answers; `/a/b` is a part of what `/a` counts, so only
        // the column can.
        assert_eq!(passing(&["/a"]), (vec![0, 1, 2, 7], true));
        assert_eq!(passing(&["/a/b"]), (vec![1, 2], false));
        assert_eq!(passing(&["/ab", "/c"]), (vec![3, 5], true));
        assert_eq!(passing(&["/b"]), (vec![5, 7], true));
        assert_eq!(passing(&["/nothing"]), (Vec::<DocId>::new(), true));
    }

    #[test]
    fn only_a_query_for_everything_takes_statistics_for_visits() {
        let everything: Box<dyn Query> = Box::new(AllQuery);
        assert!(SearchPass::new(&*everything, None, Vec::new()).match_all);
        let filtered: Box<dyn Query> = Box::new(BooleanQuery::new(vec![(
            Occur::Must,
            Box::new(AllQuery) as Box<dyn Query>,
        )]));
        assert!(!SearchPass::new(&*filtered, None, Vec::new()).match_all);
        assert!(
            !SearchPass::new(&*everything, None, Vec::new())
                .visiting_every_document()
                .match_all
        );
    }
}
