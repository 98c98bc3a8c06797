//! The one pass over the documents that match a search: the exact total, a page of
//! ranked hits and the facet counts, all from a single visit of each matching document
//! (instead of a search for the total, one for the hits and one for the facets).
//!
//! A query that matches every document (no query and no filter: the first page every
//! visitor sees) needs no visit for the total and the facets of a segment without
//! deletes: the total is the segment's document count and the facet counts are the
//! document frequencies of the facet terms (Lucene's `Weight#count` idea). Segments with
//! deletes are visited as any other.

use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{AllQuery, Query, Weight};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::search::facets::{FacetPlan, FacetTally, SegmentFacetCounts, SegmentTally};
use crate::search::ranking::{RankedCollector, RankedDoc, RankedSegmentCollector, SegmentRanking};

/// Collects the total, the ranked hits (when asked for) and the counts of `facets`.
pub(crate) struct SearchPass {
    ranked: Option<RankedCollector>,
    facets: Vec<Arc<FacetPlan>>,
    /// Whether the query matches every document, so that statistics can stand for visits.
    match_all: bool,
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
        facets: Vec<Arc<FacetPlan>>,
    ) -> SearchPass {
        SearchPass {
            ranked,
            facets,
            match_all: query.is::<AllQuery>(),
        }
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
            .map(|plan| plan.for_segment(reader))
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentPass {
            total: 0,
            ranked,
            facets,
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
        let mut tallies: Vec<FacetTally> =
            self.facets.iter().map(|_| FacetTally::default()).collect();
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
        if self.match_all && reader.alive_bitset().is_none() {
            let facets = self
                .facets
                .iter()
                .map(|plan| plan.counts_from_postings(reader))
                .collect::<tantivy::Result<_>>()?;
            // The hits still need a visit: the order is by date, which no statistic gives.
            let ranked = match &self.ranked {
                Some(collector) => {
                    let mut child = collector.for_segment(segment, reader)?;
                    visit(&mut child, weight, reader, collector.requires_scoring())?;
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
        visit(&mut child, weight, reader, self.requires_scoring())?;
        Ok(child.harvest())
    }
}

/// Feeds the live documents of `reader` that `weight` matches to `collector` (Tantivy's
/// own loop, which a collector that overrides `collect_segment` has to repeat).
fn visit<C: SegmentCollector>(
    collector: &mut C,
    weight: &dyn Weight,
    reader: &SegmentReader,
    with_scoring: bool,
) -> tantivy::Result<()> {
    match (reader.alive_bitset(), with_scoring) {
        (Some(alive), true) => weight.for_each(reader, &mut |doc, score| {
            if alive.is_alive(doc) {
                collector.collect(doc, score);
            }
        }),
        (Some(alive), false) => weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                if alive.is_alive(doc) {
                    collector.collect(doc, 0.0);
                }
            }
        }),
        (None, true) => weight.for_each(reader, &mut |doc, score| collector.collect(doc, score)),
        (None, false) => {
            weight.for_each_no_score(reader, &mut |docs| collector.collect_block(docs))
        }
    }
}

/// The pass over one segment.
pub(crate) struct SegmentPass {
    total: u32,
    ranked: Option<RankedSegmentCollector>,
    facets: Vec<SegmentFacetCounts>,
}

impl SegmentCollector for SegmentPass {
    type Fruit = SegmentPassResult;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.total += 1;
        if let Some(ranked) = &mut self.ranked {
            ranked.collect(doc, score);
        }
        for facet in &mut self.facets {
            facet.collect(doc);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
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

    fn harvest(self) -> SegmentPassResult {
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
    use tantivy::query::{BooleanQuery, Occur};

    use super::*;

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
