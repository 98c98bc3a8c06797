//! The user's query as one paragraph can satisfy it: its words and phrases, analysed as
//! the paragraph's field analyses them, under the query's `AND`, `OR` and `NOT`.
//!
//! The search finds documents. This says which paragraphs of a found document hold
//! what was asked for — both words of `prison AND women`, the words of `"harm
//! reduction"` side by side — rather than some of its words, so that those paragraphs
//! are the passages shown and quoted first.

use tantivy::query::Occur;
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::tokenizer::TextAnalyzer;

use plenary_core::schema::FacetField;

use crate::search::query::{TEXT_FIELD_NAME, fuzzy_word};

/// A part of the user's query, as a paragraph can satisfy it.
#[derive(Debug, Clone, PartialEq)]
enum Condition {
    /// Says nothing of a paragraph: a facet filter, a range, a word of the title or of
    /// another field, a fuzzy word, a word the analyser drops ("the").
    Neutral,
    /// Words that must stand at these positions relative to the first one (with a gap
    /// where the analyser dropped a stop word), give or take `slop` moves in all; one
    /// word is a term. Each word is an entry of [`PassageQuery::words`].
    Words {
        words: Vec<(u32, usize)>,
        slop: u32,
    },
    Clauses(Vec<(Occur, Condition)>),
}

/// A word of the query as the paragraph's analyser makes it.
#[derive(Debug, Clone, PartialEq)]
struct QueryWord {
    term: String,
    /// The last word of a phrase typed with `*`: any term it begins matches.
    is_prefix: bool,
}

/// The user's query for the paragraphs analysed in one field.
#[derive(Debug, Clone)]
pub(crate) struct PassageQuery {
    condition: Condition,
    words: Vec<QueryWord>,
}

/// Where each word of a [`PassageQuery`] stands in one paragraph.
#[derive(Debug, Default)]
pub(crate) struct WordPositions {
    positions: Vec<Vec<u32>>,
}

impl PassageQuery {
    /// The query `ast` for the paragraphs of the field named `field_name`, analysed by
    /// `analyzer`.
    pub fn new(ast: &UserInputAst, field_name: &str, analyzer: &TextAnalyzer) -> PassageQuery {
        let mut query = PassageQuery {
            condition: Condition::Neutral,
            words: Vec::new(),
        };
        let mut analyzer = analyzer.clone();
        query.condition = query.condition_of(ast, field_name, &mut analyzer);
        query
    }

    fn condition_of(
        &mut self,
        ast: &UserInputAst,
        field_name: &str,
        analyzer: &mut TextAnalyzer,
    ) -> Condition {
        match ast {
            UserInputAst::Clause(children) => Condition::Clauses(
                children
                    .iter()
                    .map(|(occur, child)| {
                        (
                            occur.unwrap_or(Occur::Should),
                            self.condition_of(child, field_name, analyzer),
                        )
                    })
                    .collect(),
            ),
            UserInputAst::Boost(inner, _) => self.condition_of(inner, field_name, analyzer),
            UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                UserInputLeaf::Literal(literal) if reads_paragraphs(literal, field_name) => {
                    self.words_of(literal, analyzer)
                }
                _ => Condition::Neutral,
            },
        }
    }

    fn words_of(&mut self, literal: &UserInputLiteral, analyzer: &mut TextAnalyzer) -> Condition {
        let mut analysed: Vec<(usize, String)> = Vec::new();
        let mut tokens = analyzer.token_stream(&literal.phrase);
        while tokens.advance() {
            let token = tokens.token();
            analysed.push((token.position, token.text.clone()));
        }
        let Some(&(first, _)) = analysed.first() else {
            return Condition::Neutral;
        };
        let last = analysed.len() - 1;
        let words = analysed
            .into_iter()
            .enumerate()
            .map(|(place, (position, term))| {
                let word = QueryWord {
                    term,
                    is_prefix: literal.prefix && place == last,
                };
                let offset = u32::try_from(position.saturating_sub(first)).unwrap_or(u32::MAX);
                (offset, self.word_index(word))
            })
            .collect();
        Condition::Words {
            words,
            slop: literal.slop,
        }
    }

    fn word_index(&mut self, word: QueryWord) -> usize {
        match self.words.iter().position(|known| *known == word) {
            Some(index) => index,
            None => {
                self.words.push(word);
                self.words.len() - 1
            }
        }
    }

    /// The query's words as the analyser makes them, each with whether it is a prefix (the
    /// last word of a phrase typed with `*`).
    pub fn word_terms(&self) -> impl Iterator<Item = (&str, bool)> {
        self.words
            .iter()
            .map(|word| (word.term.as_str(), word.is_prefix))
    }

    /// Whether the query says anything of a paragraph at all.
    pub fn is_neutral(&self) -> bool {
        self.words.is_empty()
    }

    /// An empty record of positions, for [`PassageQuery::record`].
    pub fn positions(&self) -> WordPositions {
        WordPositions {
            positions: vec![Vec::new(); self.words.len()],
        }
    }

    /// Records that the paragraph's analysed `term` stands at `position`.
    pub fn record(&self, positions: &mut WordPositions, term: &str, position: u32) {
        for (word, found) in self.words.iter().zip(&mut positions.positions) {
            let matches = if word.is_prefix {
                term.starts_with(&word.term)
            } else {
                term == word.term
            };
            if matches {
                found.push(position);
            }
        }
    }

    /// Whether the paragraph whose words stand at `positions` satisfies the query;
    /// `None` when the query says nothing of paragraphs.
    pub fn is_satisfied(&self, positions: &WordPositions) -> Option<bool> {
        evaluate(&self.condition, &positions.positions)
    }

    /// The positions of the words that match as asked, in order: every place a word of
    /// the query stands, the words of a phrase only where the phrase stands, none of an
    /// excluded word. What a highlighter marks.
    pub fn matched_positions(&self, positions: &WordPositions) -> Vec<u32> {
        let mut matched = Vec::new();
        collect_matches(&self.condition, &positions.positions, false, &mut matched);
        matched.sort_unstable();
        matched.dedup();
        matched
    }
}

