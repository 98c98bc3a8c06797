//! One document in full: text, numbered paragraphs, metadata, topics with their
//! evidence, its other language versions and its corrigenda and revisions; and the
//! documents most like it.

use chrono::NaiveDate;
use plenary_core::schema::{StoredDocument, base_symbol_of};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{Occur, Query};
use tantivy::{DocAddress, Searcher};
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::SearchService;
use crate::search::hits::{SearchHit, StoredRecord, hit_of, leading_text};
use crate::search::like_this::like_this_query;
use crate::search::query::{Filters, filtered_query, term_exclusion, term_filter, unscored};

/// Characters of the text shown for a similar document.
const SIMILAR_SNIPPET_CHARS: usize = 240;
/// The most similar documents a request may ask for.
pub const MAX_SIMILAR: usize = 50;

/// A document with everything the document page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DocumentView {
    pub id: String,
    pub source: String,
    pub item: Option<u32>,
    pub symbol: Option<String>,
    pub title: String,
    pub forum: Option<String>,
    /// The forum's name in English.
    pub forum_label: Option<String>,
    pub session: Option<u32>,
    pub date: Option<NaiveDate>,
    pub year: Option<i32>,
    pub organization: Option<String>,
    pub consultative_status: Option<String>,
    pub doc_type: String,
    /// Who speaks (actor type, country, region, speaker, ...) and the input's other fields.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub meta: plenary_core::DocumentMeta,
    /// The English short name of the country that speaks.
    pub country_label: Option<String>,
    pub language: String,
    pub language_confidence: f64,
    pub content_hash: String,
    pub topics: Vec<TopicView>,
    /// The whole text, paragraphs separated by blank lines.
    pub text: String,
    pub paragraphs: Vec<ParagraphView>,
    /// The same document in other languages (same symbol).
    pub language_versions: Vec<RelatedDocument>,
    /// The document this one corrects or revises, and its corrigenda and revisions.
    pub versions: Vec<RelatedDocument>,
}

/// A topic of a document with what revealed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TopicView {
    pub slug: String,
    pub label: Option<String>,
    pub parent: Option<String>,
    pub score: f32,
    pub evidence: Vec<EvidenceView>,
}

/// A taxonomy term found in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct EvidenceView {
    pub term: String,
    pub count: u32,
}

/// A paragraph with its number and its citation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ParagraphView {
    pub index: u32,
    pub number: Option<u32>,
    pub text: String,
    pub citation: String,
}

/// Another document related to this one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RelatedDocument {
    pub id: String,
    pub symbol: Option<String>,
    pub language: String,
    pub title: String,
    pub date: Option<NaiveDate>,
}

