//! Hits as the API shows them: metadata from the stored payload, a highlighted
//! snippet, and the best matching paragraphs with their citations.

use std::collections::HashMap;

use chrono::NaiveDate;
use plenary_core::schema::StoredDocument;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::schema::{Field, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{DocAddress, TantivyDocument};
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::query::{RecordKind, filtered_query, term_filter};
use crate::search::ranking::RankedDoc;
use crate::search::{PreparedSearch, SearchService};

/// Characters of a document snippet.
const SNIPPET_CHARS: usize = 240;
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
    pub source: String,
    pub score: f32,
    /// HTML-escaped text around the matches, each match in `<mark>`.
    pub snippet: String,
    /// The best matching paragraphs, best first.
    pub passages: Vec<PassageHit>,
}

/// A matching paragraph of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PassageHit {
    /// Position among the document's paragraphs, from 0.
    pub passage_index: u32,
    /// The paragraph number printed in the document, if any.
    pub paragraph: Option<u32>,
    pub score: f32,
    /// HTML-escaped, matches in `<mark>`.
    pub snippet: String,
    /// Where the paragraph stands: `E/CN.7/2014/NGO/3, para. 4, Organization, 2014-03-01`.
    pub citation: String,
}

/// Builds the citation of a paragraph: symbol (or quoted title), paragraph, organization, date.
pub fn citation(document: &StoredDocument, paragraph: Option<u32>, passage_index: u32) -> String {
    let mut parts = Vec::new();
    let source = match &document.symbol {
        Some(symbol) => symbol.clone(),
        None => format!("“{}”", document.title),
    };
    parts.push(source);
    match paragraph {
        Some(number) => parts.push(format!("para. {number}")),
        None => parts.push(format!("paragraph {} (unnumbered)", passage_index + 1)),
    }
    if let Some(organization) = &document.organization {
        parts.push(organization.clone());
    }
    if let Some(date) = document.date {
        parts.push(date.to_string());
    }
    parts.join(", ")
}

/// Turns ranked documents into hits; holds the snippet generators of one request.
pub(crate) struct HitBuilder<'a> {
    service: &'a SearchService,
    prepared: &'a PreparedSearch,
    generators: HashMap<Field, SnippetGenerator>,
}

