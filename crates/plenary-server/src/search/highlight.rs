//! Highlighted fragments of stored text: the fragment that holds the most of what the
//! query matched, with those words in `<mark>`. Words are marked as the query asks for
//! them: a phrase only where it stands as a phrase, never an excluded word.
//!
//! Fragments are cut as Tantivy's `SnippetGenerator` cuts them (runs of words of at most
//! `max_bytes` bytes, from the first word's start to the last word's end, the best by
//! the weights of the words marked in it, the first of equals), so a query of plain
//! words is highlighted as Tantivy would highlight it.

use std::ops::Range;

use tantivy::Score;
use tantivy::tokenizer::TextAnalyzer;

use crate::search::markup::escape_html;
use crate::search::passage_query::{PassageQuery, WordPositions};

/// The weight of a marked word the index has no statistics for.
const UNKNOWN_WORD_WEIGHT: Score = 0.01;

/// What a highlighter knows of the query in one field.
pub(crate) struct QueryWords<'a> {
    /// The query's structure, which says which words are marked.
    pub passage_query: &'a PassageQuery,
    /// Analysed terms with their weights, sorted by term: what a fragment is scored by,
    /// and what is marked where the structure says nothing of the text (a fuzzy word).
    pub weights: &'a [(String, Score)],
}

/// A word of the text as the analyser reads it.
struct Word {
    position: u32,
    bytes: Range<usize>,
    weight: Option<Score>,
}

/// A run of words, as a candidate snippet.
struct Fragment {
    score: Score,
    bytes: Range<usize>,
    marked: Vec<Range<usize>>,
}

impl Fragment {
    fn starting_at(start: usize) -> Fragment {
        Fragment {
            score: 0.0,
            bytes: start..start,
            marked: Vec::new(),
        }
    }
}

/// The best fragment of `text` at each of `max_bytes` (at most that many bytes long), as
/// HTML with the matched words in `<mark>`; `None` where no word of it matches. The text
/// is read once: a hit's best paragraph gives both the hit's snippet and its own, longer one.
pub(crate) fn highlight_each(
    analyzer: &mut TextAnalyzer,
    query: &QueryWords,
    text: &str,
    max_bytes: &[usize],
) -> Vec<Option<String>> {
    let (words, positions) = read_words(analyzer, query, text);
    let is_marked = marked_words(query, &words, &positions);
    max_bytes
        .iter()
        .map(|&max_bytes| {
            best_fragment(&words, &is_marked, max_bytes).map(|best| fragment_html(text, &best))
        })
        .collect()
}

/// The whole of `text` as HTML with the matched words in `<mark>`; `None` when no word
/// of it matches.
pub(crate) fn mark_all(
    analyzer: &mut TextAnalyzer,
    query: &QueryWords,
    text: &str,
) -> Option<String> {
    let (words, positions) = read_words(analyzer, query, text);
    let is_marked = marked_words(query, &words, &positions);
    let marked: Vec<Range<usize>> = words
        .iter()
        .zip(&is_marked)
        .filter(|(_, marked)| **marked)
        .map(|(word, _)| word.bytes.clone())
        .collect();
    if marked.is_empty() {
        return None;
    }
    let whole = Fragment {
        score: 0.0,
        bytes: 0..text.len(),
        marked,
    };
    Some(fragment_html(text, &whole))
}

/// For each word, whether it is marked: where the query's structure says which words
/// match, those; else (a fuzzy word alone) every word of the query.
fn marked_words(query: &QueryWords, words: &[Word], positions: &WordPositions) -> Vec<bool> {
    let structure = query.passage_query;
    if structure.is_neutral() {
        return words.iter().map(|word| word.weight.is_some()).collect();
    }
    let matched = structure.matched_positions(positions);
    words
        .iter()
        .map(|word| matched.binary_search(&word.position).is_ok())
        .collect()
}

