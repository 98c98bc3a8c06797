//! Assembles [`Document`]s from parsed text: metadata, language, topics, passages, identity.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use plenary_core::countries::{self, ActorType};
use plenary_core::model::UNDETERMINED_LANGUAGE;
use plenary_core::{
    DocType, Document, DocumentMeta, Forum, Passage, Taxonomy, TopicAssignment, TopicTagger,
};
use plenary_parse::{JsonlRecord, ParsedFile};

use crate::language::LanguageDetector;
use crate::un::{self, MetadataInput, UnMetadata};

/// What a file carried besides its body text.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    /// The file's own title (HTML `<title>`, DOCX or PDF title).
    pub title: Option<String>,
    /// File metadata (HTML meta tags, document properties), lowercase keys.
    pub meta: BTreeMap<String, String>,
    /// Page headers and footers.
    pub furniture: Vec<String>,
}

impl FileContext {
    /// The context of a parsed file.
    pub fn of(parsed: &ParsedFile) -> FileContext {
        FileContext {
            title: parsed.title.clone(),
            meta: parsed.meta.clone(),
            furniture: parsed.furniture.clone(),
        }
    }
}

/// What an input states about a document, taken instead of detecting or tagging.
#[derive(Debug, Default)]
struct Stated {
    language: Option<String>,
    topics: Option<Vec<TopicAssignment>>,
}

/// Turns text into documents. Built once per run and shared by the worker threads.
#[derive(Debug)]
pub struct Enricher {
    tagger: TopicTagger,
    detector: LanguageDetector,
}

/// A passage shorter than this is not tagged on its own (a heading, a signature line).
pub const MIN_TAGGED_PASSAGE_CHARS: usize = 80;
/// A paragraph is given a language of its own only when detection is this sure.
const MIN_PASSAGE_LANGUAGE_CONFIDENCE: f64 = 0.5;

impl Enricher {
    pub fn new(taxonomy: &Taxonomy) -> Enricher {
        Enricher {
            tagger: TopicTagger::new(taxonomy),
            detector: LanguageDetector::new(),
        }
    }

    pub fn tagger(&self) -> &TopicTagger {
        &self.tagger
    }

    pub fn detector(&self) -> &LanguageDetector {
        &self.detector
    }

    /// The documents of a parsed file: one, or one per item of a multi-item news page.
    pub fn documents_from_file(&self, source: &str, parsed: &ParsedFile) -> Vec<Document> {
        self.documents_from_text(source, &parsed.text(), &FileContext::of(parsed))
    }

    /// The documents of a text: one, or one per item when the text is a page of news items.
    pub fn documents_from_text(
        &self,
        source: &str,
        text: &str,
        context: &FileContext,
    ) -> Vec<Document> {
        let input = MetadataInput {
            furniture: &context.furniture,
            text,
            title_hint: context.title.as_deref(),
            meta: &context.meta,
        };
        let (metadata, layout) = un::read_metadata_and_layout(&input);
        // A document that says what it is (it has a symbol, or reads as a statement, CRP,
        // report or side-event summary) is one document even when rules separate its
        // header or footnotes; only the other pages are looked at for news items.
        let is_one_document = metadata.symbol.is_some()
            || matches!(
                metadata.doc_type,
                DocType::Statement | DocType::Crp | DocType::Report | DocType::SideEvent
            );
        let items = if is_one_document {
            None
        } else {
            un::split_items(text)
        };
        let Some(items) = items else {
            let title = metadata.title.clone().or_else(|| context.title.clone());
            return vec![self.assemble(
                source.to_string(),
                text,
                metadata,
                Some(&layout),
                title,
                &Stated::default(),
            )];
        };
        let mut item_meta = context.meta.clone();
        item_meta.insert("doc_type".to_string(), DocType::News.code().to_string());
        let mut documents = Vec::with_capacity(items.len());
        for (position, item) in items.iter().enumerate() {
            let number = position as u32 + 1;
            let input = MetadataInput {
                furniture: &[],
                text: &item.text,
                title_hint: Some(&item.title),
                meta: &item_meta,
            };
            let (metadata, layout) = un::read_metadata_and_layout(&input);
            let title = Some(item.title.clone());
            let mut document = self.assemble(
                format!("{source}#{number}"),
                &item.text,
                metadata,
                Some(&layout),
                title,
                &Stated::default(),
            );
            document.item = Some(number);
            documents.push(document);
        }
        documents
    }