impl SearchService {
    /// The document with `id`, or `None` if the index holds none.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>, SearchError> {
        let searcher = self.reader.searcher();
        let Some((address, record)) = self.find_document(&searcher, id)? else {
            return Ok(None);
        };
        let _ = address;
        let fields = *self.schema.fields();
        let stored = record.document()?;
        let text = record.text().to_string();
        let paragraphs = Self::paragraphs(&stored);
        let mut language_versions = Vec::new();
        let mut versions = Vec::new();
        if let Some(symbol) = &stored.symbol {
            language_versions = self.related(
                &searcher,
                vec![term_filter(fields.symbol, symbol)],
                &stored.id,
            )?;
            // Corrigenda and revisions of this document, in every language.
            versions = self.related(
                &searcher,
                vec![term_filter(fields.base_symbol, symbol)],
                &stored.id,
            )?;
            if let Some(base) = base_symbol_of(symbol) {
                let mut originals = self.related(
                    &searcher,
                    vec![term_filter(fields.symbol, base)],
                    &stored.id,
                )?;
                originals.append(&mut versions);
                versions = originals;
            }
        }
        Ok(Some(self.document_view(
            stored,
            text,
            paragraphs,
            language_versions,
            versions,
        )))
    }

    /// The documents most like document `id` (more-like-this on its title and text), or
    /// `None` if the index holds no such document. `filters` narrow the candidates.
    pub fn similar(
        &self,
        id: &str,
        size: usize,
        filters: &crate::search::SearchRequest,
    ) -> Result<Option<Vec<SearchHit>>, SearchError> {
        if size > MAX_SIMILAR {
            return Err(SearchError::bad_parameter(
                "size",
                format!("at most {MAX_SIMILAR}, not {size}"),
            ));
        }
        let checked = Filters::from_request(filters, &self.taxonomy)?;
        let searcher = self.reader.searcher();
        let Some((_, record)) = self.find_document(&searcher, id)? else {
            return Ok(None);
        };
        if size == 0 {
            return Ok(Some(Vec::new()));
        }
        let fields = *self.schema.fields();
        let stored = record.document_without_topics()?;
        let text = record.text();
        // The language's analyser drops stop words and stems, so the terms chosen carry meaning.
        let text_field = self.schema.analysed_text_field(&stored.language);
        let Some(like_this) = like_this_query(
            &searcher,
            &[(text_field, text), (fields.title, stored.title.as_str())],
        )?
        else {
            return Ok(Some(Vec::new()));
        };
        let mut clauses = vec![term_exclusion(fields.id, &stored.id)];
        // A query narrows the candidates as a filter does; the order stays the likeness.
        if let Some(parsed) = self.parser.parse(&filters.q, filters.op, filters.xlang)? {
            clauses.push((Occur::Must, unscored(parsed.query)));
        }
        let query = filtered_query(&self.schema, Some(&*like_this), &checked, None, clauses);
        let top = searcher.search(&*query, &TopDocs::with_limit(size).order_by_score())?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let record: StoredRecord = searcher.doc(address)?;
            let similar = record.document_without_texts()?;
            hits.push(hit_of(
                &similar,
                score,
                leading_text(record.text(), SIMILAR_SNIPPET_CHARS),
                Vec::new(),
            ));
        }
        Ok(Some(hits))
    }

    pub(crate) fn find_document(
        &self,
        searcher: &Searcher,
        id: &str,
    ) -> Result<Option<(DocAddress, StoredRecord)>, SearchError> {
        let fields = *self.schema.fields();
        let query = filtered_query(
            &self.schema,
            None,
            &Filters::default(),
            None,
            vec![term_filter(fields.id, id)],
        );
        let top = searcher.search(&*query, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, address)) = top.first() else {
            return Ok(None);
        };
        let record: StoredRecord = searcher.doc(*address)?;
        Ok(Some((*address, record)))
    }

    fn paragraphs(stored: &StoredDocument) -> Vec<ParagraphView> {
        stored
            .passages
            .iter()
            .map(|passage| ParagraphView {
                index: passage.index,
                number: passage.number,
                text: passage.text.clone(),
                citation: crate::search::hits::citation(stored, passage.number, passage.index),
            })
            .collect()
    }

    fn related(
        &self,
        searcher: &Searcher,
        clauses: Vec<(Occur, Box<dyn Query>)>,
        except_id: &str,
    ) -> Result<Vec<RelatedDocument>, SearchError> {
        let fields = *self.schema.fields();
        let mut clauses = clauses;
        clauses.push(term_exclusion(fields.id, except_id));
        let query = filtered_query(&self.schema, None, &Filters::default(), None, clauses);
        let top = searcher.search(&*query, &TopDocs::with_limit(100).order_by_score())?;
        let mut related = Vec::with_capacity(top.len());
        for (_, address) in top {
            let record: StoredRecord = searcher.doc(address)?;
            let stored = record.document_without_topics()?;
            related.push(RelatedDocument {
                id: stored.id,
                symbol: stored.symbol,
                language: stored.language,
                title: stored.title,
                date: stored.date,
            });
        }
        related.sort_by(|left, right| {
            left.symbol
                .cmp(&right.symbol)
                .then_with(|| left.language.cmp(&right.language))
        });
        Ok(related)
    }

    fn document_view(
        &self,
        stored: StoredDocument,
        text: String,
        paragraphs: Vec<ParagraphView>,
        language_versions: Vec<RelatedDocument>,
        versions: Vec<RelatedDocument>,
    ) -> DocumentView {
        let topics = stored
            .topics
            .iter()
            .map(|assignment| {
                let topic = self.taxonomy.get(&assignment.slug);
                TopicView {
                    slug: assignment.slug.clone(),
                    label: topic.map(|topic| topic.label.clone()),
                    parent: topic.and_then(|topic| topic.parent.clone()),
                    score: assignment.score,
                    evidence: assignment
                        .evidence
                        .iter()
                        .map(|evidence| EvidenceView {
                            term: evidence.term.clone(),
                            count: evidence.count,
                        })
                        .collect(),
                }
            })
            .collect();
        DocumentView {
            id: stored.id,
            source: stored.source.to_string(),
            item: stored.item,
            symbol: stored.symbol,
            title: stored.title,
            forum: stored.forum.map(|forum| forum.code().to_string()),
            forum_label: stored.forum.map(|forum| forum.label().to_string()),
            session: stored.session,
            date: stored.date,
            year: stored.year,
            organization: stored.organization,
            consultative_status: stored
                .consultative_status
                .map(|status| status.code().to_string()),
            doc_type: stored.doc_type.code().to_string(),
            country_label: stored.meta.country_name().map(str::to_string),
            meta: stored.meta,
            language: stored.language,
            language_confidence: stored.language_confidence,
            content_hash: stored.content_hash,
            topics,
            text,
            paragraphs,
            language_versions,
            versions,
        }
    }
}
