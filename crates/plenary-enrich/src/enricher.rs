//! Assembles [`Document`]s from parsed text: metadata, language, topics, passages, identity.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::Datelike;
use plenary_core::model::UNDETERMINED_LANGUAGE;
use plenary_core::{DocType, Document, Forum, Passage, Taxonomy, TopicAssignment, TopicTagger};
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
            .unwrap_or_else(|| untitled_title(&metadata, text, &source));
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
        let year = metadata.year;
        let content_hash = Document::hash_text(text);
        Document {
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
            language,
            language_confidence,
            topics,
            text: text.to_string(),
            passages,
            content_hash,
        }
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
        if let Some(date) = non_empty(&record.date).and_then(un::parse_date) {
            document.date = Some(date);
            document.year = Some(date.year());
        }
        if let Some(organization) = non_empty(&record.organization) {
            document.organization = Some(organization.to_string());
        }
        if let Some(forum) = non_empty(&record.forum).and_then(|forum| Forum::from_str(forum).ok())
        {
            document.forum = Some(forum);
        }
        if let Some(session) = non_empty(&record.session).and_then(|session| session.parse().ok()) {
            document.session = Some(session);
            // The stated session of a speech dates it when nothing else does.
            if document.date.is_none() {
                document.year =
                    un::speech_year(document.forum, document.session, document.doc_type)
                        .or(document.year);
            }
        }
        if let Some(doc_type) =
            non_empty(&record.doc_type).and_then(|doc_type| DocType::from_str(doc_type).ok())
        {
            document.doc_type = doc_type;
        }
        // A speech's title is made from its metadata once the stated ones are in.
        if non_empty(&record.title).is_none() && document.doc_type == DocType::Speech {
            document.title =
                un::speech_title(None, document.forum, document.session, document.year);
        }
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

fn non_empty(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// The title of a document that has none: a speech's is made from its metadata; else
/// the first line of its text when it reads as a heading; else the name of its source,
/// never its opening words.
fn untitled_title(metadata: &UnMetadata, text: &str, source: &str) -> String {
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
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
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
