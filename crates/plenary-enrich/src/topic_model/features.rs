//! The features of the topic model: the terms of a language's search analyser (stems,
//! stop words dropped; overlapping character bigrams in Chinese) and the pairs of
//! adjacent terms ("death penalti", "смертн казн").

use plenary_core::analysis::analyzer;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// One analysed term of a text, with where its word is in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// The terms of `text` through the analyser of `language` (the generic one for any other).
pub fn terms(language: &str, text: &str) -> Vec<Term> {
    terms_with(&mut analyzer(language), text)
}

/// [`terms`] through an analyser already built.
pub fn terms_with(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    terms_into(analyzer, text, &mut out);
    out
}

/// [`terms_with`] into `buffer`, whose terms' strings are reused: most documents are
/// read into the strings the previous one left. Returns the terms of `text` (all of
/// `buffer` when it starts empty).
pub fn terms_into<'a>(
    analyzer: &mut TextAnalyzer,
    text: &str,
    buffer: &'a mut Vec<Term>,
) -> &'a [Term] {
    let mut stream = analyzer.token_stream(text);
    let mut count = 0;
    while stream.advance() {
        let token = stream.token();
        match buffer.get_mut(count) {
            Some(term) => {
                term.text.clone_from(&token.text);
                (term.from, term.to) = (token.offset_from, token.offset_to);
            }
            None => buffer.push(Term {
                text: token.text.clone(),
                from: token.offset_from,
                to: token.offset_to,
            }),
        }
        count += 1;
    }
    &buffer[..count]
}

/// Calls `visit` with each feature of `terms` (each term, then each pair of adjacent
/// terms joined by a space) and the range of terms it covers.
pub fn for_each_feature(terms: &[Term], mut visit: impl FnMut(&str, usize, usize)) {
    let mut pair = String::new();
    for (index, term) in terms.iter().enumerate() {
        visit(&term.text, index, index + 1);
        if index > 0 {
            pair.clear();
            pair.push_str(&terms[index - 1].text);
            pair.push(' ');
            pair.push_str(&term.text);
            visit(&pair, index - 1, index + 1);
        }
    }
}

/// The distinct features of `terms`, sorted.
pub fn feature_set(terms: &[Term]) -> Vec<String> {
    let mut features = Vec::with_capacity(terms.len() * 2);
    for_each_feature(terms, |feature, _, _| features.push(feature.to_string()));
    features.sort_unstable();
    features.dedup();
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_read_into_a_used_buffer_are_those_of_the_new_text_alone() {
        let mut analyzer = analyzer("en");
        let mut buffer = Vec::new();
        let long = "The death penalty for drug offences was discussed at length";
        let short = "Executions continued";
        assert_eq!(
            terms_into(&mut analyzer, long, &mut buffer),
            terms("en", long)
        );
        assert_eq!(
            terms_into(&mut analyzer, short, &mut buffer),
            terms("en", short)
        );
        assert!(terms_into(&mut analyzer, "", &mut buffer).is_empty());
        assert_eq!(
            terms_into(&mut analyzer, long, &mut buffer),
            terms("en", long)
        );
    }
}
