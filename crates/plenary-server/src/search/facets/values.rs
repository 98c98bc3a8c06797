//! Facet values as people read them: labels, and the order of values (numbers as numbers).

use plenary_core::model::Forum;
use plenary_core::schema::FacetField;
use plenary_core::taxonomy::Taxonomy;

use crate::search::request::FacetSort;

use super::FacetValue;

pub(super) fn label_of(facet: FacetField, path: &[String], taxonomy: &Taxonomy) -> Option<String> {
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
pub(super) struct ValueOrder {
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
pub(super) fn split_number(value: &str) -> (&str, Option<i64>) {
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
