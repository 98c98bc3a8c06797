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
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push(Term {
            text: token.text.clone(),
            from: token.offset_from,
            to: token.offset_to,
        });
    }
    out
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
