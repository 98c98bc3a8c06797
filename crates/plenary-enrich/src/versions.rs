//! Language versions of one UN document agree on their topics.
//!
//! The six versions of a symbol say the same thing, so a researcher filtering by topic
//! expects all of them or none. Each version is tagged in its own language; the versions
//! then take the topics that at least half of them were given (with two versions, either
//! one), so a term list that misses an inflection in one language does not drop that
//! version, and a stray match in one language does not spread to all of them. A topic
//! implies its parent, as everywhere.

use std::collections::{BTreeMap, BTreeSet};

use plenary_core::{Document, Taxonomy, TopicAssignment};

/// The topics the versions agree on: those given to at least half of them.
pub fn agreed_topics<'a>(
    versions: impl IntoIterator<Item = &'a BTreeSet<String>>,
) -> BTreeSet<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total: usize = 0;
    for topics in versions {
        total += 1;
        for topic in topics {
            *counts.entry(topic.as_str()).or_default() += 1;
        }
    }
    let needed = total.div_ceil(2).max(1);
    counts
        .into_iter()
        .filter(|(_, count)| *count >= needed)
        .map(|(topic, _)| topic.to_string())
        .collect()
}

/// Gives the documents that are language versions of one symbol the topics they agree
/// on ([`agreed_topics`]); documents without a symbol, or alone with theirs, are left as
/// they are. A topic a version gains is shown with the evidence of the versions that
/// had it; one it loses is removed. Returns how many documents changed.
pub fn harmonize_versions(documents: &mut [Document], taxonomy: &Taxonomy) -> usize {
    let mut by_symbol: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, document) in documents.iter().enumerate() {
        if let Some(symbol) = &document.symbol {
            by_symbol.entry(symbol.clone()).or_default().push(index);
        }
    }
    let mut changed = 0;
    for indices in by_symbol.values().filter(|indices| indices.len() > 1) {
        let languages: BTreeSet<&str> = indices
            .iter()
            .map(|index| documents[*index].language.as_str())
            .collect();
        if languages.len() < 2 {
            continue;
        }
        let tagged: Vec<BTreeSet<String>> = indices
            .iter()
            .map(|index| {
                documents[*index]
                    .topic_slugs()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        let mut agreed = agreed_topics(&tagged);
        for topic in agreed.clone() {
            for ancestor in taxonomy.ancestors(&topic) {
                agreed.insert(ancestor.slug.clone());
            }
        }
        // The evidence of a topic, from the first version that has it.
        let evidence: BTreeMap<String, TopicAssignment> = indices
            .iter()
            .flat_map(|index| documents[*index].topics.iter())
            .filter(|assignment| agreed.contains(&assignment.slug))
            .fold(BTreeMap::new(), |mut found, assignment| {
                found
                    .entry(assignment.slug.clone())
                    .or_insert_with(|| assignment.clone());
                found
            });
        for (index, own) in indices.iter().zip(&tagged) {
            if *own == agreed {
                continue;
            }
            let document = &mut documents[*index];
            document
                .topics
                .retain(|assignment| agreed.contains(&assignment.slug));
            for slug in agreed.iter().filter(|slug| !own.contains(*slug)) {
                if let Some(assignment) = evidence.get(slug) {
                    document.topics.push(assignment.clone());
                }
            }
            changed += 1;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(topics: &[&str]) -> BTreeSet<String> {
        topics.iter().map(|topic| topic.to_string()).collect()
    }

    #[test]
    fn half_of_the_versions_carry_a_topic() {
        let versions = [
            set(&["victims", "prisons"]),
            set(&["victims"]),
            set(&["victims", "prisons"]),
            set(&["victims", "prisons"]),
            set(&[]),
            set(&["victims", "children"]),
        ];
        assert_eq!(agreed_topics(&versions), set(&["prisons", "victims"]));
        assert_eq!(agreed_topics(&[set(&["a"]), set(&["b"])]), set(&["a", "b"]));
        assert!(agreed_topics(&[] as &[BTreeSet<String>]).is_empty());
    }
}
