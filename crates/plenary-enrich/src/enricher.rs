//! Assembles [`Document`]s from parsed text: metadata, language, topics, passages, identity.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use plenary_core::analysis::LANGUAGES;
use plenary_core::countries::{self, ActorType};
use plenary_core::model::UNDETERMINED_LANGUAGE;
use plenary_core::{
    DocType, Document, DocumentMeta, Forum, Passage, Source, Taxonomy, TopicAssignment,
};
use plenary_parse::{JsonlRecord, ParsedFile};

use crate::language::LanguageDetector;
use crate::tagger::TopicTagger;
use crate::topic_model::{self, TopicModel};
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
    /// The statistical topic model, when the taxonomy's `topic_model` setting asks for it.
    model: Option<TopicModel>,
}

/// A passage shorter than this is not tagged on its own (a heading, a signature line).
pub const MIN_TAGGED_PASSAGE_CHARS: usize = 80;
/// A paragraph is given a language of its own only when detection is this sure.
const MIN_PASSAGE_LANGUAGE_CONFIDENCE: f64 = 0.5;

impl Enricher {
    /// An enricher tagging with `taxonomy`, and with the bundled topic model when the
    /// taxonomy's `topic_model` setting is on.
    pub fn new(taxonomy: &Taxonomy) -> Enricher {
        let model = taxonomy.settings().topic_model.then(TopicModel::bundled);
        Enricher::with_model(taxonomy, model)
    }

    /// An enricher tagging with `taxonomy` and `model` (none: the rules alone).
    pub fn with_model(taxonomy: &Taxonomy, model: Option<TopicModel>) -> Enricher {
        Enricher {
            tagger: TopicTagger::new(taxonomy),
            detector: LanguageDetector::new(),
            model,
        }
    }

    /// The topic model used beside the rules, if any.
    pub fn model(&self) -> Option<&TopicModel> {
        self.model.as_ref()
    }

    /// Adds to `topics` (the rules' topics of a text in `language`) those the topic model
    /// gives and the rules did not, with their parents; nothing without a model.
    pub fn add_model_topics(&self, language: &str, text: &str, topics: &mut Vec<TopicAssignment>) {
        let Some(model) = &self.model else {
            return;
        };
        let taxonomy = self.tagger.taxonomy();
        let added = topic_model::add_model_topics(model, language, text, None, topics);
        topics.retain(|topic| taxonomy.get(&topic.slug).is_some());
        for slug in added {
            for ancestor in taxonomy.ancestors(&slug) {
                if !topics.iter().any(|topic| topic.slug == ancestor.slug) {
                    topics.push(TopicAssignment {
                        slug: ancestor.slug.clone(),
                        score: 1.0,
                        evidence: Vec::new(),
                    });
                }
            }
        }
    }

    pub fn tagger(&self) -> &TopicTagger {
        &self.tagger
    }

    pub fn detector(&self) -> &LanguageDetector {
        &self.detector
    }

    /// The documents of a parsed file: one, or one per item of a multi-item news page.
    pub fn documents_from_file(&self, file: &str, parsed: &ParsedFile) -> Vec<Document> {
        self.documents_from_text(file, &parsed.text(), &FileContext::of(parsed))
    }

