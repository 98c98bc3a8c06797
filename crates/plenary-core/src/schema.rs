//! The Tantivy schema: every field name and facet path of the index is spelled here.
//!
//! The index holds two kinds of Tantivy documents, told apart by the `kind` field:
//! one `doc` per [`Document`] (what facet counts count) and one `passage` per paragraph
//! (what citations point to). Both carry the filter fields (facets, year, date), so the
//! same filters apply to document and passage searches, and both carry `doc_id`, so that
//! deleting a document's `doc_id` term removes its passages too.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    DateOptions, FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, Index, TantivyDocument};

use crate::CoreError;
use crate::analysis::{self, LANGUAGES};
use crate::model::{ConsultativeStatus, DocType, Document, Forum, TopicAssignment};
use crate::taxonomy::Taxonomy;

/// Value of the `kind` field for a whole document.
pub const KIND_DOCUMENT: &str = "doc";
/// Value of the `kind` field for a paragraph.
pub const KIND_PASSAGE: &str = "passage";

/// The fields of a facet that a search can filter and count on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacetField {
    Topic,
    Forum,
    Session,
    Year,
    Language,
    DocType,
    Organization,
    Status,
}

impl FacetField {
    pub const ALL: [FacetField; 8] = [
        FacetField::Topic,
        FacetField::Forum,
        FacetField::Session,
        FacetField::Year,
        FacetField::Language,
        FacetField::DocType,
        FacetField::Organization,
        FacetField::Status,
    ];

    /// The name of the facet in the schema, in filters and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Topic => "topic",
            FacetField::Forum => "forum",
            FacetField::Session => "session",
            FacetField::Year => "year",
            FacetField::Language => "lang",
            FacetField::DocType => "doc_type",
            FacetField::Organization => "org",
            FacetField::Status => "status",
        }
    }

    /// Parses a facet name as used in filters (`topic`, `forum`, `lang`, ...).
    pub fn from_name(name: &str) -> Option<FacetField> {
        let wanted = match name {
            "language" => "lang",
            "organization" => "org",
            "consultative_status" => "status",
            other => other,
        };
        FacetField::ALL
            .into_iter()
            .find(|field| field.name() == wanted)
    }
}

/// The fields of the index, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    pub id: Field,
    pub doc_id: Field,
    pub source_file: Field,
    pub symbol: Field,
    pub base_symbol: Field,
    pub title: Field,
    pub text: Field,
    /// One analysed text field per UN language, in the order of [`LANGUAGES`].
    pub text_by_language: [Field; 6],
    pub date: Field,
    pub year_number: Field,
    pub paragraph: Field,
    pub passage_index: Field,
    pub payload: Field,
    pub facet_topic: Field,
    pub facet_forum: Field,
    pub facet_session: Field,
    pub facet_year: Field,
    pub facet_language: Field,
    pub facet_doc_type: Field,
    pub facet_organization: Field,
    pub facet_status: Field,
}

/// The schema of a Plenary index and the mapping of [`Document`]s onto it.
#[derive(Debug, Clone)]
pub struct PlenarySchema {
    schema: Schema,
    fields: Fields,
}

/// What the index stores of a document besides its text: everything the API shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub id: String,
    pub source: String,
    pub item: Option<u32>,
    pub symbol: Option<String>,
    pub title: String,
    pub forum: Option<Forum>,
    pub session: Option<u32>,
    pub date: Option<NaiveDate>,
    pub year: Option<i32>,
    pub organization: Option<String>,
    pub consultative_status: Option<ConsultativeStatus>,
    pub doc_type: DocType,
    pub language: String,
    pub language_confidence: f64,
    pub topics: Vec<TopicAssignment>,
    pub content_hash: String,
    pub passage_count: u32,
}

impl StoredDocument {
    fn from_document(document: &Document) -> StoredDocument {
        StoredDocument {
            id: document.id.clone(),
            source: document.source.clone(),
            item: document.item,
            symbol: document.symbol.clone(),
            title: document.title.clone(),
            forum: document.forum,
            session: document.session,
            date: document.date,
            year: document.year,
            organization: document.organization.clone(),
            consultative_status: document.consultative_status,
            doc_type: document.doc_type,
            language: document.language.clone(),
            language_confidence: document.language_confidence,
            topics: document.topics.clone(),
            content_hash: document.content_hash.clone(),
            passage_count: document.passages.len() as u32,
        }
    }
}

impl Default for PlenarySchema {
    fn default() -> Self {
        Self::new()
    }
}

