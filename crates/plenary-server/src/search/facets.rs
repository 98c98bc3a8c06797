//! Facet counts over the documents that match a search, with multi-select: the counts
//! of a facet are computed with every filter but that facet's own (Solr's tag/exclude),
//! so ticking a second forum shows what it would add.
//!
//! Topics come back as a tree (a parent's count is the number of matching documents
//! with that topic or any topic below it, each document counted once); sessions as
//! flat `FORUM/NUMBER` values; every other facet as flat values.

use std::collections::BTreeMap;

use plenary_core::model::Forum;
use plenary_core::schema::{FacetField, PlenarySchema};
use plenary_core::taxonomy::Taxonomy;
use serde::{Deserialize, Serialize};
use tantivy::Searcher;
use tantivy::collector::{FacetCollector, FacetCounts, MultiCollector};
use tantivy::query::Query;
use tantivy::schema::Facet;
use utoipa::ToSchema;

use crate::SearchError;
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

/// Counts facet values for the documents matching `user_query` and `filters`.
pub(crate) struct FacetCounter<'a> {
    pub searcher: &'a Searcher,
    pub schema: &'a PlenarySchema,
    pub taxonomy: &'a Taxonomy,
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
        let mut result = BTreeMap::new();
        // Facets without a filter of their own share one search over the filtered set.
        let unfiltered: Vec<FacetField> = facets
            .iter()
            .copied()
            .filter(|facet| !filters.filters_on(*facet))
            .collect();
        let query = matching_documents(self.schema, user_query, filters);
        for (facet, counts) in self.collect(&*query, &unfiltered)? {
            result.insert(
                facet.name().to_string(),
                self.assemble(facet, &counts, limit, sort),
            );
        }
        for &facet in facets.iter().filter(|facet| filters.filters_on(**facet)) {
            let query = filtered_query(self.schema, user_query, filters, Some(facet), Vec::new());
            for (facet, counts) in self.collect(&*query, &[facet])? {
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
        let collected = self.collect(query, &[facet])?;
        let mut flat = BTreeMap::new();
        for (_, counts) in collected {
            for level in &counts {
                gather_counts(level, &self.parents(facet), &mut flat);
            }
        }
        Ok(flat.into_iter().collect())
    }

    fn collect(
        &self,
        query: &dyn Query,
        facets: &[FacetField],
    ) -> Result<Vec<(FacetField, Vec<FacetCounts>)>, SearchError> {
        if facets.is_empty() {
            return Ok(Vec::new());
        }
        let mut multi = MultiCollector::new();
        let mut handles = Vec::new();
        for &facet in facets {
            let field_name = facet.name();
            let mut facet_handles = Vec::new();
            for level in self.levels(facet) {
                let mut collector = FacetCollector::for_field(field_name);
                for parent in level {
                    collector.add_facet(parent);
                }
                facet_handles.push(multi.add_collector(collector));
            }
            handles.push((facet, facet_handles));
        }
        let mut fruits = self.searcher.search(query, &multi)?;
        Ok(handles
            .into_iter()
            .map(|(facet, facet_handles)| {
                let counts = facet_handles
                    .into_iter()
                    .map(|handle| handle.extract(&mut fruits))
                    .collect();
                (facet, counts)
            })
            .collect())
    }

    /// The facets whose children are counted, one collector per level (a collector
    /// cannot hold a facet and its ancestor).
    fn levels(&self, facet: FacetField) -> Vec<Vec<Facet>> {
        match facet {
            FacetField::Topic => {
                let mut levels: Vec<Vec<Facet>> = vec![vec![Facet::root()]];
                for topic in self.taxonomy.topics() {
                    if self.taxonomy.descendants(&topic.slug).is_empty() {
                        continue;
                    }
                    let Some(path) = self.taxonomy.facet_path(&topic.slug) else {
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

    fn parents(&self, facet: FacetField) -> Vec<Facet> {
        self.levels(facet).into_iter().flatten().collect()
    }

    fn assemble(
        &self,
        facet: FacetField,
        counts: &[FacetCounts],
        limit: usize,
        sort: FacetSort,
    ) -> Vec<FacetValue> {
        let mut by_path: BTreeMap<Vec<String>, u64> = BTreeMap::new();
        let parents = self.parents(facet);
        for level in counts {
            gather_counts(level, &parents, &mut by_path);
        }
        match facet {
            FacetField::Topic => self.tree(&by_path, &[], limit, sort),
            _ => {
                let mut values: Vec<FacetValue> = by_path
                    .into_iter()
                    .map(|(path, count)| FacetValue {
                        label: label_of(facet, &path, self.taxonomy),
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
        by_path: &BTreeMap<Vec<String>, u64>,
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

/// Adds the counts of the children of every facet of `parents` that `counts` holds.
fn gather_counts(counts: &FacetCounts, parents: &[Facet], into: &mut BTreeMap<Vec<String>, u64>) {
    for parent in parents {
        for (child, count) in counts.get(parent.clone()) {
            if count == 0 {
                continue;
            }
            let path: Vec<String> = child.to_path().into_iter().map(str::to_string).collect();
            into.insert(path, count);
        }
    }
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
pub(crate) fn sort_values(values: &mut [FacetValue], sort: FacetSort) {
    match sort {
        FacetSort::Count => values.sort_by(|left, right| {
            right
                .count
                .cmp(&left.count)
                .then_with(|| compare_values(&left.value, &right.value))
        }),
        FacetSort::Value => values.sort_by(|left, right| compare_values(&left.value, &right.value)),
    }
}

/// Compares facet values, numerically where both are numbers (`CND/9` before `CND/57`).
pub(crate) fn compare_values(left: &str, right: &str) -> std::cmp::Ordering {
    let split = |value: &str| -> (String, Option<i64>) {
        match value.rsplit_once('/') {
            Some((head, tail)) => (head.to_string(), tail.parse().ok()),
            None => (String::new(), value.parse().ok()),
        }
    };
    let (left_head, left_number) = split(left);
    let (right_head, right_number) = split(right);
    match (left_number, right_number) {
        (Some(left_number), Some(right_number)) => left_head
            .cmp(&right_head)
            .then(left_number.cmp(&right_number)),
        _ => left
            .to_lowercase()
            .cmp(&right.to_lowercase())
            .then_with(|| left.cmp(right)),
    }
}
