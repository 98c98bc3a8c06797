//! Hits as the API shows them: metadata from the stored payload, a highlighted
//! snippet, and the best matching paragraphs with their citations.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use chrono::NaiveDate;
use plenary_core::analysis::{self, WordTokenizer};
use plenary_core::schema::PlenarySchema;
use plenary_core::schema::{FacetField, Fields, StoredDocument};
use plenary_core::taxonomy::Taxonomy;
use plenary_core::{DocumentMeta, Passage};
use serde::{Deserialize, Serialize};
use tantivy::postings::{Postings, TermInfo};
use tantivy::query::Query;
use tantivy::query_grammar::UserInputAst;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Facet, Field, IndexRecordOption, OwnedValue};
use tantivy::tokenizer::{MAX_TOKEN_LEN, TextAnalyzer, TokenStream, Tokenizer};
use tantivy::{DocAddress, DocSet, Score, Searcher, SegmentOrdinal, Term};
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::highlight::{QueryWords, highlight_each, mark_all};
use crate::search::markup::escape_html;
use crate::search::passage_query::PassageQuery;
use crate::search::query::PreparedSearch;
use crate::search::ranking::RankedDoc;

/// Characters of a document snippet.
const SNIPPET_CHARS: usize = 240;
/// What Tantivy adds between the positions of two values of one field of a document.
const POSITION_GAP: u32 = 1;
/// Characters of a passage snippet.
const PASSAGE_SNIPPET_CHARS: usize = 300;

/// A matching document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub symbol: Option<String>,
    /// Forum code (`CND`, `CCPCJ`, ...).
    pub forum: Option<String>,
    pub session: Option<u32>,
    pub date: Option<NaiveDate>,
    pub year: Option<i32>,
    pub organization: Option<String>,
    pub consultative_status: Option<String>,
    pub language: String,
    pub doc_type: String,
    /// Topic slugs.
    pub topics: Vec<String>,
    /// Who speaks (actor type, country, region, speaker, ...) and the input's other fields.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub meta: DocumentMeta,
    pub source: String,
    pub score: f32,
    /// HTML-escaped text around the matches, each match in `<mark>`.
    pub snippet: String,
    /// The best matching paragraphs, best first.
    pub passages: Vec<PassageHit>,
    /// The document's other language versions (same symbol), each with its paragraph
    /// that matches the best passage; absent when it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<HitVersion>,
}

/// A matching paragraph of a document.
/// Another language version of a hit (same symbol, another language).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct HitVersion {
    pub id: String,
    pub language: String,
    pub title: String,
    /// The version's paragraph that matches the hit's best passage: the one with the
    /// same printed number; absent when the hit has no passage or the version no such
    /// paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<VersionParagraph>,
}

/// A paragraph of a language version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VersionParagraph {
    /// Position among the version's paragraphs, from 0.
    pub passage_index: u32,
    /// The paragraph number printed in the version.
    pub paragraph: Option<u32>,
    /// The start of the paragraph, HTML-escaped.
    pub snippet: String,
    /// `Organization, symbol, para. 4, date`, as the version names them.
    pub citation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PassageHit {
    /// Position among the document's paragraphs, from 0.
    pub passage_index: u32,
    /// The paragraph number printed in the document, if any.
    pub paragraph: Option<u32>,
    pub score: f32,
    /// HTML-escaped, matches in `<mark>`.
    pub snippet: String,
    /// Slugs of the topics the paragraph is about.
    pub topics: Vec<String>,
    /// Where the paragraph stands: `E/CN.7/2014/NGO/3, para. 4, Organization, 2014-03-01`.
    pub citation: String,
}

