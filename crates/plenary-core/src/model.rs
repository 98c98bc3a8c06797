//! The document model: what the indexer produces and the index stores.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::countries::{ActorType, Region};

/// A UN body where statements are made: the Vienna bodies where civil society speaks,
/// and the principal organs, commissions and treaty bodies whose documents a researcher's
/// corpus also holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Forum {
    /// Commission on Narcotic Drugs (`E/CN.7/...`).
    #[serde(rename = "CND")]
    Cnd,
    /// Commission on Crime Prevention and Criminal Justice (`E/CN.15/...`).
    #[serde(rename = "CCPCJ")]
    Ccpcj,
    /// Conference of the States Parties to the UN Convention against Corruption (`CAC/COSP/...`).
    #[serde(rename = "COSP")]
    Cosp,
    /// Implementation Review Group of the UNCAC (`CAC/COSP/IRG/...`).
    #[serde(rename = "IRG")]
    Irg,
    /// Conference of the Parties to the UN Convention against Transnational Organized Crime (`CTOC/COP/...`).
    #[serde(rename = "COP")]
    Cop,
    /// United Nations Congress on Crime Prevention and Criminal Justice (`A/CONF.<n>/...`).
    #[serde(rename = "CONGRESS")]
    CrimeCongress,
    /// The General Assembly, its plenary and General Debate, subsidiary bodies and conferences (`A/...`).
    #[serde(rename = "GA")]
    GeneralAssembly,
    /// The First Committee of the General Assembly (`A/C.1/...`).
    #[serde(rename = "GA1")]
    FirstCommittee,
    /// The Second Committee of the General Assembly (`A/C.2/...`).
    #[serde(rename = "GA2")]
    SecondCommittee,
    /// The Third Committee of the General Assembly (`A/C.3/...`).
    #[serde(rename = "GA3")]
    ThirdCommittee,
    /// The Fourth Committee of the General Assembly (`A/C.4/...`).
    #[serde(rename = "GA4")]
    FourthCommittee,
    /// The Fifth Committee of the General Assembly (`A/C.5/...`).
    #[serde(rename = "GA5")]
    FifthCommittee,
    /// The Sixth Committee of the General Assembly (`A/C.6/...`).
    #[serde(rename = "GA6")]
    SixthCommittee,
    /// The Security Council (`S/...`).
    #[serde(rename = "SC")]
    SecurityCouncil,
    /// The Economic and Social Council and its other subsidiary bodies (`E/...`).
    #[serde(rename = "ECOSOC")]
    Ecosoc,
    /// The Human Rights Council (`A/HRC/...`).
    #[serde(rename = "HRC")]
    HumanRightsCouncil,
    /// The Working Group on the Universal Periodic Review (`A/HRC/WG.6/...`).
    #[serde(rename = "UPR")]
    Upr,
    /// The Commission on the Status of Women (`E/CN.6/...`).
    #[serde(rename = "CSW")]
    Csw,
    /// The Committee on the Elimination of Discrimination against Women (`CEDAW/C/...`).
    #[serde(rename = "CEDAW")]
    Cedaw,
    /// The Committee on the Rights of the Child (`CRC/C/...`).
    #[serde(rename = "CRC")]
    Crc,
    /// The Human Rights Committee (`CCPR/C/...`).
    #[serde(rename = "CCPR")]
    Ccpr,
    /// The Committee against Torture and its Subcommittee on Prevention (`CAT/...`).
    #[serde(rename = "CAT")]
    Cat,
    /// The Committee on the Elimination of Racial Discrimination (`CERD/C/...`).
    #[serde(rename = "CERD")]
    Cerd,
    /// The Committee on Economic, Social and Cultural Rights (`E/C.12/...`).
    #[serde(rename = "CESCR")]
    Cescr,
    /// The Committee on Migrant Workers (`CMW/C/...`).
    #[serde(rename = "CMW")]
    Cmw,
    /// The Committee on the Rights of Persons with Disabilities (`CRPD/C/...`).
    #[serde(rename = "CRPD")]
    Crpd,
    /// The Committee on Enforced Disappearances (`CED/C/...`).
    #[serde(rename = "CED")]
    Ced,
}