    /// Builds a document from its text and metadata (with the layout of its first page,
    /// when the metadata were read from the text): language, passages, topics, identity.
    /// What the input states (`stated`) is taken as it is, not detected or tagged again.
    fn assemble(
        &self,
        source: String,
        text: &str,
        metadata: UnMetadata,
        layout: Option<&un::Layout>,
        title: Option<String>,
        stated: &Stated,
    ) -> Document {
        let stated_language = stated.language.clone().or(metadata.stated_language.clone());
        let (language, language_confidence) = match stated_language {
            Some(stated) => (stated, 1.0),
            None => {
                let guess = self.detector.detect(text);
                (guess.code, guess.confidence)
            }
        };
        let title = title
            .filter(|title| !title.trim().is_empty())
            .unwrap_or_else(|| first_line(text));
        // Paragraph languages are told for files; bulk records that state their language
        // are taken at their word (detecting every paragraph costs as much as the rest).
        let detect_paragraphs = stated.language.is_none();
        let mut passages = self.passages(text, layout, &language, detect_paragraphs);
        // One scan of the text tags the document and its paragraphs.
        let topics = match &stated.topics {
            Some(topics) => {
                self.tagger
                    .tag_passages(text, &mut passages, MIN_TAGGED_PASSAGE_CHARS);
                topics.clone()
            }
            None => {
                self.tagger
                    .tag_with_passages(&title, text, &mut passages, MIN_TAGGED_PASSAGE_CHARS)
            }
        };
        let symbol = metadata
            .symbol
            .as_ref()
            .map(|symbol| symbol.as_str().to_string());
        let year = metadata
            .date
            .map(|date| date.year())
            .or_else(|| metadata.symbol.as_ref().and_then(|symbol| symbol.year()));
        let content_hash = Document::hash_text(text);
        let mut document = Document {
            id: Document::stable_id(symbol.as_deref(), &language, &content_hash),
            source,
            item: None,
            symbol,
            title,
            forum: metadata.forum,
            session: metadata.session,
            date: metadata.date,
            year,
            organization: metadata.organization,
            consultative_status: metadata.consultative_status,
            doc_type: metadata.doc_type,
            meta: DocumentMeta::default(),
            language,
            language_confidence,
            topics,
            text: text.to_string(),
            passages,
            content_hash,
        };
        document.meta.actor_type = inferred_actor_type(&document);
        document
    }

    /// The numbered paragraphs of a text, each with, where it differs from the
    /// document's, its own language (their topics are tagged with the document's).
    fn passages(
        &self,
        text: &str,
        layout: Option<&un::Layout>,
        document_language: &str,
        detect_language: bool,
    ) -> Vec<Passage> {
        let mut passages = match layout {
            Some(layout) => un::number_paragraphs_with_layout(text, layout),
            None => un::number_paragraphs(text),
        };
        if !detect_language {
            return passages;
        }
        for passage in &mut passages {
            if passage.text.chars().count() < MIN_TAGGED_PASSAGE_CHARS {
                continue;
            }
            let guess = self
                .detector
                .detect_paragraph(&passage.text, document_language);
            let is_told = guess.code != UNDETERMINED_LANGUAGE
                && guess.confidence >= MIN_PASSAGE_LANGUAGE_CONFIDENCE;
            if is_told && guess.code != document_language {
                passage.language = Some(guess.code);
            }
        }
        passages
    }