impl<'a> HitBuilder<'a> {
    pub fn new(
        service: &'a SearchService,
        prepared: &'a PreparedSearch,
    ) -> Result<HitBuilder<'a>, SearchError> {
        Ok(HitBuilder {
            service,
            prepared,
            generators: HashMap::new(),
        })
    }

    pub fn build_all(
        mut self,
        docs: &[RankedDoc],
        passages_per_hit: usize,
    ) -> Result<Vec<SearchHit>, SearchError> {
        let mut hits = Vec::with_capacity(docs.len());
        for doc in docs {
            hits.push(self.build(doc.address, doc.score, passages_per_hit)?);
        }
        Ok(hits)
    }

    fn build(
        &mut self,
        address: DocAddress,
        score: f32,
        passages_per_hit: usize,
    ) -> Result<SearchHit, SearchError> {
        let fields = *self.service.schema.fields();
        let record: TantivyDocument = self.prepared.searcher.doc(address)?;
        let stored = stored_document(&record, fields.payload)?;
        let text = record
            .get_first(fields.text)
            .and_then(|value| value.as_str())
            .unwrap_or_default();
        let snippet = self.snippet(text, &stored.language, SNIPPET_CHARS)?;
        let snippet = match snippet {
            Some(snippet) => snippet,
            None => self
                .highlight(fields.title, &stored.title, SNIPPET_CHARS)?
                .unwrap_or_else(|| leading_text(text, SNIPPET_CHARS)),
        };
        let passages = if passages_per_hit > 0 && self.prepared.user_query.is_some() {
            self.passages(&stored, passages_per_hit)?
        } else {
            Vec::new()
        };
        Ok(hit_of(stored, score, snippet, passages))
    }

    fn passages(
        &mut self,
        stored: &StoredDocument,
        limit: usize,
    ) -> Result<Vec<PassageHit>, SearchError> {
        let schema = &self.service.schema;
        let fields = *schema.fields();
        let query = filtered_query(
            schema,
            self.prepared.user_query(),
            RecordKind::Passage,
            &self.prepared.filters,
            None,
            vec![term_filter(fields.doc_id, &stored.id)],
        );
        let top = self
            .prepared
            .searcher
            .search(&*query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut passages = Vec::with_capacity(top.len());
        for (score, address) in top {
            let record: TantivyDocument = self.prepared.searcher.doc(address)?;
            let text = record
                .get_first(fields.text)
                .and_then(|value| value.as_str())
                .unwrap_or_default();
            let paragraph = record
                .get_first(fields.paragraph)
                .and_then(|value| value.as_u64())
                .and_then(|number| u32::try_from(number).ok());
            let passage_index = record
                .get_first(fields.passage_index)
                .and_then(|value| value.as_u64())
                .and_then(|number| u32::try_from(number).ok())
                .unwrap_or_default();
            let snippet = self
                .snippet(text, &stored.language, PASSAGE_SNIPPET_CHARS)?
                .unwrap_or_else(|| leading_text(text, PASSAGE_SNIPPET_CHARS));
            passages.push(PassageHit {
                passage_index,
                paragraph,
                score,
                snippet,
                citation: citation(stored, paragraph, passage_index),
            });
        }
        Ok(passages)
    }

    /// A snippet of `text` around the query's matches, looking at the generic analysis
    /// first and then at the document's language (whose stems catch inflections).
    fn snippet(
        &mut self,
        text: &str,
        language: &str,
        max_chars: usize,
    ) -> Result<Option<String>, SearchError> {
        let fields = *self.service.schema.fields();
        if let Some(snippet) = self.highlight(fields.text, text, max_chars)? {
            return Ok(Some(snippet));
        }
        match self.service.schema.text_field_for_language(language) {
            Some(field) => self.highlight(field, text, max_chars),
            None => Ok(None),
        }
    }

    fn highlight(
        &mut self,
        field: Field,
        text: &str,
        max_chars: usize,
    ) -> Result<Option<String>, SearchError> {
        let Some(query) = self.prepared.user_query() else {
            return Ok(None);
        };
        if !self.generators.contains_key(&field) {
            let generator = SnippetGenerator::create(&self.prepared.searcher, query, field)?;
            self.generators.insert(field, generator);
        }
        let Some(generator) = self.generators.get_mut(&field) else {
            return Ok(None);
        };
        generator.set_max_num_chars(max_chars);
        let mut snippet: Snippet = generator.snippet(text);
        if snippet.highlighted().is_empty() {
            return Ok(None);
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        // `to_html` escapes the text between and inside the marks.
        Ok(Some(snippet.to_html()))
    }
}

/// Reads the stored payload of a document record.
pub(crate) fn stored_document(
    record: &TantivyDocument,
    payload: Field,
) -> Result<StoredDocument, SearchError> {
    let json = record
        .get_first(payload)
        .and_then(|value| value.as_str())
        .unwrap_or_default();
    serde_json::from_str(json).map_err(|error| {
        SearchError::Index(tantivy::TantivyError::InternalError(format!(
            "a document record holds an unreadable payload: {error}"
        )))
    })
}

pub(crate) fn hit_of(
    stored: StoredDocument,
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
        id: stored.id,
        title: stored.title,
        symbol: stored.symbol,
        session: stored.session,
        date: stored.date,
        year: stored.year,
        organization: stored.organization,
        language: stored.language,
        source: stored.source,
        score,
        snippet,
        passages,
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

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            c => escaped.push(c),
        }
    }
    escaped
}
