//! The Tantivy schema: every field name and facet path of the index is spelled here.
//!
//! One Tantivy document per [`Document`]. Its text is analysed once, in the field of its
//! language (`text_en`, ..., or `text_other` for a language without its own analyser),
//! and stored once, unanalysed, in `text`. Paragraphs are not records of their own: they
//! travel in the stored payload, and the search service finds the passages that match a
//! query by running the query's terms over the paragraphs of the page's hits (the way
//! highlighters of search engines work). One analysis per document instead of four
//! (generic and language fields, for the document and again for each paragraph) is what
//! keeps indexing fast.

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
use crate::model::{
    ConsultativeStatus, DocType, Document, DocumentMeta, Forum, Passage, Source, TopicAssignment,
};
use crate::taxonomy::Taxonomy;

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
    Country,
    Region,
    ActorType,
    /// The topics of a document's paragraphs: a document counts for a topic that one of
    /// its paragraphs is about.
    PassageTopic,
}

impl FacetField {
    pub const ALL: [FacetField; 12] = [
        FacetField::Topic,
        FacetField::Forum,
        FacetField::Session,
        FacetField::Year,
        FacetField::Language,
        FacetField::DocType,
        FacetField::Organization,
        FacetField::Status,
        FacetField::Country,
        FacetField::Region,
        FacetField::ActorType,
        FacetField::PassageTopic,
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
            FacetField::Country => "country",
            FacetField::Region => "region",
            FacetField::ActorType => "actor_type",
            FacetField::PassageTopic => "passage_topic",
        }
    }

    /// Parses a facet name as used in filters (`topic`, `forum`, `lang`, ...).
    pub fn from_name(name: &str) -> Option<FacetField> {
        let wanted = match name {
            "language" => "lang",
            "organization" => "org",
            "consultative_status" => "status",
            "actor" => "actor_type",
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
    pub id: Field,
    pub source_file: Field,
    pub symbol: Field,
    pub base_symbol: Field,
    pub title: Field,
    /// The document's text as read, stored and not indexed: snippets are cut from it.
    pub text: Field,
    /// One analysed text field per UN language, in the order of [`LANGUAGES`].
    pub text_by_language: [Field; 6],
    /// The analysed text of documents in any other language (generic analyser).
    pub text_other: Field,
    /// Every document's title and text as written, in words folded to lower case and
    /// unstemmed: what a fuzzy term (`corruptoin~1`) is compared with. It records only
    /// which documents hold a word, so the text is given as its distinct words
    /// ([`analysis::distinct_words`]).
    pub words: Field,
    pub date: Field,
    pub year_number: Field,
    pub payload: Field,
    pub facet_topic: Field,
    pub facet_forum: Field,
    pub facet_session: Field,
    pub facet_year: Field,
    pub facet_language: Field,
    pub facet_doc_type: Field,
    pub facet_organization: Field,
    pub facet_status: Field,
    pub facet_country: Field,
    pub facet_region: Field,
    pub facet_actor_type: Field,
    pub facet_passage_topic: Field,
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
    pub source: Source,
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
    /// Who speaks, and the input's other fields.
    #[serde(default)]
    pub meta: DocumentMeta,
    pub language: String,
    pub language_confidence: f64,
    pub topics: Vec<TopicAssignment>,
    pub content_hash: String,
    pub passage_count: u32,
    /// The paragraphs, with their printed numbers, languages and topics.
    #[serde(default)]
    pub passages: Vec<Passage>,
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
            meta: document.meta.clone(),
            language: document.language.clone(),
            language_confidence: document.language_confidence,
            topics: document.topics.clone(),
            content_hash: document.content_hash.clone(),
            passage_count: document.passages.len() as u32,
            // A passage read from the text keeps only where it is: the text is stored once.
            passages: document
                .passages
                .iter()
                .map(|passage| Passage {
                    index: passage.index,
                    number: passage.number,
                    text: if passage.spans.is_empty() {
                        passage.text.clone()
                    } else {
                        String::new()
                    },
                    topics: passage.topics.clone(),
                    language: passage.language.clone(),
                    spans: passage.spans.clone(),
                })
                .collect(),
        }
    }

    /// Reads the stored payload of a document whose stored text is `text`, giving each
    /// passage stored as spans its text again.
    pub fn from_payload(payload: &str, text: &str) -> Result<StoredDocument, CoreError> {
        let mut stored = StoredDocument::from_payload_without_texts(payload)?;
        for passage in &mut stored.passages {
            passage.fill_text(text)?;
        }
        Ok(stored)
    }

    /// Reads the stored payload alone: a passage stored as spans keeps an empty text
    /// until [`Passage::fill_text`] gives it one. For a reader that needs one or two
    /// passages of a document, not all of them.
    pub fn from_payload_without_texts(payload: &str) -> Result<StoredDocument, CoreError> {
        serde_json::from_str(payload).map_err(|error| CoreError::Payload {
            message: error.to_string(),
        })
    }

    /// Reads the stored payload as [`StoredDocument::from_payload_without_texts`] does,
    /// but leaves the topics of the document and of its paragraphs empty: for a reader
    /// that cites a document and places its paragraphs (a hit's language versions), to
    /// whom the topics' evidence is most of the payload to parse and none of what it shows.
    pub fn from_payload_without_topics(payload: &str) -> Result<StoredDocument, CoreError> {
        let layout: StoredLayout =
            serde_json::from_str(payload).map_err(|error| CoreError::Payload {
                message: error.to_string(),
            })?;
        Ok(layout.into())
    }
}