/// The words of `text`, with their weights, and where the query's words stand.
fn read_words(
    analyzer: &mut TextAnalyzer,
    query: &QueryWords,
    text: &str,
) -> (Vec<Word>, WordPositions) {
    let structure = query.passage_query;
    let mut positions = structure.positions();
    let mut words = Vec::new();
    let mut tokens = analyzer.token_stream(text);
    while tokens.advance() {
        let token = tokens.token();
        let position = u32::try_from(token.position).unwrap_or(u32::MAX);
        let weight = query
            .weights
            .binary_search_by(|(term, _)| term.as_str().cmp(&token.text))
            .ok()
            .map(|index| query.weights[index].1);
        structure.record(&mut positions, &token.text, position);
        words.push(Word {
            position,
            bytes: token.offset_from..token.offset_to,
            weight,
        });
    }
    (words, positions)
}

/// Cuts the words into runs of at most `max_bytes` and keeps the best run: the highest
/// sum of the weights of its marked words, the first of equals.
fn best_fragment(words: &[Word], is_marked: &[bool], max_bytes: usize) -> Option<Fragment> {
    let mut best: Option<Fragment> = None;
    let mut keep = |fragment: Fragment| {
        if fragment.score > 0.0 && best.as_ref().is_none_or(|best| fragment.score > best.score) {
            best = Some(fragment);
        }
    };
    let mut current = Fragment::starting_at(0);
    for (word, &marked) in words.iter().zip(is_marked) {
        if word.bytes.end.saturating_sub(current.bytes.start) > max_bytes {
            let full = std::mem::replace(&mut current, Fragment::starting_at(word.bytes.start));
            keep(full);
        }
        current.bytes.end = word.bytes.end;
        if marked {
            current.score += word.weight.unwrap_or(UNKNOWN_WORD_WEIGHT);
            current.marked.push(word.bytes.clone());
        }
    }
    keep(current);
    best
}