/// Builds the citation of a paragraph: symbol (or quoted title), paragraph, organization, date.
pub fn citation(document: &StoredDocument, paragraph: Option<u32>, passage_index: u32) -> String {
    let mut parts = Vec::new();
    // Who speaks: the organization, else the State or body that speaks.
    let speaker = document.organization.clone().or_else(|| {
        let code = document.meta.country.as_deref()?;
        Some(
            plenary_core::countries::country_by_code(code)
                .map_or_else(|| code.to_string(), |country| country.name.clone()),
        )
    });
    parts.extend(speaker);
    match &document.symbol {
        Some(symbol) => parts.push(symbol.clone()),
        None => {
            parts.push(format!("“{}”", document.title));
            // Without a symbol, the meeting the text was said at.
            if let (Some(forum), Some(session)) = (document.forum, document.session)
                && !document.title.contains(&format!("{session}"))
            {
                parts.push(format!("{} session {session}", forum.code()));
            }
        }
    }
    match paragraph {
        Some(number) => parts.push(format!("para. {number}")),
        None => parts.push(format!("paragraph {} (unnumbered)", passage_index + 1)),
    }
    match (document.date, document.year) {
        (Some(date), _) => parts.push(date.to_string()),
        (None, Some(year)) => parts.push(year.to_string()),
        (None, None) => {}
    }
    parts.join(", ")
}

/// Turns ranked documents into hits; holds what one request needs to highlight.
pub(crate) struct HitBuilder<'a> {
    schema: &'a PlenarySchema,
    taxonomy: &'a Taxonomy,
    prepared: &'a PreparedSearch,
    /// One per field met so far: a query meets two or three language fields at most.
    matchers: Vec<(Field, FieldMatcher)>,
    /// Whether paragraphs are matched from the postings where they can be (always, but
    /// for tests comparing it with analysing every paragraph).
    pub(crate) reads_postings: bool,
}

/// The query's terms in one analysed field, weighted by rarity, with that field's
/// analyser: what finds and highlights matches in stored text.
struct FieldMatcher {
    field: Field,
    /// Analysed terms with their inverse document frequency (BM25's), sorted by term.
    weights: Vec<(String, Score)>,
    /// The query's words and structure, for telling whether a paragraph holds what was
    /// asked for, and which of its words to mark.
    passage_query: PassageQuery,
    analyzer: TextAnalyzer,
    /// The terms whose postings say where a document holds them: the weighted ones and
    /// the words of the query, sorted and each once; empty when a word is a prefix, which
    /// the postings of one term cannot answer.
    postings_terms: Vec<String>,
    /// The tokenizer the field's analyser starts from: its tokens have the positions the
    /// index gives the analyser's terms.
    words: WordTokenizer,
    /// Each segment's entry of each of `postings_terms` (`None`: not in the segment).
    term_infos: HashMap<(SegmentOrdinal, usize), Option<TermInfo>>,
}

/// How a paragraph matches the query.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ParagraphMatch {
    /// Whether the paragraph holds what the query asks for, phrases and `AND`, `NOT`
    /// included; `None` when the query says nothing of paragraphs.
    satisfies: Option<bool>,
    score: Score,
}