/// [`StoredDocument`] without its topics: serde skips the fields a struct does not name,
/// without building them.
#[derive(Deserialize)]
struct StoredLayout {
    id: String,
    source: Source,
    item: Option<u32>,
    symbol: Option<String>,
    title: String,
    forum: Option<Forum>,
    session: Option<u32>,
    date: Option<NaiveDate>,
    year: Option<i32>,
    organization: Option<String>,
    consultative_status: Option<ConsultativeStatus>,
    doc_type: DocType,
    #[serde(default)]
    meta: DocumentMeta,
    language: String,
    language_confidence: f64,
    content_hash: String,
    passage_count: u32,
    #[serde(default)]
    passages: Vec<PassageLayout>,
}

/// [`Passage`] without its topics.
#[derive(Deserialize)]
struct PassageLayout {
    index: u32,
    number: Option<u32>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    spans: Vec<[usize; 2]>,
}

impl From<StoredLayout> for StoredDocument {
    fn from(layout: StoredLayout) -> StoredDocument {
        StoredDocument {
            id: layout.id,
            source: layout.source,
            item: layout.item,
            symbol: layout.symbol,
            title: layout.title,
            forum: layout.forum,
            session: layout.session,
            date: layout.date,
            year: layout.year,
            organization: layout.organization,
            consultative_status: layout.consultative_status,
            doc_type: layout.doc_type,
            meta: layout.meta,
            language: layout.language,
            language_confidence: layout.language_confidence,
            topics: Vec::new(),
            content_hash: layout.content_hash,
            passage_count: layout.passage_count,
            passages: layout
                .passages
                .into_iter()
                .map(|passage| Passage {
                    index: passage.index,
                    number: passage.number,
                    text: passage.text,
                    topics: Vec::new(),
                    language: passage.language,
                    spans: passage.spans,
                })
                .collect(),
        }
    }
}

