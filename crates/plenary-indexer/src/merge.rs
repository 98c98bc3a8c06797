//! The merge policy of the indexer: Tantivy's log-structured policy, with merges kept
//! below a size.

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};

/// Tantivy's [`LogMergePolicy`] with no merge producing a segment of more than
/// `max_merged_docs` documents (as Lucene's `maxMergedSegmentMB` and Elasticsearch's
/// `max_merged_segment` bound theirs).
///
/// A merge reads its segments through memory maps, which count as the indexer's
/// resident memory, and writes a segment as large as them: left unbounded, the last
/// merges of a large corpus read gigabytes at once. Bounded, the largest segments stop
/// growing, and a search visits a few more of them.
#[derive(Debug)]
pub struct BoundedMergePolicy {
    log: LogMergePolicy,
    max_merged_docs: u64,
}

impl BoundedMergePolicy {
    pub fn new(max_merged_docs: u64) -> BoundedMergePolicy {
        let mut log = LogMergePolicy::default();
        // A segment holding half the bound or more has no partner to merge with.
        log.set_max_docs_before_merge((max_merged_docs / 2) as usize);
        BoundedMergePolicy {
            log,
            max_merged_docs,
        }
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let mut bounded = Vec::new();
        for candidate in self.log.compute_merge_candidates(segments) {
            // Split the candidate into runs that fit under the bound; a run of one
            // segment is no merge.
            let mut run = Vec::new();
            let mut run_docs = 0;
            for id in candidate.0 {
                let docs = docs_of(segments, id);
                if !run.is_empty() && run_docs + docs > self.max_merged_docs {
                    if run.len() > 1 {
                        bounded.push(MergeCandidate(std::mem::take(&mut run)));
                    }
                    run.clear();
                    run_docs = 0;
                }
                run.push(id);
                run_docs += docs;
            }
            if run.len() > 1 && run_docs <= self.max_merged_docs {
                bounded.push(MergeCandidate(run));
            }
        }
        bounded
    }
}

/// The live documents of the segment `id` among `segments` (0 if it is not there).
fn docs_of(segments: &[SegmentMeta], id: SegmentId) -> u64 {
    segments
        .iter()
        .find(|segment| segment.id() == id)
        .map_or(0, |segment| u64::from(segment.num_docs()))
}

#[cfg(test)]
mod tests {
    use plenary_core::PlenarySchema;

    use super::*;

    fn segments(docs: &[u32]) -> Vec<SegmentMeta> {
        let index = PlenarySchema::new().create_index_in_ram();
        docs.iter()
            .map(|&count| index.new_segment_meta(SegmentId::generate_random(), count))
            .collect()
    }

    fn merged_sizes(policy: &BoundedMergePolicy, metas: &[SegmentMeta]) -> Vec<(usize, u64)> {
        policy
            .compute_merge_candidates(metas)
            .iter()
            .map(|candidate| {
                let docs = candidate.0.iter().map(|&id| docs_of(metas, id)).sum();
                (candidate.0.len(), docs)
            })
            .collect()
    }

    #[test]
    fn small_segments_merge_as_the_log_policy_merges_them() {
        let metas = segments(&[1_000; 10]);
        let policy = BoundedMergePolicy::new(100_000);
        assert_eq!(merged_sizes(&policy, &metas), vec![(10, 10_000)]);
    }

    #[test]
    fn no_merge_makes_a_segment_above_the_bound() {
        let metas = segments(&[30_000; 12]);
        let policy = BoundedMergePolicy::new(100_000);
        let sizes = merged_sizes(&policy, &metas);
        assert!(!sizes.is_empty(), "twelve segments of a level are merged");
        for (segment_count, docs) in sizes {
            assert!(segment_count >= 2);
            assert!(docs <= 100_000, "{docs} documents in one merge");
        }
        // Unbounded, the log policy merges all twelve into one.
        let unbounded = LogMergePolicy::default().compute_merge_candidates(&metas);
        assert_eq!(unbounded.len(), 1);
        assert_eq!(unbounded[0].0.len(), 12);
    }

    #[test]
    fn segments_of_half_the_bound_are_left_alone() {
        let metas = segments(&[60_000; 10]);
        let policy = BoundedMergePolicy::new(100_000);
        assert!(merged_sizes(&policy, &metas).is_empty());
    }
}
