//! The document model: what the indexer produces and the index stores.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::CoreError;
use crate::countries::{ActorType, Region};

/// A UN body in Vienna where civil society speaks.
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
}

impl Forum {
    pub const ALL: [Forum; 6] = [
        Forum::Cnd,
        Forum::Ccpcj,
        Forum::Cosp,
        Forum::Irg,
        Forum::Cop,
        Forum::CrimeCongress,
    ];

    /// The short code used in facets, filters and JSON (`CND`, `CCPCJ`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Forum::Cnd => "CND",
            Forum::Ccpcj => "CCPCJ",
            Forum::Cosp => "COSP",
            Forum::Irg => "IRG",
            Forum::Cop => "COP",
            Forum::CrimeCongress => "CONGRESS",
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
        }
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
        let wanted = value.trim();
        Forum::ALL
            .into_iter()
            .find(|forum| forum.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| CoreError::UnknownValue {
                kind: "forum",
                value: value.to_string(),
                expected: "CND, CCPCJ, COSP, IRG, COP, CONGRESS",
            })
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
    /// Anything else.
    #[default]
    Other,
}

impl DocType {
    pub const ALL: [DocType; 6] = [
        DocType::Statement,
        DocType::Crp,
        DocType::SideEvent,
        DocType::News,
        DocType::Report,
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
        DocType::ALL
            .into_iter()
            .find(|doc_type| doc_type.code().eq_ignore_ascii_case(&wanted))
            .ok_or_else(|| CoreError::UnknownValue {
                kind: "document type",
                value: value.to_string(),
                expected: "statement, crp, side_event, news, report, other",
            })
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
        let wanted = value.trim();
        ConsultativeStatus::ALL
            .into_iter()
            .find(|status| status.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| CoreError::UnknownValue {
                kind: "consultative status",
                value: value.to_string(),
                expected: "general, special, roster",
            })
    }
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
    /// ```
    pub fn text_from_spans(text: &str, spans: &[[usize; 2]]) -> Option<String> {
        let capacity = spans
            .iter()
            .map(|[start, end]| end.saturating_sub(*start))
            .sum();
        let mut joined = String::with_capacity(capacity);
        for &[start, end] in spans {
            for word in text.get(start..end)?.split_whitespace() {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(word);
            }
        }
        Some(joined)
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

/// One document as Plenary indexes it: text, UN metadata, language and topics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable identifier, see [`Document::stable_id`].
    pub id: String,
    /// The file the document was read from (with `#N` for the N-th item of a multi-item page or line of a JSON Lines file).
    pub source: String,
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
    fn codes_round_trip() {
        for forum in Forum::ALL {
            assert_eq!(forum.code().to_lowercase().parse::<Forum>().unwrap(), forum);
        }
        for doc_type in DocType::ALL {
            assert_eq!(doc_type.code().parse::<DocType>().unwrap(), doc_type);
        }
        assert_eq!("side-event".parse::<DocType>().unwrap(), DocType::SideEvent);
        assert!("UNGA".parse::<Forum>().is_err());
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