impl StoredDocument {
    /// The document again, from what the index stores of it and its stored text (read
    /// with [`StoredDocument::from_payload`], so that passages have their text).
    pub fn into_document(self, text: String) -> Document {
        Document {
            id: self.id,
            source: self.source,
            item: self.item,
            symbol: self.symbol,
            title: self.title,
            forum: self.forum,
            session: self.session,
            date: self.date,
            year: self.year,
            organization: self.organization,
            consultative_status: self.consultative_status,
            doc_type: self.doc_type,
            meta: self.meta,
            language: self.language,
            language_confidence: self.language_confidence,
            topics: self.topics,
            text,
            passages: self.passages,
            content_hash: self.content_hash,
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
        let id = builder.add_text_field("id", STRING | STORED | FAST);
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
        let text = builder.add_text_field("text", STORED);
        let text_by_language = LANGUAGES.map(|language| {
            builder.add_text_field(
                &format!("text_{language}"),
                TextOptions::default()
                    .set_indexing_options(text_indexing(analysis::tokenizer_name(language))),
            )
        });
        let text_other = builder.add_text_field(
            "text_other",
            TextOptions::default().set_indexing_options(text_indexing(generic)),
        );
        // Only which documents hold a word: a fuzzy term scores as a constant.
        let words = builder.add_text_field(
            "words",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(generic)
                    .set_index_option(IndexRecordOption::Basic),
            ),
        );
        let date = builder.add_date_field(
            "date",
            DateOptions::default().set_indexed().set_fast().set_stored(),
        );
        let year_number = builder.add_i64_field("year_number", INDEXED | FAST);
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
        let facet_country = facet(&mut builder, FacetField::Country.name());
        let facet_region = facet(&mut builder, FacetField::Region.name());
        let facet_actor_type = facet(&mut builder, FacetField::ActorType.name());
        let facet_passage_topic = facet(&mut builder, FacetField::PassageTopic.name());

        let fields = Fields {
            id,
            source_file,
            symbol,
            base_symbol,
            title,
            text,
            text_by_language,
            text_other,
            words,
            date,
            year_number,
            payload,
            facet_topic,
            facet_forum,
            facet_session,
            facet_year,
            facet_language,
            facet_doc_type,
            facet_organization,
            facet_status,
            facet_country,
            facet_region,
            facet_actor_type,
            facet_passage_topic,
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
            FacetField::Country => fields.facet_country,
            FacetField::Region => fields.facet_region,
            FacetField::ActorType => fields.facet_actor_type,
            FacetField::PassageTopic => fields.facet_passage_topic,
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

    /// Creates an index in memory with the analysers registered (benchmarks and tests).
    pub fn create_index_in_ram(&self) -> Index {
        let index = Index::create_in_ram(self.schema.clone());
        analysis::register_analyzers(index.tokenizers());
        index
    }

    /// Opens the index in `directory`, creating it when the directory holds none.
    pub fn open_or_create_index(&self, directory: &Path) -> Result<Index, CoreError> {
        let mmap = tantivy::directory::MmapDirectory::open(directory)
            .map_err(|error| CoreError::Index(error.into()))?;
        self.open_or_create_index_in(mmap)
    }

    /// [`PlenarySchema::open_or_create_index`] in any Tantivy directory (the indexer's
    /// watches its writes).
    pub fn open_or_create_index_in(
        &self,
        directory: impl Into<Box<dyn tantivy::Directory>>,
    ) -> Result<Index, CoreError> {
        let index = Index::open_or_create(directory, self.schema.clone())?;
        analysis::register_analyzers(index.tokenizers());
        Ok(index)
    }

    /// Opens an existing index with the analysers registered; refuses an index of
    /// another schema, whose fields would not be where this one looks for them.
    pub fn open_index(&self, directory: &Path) -> Result<Index, CoreError> {
        let index = Index::open_in_dir(directory)?;
        if index.schema() != self.schema {
            return Err(CoreError::SchemaMismatch {
                path: directory.to_path_buf(),
            });
        }
        analysis::register_analyzers(index.tokenizers());
        Ok(index)
    }

    /// The analysed field of a language: its own, or `text_other`.
    pub fn analysed_text_field(&self, language: &str) -> Field {
        self.text_field_for_language(language)
            .unwrap_or(self.fields.text_other)
    }

    /// Every field the text of a document may be analysed in.
    pub fn analysed_text_fields(&self) -> Vec<Field> {
        let mut fields = self.fields.text_by_language.to_vec();
        fields.push(self.fields.text_other);
        fields
    }

    /// Maps a document onto its Tantivy document.
    pub fn to_tantivy(&self, document: &Document, taxonomy: &Taxonomy) -> TantivyDocument {
        self.to_tantivy_from(document, taxonomy, &document.source.file)
    }

    /// Maps a document onto its Tantivy document, filed under `source_file`: the file
    /// whose re-indexing replaces it, which for an enriched record is the record's file,
    /// not the original one its `source` names.
    pub fn to_tantivy_from(
        &self,
        document: &Document,
        taxonomy: &Taxonomy,
        source_file: &str,
    ) -> TantivyDocument {
        let fields = &self.fields;
        let mut record = TantivyDocument::default();
        record.add_text(fields.id, &document.id);
        record.add_text(fields.source_file, source_file);
        if let Some(symbol) = &document.symbol {
            record.add_text(fields.symbol, symbol);
        }
        if let Some(base) = document.symbol.as_deref().and_then(base_symbol_of) {
            record.add_text(fields.base_symbol, base);
        }
        if let Some(date) = document.date {
            record.add_date(fields.date, date_to_tantivy(date));
        }
        let year = document.year.or(document.date.map(|date| date.year()));
        if let Some(year) = year {
            record.add_i64(fields.year_number, i64::from(year));
        }
        for (field, value) in document_facets(document, taxonomy) {
            record.add_facet(self.facet(field), value);
        }
        record.add_text(fields.title, &document.title);
        record.add_text(fields.text, &document.text);
        let language_field = self.analysed_text_field(&document.language);
        record.add_text(language_field, &document.title);
        record.add_text(language_field, &document.text);
        record.add_text(fields.words, &document.title);
        record.add_text(fields.words, analysis::distinct_words(&document.text));
        // A paragraph in another language than its document's is also analysed as what it
        // is, so that its inflections are found; it is a small share of the text.
        for passage in &document.passages {
            let Some(language) = passage.language.as_deref() else {
                continue;
            };
            let field = self.analysed_text_field(language);
            if field != language_field {
                record.add_text(field, &passage.text);
            }
        }
        let stored = StoredDocument::from_document(document);
        // Serialising fails only for maps with keys that are not strings, which a stored
        // document does not have: an empty payload would lose the document silently.
        let payload = serde_json::to_string(&stored)
            .expect("a stored document is strings, numbers and lists: it always serialises");
        record.add_text(fields.payload, payload);
        record
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
    let meta = &document.meta;
    if let Some(country) = &meta.country {
        facets.push((FacetField::Country, Facet::from_path([country.as_str()])));
    }
    if let Some(region) = meta.region {
        facets.push((FacetField::Region, Facet::from_path([region.code()])));
    }
    if let Some(actor_type) = meta.actor_type {
        facets.push((FacetField::ActorType, Facet::from_path([actor_type.code()])));
    }
    let mut passage_topics: Vec<&str> = document
        .passages
        .iter()
        .flat_map(|passage| passage.topics.iter().map(String::as_str))
        .collect();
    passage_topics.sort_unstable();
    passage_topics.dedup();
    for slug in passage_topics {
        let path = taxonomy
            .facet_path(slug)
            .unwrap_or_else(|| format!("/{slug}"));
        if let Ok(facet) = Facet::from_text(&path) {
            facets.push((FacetField::PassageTopic, facet));
        }
    }
    facets
}

/// The symbol a corrigendum or revision refers to (`E/CN.7/2016/NGO/5/Corr.1` → `E/CN.7/2016/NGO/5`).
pub fn base_symbol_of(symbol: &str) -> Option<&str> {
    let (base, last) = symbol.rsplit_once('/')?;
    let is_version = ["Corr.", "Rev."]
        .iter()
        .any(|prefix| last.starts_with(prefix));
    is_version.then_some(base)
}

/// Converts a calendar date to Tantivy's date type (midnight UTC). Tantivy counts
/// nanoseconds in an `i64`, from 1677-09-21 to 2262-04-11: a date outside is the nearest
/// of the two, so that a filter from or to year 9999 still means what it says (where
/// the multiplication would wrap around and turn the range over).
pub fn date_to_tantivy(date: NaiveDate) -> DateTime {
    const NANOS_PER_SECOND: i64 = 1_000_000_000;
    let seconds = date
        .and_hms_opt(0, 0, 0)
        .map(|datetime| datetime.and_utc().timestamp())
        .unwrap_or_default();
    let nanos = seconds
        .checked_mul(NANOS_PER_SECOND)
        .unwrap_or(if seconds < 0 { i64::MIN } else { i64::MAX });
    DateTime::from_timestamp_nanos(nanos)
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
    }

    #[test]
    fn an_index_of_another_schema_is_refused_with_a_clear_error() {
        let directory = tempfile::tempdir().expect("temporary directory");
        let mut builder = Schema::builder();
        builder.add_text_field("text", STRING);
        Index::create_in_dir(directory.path(), builder.build()).expect("old index");
        let error = PlenarySchema::new()
            .open_index(directory.path())
            .expect_err("another schema");
        assert!(matches!(error, CoreError::SchemaMismatch { .. }), "{error}");
        assert!(error.to_string().contains("--full"));
    }

    #[test]
    fn a_document_is_one_record_analysed_in_its_language_field() {
        use crate::model::Passage;
        use tantivy::schema::Value;
        let schema = PlenarySchema::new();
        let taxonomy = Taxonomy::bundled();
        let document = Document {
            id: "h-1".into(),
            source: Source::file("a.txt"),
            item: None,
            symbol: None,
            title: "Les prisons".into(),
            forum: None,
            session: None,
            date: None,
            year: None,
            organization: None,
            consultative_status: None,
            doc_type: DocType::Statement,
            meta: DocumentMeta::default(),
            language: "fr".into(),
            language_confidence: 1.0,
            topics: Vec::new(),
            text: "Les prisons\n\nAn English quotation".into(),
            content_hash: "1".into(),
            passages: vec![
                Passage {
                    index: 0,
                    number: Some(1),
                    text: "Les prisons".into(),
                    topics: vec!["prisons".into()],
                    language: None,
                    spans: vec![[0, 11]],
                },
                Passage {
                    index: 1,
                    number: Some(2),
                    text: "An English quotation".into(),
                    topics: Vec::new(),
                    language: Some("en".into()),
                    spans: Vec::new(),
                },
            ],
        };
        let record = &schema.to_tantivy(&document, &taxonomy);
        let fields = schema.fields();
        let french = schema.text_field_for_language("fr").expect("fr field");
        let english = schema.text_field_for_language("en").expect("en field");
        assert_eq!(record.get_all(french).count(), 2, "title and text");
        assert_eq!(record.get_all(english).count(), 1, "the English paragraph");
        assert_eq!(record.get_all(fields.text_other).count(), 0);
        let payload = record
            .get_first(fields.payload)
            .and_then(|value| value.as_str())
            .expect("payload");
        // The paragraph read from the text is stored as its span, not as a second copy;
        // the other is stored as it is. Both come back whole.
        assert!(!payload.contains("Les prisons\",\"topics\""), "{payload}");
        assert!(payload.contains("\"spans\":[[0,11]]"), "{payload}");
        assert!(payload.contains("An English quotation"), "{payload}");
        let stored = StoredDocument::from_payload(payload, &document.text).expect("payload");
        assert_eq!(stored.passages, document.passages);
        // A payload whose spans do not fit the text is an error, not a panic.
        let error = StoredDocument::from_payload(payload, "Les").expect_err("a short text");
        assert!(error.to_string().contains("passage 0"), "{error}");
        // Read without topics, it is the same document with no topic, its own or its
        // paragraphs'.
        let meta = DocumentMeta {
            country: Some("FRA".into()),
            tags: vec!["Prisons".into()],
            ..DocumentMeta::default()
        };
        let document = Document {
            topics: vec![TopicAssignment {
                slug: "prisons".into(),
                score: 1.0,
                evidence: Vec::new(),
            }],
            symbol: Some("E/CN.15/2020/NGO/1".into()),
            date: NaiveDate::from_ymd_opt(2020, 5, 1),
            year: Some(2020),
            meta,
            ..document
        };
        let record = &schema.to_tantivy(&document, &taxonomy);
        let payload = record
            .get_first(fields.payload)
            .and_then(|value| value.as_str())
            .expect("payload");
        let mut expected = StoredDocument::from_payload_without_texts(payload).expect("payload");
        assert_eq!(expected.topics.len(), 1);
        expected.topics.clear();
        for passage in &mut expected.passages {
            passage.topics.clear();
        }
        let without_topics = StoredDocument::from_payload_without_topics(payload).expect("payload");
        assert_eq!(without_topics, expected);
        assert!(StoredDocument::from_payload_without_topics("{").is_err());
    }

    #[test]
    fn dates_beyond_tantivys_range_are_its_ends_in_order() {
        let day = |year, month, day| NaiveDate::from_ymd_opt(year, month, day).expect("a date");
        let ordered = [
            day(-2020, 1, 1),
            day(1000, 1, 1),
            day(1677, 9, 20),
            day(1970, 1, 1),
            day(2014, 2, 10),
            day(2262, 4, 12),
            day(9999, 12, 31),
        ]
        .map(date_to_tantivy);
        assert!(
            ordered.windows(2).all(|pair| pair[0] <= pair[1]),
            "{ordered:?}"
        );
        assert_eq!(ordered[0], ordered[2], "before the range: its start");
        assert_eq!(ordered[5], ordered[6], "after the range: its end");
        assert_eq!(ordered[4].into_timestamp_secs(), 1_391_990_400);
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