impl PlenarySchema {
    /// Builds the schema.
    pub fn new() -> PlenarySchema {
        let mut builder = Schema::builder();
        let kind = builder.add_text_field("kind", STRING | FAST);
        let id = builder.add_text_field("id", STRING | STORED | FAST);
        let doc_id = builder.add_text_field("doc_id", STRING | STORED | FAST);
        let source_file = builder.add_text_field("source_file", STRING | STORED);
        let symbol = builder.add_text_field("symbol", STRING | STORED | FAST);
        let base_symbol = builder.add_text_field("base_symbol", STRING);

        let generic = analysis::tokenizer_name("");
        let text_indexing = |tokenizer: &str| {
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions)
        };
        let title = builder.add_text_field(
            "title",
            TextOptions::default()
                .set_indexing_options(text_indexing(generic))
                .set_stored(),
        );
        let text = builder.add_text_field(
            "text",
            TextOptions::default()
                .set_indexing_options(text_indexing(generic))
                .set_stored(),
        );
        let text_by_language = LANGUAGES.map(|language| {
            builder.add_text_field(
                &format!("text_{language}"),
                TextOptions::default()
                    .set_indexing_options(text_indexing(analysis::tokenizer_name(language))),
            )
        });
        let date = builder.add_date_field(
            "date",
            DateOptions::default().set_indexed().set_fast().set_stored(),
        );
        let year_number = builder.add_i64_field("year_number", INDEXED | FAST);
        let paragraph = builder.add_u64_field("paragraph", STORED);
        let passage_index = builder.add_u64_field("passage_index", STORED | FAST);
        let payload = builder.add_text_field("payload", STORED);
        let facet = |builder: &mut tantivy::schema::SchemaBuilder, name: &str| {
            builder.add_facet_field(name, FacetOptions::default())
        };
        let facet_topic = facet(&mut builder, FacetField::Topic.name());
        let facet_forum = facet(&mut builder, FacetField::Forum.name());
        let facet_session = facet(&mut builder, FacetField::Session.name());
        let facet_year = facet(&mut builder, FacetField::Year.name());
        let facet_language = facet(&mut builder, FacetField::Language.name());
        let facet_doc_type = facet(&mut builder, FacetField::DocType.name());
        let facet_organization = facet(&mut builder, FacetField::Organization.name());
        let facet_status = facet(&mut builder, FacetField::Status.name());

        let fields = Fields {
            kind,
            id,
            doc_id,
            source_file,
            symbol,
            base_symbol,
            title,
            text,
            text_by_language,
            date,
            year_number,
            paragraph,
            passage_index,
            payload,
            facet_topic,
            facet_forum,
            facet_session,
            facet_year,
            facet_language,
            facet_doc_type,
            facet_organization,
            facet_status,
        };
        PlenarySchema {
            schema: builder.build(),
            fields,
        }
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The facet field behind a [`FacetField`].
    pub fn facet(&self, facet: FacetField) -> Field {
        let fields = &self.fields;
        match facet {
            FacetField::Topic => fields.facet_topic,
            FacetField::Forum => fields.facet_forum,
            FacetField::Session => fields.facet_session,
            FacetField::Year => fields.facet_year,
            FacetField::Language => fields.facet_language,
            FacetField::DocType => fields.facet_doc_type,
            FacetField::Organization => fields.facet_organization,
            FacetField::Status => fields.facet_status,
        }
    }

    /// The analysed text field of a language, if it is one of the six UN languages.
    pub fn text_field_for_language(&self, language: &str) -> Option<Field> {
        LANGUAGES
            .iter()
            .position(|candidate| *candidate == language)
            .map(|position| self.fields.text_by_language[position])
    }

    /// Creates a new index in `directory` (which must exist and be empty), with the analysers registered.
    pub fn create_index(&self, directory: &Path) -> Result<Index, CoreError> {
        let index = Index::create_in_dir(directory, self.schema.clone())?;
        analysis::register_analyzers(index.tokenizers());
        Ok(index)
    }

    /// Opens the index in `directory`, creating it when the directory holds none.
    pub fn open_or_create_index(&self, directory: &Path) -> Result<Index, CoreError> {
        let mmap = tantivy::directory::MmapDirectory::open(directory)
            .map_err(|error| CoreError::Index(error.into()))?;
        let index = Index::open_or_create(mmap, self.schema.clone())?;
        analysis::register_analyzers(index.tokenizers());
        Ok(index)
    }

    /// Opens an existing index with the analysers registered.
    pub fn open_index(&self, directory: &Path) -> Result<Index, CoreError> {
        let index = Index::open_in_dir(directory)?;
        analysis::register_analyzers(index.tokenizers());
        Ok(index)
    }