    /// The documents of a text read from `file`: one, or one per item when the text is a
    /// page of news items.
    pub fn documents_from_text(
        &self,
        file: &str,
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
                Source::file(file),
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
                Source::item(file, u64::from(number)),
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
        source: Source,
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
                match language_in_file_name(&source.file) {
                    // A text too short to tell takes the language its file is named
                    // with (`recommendations.en.csv`), as UN and NGO files often are.
                    Some(named) if guess.code == UNDETERMINED_LANGUAGE => (named.to_string(), 0.5),
                    _ => (guess.code, guess.confidence),
                }
            }
        };
        let title = title
            .filter(|title| !title.trim().is_empty())
            .unwrap_or_else(|| untitled_title(&metadata, text, &source));
        // Paragraph languages are told for files; bulk records that state their language
        // are taken at their word (detecting every paragraph costs as much as the rest).
        let detect_paragraphs = stated.language.is_none();
        let mut passages = self.passages(text, layout, &language, detect_paragraphs);
        // One scan of the text tags the document and its paragraphs.
        let topics = match &stated.topics {
            Some(topics) => {
                self.tagger.tag_passages(
                    Some(&language),
                    text,
                    &mut passages,
                    MIN_TAGGED_PASSAGE_CHARS,
                );
                topics.clone()
            }
            None => {
                let mut topics = self.tagger.tag_with_passages(
                    Some(&language),
                    &title,
                    text,
                    &mut passages,
                    MIN_TAGGED_PASSAGE_CHARS,
                );
                self.add_model_topics(&language, text, &mut topics);
                topics
            }
        };
        let symbol = metadata
            .symbol
            .as_ref()
            .map(|symbol| symbol.as_str().to_string());
        let year = metadata.year;
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
    /// lacks is read from the text, detected or tagged as for files. A stated value that
    /// cannot be read is kept in the document's fields; [`Self::read_record`] also names it.
    /// The document's source is the record's line of `file`.
    pub fn document_from_record(&self, file: &str, record: &JsonlRecord) -> Document {
        self.read_record(file, record).0
    }

    /// [`Self::document_from_record`], with the values the record states that their
    /// fields cannot take (an unknown forum, a date that is not one), for the run's
    /// report: the user must learn that the document lacks them.
    pub fn read_record(&self, file: &str, record: &JsonlRecord) -> (Document, Vec<UnreadValue>) {
        let source = Source::item(file, record.line);
        let mut unread = Vec::new();
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
                source,
                &record.text,
                UnMetadata::default(),
                None,
                record.title.clone(),
                &stated,
            )
        } else {
            // The symbol and session the record states are read with its text: the symbol
            // is the document's (its body, type and year follow from it), and a stated
            // session tells a speech to the General Assembly.
            let mut meta = BTreeMap::new();
            if let Some(symbol) = non_empty(&record.symbol) {
                meta.insert("symbol".to_string(), symbol.to_string());
            }
            if let Some(session) = non_empty(&record.session) {
                meta.insert("session".to_string(), session.to_string());
            }
            let context = FileContext {
                title: record.title.clone(),
                meta,
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
                source,
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
                None => keep(meta, &mut unread, "date", date),
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
                None => keep(meta, &mut unread, "year", year),
            }
        }
        if let Some(organization) = non_empty(&record.organization) {
            document.organization = Some(organization.to_string());
        }
        if let Some(forum) = non_empty(&record.forum) {
            match Forum::from_str(forum) {
                Ok(forum) => document.forum = Some(forum),
                Err(_) => keep(meta, &mut unread, "forum", forum),
            }
        }
        if let Some(session) = non_empty(&record.session) {
            match leading_number(session) {
                Some(number) => {
                    document.session = Some(number);
                    // The stated session of a speech dates it when nothing else does.
                    if document.date.is_none() {
                        document.year =
                            un::speech_year(document.forum, document.session, document.doc_type)
                                .or(document.year);
                    }
                }
                None => keep(meta, &mut unread, "session", session),
            }
        }
        if let Some(doc_type) = non_empty(&record.doc_type) {
            match DocType::from_str(doc_type) {
                Ok(doc_type) => document.doc_type = doc_type,
                Err(_) => keep(meta, &mut unread, "doc_type", doc_type),
            }
        }
        if let Some(country) = non_empty(&record.country) {
            match countries::find_country(country) {
                Some(found) => {
                    meta.country = Some(found.code.clone());
                    meta.region = found.region;
                }
                None => keep(meta, &mut unread, "country", country),
            }
        }
        if let Some(recipient) = non_empty(&record.recipient) {
            match countries::find_country(recipient) {
                Some(found) => meta.recipient = Some(found.code.clone()),
                None => keep(meta, &mut unread, "recipient", recipient),
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
                keep(
                    meta,
                    &mut unread,
                    "actor_type",
                    stated_actor.unwrap_or_default(),
                );
                document.meta.actor_type = inferred_actor_type(&document);
            }
            None => document.meta.actor_type = inferred_actor_type(&document),
        }
        // A speech's title is made from its metadata once the stated ones are in.
        // One State recommending to another is the Universal Periodic Review's form: the
        // record is a recommendation, of the UPR unless it says otherwise.
        let state_to_state = document.meta.actor_type == Some(ActorType::State)
            && document
                .meta
                .recipient
                .as_deref()
                .and_then(countries::country_by_code)
                .is_some_and(|recipient| recipient.actor_type() == ActorType::State);
        if state_to_state {
            if non_empty(&record.doc_type).is_none() {
                document.doc_type = DocType::Recommendation;
            }
            if non_empty(&record.forum).is_none() && document.doc_type == DocType::Recommendation {
                document.forum = Some(Forum::Upr);
            }
        }
        if document.forum == Some(Forum::Upr) && document.year.is_none() {
            document.year = document.session.and_then(un::upr_session_year);
        }
        if non_empty(&record.title).is_none() && document.doc_type == DocType::Recommendation {
            document.title = recommendation_title(&document);
        }
        if non_empty(&record.title).is_none() && document.doc_type == DocType::Speech {
            let country = document
                .meta
                .country
                .as_deref()
                .and_then(countries::country_by_code)
                .map(|country| country.name.as_str());
            document.title =
                un::speech_title(country, document.forum, document.session, document.year);
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
        (document, unread)
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

/// A value a record states that its field cannot take: the document goes without it
/// in that field, and holds it in its fields under the field's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadValue {
    /// The record's field: `forum`, `session`, `date`, `doc_type`, `year`, ...
    pub field: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnreadValue {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{} {:?} cannot be read: indexed without it, the value kept in its fields as `{}`",
            self.field, self.value, self.field
        )
    }
}