    /// The document of one JSON Lines record: what the record gives is kept, what it
    /// lacks is read from the text, detected or tagged as for files.
    pub fn document_from_record(&self, source: &str, record: &JsonlRecord) -> Document {
        let stated = Stated {
            language: non_empty(&record.language).map(str::to_lowercase),
            topics: record
                .topics
                .as_ref()
                .map(|topics| self.assignments_from_slugs(topics)),
        };
        // A record that states its forum, date and type needs no reading of its text for
        // metadata: bulk exports usually carry it, and reading it costs a third of the run.
        let states_metadata = [&record.forum, &record.date, &record.doc_type]
            .iter()
            .all(|value| non_empty(value).is_some());
        let mut document = if states_metadata {
            self.assemble(
                source.to_string(),
                &record.text,
                UnMetadata::default(),
                None,
                record.title.clone(),
                &stated,
            )
        } else {
            let context = FileContext {
                title: record.title.clone(),
                ..FileContext::default()
            };
            let input = MetadataInput {
                furniture: &[],
                text: &record.text,
                title_hint: context.title.as_deref(),
                meta: &context.meta,
            };
            let (metadata, layout) = un::read_metadata_and_layout(&input);
            let title = metadata.title.clone().or_else(|| context.title.clone());
            self.assemble(
                source.to_string(),
                &record.text,
                metadata,
                Some(&layout),
                title,
                &stated,
            )
        };
        if let Some(symbol) = non_empty(&record.symbol) {
            document.symbol = Some(symbol.to_string());
        }
        if let Some(title) = non_empty(&record.title) {
            document.title = title.to_string();
        }
        if let Some(language) = non_empty(&record.language) {
            document.language = language.to_lowercase();
            document.language_confidence = 1.0;
        }
        let meta = &mut document.meta;
        if let Some(date) = non_empty(&record.date) {
            match parse_stated_date(date) {
                Some(date) => {
                    document.date = Some(date);
                    document.year = Some(date.year());
                }
                None => keep(meta, "date", date),
            }
        }
        if let Some(year) = non_empty(&record.year) {
            match leading_number(year).and_then(|year| i32::try_from(year).ok()) {
                Some(year) => {
                    document.year = Some(year);
                    // A date read from the text that contradicts the stated year is not its date.
                    if document.date.is_some_and(|date| date.year() != year) {
                        document.date = None;
                    }
                }
                None => keep(meta, "year", year),
            }
        }
        if let Some(organization) = non_empty(&record.organization) {
            document.organization = Some(organization.to_string());
        }
        if let Some(forum) = non_empty(&record.forum) {
            match Forum::from_str(forum) {
                Ok(forum) => document.forum = Some(forum),
                Err(_) => keep(meta, "forum", forum),
            }
        }
        if let Some(session) = non_empty(&record.session) {
            match leading_number(session) {
                Some(number) => document.session = Some(number),
                None => keep(meta, "session", session),
            }
        }
        if let Some(doc_type) = non_empty(&record.doc_type) {
            match DocType::from_str(doc_type) {
                Ok(doc_type) => document.doc_type = doc_type,
                Err(_) => keep(meta, "doc_type", doc_type),
            }
        }
        if let Some(country) = non_empty(&record.country) {
            match countries::find_country(country) {
                Some(found) => {
                    meta.country = Some(found.code.clone());
                    meta.region = found.region;
                }
                None => keep(meta, "country", country),
            }
        }
        if let Some(recipient) = non_empty(&record.recipient) {
            match countries::find_country(recipient) {
                Some(found) => meta.recipient = Some(found.code.clone()),
                None => keep(meta, "recipient", recipient),
            }
        }
        meta.speaker = non_empty(&record.speaker).map(str::to_string);
        meta.url = non_empty(&record.url).map(str::to_string);
        meta.tags = record.tags.clone();
        for (name, value) in &record.fields {
            meta.fields.insert(name.clone(), value.clone());
        }
        let stated_actor = non_empty(&record.actor_type);
        match stated_actor.map(ActorType::from_str) {
            Some(Ok(actor_type)) => meta.actor_type = Some(actor_type),
            Some(Err(_)) => {
                keep(meta, "actor_type", stated_actor.unwrap_or_default());
                document.meta.actor_type = inferred_actor_type(&document);
            }
            None => document.meta.actor_type = inferred_actor_type(&document),
        }
        // A record's own id names it; without one, its symbol and language or its text do.
        document.id = match non_empty(&record.id) {
            Some(id) => id.to_string(),
            None => Document::stable_id(
                document.symbol.as_deref(),
                &document.language,
                &document.content_hash,
            ),
        };
        if document.language.is_empty() {
            document.language = UNDETERMINED_LANGUAGE.to_string();
        }
        document
    }
}

impl Enricher {
    /// Topic assignments for slugs given by the input, with their ancestors; unknown slugs
    /// are kept as they are (a user's labels may use topics this taxonomy lacks).
    fn assignments_from_slugs(&self, slugs: &[String]) -> Vec<TopicAssignment> {
        let taxonomy = self.tagger.taxonomy();
        let mut seen: Vec<String> = Vec::new();
        for slug in slugs {
            let slug = slug.trim();
            if slug.is_empty() {
                continue;
            }
            for ancestor in taxonomy.ancestors(slug) {
                if !seen.contains(&ancestor.slug) {
                    seen.push(ancestor.slug.clone());
                }
            }
            if !seen.iter().any(|known| known == slug) {
                seen.push(slug.to_string());
            }
        }
        seen.into_iter()
            .map(|slug| TopicAssignment {
                slug,
                score: 1.0,
                evidence: Vec::new(),
            })
            .collect()
    }
}

/// Who speaks in a document, from what it says: an NGO's statement (its organization
/// read from the standard sentence, or stated), a State's or an organization's speech
/// (its country), a UN entity's report (a symbol and no speaker).
fn inferred_actor_type(document: &Document) -> Option<ActorType> {
    if document.organization.is_some() || document.doc_type == DocType::Statement {
        return Some(ActorType::Ngo);
    }
    if let Some(country) = document
        .meta
        .country
        .as_deref()
        .and_then(countries::country_by_code)
    {
        return Some(country.actor_type());
    }
    if document.symbol.is_some() && document.doc_type == DocType::Report {
        return Some(ActorType::UnEntity);
    }
    None
}

/// Keeps a stated value that means nothing to its field (an unknown forum, a country
/// not in the table) with the document's other fields, so that it is not lost.
fn keep(meta: &mut DocumentMeta, field: &str, value: &str) {
    meta.fields
        .entry(field.to_string())
        .or_insert_with(|| value.to_string());
}

/// The number a value starts with (`65`, `65th`, `2010-09-23` → 2010).
fn leading_number(value: &str) -> Option<u32> {
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A date as inputs write it: ISO (with a time or not), `23 September 2010` and the
/// other written forms of the six languages, `23/09/2010`, `23.09.2010`, `2010/09/23`.
fn parse_stated_date(value: &str) -> Option<NaiveDate> {
    let value = value.trim();
    let day_part = value.split(['T', ' ']).next().unwrap_or(value);
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(day_part, format) {
            return Some(date);
        }
    }
    un::parse_date(value)
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// The first non-empty line of a text, shortened: the title of last resort.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    line.chars().take(160).collect()
}
