//! A small real index written for the tests: hand-written documents mapped with
//! `PlenarySchema::to_tantivy`, as the indexer does.

#![allow(dead_code)]

pub mod server;

use std::path::Path;

use chrono::NaiveDate;
use plenary_core::model::{
    ConsultativeStatus, DocType, Document, Forum, Passage, TopicAssignment, TopicEvidence,
};
use plenary_core::schema::PlenarySchema;
use plenary_core::taxonomy::Taxonomy;

/// The labels of one fixture document; the text's paragraphs are separated by blank lines.
pub struct Fixture {
    pub symbol: Option<&'static str>,
    pub title: &'static str,
    pub forum: Option<Forum>,
    pub session: Option<u32>,
    pub date: Option<&'static str>,
    pub organization: Option<&'static str>,
    pub status: Option<ConsultativeStatus>,
    pub doc_type: DocType,
    pub language: &'static str,
    pub topics: &'static [&'static str],
    pub text: &'static str,
}

pub const FIXTURES: &[Fixture] = &[
    Fixture {
        symbol: Some("E/CN.7/2014/NGO/3"),
        title: "The death penalty for drug offences",
        forum: Some(Forum::Cnd),
        session: Some(57),
        date: Some("2014-03-01"),
        organization: Some("Harm Reduction International"),
        status: Some(ConsultativeStatus::Special),
        doc_type: DocType::Statement,
        language: "en",
        topics: &["drug-policy", "harm-reduction", "death-penalty"],
        text: "1. Thirty-three countries retain the death penalty for drug offences.\n\n\
               2. Executions for drug offences violate international law & the Covenant.\n\n\
               3. We call for harm reduction services, including needle exchange, in every prison.",
    },
    Fixture {
        symbol: Some("E/CN.7/2014/NGO/3"),
        title: "La peine de mort pour les infractions liées aux drogues",
        forum: Some(Forum::Cnd),
        session: Some(57),
        date: Some("2014-03-01"),
        organization: Some("Harm Reduction International"),
        status: Some(ConsultativeStatus::Special),
        doc_type: DocType::Statement,
        language: "fr",
        topics: &["drug-policy", "harm-reduction", "death-penalty"],
        text: "1. Trente-trois pays maintiennent la peine de mort pour les infractions liées aux drogues.\n\n\
               2. Les exécutions pour ces infractions violent le droit international.\n\n\
               3. Nous demandons des services de réduction des risques dans toutes les prisons.",
    },
    Fixture {
        symbol: Some("E/CN.15/2014/NGO/2"),
        title: "Prison conditions and the abolition of capital punishment",
        forum: Some(Forum::Ccpcj),
        session: Some(23),
        date: Some("2014-05-12"),
        organization: Some("Penal Reform International"),
        status: Some(ConsultativeStatus::Special),
        doc_type: DocType::Statement,
        language: "en",
        topics: &["prisons", "death-penalty"],
        text: "1. Overcrowded prisons hold thousands on death row.\n\n\
               2. The death penalty should be abolished and prison conditions reformed.",
    },
    Fixture {
        symbol: Some("E/CN.15/2019/NGO/1"),
        title: "Ending femicide",
        forum: Some(Forum::Ccpcj),
        session: Some(28),
        date: Some("2019-05-20"),
        organization: Some("Equality Now"),
        status: Some(ConsultativeStatus::General),
        doc_type: DocType::Statement,
        language: "en",
        topics: &["violence-against-women", "femicide"],
        text: "1. Femicide is the gender-related killing of women and girls.\n\n\
               2. States should collect data on femicide and violence against women.",
    },
    Fixture {
        symbol: Some("CAC/COSP/2019/NGO/2"),
        title: "Beneficial ownership transparency",
        forum: Some(Forum::Cosp),
        session: Some(8),
        date: Some("2019-12-16"),
        organization: Some("Transparency International"),
        status: Some(ConsultativeStatus::Special),
        doc_type: DocType::Statement,
        language: "en",
        topics: &["corruption"],
        text: "1. Corruption thrives where beneficial ownership is hidden.\n\n\
               2. Public registers of beneficial ownership curb corruption and money laundering.",
    },
    Fixture {
        symbol: Some("E/CN.7/2016/NGO/5"),
        title: "Harm reduction saves lives",
        forum: Some(Forum::Cnd),
        session: Some(59),
        date: Some("2016-03-10"),
        organization: Some("Harm Reduction International"),
        status: Some(ConsultativeStatus::Special),
        doc_type: DocType::Statement,
        language: "en",
        topics: &["drug-policy", "harm-reduction"],
        text: "1. Harm reduction saves lives: opioid substitution therapy and naloxone prevent overdose deaths.\n\n\
               2. Drug policy should put health first.",
    },
    Fixture {
        symbol: Some("E/CN.7/2016/NGO/5/Corr.1"),
        title: "Harm reduction saves lives (corrigendum)",
        forum: Some(Forum::Cnd),
        session: Some(59),
        date: Some("2016-03-14"),
        organization: Some("Harm Reduction International"),
        status: Some(ConsultativeStatus::Special),
        doc_type: DocType::Statement,
        language: "en",
        topics: &["drug-policy", "harm-reduction"],
        text: "1. In paragraph 1, for opioid substitution read opioid agonist therapy.",
    },
    Fixture {
        symbol: None,
        title: "NGOs at the Crime Congress discuss trafficking",
        forum: Some(Forum::CrimeCongress),
        session: Some(13),
        date: Some("2015-04-12"),
        organization: None,
        status: None,
        doc_type: DocType::News,
        language: "en",
        topics: &["organized-crime", "human-trafficking"],
        text: "Trafficking in persons & smuggling of migrants <b>discussed</b> at a side event in Doha.\n\n\
               Survivors of human trafficking spoke to the Congress.",
    },
    Fixture {
        symbol: Some("CTOC/COP/2018/NGO/1"),
        title: "La trata de personas y la delincuencia organizada",
        forum: Some(Forum::Cop),
        session: Some(9),
        date: Some("2018-10-15"),
        organization: Some("Fundación Libertad"),
        status: Some(ConsultativeStatus::Roster),
        doc_type: DocType::Statement,
        language: "es",
        topics: &["organized-crime", "human-trafficking"],
        text: "1. La trata de personas es un delito grave vinculado a la delincuencia organizada.\n\n\
               2. Las víctimas de trata necesitan protección.",
    },
    Fixture {
        symbol: None,
        title: "A note on cybercrime",
        forum: None,
        session: None,
        date: None,
        organization: None,
        status: None,
        doc_type: DocType::Other,
        language: "en",
        topics: &["cybercrime"],
        text: "Cybercrime and ransomware attacks on hospitals grow every year.",
    },
    // Undated documents side by side, so that paging and exports must cross them.
    Fixture {
        symbol: None,
        title: "=HYPERLINK(\"http://example.org\",\"Undated notes on prisons\")",
        forum: None,
        session: None,
        date: None,
        organization: None,
        status: None,
        doc_type: DocType::Other,
        language: "en",
        topics: &["prisons"],
        text: "Notes on pretrial detention, written without a date.",
    },
    Fixture {
        symbol: None,
        title: "Undated remarks on witness protection",
        forum: None,
        session: None,
        date: None,
        organization: None,
        status: None,
        doc_type: DocType::Other,
        language: "en",
        topics: &["victims"],
        text: "Remarks on the protection of witnesses who testify in criminal cases.",
    },
];

