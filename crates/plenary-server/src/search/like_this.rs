//! The query of the documents most like one: the document's most telling terms, each
//! weighed by how often the document uses it and how rare it is in the index, as
//! Lucene's `MoreLikeThis` chooses them.
//!
//! Tantivy's `MoreLikeThisQuery` chooses the same way, but breaks ties between terms
//! of equal weight in the order of a hash map, which changes from one run to the next
//! (and from one request to the next), and it asserts that no term is in more documents
//! than the index holds, which a term in documents deleted but not yet merged away is.
//! Here ties go to the smaller term and a deleted document is not counted.

use std::collections::BTreeMap;

use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Score, Searcher, Term};

use crate::SearchError;

/// Terms a query of similar documents asks for.
pub(crate) const MAX_QUERY_TERMS: usize = 30;
/// Terms shorter than this (in bytes) say little of what a document is about.
const MIN_TERM_BYTES: usize = 3;

/// The terms of `values` (each text analysed as its field is) that best tell what they
/// are about, best first: at most [`MAX_QUERY_TERMS`], each weighed by its frequency
/// in `values` times its inverse document frequency (BM25's); ties go to the smaller
/// term. Terms no document holds are left out.
pub(crate) fn telling_terms(
    searcher: &Searcher,
    values: &[(Field, &str)],
) -> Result<Vec<(Term, Score)>, SearchError> {
    let mut frequencies: BTreeMap<Term, u32> = BTreeMap::new();
    for &(field, text) in values {
        let mut analyzer = searcher.index().tokenizer_for_field(field)?;
        let mut tokens = analyzer.token_stream(text);
        while tokens.advance() {
            let term = &tokens.token().text;
            if term.len() >= MIN_TERM_BYTES {
                *frequencies
                    .entry(Term::from_field_text(field, term))
                    .or_default() += 1;
            }
        }
    }
    let documents = searcher.num_docs();
    let mut weighed = Vec::with_capacity(frequencies.len());
    for (term, frequency) in frequencies {
        // A term's document frequency still counts deleted documents until their
        // segment is merged.
        let holding = searcher.doc_freq(&term)?.min(documents);
        if holding == 0 {
            continue;
        }
        let rarity = ((documents - holding) as Score + 0.5) / (holding as Score + 0.5);
        weighed.push((term, frequency as Score * (1.0 + rarity).ln()));
    }
    weighed.sort_by(|(left, left_weight), (right, right_weight)| {
        right_weight
            .total_cmp(left_weight)
            .then_with(|| left.cmp(right))
    });
    weighed.truncate(MAX_QUERY_TERMS);
    Ok(weighed)
}

/// The query of the documents holding any of the telling terms of `values`; `None` when
/// they have none.
pub(crate) fn like_this_query(
    searcher: &Searcher,
    values: &[(Field, &str)],
) -> Result<Option<Box<dyn Query>>, SearchError> {
    let terms = telling_terms(searcher, values)?;
    if terms.is_empty() {
        return Ok(None);
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .map(|(term, _)| {
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, query)
        })
        .collect();
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

#[cfg(test)]
mod tests {
    use plenary_core::schema::PlenarySchema;
    use tantivy::TantivyDocument;
    use tantivy::collector::Count;

    use super::*;

    /// An index of `texts` in the title field, one document each, then the documents at
    /// `deleted` deleted (their ids are their positions).
    fn searcher_of(texts: &[&str], deleted: &[usize]) -> (PlenarySchema, Searcher) {
        let schema = PlenarySchema::new();
        let index = schema.create_index_in_ram();
        let mut writer: tantivy::IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let fields = *schema.fields();
        for (position, text) in texts.iter().enumerate() {
            let mut document = TantivyDocument::new();
            document.add_text(fields.id, position.to_string());
            document.add_text(fields.title, *text);
            writer.add_document(document).expect("added");
        }
        writer.commit().expect("committed");
        for position in deleted {
            writer.delete_term(Term::from_field_text(fields.id, &position.to_string()));
        }
        writer.commit().expect("committed");
        let searcher = index.reader().expect("reader").searcher();
        (schema, searcher)
    }

    fn words(terms: &[(Term, Score)]) -> Vec<String> {
        terms
            .iter()
            .map(|(term, _)| term.value().as_str().expect("text").to_string())
            .collect()
    }

    #[test]
    fn ties_go_to_the_smaller_term_on_every_call() {
        // Sixty words, each once in the document and in no other: all of equal weight.
        let vocabulary: Vec<String> = (0..60).map(|n| format!("word{n:02}")).collect();
        let text = vocabulary.join(" ");
        let (schema, searcher) = searcher_of(&[&text, "unrelated filler"], &[]);
        let values = [(schema.fields().title, text.as_str())];
        let first = words(&telling_terms(&searcher, &values).expect("terms"));
        assert_eq!(first, vocabulary[..MAX_QUERY_TERMS]);
        for _ in 0..5 {
            assert_eq!(
                words(&telling_terms(&searcher, &values).expect("terms")),
                first
            );
        }
    }

    #[test]
    fn frequent_and_rare_terms_come_first_and_short_or_unknown_ones_not_at_all() {
        let (schema, searcher) = searcher_of(
            &[
                "narcotics narcotics narcotics prisons",
                "prisons prisons",
                "prisons",
            ],
            &[],
        );
        let values = [(
            schema.fields().title,
            "prisons narcotics narcotics of xylophone",
        )];
        let found = words(&telling_terms(&searcher, &values).expect("terms"));
        // `narcotics` twice and in one document of three; `prisons` in all three; `of`
        // too short; `xylophone` in none.
        assert_eq!(found, ["narcotics", "prisons"]);
    }

    #[test]
    fn a_term_of_deleted_documents_does_not_fail_the_query() {
        // `narcotics` is in three documents, two of them deleted: its document
        // frequency (3) is more than the documents left (1) until a merge.
        let (schema, searcher) =
            searcher_of(&["narcotics prisons", "narcotics", "narcotics"], &[1, 2]);
        assert_eq!(searcher.num_docs(), 1);
        let values = [(schema.fields().title, "narcotics prisons")];
        let query = like_this_query(&searcher, &values)
            .expect("a query")
            .expect("terms");
        assert_eq!(searcher.search(&*query, &Count).expect("searched"), 1);
        // A text of no known term asks nothing.
        let unknown = [(schema.fields().title, "xylophone")];
        assert!(
            like_this_query(&searcher, &unknown)
                .expect("no error")
                .is_none()
        );
    }
}