impl FieldMatcher {
    fn create(
        searcher: &Searcher,
        query: &dyn Query,
        ast: &UserInputAst,
        field: Field,
        language: &str,
    ) -> Result<FieldMatcher, SearchError> {
        let mut terms: BTreeSet<Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term.clone());
            }
        });
        let documents = searcher.num_docs().max(1) as f64;
        let mut weights = BTreeMap::new();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let frequency = searcher.doc_freq(&term)?;
            if frequency == 0 {
                continue;
            }
            let frequency = frequency as f64;
            let idf = (1.0 + (documents - frequency + 0.5) / (frequency + 0.5)).ln();
            weights.insert(text, idf.max(0.01) as Score);
        }
        let analyzer = searcher.index().tokenizer_for_field(field)?;
        let field_name = searcher.schema().get_field_name(field);
        let passage_query = PassageQuery::new(ast, field_name, &analyzer);
        let has_prefix = passage_query.word_terms().any(|(_, is_prefix)| is_prefix);
        let postings_terms = if has_prefix {
            Vec::new()
        } else {
            let mut terms: Vec<String> = weights.keys().cloned().collect();
            terms.extend(passage_query.word_terms().map(|(term, _)| term.to_string()));
            terms.sort_unstable();
            terms.dedup();
            terms
        };
        Ok(FieldMatcher {
            field,
            weights: weights.into_iter().collect(),
            passage_query,
            analyzer,
            postings_terms,
            words: analysis::word_tokenizer(language),
            term_infos: HashMap::new(),
        })
    }

    /// The score of a paragraph holding the weighted terms `counts` times each: the
    /// weights of the distinct terms it holds, each raised by its repetitions with BM25's
    /// saturation (0 when it holds none).
    fn score_of(&self, counts: &[u32]) -> Score {
        const K1: Score = 1.2;
        counts
            .iter()
            .zip(&self.weights)
            .filter(|(count, _)| **count > 0)
            .map(|(&count, (_, weight))| {
                let count = count as Score;
                weight * count * (K1 + 1.0) / (count + K1)
            })
            .sum()
    }

    /// How each of `passages` that `in_field` marks matches, read from the postings of the
    /// query's terms in the document at `address` (whose stored `title` and `text` were
    /// indexed in this field, in that order) instead of by analysing every paragraph
    /// again: the same counts and positions, since the index's positions are those of
    /// the tokenizer the analyser starts from. `None` when the postings cannot answer (a
    /// prefix word, no weighted term).
    fn postings_matches(
        &mut self,
        searcher: &Searcher,
        address: DocAddress,
        title: &str,
        text: &str,
        passages: &[Passage],
        in_field: &[bool],
    ) -> Result<Option<Vec<ParagraphMatch>>, SearchError> {
        if self.weights.is_empty() || self.postings_terms.is_empty() {
            return Ok(None);
        }
        let reader = searcher.segment_reader(address.segment_ord);
        let inverted = reader.inverted_index(self.field)?;
        // Every place a term stands in the field, as (position, term).
        let mut occurrences: Vec<(u32, usize)> = Vec::new();
        let mut positions: Vec<u32> = Vec::new();
        for (index, term) in self.postings_terms.iter().enumerate() {
            let info = match self.term_infos.entry((address.segment_ord, index)) {
                Entry::Occupied(entry) => entry.into_mut(),
                Entry::Vacant(entry) => {
                    let term = Term::from_field_text(self.field, term);
                    entry.insert(
                        inverted
                            .get_term_info(&term)
                            .map_err(tantivy::TantivyError::from)?,
                    )
                }
            };
            let Some(info) = info else {
                continue;
            };
            let mut postings = inverted
                .read_postings_from_terminfo(info, IndexRecordOption::WithFreqsAndPositions)
                .map_err(tantivy::TantivyError::from)?;
            // A cursor starts on its first document, which may lie past the one wanted
            // (seeking back is not allowed).
            let doc = postings.doc();
            let found = doc == address.doc_id
                || (doc < address.doc_id && postings.seek(address.doc_id) == address.doc_id);
            if !found {
                continue;
            }
            positions.clear();
            postings.positions(&mut positions);
            occurrences.extend(positions.iter().map(|&position| (position, index)));
        }
        occurrences.sort_unstable();
        // The text's positions start after the title's, past Tantivy's gap between the
        // values of a field: after the end of the title's last term.
        let mut title_end = 0u32;
        {
            let mut tokens = self.analyzer.token_stream(title);
            while tokens.advance() {
                let token = tokens.token();
                if token.text.len() <= MAX_TOKEN_LEN {
                    let end =
                        u32::try_from(token.position + token.position_length).unwrap_or(u32::MAX);
                    title_end = title_end.max(end);
                }
            }
        }
        let text_start = title_end.saturating_add(POSITION_GAP);
        // The passage each occurrence falls in: the tokenizer walks the text beside the
        // occurrences (both in position order), up to the last one, and a word belongs to
        // the passage whose spans hold it. Nothing is kept per word of the text.
        let mut spans: Vec<(usize, usize, usize)> = passages
            .iter()
            .enumerate()
            .flat_map(|(passage, stored)| {
                stored
                    .spans
                    .iter()
                    .map(move |&[start, end]| (start, end, passage))
            })
            .collect();
        spans.sort_unstable();
        let mut counts = vec![vec![0u32; self.weights.len()]; passages.len()];
        let mut word_positions: Vec<_> = (0..passages.len())
            .map(|_| self.passage_query.positions())
            .collect();
        let mut words = self.words.token_stream(text);
        // The word at the walk's position, with its passage; `None` before the first.
        let mut current: Option<(u32, Option<usize>)> = None;
        let mut exhausted = false;
        let mut span = 0;
        for &(position, index) in &occurrences {
            let Some(at) = position.checked_sub(text_start) else {
                continue;
            };
            while !exhausted && current.is_none_or(|(word, _)| word < at) {
                let word = match words.advance() {
                    true => u32::try_from(words.token().position).ok(),
                    false => None,
                };
                let Some(word) = word else {
                    (current, exhausted) = (None, true);
                    break;
                };
                let token = words.token();
                while spans
                    .get(span)
                    .is_some_and(|(_, end, _)| *end <= token.offset_from)
                {
                    span += 1;
                }
                let passage = spans
                    .get(span)
                    .filter(|(start, end, _)| {
                        *start <= token.offset_from && token.offset_to <= *end
                    })
                    .map(|(_, _, passage)| *passage);
                current = Some((word, passage));
            }
            let Some((word, Some(passage))) = current else {
                continue;
            };
            if word != at || !in_field.get(passage).copied().unwrap_or(false) {
                continue;
            }
            let term = self.postings_terms[index].as_str();
            if let Ok(weight) = self
                .weights
                .binary_search_by(|(known, _)| known.as_str().cmp(term))
            {
                counts[passage][weight] += 1;
            }
            self.passage_query
                .record(&mut word_positions[passage], term, at);
        }
        Ok(Some(
            counts
                .iter()
                .zip(&word_positions)
                .map(|(counts, positions)| ParagraphMatch {
                    satisfies: self.passage_query.is_satisfied(positions),
                    score: self.score_of(counts),
                })
                .collect(),
        ))
    }

    /// How `text` matches: whether it holds what the query asks for, and its score, the
    /// weights of the distinct query terms it holds, each raised by its repetitions with
    /// BM25's saturation (0 when it holds none).
    fn paragraph_match(&mut self, text: &str) -> ParagraphMatch {
        if self.weights.is_empty() {
            return ParagraphMatch {
                satisfies: None,
                score: 0.0,
            };
        }
        let mut counts = vec![0u32; self.weights.len()];
        let mut positions = self.passage_query.positions();
        {
            let mut tokens = self.analyzer.token_stream(text);
            while tokens.advance() {
                let token = tokens.token();
                let term = token.text.as_str();
                if let Ok(position) = self
                    .weights
                    .binary_search_by(|(known, _)| known.as_str().cmp(term))
                {
                    counts[position] += 1;
                }
                let position = u32::try_from(token.position).unwrap_or(u32::MAX);
                self.passage_query.record(&mut positions, term, position);
            }
        }
        ParagraphMatch {
            satisfies: self.passage_query.is_satisfied(&positions),
            score: self.score_of(&counts),
        }
    }

    /// The best fragment of `text` at each of `max_chars`, with its matches in `<mark>`;
    /// `None` where nothing matches.
    fn highlight_each(&mut self, text: &str, max_chars: &[usize]) -> Vec<Option<String>> {
        if self.weights.is_empty() {
            return vec![None; max_chars.len()];
        }
        let query = QueryWords {
            passage_query: &self.passage_query,
            weights: &self.weights,
        };
        highlight_each(&mut self.analyzer, &query, text, max_chars)
    }
}