/// The fixture as documents, with ids, passages and hashes as the indexer makes them.
pub fn documents() -> Vec<Document> {
    FIXTURES
        .iter()
        .enumerate()
        .map(|(position, fixture)| document(position, fixture))
        .collect()
}

/// The document of `fixture`, as the indexer makes it, read from `fixture/<position>.txt`.
pub fn document(position: usize, fixture: &Fixture) -> Document {
    let text = fixture.text.to_string();
    let content_hash = Document::hash_text(&text);
    let date = fixture
        .date
        .and_then(|date| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok());
    let passages = text
        .split("\n\n")
        .enumerate()
        .map(|(index, paragraph)| {
            let paragraph = paragraph.trim();
            let number = paragraph
                .split_once(". ")
                .and_then(|(number, _)| number.parse().ok());
            // Stored as the indexer stores a paragraph: where it is in the text.
            let start = paragraph.as_ptr() as usize - text.as_ptr() as usize;
            let spans = vec![[start, start + paragraph.len()]];
            Passage {
                index: index as u32,
                number,
                text: Passage::text_from_spans(&text, &spans).unwrap_or_default(),
                spans,
                topics: Vec::new(),
                language: None,
            }
        })
        .collect();
    Document {
        id: Document::stable_id(fixture.symbol, fixture.language, &content_hash),
        source: plenary_core::Source::file(format!("fixture/{position}.txt")),
        item: None,
        symbol: fixture.symbol.map(str::to_string),
        title: fixture.title.to_string(),
        forum: fixture.forum,
        session: fixture.session,
        date,
        year: date.map(|date| chrono::Datelike::year(&date)),
        organization: fixture.organization.map(str::to_string),
        consultative_status: fixture.status,
        doc_type: fixture.doc_type,
        meta: plenary_core::DocumentMeta::default(),
        language: fixture.language.to_string(),
        language_confidence: 1.0,
        topics: fixture
            .topics
            .iter()
            .map(|slug| TopicAssignment {
                slug: slug.to_string(),
                score: 1.0,
                evidence: vec![TopicEvidence {
                    term: slug.replace('-', " "),
                    count: 1,
                    first_offset: 0,
                }],
            })
            .collect(),
        text,
        passages,
        content_hash,
    }
}

/// Writes the fixture index into `directory`.
pub fn write_index(directory: &Path) {
    write_documents(directory, &documents());
}

/// Writes `documents` as a new index into `directory`.
pub fn write_documents(directory: &Path, documents: &[Document]) {
    let schema = PlenarySchema::new();
    let taxonomy = Taxonomy::bundled();
    let index = schema.create_index(directory).expect("create the index");
    // One thread: one segment, in the order given (index order decides some listings).
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(1, 50_000_000)
        .expect("open a writer");
    for document in documents {
        writer
            .add_document(schema.to_tantivy(document, &taxonomy))
            .expect("add a record");
    }
    writer.commit().expect("commit");
}

/// How many fixture documents satisfy `keep`: expected counts come from the labels.
pub fn count_where(keep: impl Fn(&Fixture) -> bool) -> u64 {
    FIXTURES.iter().filter(|fixture| keep(fixture)).count() as u64
}