impl Forum {
    pub const ALL: [Forum; 27] = [
        Forum::Cnd,
        Forum::Ccpcj,
        Forum::Cosp,
        Forum::Irg,
        Forum::Cop,
        Forum::CrimeCongress,
        Forum::GeneralAssembly,
        Forum::FirstCommittee,
        Forum::SecondCommittee,
        Forum::ThirdCommittee,
        Forum::FourthCommittee,
        Forum::FifthCommittee,
        Forum::SixthCommittee,
        Forum::SecurityCouncil,
        Forum::Ecosoc,
        Forum::HumanRightsCouncil,
        Forum::Upr,
        Forum::Csw,
        Forum::Cedaw,
        Forum::Crc,
        Forum::Ccpr,
        Forum::Cat,
        Forum::Cerd,
        Forum::Cescr,
        Forum::Cmw,
        Forum::Crpd,
        Forum::Ced,
    ];

    /// The Vienna bodies, whose civil-society statements Plenary was made for.
    pub const VIENNA: [Forum; 6] = [
        Forum::Cnd,
        Forum::Ccpcj,
        Forum::Cosp,
        Forum::Irg,
        Forum::Cop,
        Forum::CrimeCongress,
    ];

    /// The short code used in facets, filters and JSON (`CND`, `CCPCJ`, `GA`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Forum::Cnd => "CND",
            Forum::Ccpcj => "CCPCJ",
            Forum::Cosp => "COSP",
            Forum::Irg => "IRG",
            Forum::Cop => "COP",
            Forum::CrimeCongress => "CONGRESS",
            Forum::GeneralAssembly => "GA",
            Forum::FirstCommittee => "GA1",
            Forum::SecondCommittee => "GA2",
            Forum::ThirdCommittee => "GA3",
            Forum::FourthCommittee => "GA4",
            Forum::FifthCommittee => "GA5",
            Forum::SixthCommittee => "GA6",
            Forum::SecurityCouncil => "SC",
            Forum::Ecosoc => "ECOSOC",
            Forum::HumanRightsCouncil => "HRC",
            Forum::Upr => "UPR",
            Forum::Csw => "CSW",
            Forum::Cedaw => "CEDAW",
            Forum::Crc => "CRC",
            Forum::Ccpr => "CCPR",
            Forum::Cat => "CAT",
            Forum::Cerd => "CERD",
            Forum::Cescr => "CESCR",
            Forum::Cmw => "CMW",
            Forum::Crpd => "CRPD",
            Forum::Ced => "CED",
        }
    }

    /// The body's name in English.
    pub fn label(self) -> &'static str {
        match self {
            Forum::Cnd => "Commission on Narcotic Drugs",
            Forum::Ccpcj => "Commission on Crime Prevention and Criminal Justice",
            Forum::Cosp => "UNCAC Conference of the States Parties",
            Forum::Irg => "UNCAC Implementation Review Group",
            Forum::Cop => "UNTOC Conference of the Parties",
            Forum::CrimeCongress => "UN Crime Congress",
            Forum::GeneralAssembly => "General Assembly",
            Forum::FirstCommittee => {
                "General Assembly First Committee (Disarmament and International Security)"
            }
            Forum::SecondCommittee => "General Assembly Second Committee (Economic and Financial)",
            Forum::ThirdCommittee => {
                "General Assembly Third Committee (Social, Humanitarian and Cultural)"
            }
            Forum::FourthCommittee => {
                "General Assembly Fourth Committee (Special Political and Decolonization)"
            }
            Forum::FifthCommittee => {
                "General Assembly Fifth Committee (Administrative and Budgetary)"
            }
            Forum::SixthCommittee => "General Assembly Sixth Committee (Legal)",
            Forum::SecurityCouncil => "Security Council",
            Forum::Ecosoc => "Economic and Social Council",
            Forum::HumanRightsCouncil => "Human Rights Council",
            Forum::Upr => "Universal Periodic Review",
            Forum::Csw => "Commission on the Status of Women",
            Forum::Cedaw => "Committee on the Elimination of Discrimination against Women",
            Forum::Crc => "Committee on the Rights of the Child",
            Forum::Ccpr => "Human Rights Committee",
            Forum::Cat => "Committee against Torture",
            Forum::Cerd => "Committee on the Elimination of Racial Discrimination",
            Forum::Cescr => "Committee on Economic, Social and Cultural Rights",
            Forum::Cmw => "Committee on Migrant Workers",
            Forum::Crpd => "Committee on the Rights of Persons with Disabilities",
            Forum::Ced => "Committee on Enforced Disappearances",
        }
    }

    /// Whether the body meets in Vienna.
    pub fn is_vienna(self) -> bool {
        Forum::VIENNA.contains(&self)
    }
}