impl<'a> HitBuilder<'a> {
    pub fn new(
        schema: &'a PlenarySchema,
        taxonomy: &'a Taxonomy,
        prepared: &'a PreparedSearch,
    ) -> Result<HitBuilder<'a>, SearchError> {
        Ok(HitBuilder {
            schema,
            taxonomy,
            prepared,
            matchers: Vec::new(),
            reads_postings: true,
        })
    }

    /// The hits of `docs`, with the stored document of each.
    pub fn build_all(
        mut self,
        docs: &[RankedDoc],
        passages_per_hit: usize,
    ) -> Result<(Vec<SearchHit>, Vec<StoredDocument>), SearchError> {
        let mut hits = Vec::with_capacity(docs.len());
        let mut stored = Vec::with_capacity(docs.len());
        for doc in docs {
            let (hit, document) = self.build(doc.address, doc.score, passages_per_hit)?;
            hits.push(hit);
            stored.push(document);
        }
        Ok((hits, stored))
    }

    fn build(
        &mut self,
        address: DocAddress,
        score: f32,
        passages_per_hit: usize,
    ) -> Result<(SearchHit, StoredDocument), SearchError> {
        let fields = *self.schema.fields();
        let record: StoredRecord = self.prepared.searcher.doc(address)?;
        // Only the paragraphs shown get their text (and those analysed to be ranked).
        let mut stored = record.document_without_texts()?;
        let text = record.text();
        let wants_topic_paragraphs = self.prepared.filters.filters_on(FacetField::PassageTopic);
        let ranked = if passages_per_hit > 0
            && (self.prepared.user_query.is_some() || wants_topic_paragraphs)
        {
            self.rank_passages(address, &record, &stored, passages_per_hit)?
        } else {
            Vec::new()
        };
        for &(_, position, _) in &ranked {
            stored.passages[position]
                .fill_text(text)
                .map_err(SearchError::Stored)?;
        }
        let ranked: Vec<(Score, &Passage, Field)> = ranked
            .into_iter()
            .map(|(score, position, field)| (score, &stored.passages[position], field))
            .collect();
        // The best paragraph holds the document's best fragment: highlighting it spares
        // reading the whole text again. A match outside the paragraphs (in the header
        // or the title) is looked for in the whole text.
        let (best_paragraph_snippet, best_passage_snippet) = match ranked.first() {
            Some(&(_, passage, field)) => {
                let mut snippets = self
                    .highlight_each(
                        field,
                        &passage.text,
                        &[SNIPPET_CHARS, PASSAGE_SNIPPET_CHARS],
                    )?
                    .into_iter();
                (snippets.next().flatten(), snippets.next().flatten())
            }
            None => (None, None),
        };
        let snippet = match best_paragraph_snippet {
            Some(snippet) => snippet,
            None => {
                let language_field = self.schema.analysed_text_field(&stored.language);
                match self.highlight(language_field, text, SNIPPET_CHARS)? {
                    Some(snippet) => snippet,
                    None => self
                        .highlight(fields.title, &stored.title, SNIPPET_CHARS)?
                        .unwrap_or_else(|| leading_text(text, SNIPPET_CHARS)),
                }
            }
        };
        let passages = self.passage_hits(&stored, ranked, best_passage_snippet)?;
        Ok((hit_of(&stored, score, snippet, passages), stored))
    }

    /// The paragraphs of `stored` that match the query best, best first, with their
    /// scores and fields: each is matched in the field of its own language. Paragraphs
    /// that hold what the query asks for (the phrase as a phrase, every word of an
    /// `AND`, none of a `NOT`) come before those that hold some of its words.
    fn rank_passages(
        &mut self,
        address: DocAddress,
        record: &StoredRecord,
        stored: &StoredDocument,
        limit: usize,
    ) -> Result<Vec<(Score, usize, Field)>, SearchError> {
        let schema = self.schema;
        let field_of = |passage: &Passage| {
            schema.analysed_text_field(passage.language.as_deref().unwrap_or(&stored.language))
        };
        // With a paragraph-topic filter, only the paragraphs about one of its topics.
        let wanted_topics: Vec<Facet> = self
            .prepared
            .filters
            .facet_filters()
            .iter()
            .filter(|(facet, _)| *facet == FacetField::PassageTopic)
            .flat_map(|(_, values)| values.iter().cloned())
            .collect();
        let taxonomy = self.taxonomy;
        let is_about_wanted = |passage: &Passage| {
            wanted_topics.is_empty()
                || passage.topics.iter().any(|slug| {
                    taxonomy
                        .facet_path(slug)
                        .and_then(|path| Facet::from_text(&path).ok())
                        .is_some_and(|facet| {
                            wanted_topics
                                .iter()
                                .any(|wanted| *wanted == facet || wanted.is_prefix_of(&facet))
                        })
                })
        };
        // The paragraphs analysed in the document's own field, and read from its text, are
        // matched from the postings; one in another language (matched in the field of its
        // own) or kept with its own text, by analysing it.
        let own_field = schema.analysed_text_field(&stored.language);
        let in_own_field: Vec<bool> = stored
            .passages
            .iter()
            .map(|passage| {
                is_about_wanted(passage)
                    && field_of(passage) == own_field
                    && !passage.spans.is_empty()
            })
            .collect();
        let searcher = &self.prepared.searcher;
        let reads_postings = self.reads_postings && in_own_field.contains(&true);
        let from_postings = match self.matcher(own_field)? {
            Some(matcher) if reads_postings => matcher.postings_matches(
                searcher,
                address,
                &stored.title,
                record.text(),
                &stored.passages,
                &in_own_field,
            )?,
            _ => None,
        };
        let mut scored = Vec::new();
        for (position, passage) in stored.passages.iter().enumerate() {
            if !is_about_wanted(passage) {
                continue;
            }
            let field = field_of(passage);
            let matched = match (self.matcher(field)?, &from_postings) {
                // One match per passage, in their order.
                (Some(_), Some(matches)) if in_own_field[position] => matches[position],
                (Some(matcher), _) => matcher.paragraph_match(
                    &passage
                        .text_in(record.text())
                        .map_err(SearchError::Stored)?,
                ),
                // No words to match: the paragraphs about the topic, in their order.
                (None, _) if !wanted_topics.is_empty() => ParagraphMatch {
                    satisfies: None,
                    score: 1.0,
                },
                (None, _) => continue,
            };
            if matched.score > 0.0 {
                scored.push((matched, position, passage.index, field));
            }
        }
        scored.sort_by(|(left, _, left_index, _), (right, _, right_index, _)| {
            let satisfies = |matched: &ParagraphMatch| matched.satisfies != Some(false);
            satisfies(right)
                .cmp(&satisfies(left))
                .then_with(|| right.score.total_cmp(&left.score))
                .then_with(|| left_index.cmp(right_index))
        });
        scored.truncate(limit);
        Ok(scored
            .into_iter()
            .map(|(matched, position, _, field)| (matched.score, position, field))
            .collect())
    }

    /// The ranked paragraphs as the API shows them: highlighted, with their citations.
    /// `first_snippet` is the first paragraph's, highlighted already.
    fn passage_hits(
        &mut self,
        stored: &StoredDocument,
        ranked: Vec<(Score, &Passage, Field)>,
        mut first_snippet: Option<String>,
    ) -> Result<Vec<PassageHit>, SearchError> {
        let mut passages = Vec::with_capacity(ranked.len());
        for (place, (score, passage, field)) in ranked.into_iter().enumerate() {
            let highlighted = match place {
                0 => first_snippet.take(),
                _ => self.highlight(field, &passage.text, PASSAGE_SNIPPET_CHARS)?,
            };
            let snippet =
                highlighted.unwrap_or_else(|| leading_text(&passage.text, PASSAGE_SNIPPET_CHARS));
            passages.push(PassageHit {
                passage_index: passage.index,
                paragraph: passage.number,
                score,
                snippet,
                topics: passage.topics.clone(),
                citation: citation(stored, passage.number, passage.index),
            });
        }
        Ok(passages)
    }

    /// The matcher of `field`, made on first use; `None` without a query.
    fn matcher(&mut self, field: Field) -> Result<Option<&mut FieldMatcher>, SearchError> {
        let (Some(query), Some(ast)) = (self.prepared.user_query(), &self.prepared.user_ast) else {
            return Ok(None);
        };
        let position = match self.matchers.iter().position(|(known, _)| *known == field) {
            Some(position) => position,
            None => {
                let language = analysis::LANGUAGES
                    .into_iter()
                    .find(|language| self.schema.text_field_for_language(language) == Some(field))
                    .unwrap_or_default();
                let matcher =
                    FieldMatcher::create(&self.prepared.searcher, query, ast, field, language)?;
                self.matchers.push((field, matcher));
                self.matchers.len() - 1
            }
        };
        Ok(Some(&mut self.matchers[position].1))
    }

    /// The whole of `text`, a paragraph of a document in `language`, as HTML with the
    /// words the query matches in `<mark>`; `None` when it holds none.
    pub fn mark_paragraph(
        &mut self,
        text: &str,
        language: &str,
    ) -> Result<Option<String>, SearchError> {
        let field = self.schema.analysed_text_field(language);
        Ok(self.matcher(field)?.and_then(|matcher| {
            let query = QueryWords {
                passage_query: &matcher.passage_query,
                weights: &matcher.weights,
            };
            mark_all(&mut matcher.analyzer, &query, text)
        }))
    }

    fn highlight_each(
        &mut self,
        field: Field,
        text: &str,
        max_chars: &[usize],
    ) -> Result<Vec<Option<String>>, SearchError> {
        Ok(match self.matcher(field)? {
            Some(matcher) => matcher.highlight_each(text, max_chars),
            None => vec![None; max_chars.len()],
        })
    }

    fn highlight(
        &mut self,
        field: Field,
        text: &str,
        max_chars: usize,
    ) -> Result<Option<String>, SearchError> {
        Ok(self
            .highlight_each(field, text, &[max_chars])?
            .pop()
            .flatten())
    }
}