fn collect_matches(
    condition: &Condition,
    positions: &[Vec<u32>],
    is_excluded: bool,
    matched: &mut Vec<u32>,
) {
    match condition {
        Condition::Neutral => {}
        Condition::Words { .. } if is_excluded => {}
        Condition::Words { words, slop } => {
            if let [(_, word)] = words.as_slice() {
                matched.extend_from_slice(&positions[*word]);
                return;
            }
            let Some(&(_, first_word)) = words.first() else {
                return;
            };
            for &start in &positions[first_word] {
                if let Some(stand) = words_stand_at(words, *slop, positions, start) {
                    matched.extend(stand);
                }
            }
        }
        Condition::Clauses(clauses) => {
            for (occur, clause) in clauses {
                let is_excluded = is_excluded || *occur == Occur::MustNot;
                collect_matches(clause, positions, is_excluded, matched);
            }
        }
    }
}

/// Whether `literal` asks for words of the paragraphs of `field_name`: a word without a
/// field (the title and every text field), or one of `text:` or of that very field.
/// A facet, the title alone, an id or a fuzzy word (`femicde~1`, whose spellings are
/// the index's) says nothing of a paragraph.
fn reads_paragraphs(literal: &UserInputLiteral, field_name: &str) -> bool {
    let is_fuzzy = literal.delimiter == Delimiter::None
        && !literal.prefix
        && fuzzy_word(&literal.phrase).is_some();
    if is_fuzzy {
        return false;
    }
    match literal.field_name.as_deref() {
        None => true,
        Some(name) if FacetField::from_name(name).is_some() => false,
        Some(name) => name == TEXT_FIELD_NAME || name == field_name,
    }
}

fn evaluate(condition: &Condition, positions: &[Vec<u32>]) -> Option<bool> {
    match condition {
        Condition::Neutral => None,
        Condition::Words { words, slop } => Some(words_stand(words, *slop, positions)),
        Condition::Clauses(clauses) => {
            let mut has_required = false;
            let mut optional = 0;
            let mut optional_met = 0;
            for (occur, clause) in clauses {
                match (occur, evaluate(clause, positions)) {
                    (_, None) | (Occur::MustNot, Some(false)) => {}
                    (Occur::MustNot, Some(true)) | (Occur::Must, Some(false)) => {
                        return Some(false);
                    }
                    (Occur::Must, Some(true)) => has_required = true,
                    (Occur::Should, Some(met)) => {
                        optional += 1;
                        optional_met += usize::from(met);
                    }
                }
            }
            if has_required {
                Some(true)
            } else if optional > 0 {
                Some(optional_met > 0)
            } else {
                None
            }
        }
    }
}

/// Whether the words stand at their relative positions somewhere.
fn words_stand(words: &[(u32, usize)], slop: u32, positions: &[Vec<u32>]) -> bool {
    let Some(&(_, first_word)) = words.first() else {
        return false;
    };
    positions[first_word]
        .iter()
        .any(|&start| words_stand_at(words, slop, positions, start).is_some())
}

/// The positions of the words when they stand at their relative positions from the
/// first word's `start`: each found nearest to where it is expected, the distances
/// adding up to `slop` at most.
fn words_stand_at(
    words: &[(u32, usize)],
    slop: u32,
    positions: &[Vec<u32>],
    start: u32,
) -> Option<Vec<u32>> {
    let &(first_offset, _) = words.first()?;
    let anchor = start.checked_sub(first_offset)?;
    let mut budget = slop;
    let mut stand = Vec::with_capacity(words.len());
    stand.push(start);
    for &(offset, word) in &words[1..] {
        let expected = anchor.saturating_add(offset);
        let (distance, position) = positions[word]
            .iter()
            .map(|&position| (position.abs_diff(expected), position))
            .min()?;
        budget = budget.checked_sub(distance)?;
        stand.push(position);
    }
    Some(stand)
}

#[cfg(test)]
mod tests {
    use plenary_core::analysis::analyzer;
    use tantivy::query_grammar::parse_query;

    use super::*;