impl fmt::Display for Forum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Forum {
    type Err = CoreError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        find_by_code(Forum::ALL, Forum::code, "forum", value, value.trim())
    }
}

/// What kind of document a text is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    /// A written or oral statement of a non-governmental organization.
    Statement,
    /// A conference room paper.
    Crp,
    /// A summary of a side event.
    SideEvent,
    /// A news item.
    News,
    /// A report (of a meeting, of the Secretariat, of a working group).
    Report,
    /// A speech of a State's representative, as in the General Debate of the General Assembly.
    Speech,
    /// A recommendation of one State to another, as in the Universal Periodic Review.
    Recommendation,
    /// Anything else.
    #[default]
    Other,
}

impl DocType {
    pub const ALL: [DocType; 8] = [
        DocType::Statement,
        DocType::Crp,
        DocType::SideEvent,
        DocType::News,
        DocType::Report,
        DocType::Speech,
        DocType::Recommendation,
        DocType::Other,
    ];

    /// The code used in facets, filters and JSON.
    pub fn code(self) -> &'static str {
        match self {
            DocType::Statement => "statement",
            DocType::Crp => "crp",
            DocType::SideEvent => "side_event",
            DocType::News => "news",
            DocType::Report => "report",
            DocType::Speech => "speech",
            DocType::Recommendation => "recommendation",
            DocType::Other => "other",
        }
    }
}

impl fmt::Display for DocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for DocType {
    type Err = CoreError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let wanted = value.trim().replace('-', "_");
        find_by_code(DocType::ALL, DocType::code, "document type", value, &wanted)
    }
}

/// The consultative status of a non-governmental organization with ECOSOC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultativeStatus {
    General,
    Special,
    Roster,
}

impl ConsultativeStatus {
    pub const ALL: [ConsultativeStatus; 3] = [
        ConsultativeStatus::General,
        ConsultativeStatus::Special,
        ConsultativeStatus::Roster,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ConsultativeStatus::General => "general",
            ConsultativeStatus::Special => "special",
            ConsultativeStatus::Roster => "roster",
        }
    }
}

impl fmt::Display for ConsultativeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ConsultativeStatus {
    type Err = CoreError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        find_by_code(
            ConsultativeStatus::ALL,
            ConsultativeStatus::code,
            "consultative status",
            value,
            value.trim(),
        )
    }
}

/// The one of `all` whose `code` is `wanted` (in any case), or an error naming `kind`,
/// the `value` given and every code: how each enum written as a code is read.
fn find_by_code<T: Copy, const N: usize>(
    all: [T; N],
    code: fn(T) -> &'static str,
    kind: &'static str,
    value: &str,
    wanted: &str,
) -> Result<T, CoreError> {
    all.into_iter()
        .find(|item| code(*item).eq_ignore_ascii_case(wanted))
        .ok_or_else(|| CoreError::UnknownValue {
            kind,
            value: value.to_string(),
            expected: all.map(code).join(", "),
        })
}

/// Where a topic's terms were found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicEvidence {
    /// The taxonomy term that matched, as written in the taxonomy.
    pub term: String,
    /// How many times it matched.
    pub count: u32,
    /// Byte offset of the first match in the normalized text.
    pub first_offset: usize,
}

/// A topic assigned to a document or passage, with its score and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TopicAssignment {
    pub slug: String,
    pub score: f32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<TopicEvidence>,
}

/// A paragraph of a document, the unit a citation points to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Position among the document's passages, from 0.
    pub index: u32,
    /// The paragraph number as printed in the document (UN paragraphs are numbered), if any.
    pub number: Option<u32>,
    /// Left out where the index stores the passage, which keeps its `spans` instead.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Slugs of the topics this paragraph is about.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The paragraph's own language when it can be told and differs from nothing in
    /// particular (a quotation in another language, a bilingual document); `None` when
    /// the paragraph is too short to tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Where the paragraph is in its document's text: byte ranges `[start, end)` whose
    /// pieces, each run of whitespace made one space, are `text`
    /// ([`Passage::text_from_spans`]). Empty when the text was not read from a document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<[usize; 2]>,
}