/// What the server reads of a document record: its stored text and its payload. Each is
/// read from the document store once; a `TantivyDocument` would copy every value again
/// into its own arena, and a search reads tens of records.
#[derive(Debug, Default)]
pub(crate) struct StoredRecord {
    text: Option<String>,
    payload: Option<String>,
}

/// The fields of the schema every served index has ([`PlenarySchema::open_index`]
/// refuses another).
fn record_fields() -> &'static Fields {
    static FIELDS: LazyLock<Fields> = LazyLock::new(|| *PlenarySchema::new().fields());
    &FIELDS
}

impl DocumentDeserialize for StoredRecord {
    fn deserialize<'de, D>(mut deserializer: D) -> Result<StoredRecord, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        let fields = record_fields();
        let mut record = StoredRecord::default();
        while let Some((field, value)) = deserializer.next_field::<OwnedValue>()? {
            let OwnedValue::Str(value) = value else {
                continue;
            };
            let slot = if field == fields.text {
                &mut record.text
            } else if field == fields.payload {
                &mut record.payload
            } else {
                continue;
            };
            // The first value, as `get_first` would give it.
            if slot.is_none() {
                *slot = Some(value);
            }
        }
        Ok(record)
    }
}

impl StoredRecord {
    /// The record's stored text.
    pub(crate) fn text(&self) -> &str {
        self.text.as_deref().unwrap_or_default()
    }

