//! Facet counts for a search: the multi-select logic (each facet counted without its own
//! filter) over passes of [`SearchPass`], and the counts named and ordered for the answer.

use std::collections::BTreeMap;
use std::sync::Arc;

use plenary_core::schema::{FacetField, PlenarySchema};
use plenary_core::taxonomy::Taxonomy;
use tantivy::Searcher;
use tantivy::query::Query;

use crate::SearchError;
use crate::search::pass::SearchPass;
use crate::search::query::{Filters, filtered_query, matching_documents};
use crate::search::request::FacetSort;

use super::tables::{FacetPlans, FacetTally, SearcherFacet};
use super::values::{label_of, sort_values};
use super::{FacetValue, PathCounts};

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
pub(super) fn path_counts(
    facet: FacetField,
    tally: FacetTally,
    limit: usize,
    sort: FacetSort,
) -> PathCounts {
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