impl Passage {
    /// The text of a passage from the spans of its document's text: the pieces in order,
    /// one space between words. `None` when a span is not a range of `text` (an index
    /// written from another text).
    ///
    /// ```
    /// use plenary_core::Passage;
    /// let text = "12. The death\r\n  penalty\nPage 3\nfor drug offences";
    /// assert_eq!(
    ///     Passage::text_from_spans(text, &[[4, 24], [32, 49]]).as_deref(),
    ///     Some("The death penalty for drug offences")
    /// );
    /// assert_eq!(Passage::text_from_spans(text, &[[4, 99]]), None);
    /// // Unicode's whitespace, the no-break space and the vertical tab included.
    /// let spaced = "a\u{a0}b\x0Bc d";
    /// assert_eq!(Passage::text_from_spans(spaced, &[[0, 8]]).as_deref(), Some("a b c d"));
    /// assert_eq!(Passage::text_from_spans("a\x0Bb", &[[0, 3]]).as_deref(), Some("a b"));
    /// ```
    pub fn text_from_spans(text: &str, spans: &[[usize; 2]]) -> Option<String> {
        let capacity = spans
            .iter()
            .map(|[start, end]| end.saturating_sub(*start))
            .sum();
        let mut joined = String::with_capacity(capacity);
        for &[start, end] in spans {
            crate::analysis::push_collapsing_whitespace(&mut joined, text.get(start..end)?);
        }
        Some(joined)
    }

    /// The passage's text: its own, or for a passage stored as spans, made from its
    /// document's stored `text`.
    pub fn text_in<'a>(&'a self, text: &str) -> Result<Cow<'a, str>, crate::CoreError> {
        if !self.text.is_empty() || self.spans.is_empty() {
            return Ok(Cow::Borrowed(&self.text));
        }
        Passage::text_from_spans(text, &self.spans)
            .map(Cow::Owned)
            .ok_or_else(|| crate::CoreError::Payload {
                message: format!(
                    "passage {} points outside the document's {} bytes of text",
                    self.index,
                    text.len()
                ),
            })
    }

    /// Gives a passage stored as spans its text, from its document's stored `text`
    /// (nothing to do for a passage that has its text).
    pub fn fill_text(&mut self, text: &str) -> Result<(), crate::CoreError> {
        if let Cow::Owned(filled) = self.text_in(text)? {
            self.text = filled;
        }
        Ok(())
    }
}

/// Who speaks in a document and what its input gave besides its text: the part of a
/// document's metadata that the document, its stored form, a hit, the document view,
/// briefs and exports all carry whole, so that a field added here is added everywhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Who speaks: a State, an NGO, a UN entity, an intergovernmental body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_type: Option<ActorType>,
    /// The country that speaks, ISO 3166-1 alpha-3 (`ESP`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The UN regional group of that country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    /// The person who speaks, as the input names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The country a recommendation is addressed to (the State under review), alpha-3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    /// Where the document was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Labels the input gave the document (issue tags of a recommendation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The input's fields that map to none of the above, kept as given (by source name).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl DocumentMeta {
    /// The English short name of the country.
    pub fn country_name(&self) -> Option<&'static str> {
        let code = self.country.as_deref()?;
        crate::countries::country_by_code(code).map(|country| country.name.as_str())
    }
}

/// Where a document was read from: its file, and which of the file's documents it is
/// when the file holds several (the line of a bulk file's record, the number of a page's
/// news item).
///
/// It is written `file#N` (`file` alone for a file read whole): the form stored in the
/// index, written in enriched records and the API, and read back by [`FromStr`], so that
/// the `#` is joined in [`fmt::Display`] and split in [`FromStr`] and nowhere else. A file
/// name may itself hold a `#` (`notes#2.txt`): only a last `#` followed by digits alone
/// names an item, so a file read whole whose name ends in `#` and digits reads back as
/// an item of the file before it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The file, as it was given to read (a path, or a name).
    pub file: String,
    /// The 1-based line of a bulk file's record, or number of a page's news item.
    pub item: Option<u64>,
}

impl Source {
    /// A file read as one document.
    pub fn file(file: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            item: None,
        }
    }

    /// The `item`-th document of a file that holds several.
    pub fn item(file: impl Into<String>, item: u64) -> Source {
        Source {
            file: file.into(),
            item: Some(item),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(item) => write!(formatter, "{}#{item}", self.file),
            None => formatter.write_str(&self.file),
        }
    }
}