    /// Maps a document onto Tantivy documents: the document itself, then one per passage.
    pub fn to_tantivy(&self, document: &Document, taxonomy: &Taxonomy) -> Vec<TantivyDocument> {
        let fields = &self.fields;
        let mut filters = TantivyDocument::default();
        filters.add_text(fields.doc_id, &document.id);
        filters.add_text(fields.source_file, source_file_of(&document.source));
        if let Some(symbol) = &document.symbol {
            filters.add_text(fields.symbol, symbol);
        }
        if let Some(date) = document.date {
            filters.add_date(fields.date, date_to_tantivy(date));
        }
        let year = document.year.or(document.date.map(|date| date.year()));
        if let Some(year) = year {
            filters.add_i64(fields.year_number, i64::from(year));
        }
        for facet in document_facets(document, taxonomy) {
            let (field, value) = facet;
            filters.add_facet(self.facet(field), value);
        }

        let mut whole = filters.clone();
        whole.add_text(fields.kind, KIND_DOCUMENT);
        whole.add_text(fields.id, &document.id);
        if let Some(base) = document.symbol.as_deref().and_then(base_symbol_of) {
            whole.add_text(fields.base_symbol, base);
        }
        whole.add_text(fields.title, &document.title);
        whole.add_text(fields.text, &document.text);
        if let Some(field) = self.text_field_for_language(&document.language) {
            whole.add_text(field, &document.title);
            whole.add_text(field, &document.text);
        }
        let stored = StoredDocument::from_document(document);
        let payload = serde_json::to_string(&stored).unwrap_or_default();
        whole.add_text(fields.payload, payload);

        let mut tantivy_documents = Vec::with_capacity(document.passages.len() + 1);
        tantivy_documents.push(whole);
        for passage in &document.passages {
            let mut paragraph = filters.clone();
            paragraph.add_text(fields.kind, KIND_PASSAGE);
            paragraph.add_text(fields.id, format!("{}#{}", document.id, passage.index));
            paragraph.add_text(fields.text, &passage.text);
            // A paragraph in another language than its document's is analysed as what it is.
            let passage_language = passage.language.as_deref().unwrap_or(&document.language);
            if let Some(field) = self.text_field_for_language(passage_language) {
                paragraph.add_text(field, &passage.text);
            }
            paragraph.add_u64(fields.passage_index, u64::from(passage.index));
            if let Some(number) = passage.number {
                paragraph.add_u64(fields.paragraph, u64::from(number));
            }
            tantivy_documents.push(paragraph);
        }
        tantivy_documents
    }
}

/// The facet values of a document, one `(field, facet)` pair each.
pub fn document_facets(document: &Document, taxonomy: &Taxonomy) -> Vec<(FacetField, Facet)> {
    let mut facets = Vec::new();
    for topic in &document.topics {
        let path = taxonomy
            .facet_path(&topic.slug)
            .unwrap_or_else(|| format!("/{}", topic.slug));
        if let Ok(facet) = Facet::from_text(&path) {
            facets.push((FacetField::Topic, facet));
        }
    }
    if let Some(forum) = document.forum {
        facets.push((FacetField::Forum, Facet::from_path([forum.code()])));
        if let Some(session) = document.session {
            facets.push((
                FacetField::Session,
                Facet::from_path([forum.code().to_string(), session.to_string()]),
            ));
        }
    }
    let year = document.year.or(document.date.map(|date| date.year()));
    if let Some(year) = year {
        facets.push((FacetField::Year, Facet::from_path([year.to_string()])));
    }
    facets.push((
        FacetField::Language,
        Facet::from_path([document.language.as_str()]),
    ));
    facets.push((
        FacetField::DocType,
        Facet::from_path([document.doc_type.code()]),
    ));
    if let Some(organization) = &document.organization {
        facets.push((
            FacetField::Organization,
            Facet::from_path([organization.as_str()]),
        ));
    }
    if let Some(status) = document.consultative_status {
        facets.push((FacetField::Status, Facet::from_path([status.code()])));
    }
    facets
}

/// The file part of a document's source (`corpus/news.html#3` → `corpus/news.html`).
pub fn source_file_of(source: &str) -> &str {
    match source.rsplit_once('#') {
        Some((file, item)) if item.chars().all(|c| c.is_ascii_digit()) => file,
        _ => source,
    }
}

/// The symbol a corrigendum or revision refers to (`E/CN.7/2016/NGO/5/Corr.1` → `E/CN.7/2016/NGO/5`).
pub fn base_symbol_of(symbol: &str) -> Option<&str> {
    let (base, last) = symbol.rsplit_once('/')?;
    let is_version = ["Corr.", "Rev."]
        .iter()
        .any(|prefix| last.starts_with(prefix));
    is_version.then_some(base)
}

/// Converts a calendar date to Tantivy's date type (midnight UTC).
pub fn date_to_tantivy(date: NaiveDate) -> DateTime {
    let timestamp = date
        .and_hms_opt(0, 0, 0)
        .map(|datetime| datetime.and_utc().timestamp())
        .unwrap_or_default();
    DateTime::from_timestamp_secs(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_symbols() {
        assert_eq!(
            base_symbol_of("E/CN.7/2016/NGO/5/Corr.1"),
            Some("E/CN.7/2016/NGO/5")
        );
        assert_eq!(base_symbol_of("E/CN.7/2016/NGO/5"), None);
        assert_eq!(source_file_of("a/news.html#3"), "a/news.html");
        assert_eq!(source_file_of("a/b#c.txt"), "a/b#c.txt");
    }

    #[test]
    fn facet_names_round_trip() {
        for facet in FacetField::ALL {
            assert_eq!(FacetField::from_name(facet.name()), Some(facet));
        }
        assert_eq!(
            FacetField::from_name("language"),
            Some(FacetField::Language)
        );
    }
}
