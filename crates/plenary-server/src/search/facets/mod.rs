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
//!
//! Three layers: `tables` (plans, segment tables, tallies), `counting` (the passes and
//! multi-select), `values` (labels and order).

mod counting;
pub(crate) mod tables;
mod values;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub(crate) use counting::*;
pub(crate) use tables::*;
pub(crate) use values::*;

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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, OnceLock};

    use tantivy::index::SegmentId;

    use plenary_core::schema::{FacetField, PlenarySchema};
    use plenary_core::taxonomy::Taxonomy;
    use tantivy::query::Query;
    use tantivy::schema::Facet;
    use tantivy::{Searcher, SegmentReader, Warmer};

    use crate::search::pass::SearchPass;
    use crate::search::query::Filters;
    use crate::search::request::FacetSort;
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