impl FromStr for Source {
    type Err = std::convert::Infallible;

    /// Reads `file#N` back; any other text is a file's name, `#` and all.
    fn from_str(text: &str) -> Result<Source, Self::Err> {
        let item = text.rsplit_once('#').and_then(|(file, item)| {
            let is_number = !item.is_empty() && item.bytes().all(|byte| byte.is_ascii_digit());
            let number = item.parse().ok().filter(|_| is_number)?;
            Some(Source::item(file, number))
        });
        Ok(item.unwrap_or_else(|| Source::file(text)))
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Source, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        let Ok(source) = text.parse();
        Ok(source)
    }
}

/// One document as Plenary indexes it: text, UN metadata, language and topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier, see [`Document::stable_id`].
    pub id: String,
    /// The file the document was read from, and its item in a file of several.
    pub source: Source,
    /// 1-based position of the item on a multi-item page.
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
    /// ISO 639-1 code, or `und` when it cannot be told.
    pub language: String,
    pub language_confidence: f64,
    pub topics: Vec<TopicAssignment>,
    /// The body text, paragraphs separated by blank lines.
    pub text: String,
    pub passages: Vec<Passage>,
    /// blake3 of the text, hex.
    pub content_hash: String,
}

/// The language code of a text whose language cannot be told.
pub const UNDETERMINED_LANGUAGE: &str = "und";