    /// The stored document, its passages with their texts.
    pub(crate) fn document(&self) -> Result<StoredDocument, SearchError> {
        let mut stored = self.document_without_texts()?;
        let text = self.text();
        for passage in &mut stored.passages {
            passage.fill_text(text).map_err(SearchError::Stored)?;
        }
        Ok(stored)
    }

    /// The stored document with its passages' texts left empty: for a reader of its
    /// metadata, or of a passage or two ([`plenary_core::Passage::fill_text`] with
    /// [`StoredRecord::text`]).
    pub(crate) fn document_without_texts(&self) -> Result<StoredDocument, SearchError> {
        StoredDocument::from_payload_without_texts(self.payload.as_deref().unwrap_or_default())
            .map_err(SearchError::Stored)
    }

    /// The stored document without its passages' texts and without the topics of the
    /// document and of its passages: for a reader that cites it and places its
    /// paragraphs, not one that shows its topics.
    pub(crate) fn document_without_topics(&self) -> Result<StoredDocument, SearchError> {
        StoredDocument::from_payload_without_topics(self.payload.as_deref().unwrap_or_default())
            .map_err(SearchError::Stored)
    }
}

/// A hit of `stored`: its metadata; its passages are those given, never all of them.
pub(crate) fn hit_of(
    stored: &StoredDocument,
    score: f32,
    snippet: String,
    passages: Vec<PassageHit>,
) -> SearchHit {
    SearchHit {
        topics: stored
            .topics
            .iter()
            .map(|topic| topic.slug.clone())
            .collect(),
        forum: stored.forum.map(|forum| forum.code().to_string()),
        consultative_status: stored
            .consultative_status
            .map(|status| status.code().to_string()),
        doc_type: stored.doc_type.code().to_string(),
        meta: stored.meta.clone(),
        id: stored.id.clone(),
        title: stored.title.clone(),
        symbol: stored.symbol.clone(),
        session: stored.session,
        date: stored.date,
        year: stored.year,
        organization: stored.organization.clone(),
        language: stored.language.clone(),
        source: stored.source.to_string(),
        score,
        snippet,
        passages,
        versions: Vec::new(),
    }
}

/// The start of a text, cut at a word boundary within `max_chars`, HTML-escaped.
pub(crate) fn leading_text(text: &str, max_chars: usize) -> String {
    let trimmed = text.trim();
    let mut end = trimmed.len();
    if let Some((index, _)) = trimmed.char_indices().nth(max_chars) {
        end = trimmed[..index].rfind(char::is_whitespace).unwrap_or(index);
    }
    let mut cut = escape_html(trimmed[..end].trim_end());
    if end < trimmed.len() {
        cut.push('…');
    }
    cut
}