/// The fragment's text, escaped, with its marked words in `<mark>` (overlapping words,
/// such as the bigrams of Chinese text, in one).
fn fragment_html(text: &str, fragment: &Fragment) -> String {
    // Analysers give words in text order; sorted anyway, so that no filter reordering
    // them can make a slice run backwards.
    let mut marked = fragment.marked.clone();
    marked.sort_by_key(|range| (range.start, range.end));
    let mut merged: Vec<Range<usize>> = Vec::new();
    for range in &marked {
        match merged.last_mut() {
            Some(last) if last.end > range.start => last.end = last.end.max(range.end),
            _ => merged.push(range.clone()),
        }
    }
    let mut html = String::with_capacity(fragment.bytes.len() + merged.len() * 13);
    let mut from = fragment.bytes.start;
    for range in merged {
        html.push_str(&escape_html(&text[from..range.start]));
        html.push_str("<mark>");
        html.push_str(&escape_html(&text[range.clone()]));
        html.push_str("</mark>");
        from = range.end;
    }
    html.push_str(&escape_html(&text[from..fragment.bytes.end]));
    html
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use plenary_core::analysis::analyzer;
    use tantivy::query_grammar::parse_query;
    use tantivy::schema::Field;
    use tantivy::snippet::SnippetGenerator;

    use super::*;

    /// The query's analysed words in `language`, each weighing 1 + its place (so that
    /// the fragments are told apart).
    fn weights_of(language: &str, words: &[&str]) -> Vec<(String, Score)> {
        let mut analyzer = analyzer(language);
        let mut weights = BTreeMap::new();
        for (place, word) in words.iter().enumerate() {
            let mut tokens = analyzer.token_stream(word);
            while tokens.advance() {
                weights.insert(tokens.token().text.clone(), 1.0 + place as Score);
            }
        }
        weights.into_iter().collect()
    }

    /// Runs `mark` with the query `q` over paragraphs in `language`, weighted by `words`.
    fn with_query<T>(
        q: &str,
        language: &str,
        words: &[&str],
        mark: impl FnOnce(&mut TextAnalyzer, &QueryWords) -> T,
    ) -> T {
        let ast = parse_query(q).expect("a valid query");
        let mut analyzer = analyzer(language);
        let passage_query = PassageQuery::new(&ast, &format!("text_{language}"), &analyzer);
        let weights = weights_of(language, words);
        let query = QueryWords {
            passage_query: &passage_query,
            weights: &weights,
        };
        mark(&mut analyzer, &query)
    }

    fn highlighted(q: &str, words: &[&str], text: &str, max_bytes: usize) -> Option<String> {
        with_query(q, "en", words, |analyzer, query| {
            highlight_each(analyzer, query, text, &[max_bytes])
                .pop()
                .flatten()
        })
    }

    fn marked(q: &str, language: &str, words: &[&str], text: &str) -> Option<String> {
        with_query(q, language, words, |analyzer, query| {
            mark_all(analyzer, query, text)
        })
    }

    #[test]
    fn a_phrase_is_marked_only_where_it_stands() {
        let text = "Death row and the death penalty: death sentences.";
        assert_eq!(
            highlighted("\"death penalty\"", &["death", "penalty"], text, 200).as_deref(),
            Some("Death row and the <mark>death</mark> <mark>penalty</mark>: death sentences")
        );
        assert_eq!(
            highlighted("death penalty", &["death", "penalty"], text, 200).as_deref(),
            Some(
                "<mark>Death</mark> row and the <mark>death</mark> <mark>penalty</mark>: \
                 <mark>death</mark> sentences"
            )
        );
        // Nothing to mark where the phrase does not stand.
        assert_eq!(
            highlighted(
                "\"death penalty\"",
                &["death", "penalty"],
                "Death, no penalty.",
                200
            ),
            None
        );
    }

    #[test]
    fn excluded_words_are_never_marked_and_text_is_escaped() {
        assert_eq!(
            highlighted(
                "prison -\"death row\"",
                &["prison", "death", "row"],
                "Prison <conditions> & death row.",
                200
            )
            .as_deref(),
            Some("<mark>Prison</mark> &lt;conditions&gt; &amp; death row")
        );
    }

    #[test]
    fn a_whole_paragraph_is_marked_to_its_last_character() {
        let q = "\"death penalty\"";
        let words = ["death", "penalty"];
        assert_eq!(
            marked(q, "en", &words, "On death row, the death penalty.").as_deref(),
            Some("On death row, the <mark>death</mark> <mark>penalty</mark>.")
        );
        assert_eq!(marked(q, "en", &words, "Death row."), None);
    }

    #[test]
    fn chinese_bigrams_are_marked_as_one_run() {
        assert_eq!(
            marked(
                "毒品死刑",
                "zh",
                &["毒品死刑"],
                "我们反对毒品死刑。毒品问题。"
            )
            .as_deref(),
            Some("我们反对<mark>毒品死刑</mark>。毒品问题。")
        );
    }

    /// For a query of plain words, the fragment and the marks are those of Tantivy's
    /// snippet generator.
    #[test]
    fn plain_words_are_highlighted_as_tantivy_highlights_them() {
        let text = "Prisons hold people who use drugs. Overcrowded prisons breed disease, \
                    and harm reduction in prison saves lives. Women in prison are a minority \
                    whose needs prisons ignore; the death penalty for drug offences persists.";
        for (q, words) in [
            ("prison", &["prison"][..]),
            ("harm reduction", &["harm", "reduction"][..]),
            ("women death drugs", &["women", "death", "drugs"][..]),
            ("penalty", &["penalty"][..]),
        ] {
            for max_bytes in [40, 80, 150, 400] {
                let weights = weights_of("en", words);
                let generator = SnippetGenerator::new(
                    weights.iter().cloned().collect(),
                    analyzer("en"),
                    Field::from_field_id(0),
                    max_bytes,
                );
                let mut snippet = generator.snippet(text);
                snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
                let expected = (!snippet.highlighted().is_empty()).then(|| snippet.to_html());
                assert_eq!(
                    highlighted(q, words, text, max_bytes),
                    expected,
                    "{q} in {max_bytes} bytes"
                );
            }
        }
    }
}