impl Document {
    /// Builds the stable identifier of a document: from its symbol and language when it
    /// has a symbol (so that re-indexing the same document, from any file, replaces it),
    /// else from its content hash.
    ///
    /// ```
    /// use plenary_core::Document;
    /// assert_eq!(Document::stable_id(Some("E/CN.7/2014/NGO/3"), "en", "ab12"), "E_CN.7_2014_NGO_3.en");
    /// assert_eq!(Document::stable_id(None, "fr", "ab12cd"), "h-ab12cd");
    /// ```
    pub fn stable_id(symbol: Option<&str>, language: &str, content_hash: &str) -> String {
        match symbol {
            Some(symbol) if !symbol.trim().is_empty() => {
                let compact: String = symbol
                    .trim()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| if c == '/' { '_' } else { c })
                    .collect();
                format!("{compact}.{language}")
            }
            _ => format!("h-{content_hash}"),
        }
    }

    /// Hashes a text for [`Document::content_hash`]: the first 16 bytes of blake3, hex.
    pub fn hash_text(text: &str) -> String {
        let hash = blake3::hash(text.as_bytes());
        hash.to_hex()[..32].to_string()
    }

    /// Slugs of the assigned topics.
    pub fn topic_slugs(&self) -> impl Iterator<Item = &str> {
        self.topics.iter().map(|topic| topic.slug.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_enriched_line_written_from_a_borrowed_document_reads_back_as_its_record() {
        let document = Document {
            id: "E_CN.7_2014_NGO_3.en".into(),
            source: Source::item("records.jsonl", 3),
            item: None,
            symbol: Some("E/CN.7/2014/NGO/3".into()),
            title: "Statement".into(),
            forum: Some(Forum::Cnd),
            session: Some(57),
            date: NaiveDate::from_ymd_opt(2014, 3, 13),
            year: Some(2014),
            organization: Some("Harm Reduction International".into()),
            consultative_status: None,
            doc_type: DocType::Statement,
            meta: DocumentMeta::default(),
            language: "en".into(),
            language_confidence: 0.99,
            topics: Vec::new(),
            text: "The death penalty for drug offences.".into(),
            passages: Vec::new(),
            content_hash: "ab12".into(),
        };
        let line = EnrichedRecord::line_of(&document).unwrap();
        assert!(line.starts_with(EnrichedRecord::PREFIX.as_bytes()));
        let read: EnrichedRecord = serde_json::from_slice(&line).unwrap();
        assert_eq!(read, EnrichedRecord::new(document));
    }

    /// Checks that `text` reads as `expected` and is written back as it was.
    fn check_source(text: &str, expected: Source) {
        let read: Source = text.parse().unwrap();
        assert_eq!(read, expected, "{text}");
        assert_eq!(read.to_string(), text);
        let json = serde_json::to_string(&read).unwrap();
        assert_eq!(json, serde_json::to_string(text).unwrap());
        assert_eq!(serde_json::from_str::<Source>(&json).unwrap(), expected);
    }

    #[test]
    fn sources_round_trip_through_their_written_form() {
        check_source("corpus/statement.pdf", Source::file("corpus/statement.pdf"));
        check_source("corpus/news.html#3", Source::item("corpus/news.html", 3));
        check_source(
            "records.jsonl#120000",
            Source::item("records.jsonl", 120_000),
        );
        check_source("", Source::file(""));
    }

    #[test]
    fn a_hash_in_a_file_name_stays_in_the_file_name() {
        check_source("notes#draft.txt", Source::file("notes#draft.txt"));
        check_source("a#1/b.txt", Source::file("a#1/b.txt"));
        check_source(
            "issue#7 notes.jsonl#42",
            Source::item("issue#7 notes.jsonl", 42),
        );
        check_source("x#y#5", Source::item("x#y", 5));
        check_source("ends with#", Source::file("ends with#"));
        check_source("#", Source::file("#"));
        check_source("a##3", Source::item("a#", 3));
        // Only digits name an item: a sign, a space or a number too large for one do not.
        check_source("a#+3", Source::file("a#+3"));
        check_source("a# 3", Source::file("a# 3"));
        check_source(
            "a#99999999999999999999",
            Source::file("a#99999999999999999999"),
        );
    }

    #[test]
    fn a_file_read_whole_whose_name_ends_in_a_hash_and_digits_reads_back_as_an_item() {
        // The written form cannot tell them apart; it is kept as it is for the indexes,
        // exports and links already written.
        let whole = Source::file("take#2");
        assert_eq!(
            whole.to_string().parse::<Source>().unwrap(),
            Source::item("take", 2)
        );
    }

    #[test]
    fn codes_round_trip() {
        for forum in Forum::ALL {
            assert_eq!(forum.code().to_lowercase().parse::<Forum>().unwrap(), forum);
        }
        for doc_type in DocType::ALL {
            assert_eq!(doc_type.code().parse::<DocType>().unwrap(), doc_type);
        }
        assert_eq!("side-event".parse::<DocType>().unwrap(), DocType::SideEvent);
        assert!("UNGA".parse::<Forum>().is_err());
        assert!("ga".parse::<Forum>().unwrap().code() == "GA");
        // A session filter splits a code from its number at '/', ' ' or '-'.
        for forum in Forum::ALL {
            assert!(!forum.code().contains(['/', ' ', '-']), "{forum}");
        }
        let error = "XYZ".parse::<Forum>().unwrap_err().to_string();
        assert!(
            error.starts_with(
                "unknown forum `XYZ`: expected one of CND, CCPCJ, COSP, IRG, COP, CONGRESS, GA,"
            ),
            "{error}"
        );
    }

    #[test]
    fn serde_uses_codes() {
        let json = serde_json::to_string(&(
            Forum::CrimeCongress,
            DocType::SideEvent,
            ConsultativeStatus::Roster,
        ))
        .unwrap();
        assert_eq!(json, r#"["CONGRESS","side_event","roster"]"#);
    }
}

/// The version of [`EnrichedRecord`]s written by `plenary enrich`.
pub const ENRICHED_RECORD_VERSION: u32 = 1;

/// A document as `plenary enrich` writes it, one JSON line each: the marker first, so
/// that a reader tells an enriched file by its first bytes, then every field of the
/// [`Document`] (metadata, language, topics with evidence, paragraphs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrichedRecord {
    pub plenary_document: u32,
    #[serde(flatten)]
    pub document: Document,
}

impl EnrichedRecord {
    /// How an enriched line starts (after any whitespace).
    pub const PREFIX: &'static str = "{\"plenary_document\":";

    pub fn new(document: Document) -> EnrichedRecord {
        EnrichedRecord {
            plenary_document: ENRICHED_RECORD_VERSION,
            document,
        }
    }

    /// The JSON line (without its newline) of the record of `document`, written from the
    /// borrowed document: `plenary enrich` writes every document it makes, and a copy of
    /// each, text and paragraphs, only to serialise it would be wasted.
    pub fn line_of(document: &Document) -> serde_json::Result<Vec<u8>> {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            plenary_document: u32,
            #[serde(flatten)]
            document: &'a Document,
        }
        serde_json::to_vec(&Borrowed {
            plenary_document: ENRICHED_RECORD_VERSION,
            document,
        })
    }
}