/// Keeps a stated value that means nothing to its field (an unknown forum, a country
/// not in the table) with the document's other fields, so that it is not lost, and
/// notes it for the report.
fn keep(meta: &mut DocumentMeta, unread: &mut Vec<UnreadValue>, field: &'static str, value: &str) {
    meta.fields
        .entry(field.to_string())
        .or_insert_with(|| value.to_string());
    unread.push(UnreadValue {
        field,
        value: value.to_string(),
    });
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

/// The title of a document that has none: a speech's is made from its metadata; else
/// the first line of its text when it reads as a heading; else the name of its source,
/// never its opening words.
fn untitled_title(metadata: &UnMetadata, text: &str, source: &Source) -> String {
    if metadata.doc_type == DocType::Speech {
        return un::speech_title(None, metadata.forum, metadata.session, metadata.year);
    }
    // A first line is a heading when its paragraph is: hard-wrapped text has short
    // first lines that are only the start of a sentence.
    let first_paragraph = text.trim_start().split("\n\n").next().unwrap_or_default();
    let line = first_line(text);
    if un::is_heading_like(first_paragraph) {
        return line;
    }
    // The name as written, with the item of a file of several (`records.jsonl#5`).
    let written = source.to_string();
    let name = file_name(&written);
    if name.trim().is_empty() {
        return line;
    }
    name.to_string()
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

/// "Recommendation of Czechia to Afghanistan, Universal Periodic Review, 5th session": a
/// recommendation's title made from its metadata, its text being the recommendation.
fn recommendation_title(document: &Document) -> String {
    let name = |code: Option<&str>| {
        code.map(|code| {
            countries::country_by_code(code)
                .map_or(code.to_string(), |country| country.name.clone())
        })
    };
    let mut title = "Recommendation".to_string();
    if let Some(from) = name(document.meta.country.as_deref()) {
        title.push_str(&format!(" of {from}"));
    }
    if let Some(to) = name(document.meta.recipient.as_deref()) {
        title.push_str(&format!(" to {to}"));
    }
    if let Some(forum) = document.forum {
        title.push_str(&format!(", {}", forum.label()));
    }
    if let Some(session) = document.session {
        title.push_str(&format!(", session {session}"));
    }
    if let Some(year) = document.year {
        title.push_str(&format!(", {year}"));
    }
    title
}

/// The language a file's name gives as its last tag before the extension
/// (`statement.fr.pdf`, `recommendations.en.csv.gz`): one of the six official languages
/// only, so that a name such as `report.final.pdf` gives none.
fn language_in_file_name(file: &str) -> Option<&'static str> {
    let name = file_name(file).to_ascii_lowercase();
    name.split('.')
        .skip(1)
        .find_map(|tag| LANGUAGES.iter().find(|code| **code == tag).copied())
}

/// The last component of a path as the platform reads it: a backslash is part of a
/// name on Unix and a separator on Windows.
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_is_its_last_component_as_the_platform_reads_it() {
        assert_eq!(
            file_name("corpus/docs/statement.fr.pdf"),
            "statement.fr.pdf"
        );
        assert_eq!(file_name("records.jsonl#5"), "records.jsonl#5");
        assert_eq!(language_in_file_name("corpus/statement.fr.pdf"), Some("fr"));
        assert_eq!(language_in_file_name("corpus.fr/report.final.pdf"), None);
        if cfg!(unix) {
            assert_eq!(file_name("folder/back\\slash.txt"), "back\\slash.txt");
        } else {
            assert_eq!(file_name("folder\\back.txt"), "back.txt");
        }
    }
}