    /// The query `q` for English paragraphs, where its words stand in `paragraph`, and
    /// the paragraph's analysed words with their positions.
    fn read(q: &str, paragraph: &str) -> (PassageQuery, WordPositions, Vec<(u32, String)>) {
        let ast = parse_query(q).expect("a valid query");
        let mut analyzer = analyzer("en");
        let query = PassageQuery::new(&ast, "text_en", &analyzer);
        let mut positions = query.positions();
        let mut words = Vec::new();
        let mut tokens = analyzer.token_stream(paragraph);
        while tokens.advance() {
            let token = tokens.token();
            let position = token.position as u32;
            query.record(&mut positions, &token.text, position);
            words.push((position, token.text.clone()));
        }
        (query, positions, words)
    }

    /// Whether `paragraph` satisfies `q` as an English paragraph.
    fn satisfies(q: &str, paragraph: &str) -> Option<bool> {
        let (query, positions, _) = read(q, paragraph);
        query.is_satisfied(&positions)
    }

    #[test]
    fn a_phrase_needs_its_words_side_by_side() {
        let q = "\"harm reduction\"";
        assert_eq!(satisfies(q, "Harm reduction saves lives."), Some(true));
        assert_eq!(
            satisfies(q, "The harm done calls for a reduction in prison terms."),
            Some(false)
        );
        // Inflections are the analyser's: "reducing harms" is not the phrase, "harms
        // reductions" is.
        assert_eq!(satisfies(q, "Harms reductions, everywhere."), Some(true));
        // A stop word inside the phrase keeps its place.
        let q = "\"death penalty for drug offences\"";
        assert_eq!(
            satisfies(q, "We oppose the death penalty for drug offences."),
            Some(true)
        );
        assert_eq!(
            satisfies(q, "The death penalty, drug offences and prisons."),
            Some(false)
        );
    }

    #[test]
    fn slop_allows_words_between() {
        let q = "\"harm reduction\"~2";
        assert_eq!(
            satisfies(q, "Harm and risk reduction services."),
            Some(true)
        );
        assert_eq!(
            satisfies(q, "Harm to people who use drugs, and reduction."),
            Some(false)
        );
    }

    #[test]
    fn and_or_not_apply_within_the_paragraph() {
        let both = "Women in prison need health care.";
        let one = "Prison overcrowding is a concern.";
        assert_eq!(satisfies("prison AND women", both), Some(true));
        assert_eq!(satisfies("prison AND women", one), Some(false));
        assert_eq!(satisfies("+prison +women", one), Some(false));
        assert_eq!(satisfies("prison OR women", one), Some(true));
        assert_eq!(satisfies("prison women", one), Some(true));
        assert_eq!(satisfies("prison -women", both), Some(false));
        assert_eq!(satisfies("prison -women", one), Some(true));
        assert_eq!(
            satisfies(
                "(corruption OR bribery) -trafficking",
                "Bribery of officials."
            ),
            Some(true)
        );
        assert_eq!(
            satisfies(
                "(corruption OR bribery) -trafficking",
                "Bribery feeds trafficking."
            ),
            Some(false)
        );
    }

    #[test]
    fn filters_and_fuzzy_words_say_nothing_of_a_paragraph() {
        assert_eq!(satisfies("forum:CND", "Anything at all."), None);
        assert_eq!(satisfies("forum:CND prison", "Prisons."), Some(true));
        assert_eq!(satisfies("forum:CND prison", "Courts."), Some(false));
        assert_eq!(satisfies("femicde~1", "Femicide."), None);
        assert_eq!(satisfies("title:prison", "Prison."), None);
        assert_eq!(satisfies("text_fr:prison", "Prison."), None);
        assert_eq!(satisfies("text:prison", "Prisons."), Some(true));
        assert_eq!(satisfies("text_en:prison", "Prisons."), Some(true));
        // A stop word alone is no condition.
        assert_eq!(satisfies("the", "Anything."), None);
    }

    /// The words of `paragraph` that match `q` as asked.
    fn matched_words(q: &str, paragraph: &str) -> Vec<String> {
        let (query, positions, words) = read(q, paragraph);
        let matched = query.matched_positions(&positions);
        words
            .into_iter()
            .filter(|(position, _)| matched.contains(position))
            .map(|(_, word)| word)
            .collect()
    }

    #[test]
    fn matched_words_are_phrases_where_they_stand_and_never_excluded_words() {
        let paragraph = "The death penalty and death row: death sentences.";
        assert_eq!(
            matched_words("\"death penalty\"", paragraph),
            ["death", "penalti"]
        );
        assert_eq!(
            matched_words("death", paragraph),
            ["death", "death", "death"]
        );
        assert_eq!(
            matched_words("\"death penalty\" OR sentences", paragraph),
            ["death", "penalti", "sentenc"]
        );
        assert_eq!(matched_words("penalty -row", paragraph), ["penalti"]);
        assert!(matched_words("\"death sentences\"", "Death and sentences.").is_empty());
    }

    #[test]
    fn a_prefix_phrase_ends_with_any_word_it_begins() {
        assert_eq!(satisfies("\"harm red\"*", "Harm reduction."), Some(true));
        assert_eq!(satisfies("\"harm red\"*", "Harm prevention."), Some(false));
    }
}
