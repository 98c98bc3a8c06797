//! Input mapping: which field of a bulk record (a JSON Lines object, a CSV row) is which
//! field of a document.
//!
//! The common names are recognised as they are (`year`, `lang`/`language`,
//! `country`/`country_iso3`/`iso3`, `speaker`, `body`/`forum`, `session`, `symbol`,
//! `url`, `title`, `date`, `text`/`body text`, ...); a user maps any other
//! (`--map text=speech`) or gives a value to every record that lacks one
//! (`--set forum=GA`), on the command line or in a TOML file with `[map]` and `[set]`
//! tables. A field that maps to nothing is kept with the document as given.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::ParseError;

/// A field of a record: its name, its value, and the target it maps to (and whether
/// the user's mapping says so).
type NamedField = (String, Option<FieldValue>, Option<(Target, bool)>);

/// A field of a document that a record's field can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Id,
    Symbol,
    Title,
    Text,
    Date,
    Year,
    Organization,
    Forum,
    Session,
    DocType,
    Language,
    Topics,
    Country,
    Speaker,
    Recipient,
    Url,
    ActorType,
    Tags,
}

impl Target {
    pub const ALL: [Target; 18] = [
        Target::Id,
        Target::Symbol,
        Target::Title,
        Target::Text,
        Target::Date,
        Target::Year,
        Target::Organization,
        Target::Forum,
        Target::Session,
        Target::DocType,
        Target::Language,
        Target::Topics,
        Target::Country,
        Target::Speaker,
        Target::Recipient,
        Target::Url,
        Target::ActorType,
        Target::Tags,
    ];

    /// The target's name in mappings.
    pub fn name(self) -> &'static str {
        match self {
            Target::Id => "id",
            Target::Symbol => "symbol",
            Target::Title => "title",
            Target::Text => "text",
            Target::Date => "date",
            Target::Year => "year",
            Target::Organization => "organization",
            Target::Forum => "forum",
            Target::Session => "session",
            Target::DocType => "doc_type",
            Target::Language => "language",
            Target::Topics => "topics",
            Target::Country => "country",
            Target::Speaker => "speaker",
            Target::Recipient => "recipient",
            Target::Url => "url",
            Target::ActorType => "actor_type",
            Target::Tags => "tags",
        }
    }

    /// The field names an input may use for the target (compared as [`field_key`] makes them).
    fn common_names(self) -> &'static [&'static str] {
        match self {
            Target::Id => &["id", "rec_id", "record_id", "doc_id", "document_id"],
            Target::Symbol => &["symbol", "document_symbol", "doc_symbol", "un_symbol"],
            Target::Title => &["title", "headline", "document_title"],
            Target::Text => &[
                "text",
                "body_text",
                "full_text",
                "fulltext",
                "content",
                "speech",
                "recommendation",
            ],
            Target::Date => &["date", "published", "publication_date", "date_published"],
            Target::Year => &["year"],
            Target::Organization => &["organization", "organisation", "org", "ngo"],
            Target::Forum => &["forum", "body", "un_body", "organ"],
            Target::Session => &["session", "session_number"],
            Target::DocType => &["doc_type", "document_type", "type"],
            Target::Language => &["language", "lang"],
            Target::Topics => &["topics"],
            Target::Country => &[
                "country",
                "country_iso3",
                "iso3",
                "iso_code",
                "country_code",
                "from",
                "recommending_state",
            ],
            Target::Speaker => &[
                "speaker",
                "speaker_name",
                "name_of_person_speaking",
                "person_speaking",
            ],
            Target::Recipient => &["recipient", "to", "state_under_review", "recipient_state"],
            Target::Url => &["url", "link", "source_url"],
            Target::ActorType => &["actor_type", "actor"],
            Target::Tags => &["tags", "issue", "issues", "keywords"],
        }
    }

    /// The target named `name` (`lang` and `language` are one).
    pub fn from_name(name: &str) -> Option<Target> {
        let key = field_key(name);
        Target::ALL
            .into_iter()
            .find(|target| target.name() == key || (*target == Target::Language && key == "lang"))
    }

    fn names_list() -> String {
        Target::ALL.map(Target::name).join(", ")
    }
}

/// A field name as compared: lower case, spaces and hyphens read as `_`.
fn field_key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// How the fields of bulk records map onto documents: the common names, the user's
/// mapping and values set for every record.
///
/// ```
/// use plenary_parse::FieldMap;
/// let mut map = FieldMap::default();
/// map.map("text", "Speech Text").unwrap();
/// map.set("forum", "GA").unwrap();
/// assert!(map.map("colour", "x").unwrap_err().to_string().contains("colour"));
/// let from_file = FieldMap::from_toml("[map]\ncountry = \"State\"\n[set]\ndoc_type = \"speech\"\n").unwrap();
/// assert_eq!(from_file.describe(), vec!["country=State".to_string(), "doc_type:=speech".to_string()]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// The user's mapping: a source field (as [`field_key`] makes it) → its target.
    mapped: BTreeMap<String, (Target, String)>,
    /// Values for records that give none.
    constants: BTreeMap<Target, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    #[serde(default)]
    map: BTreeMap<String, String>,
    #[serde(default)]
    set: BTreeMap<String, String>,
}

impl FieldMap {
    /// Maps the input field `source` onto the document field `target`.
    pub fn map(&mut self, target: &str, source: &str) -> Result<(), ParseError> {
        let target = Self::target(target)?;
        if source.trim().is_empty() {
            return Err(ParseError::Mapping {
                reason: format!("no input field given for `{}`", target.name()),
            });
        }
        self.mapped
            .insert(field_key(source), (target, source.trim().to_string()));
        Ok(())
    }

    /// Gives the document field `target` the value `value` in every record without one.
    pub fn set(&mut self, target: &str, value: &str) -> Result<(), ParseError> {
        let target = Self::target(target)?;
        self.constants.insert(target, value.trim().to_string());
        Ok(())
    }

    /// Reads a mapping file: a `[map]` table of `target = "source field"` and a `[set]`
    /// table of `target = "value"`.
    pub fn from_toml(text: &str) -> Result<FieldMap, ParseError> {
        let file: MappingFile = toml::from_str(text).map_err(|error| ParseError::Mapping {
            reason: error.to_string(),
        })?;
        let mut map = FieldMap::default();
        for (target, source) in &file.map {
            map.map(target, source)?;
        }
        for (target, value) in &file.set {
            map.set(target, value)?;
        }
        Ok(map)
    }

    /// Adds the entries of `other`, which win over this map's.
    pub fn extend(&mut self, other: FieldMap) {
        self.mapped.extend(other.mapped);
        self.constants.extend(other.constants);
    }

    /// The user's entries, `target=source` and `target:=value`, for a summary.
    pub fn describe(&self) -> Vec<String> {
        let mut entries: Vec<String> = self
            .mapped
            .values()
            .map(|(target, source)| format!("{}={source}", target.name()))
            .collect();
        entries.extend(
            self.constants
                .iter()
                .map(|(target, value)| format!("{}:={value}", target.name())),
        );
        entries
    }

    fn target(name: &str) -> Result<Target, ParseError> {
        Target::from_name(name).ok_or_else(|| ParseError::Mapping {
            reason: format!(
                "unknown document field `{}`: expected one of {}",
                name.trim(),
                Target::names_list()
            ),
        })
    }

    /// The target of an input field: the user's mapping first, then the common names.
    fn target_of(&self, source: &str) -> Option<(Target, bool)> {
        let key = field_key(source);
        if let Some((target, _)) = self.mapped.get(&key) {
            return Some((*target, true));
        }
        Target::ALL
            .into_iter()
            .find(|target| target.common_names().contains(&key.as_str()))
            .map(|target| (target, false))
    }

    /// Builds a record from its fields in input order: each field goes to its target
    /// (a field the user mapped before a common name), the rest are kept as given.
    /// `None` values are fields the input left empty.
    pub(crate) fn record(
        &self,
        fields: Vec<(String, Option<FieldValue>)>,
        line: u64,
    ) -> Result<BulkRecord, ParseError> {
        let mut record = BulkRecord {
            line,
            ..BulkRecord::default()
        };
        let mut filled: BTreeMap<Target, bool> = BTreeMap::new();
        let mut order: Vec<NamedField> = fields
            .into_iter()
            .map(|(name, value)| {
                let target = self.target_of(&name);
                (name, value, target)
            })
            .collect();
        // The user's mapping is applied first, so it wins over a common name.
        order.sort_by_key(|(_, _, target)| !matches!(target, Some((_, true))));
        for (name, value, target) in order {
            let Some(value) = value else { continue };
            match target {
                Some((target, by_user)) if !filled.contains_key(&target) => {
                    if record.fill(target, value, &name)? {
                        filled.insert(target, by_user);
                    }
                }
                _ => {
                    record.fields.insert(name, value.into_text());
                }
            }
        }
        for (target, value) in &self.constants {
            if !filled.contains_key(target) && !value.is_empty() {
                record.fill(*target, FieldValue::Text(value.clone()), target.name())?;
            }
        }
        if record.text.is_empty() {
            return Err(ParseError::BadJsonLine {
                line,
                reason: "missing the required field \"text\" (map one with --map text=FIELD)"
                    .to_string(),
            });
        }
        Ok(record)
    }
}

/// A value of a record's field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldValue {
    Text(String),
    List(Vec<String>),
    /// Anything else (an object, a nested list), kept as JSON.
    Json(String),
}

impl FieldValue {
    fn into_text(self) -> String {
        match self {
            FieldValue::Text(text) | FieldValue::Json(text) => text,
            FieldValue::List(items) => items.join("; "),
        }
    }

    /// The value as a list: a list as it is, a text split at commas and semicolons.
    fn into_list(self) -> Vec<String> {
        let items = match self {
            FieldValue::List(items) => items,
            FieldValue::Text(text) | FieldValue::Json(text) => text
                .split([',', ';'])
                .map(str::to_string)
                .collect::<Vec<_>>(),
        };
        items
            .into_iter()
            .map(|item| item.trim().to_string())
            .filter(|item| !item.is_empty())
            .collect()
    }
}

/// One record of a bulk input (a JSON Lines object or a CSV row), its fields mapped.
/// Only `text` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkRecord {
    pub id: Option<String>,
    pub symbol: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub date: Option<String>,
    pub year: Option<String>,
    pub organization: Option<String>,
    pub forum: Option<String>,
    /// The session, whether the input gave it as a string or a number.
    pub session: Option<String>,
    pub doc_type: Option<String>,
    pub language: Option<String>,
    pub topics: Option<Vec<String>>,
    pub country: Option<String>,
    pub speaker: Option<String>,
    pub recipient: Option<String>,
    pub url: Option<String>,
    pub actor_type: Option<String>,
    pub tags: Vec<String>,
    /// The fields that map to nothing, by their name in the input, as given.
    pub fields: BTreeMap<String, String>,
    /// The 1-based line (JSON Lines) or row (CSV, the header not counted) of the record.
    pub line: u64,
}

impl BulkRecord {
    /// Puts a value in its field; false when the value is empty (the field stays free).
    fn fill(&mut self, target: Target, value: FieldValue, name: &str) -> Result<bool, ParseError> {
        if let FieldValue::Text(text) = &value
            && text.trim().is_empty()
        {
            return Ok(false);
        }
        let text = || value.clone().into_text();
        match target {
            Target::Id => self.id = Some(text()),
            Target::Symbol => self.symbol = Some(text()),
            Target::Title => self.title = Some(text()),
            Target::Text => match &value {
                FieldValue::Text(text) => self.text = text.clone(),
                _ => {
                    return Err(ParseError::BadJsonLine {
                        line: self.line,
                        reason: format!("the field \"{name}\" holds no text"),
                    });
                }
            },
            Target::Date => self.date = Some(text()),
            Target::Year => self.year = Some(text()),
            Target::Organization => self.organization = Some(text()),
            Target::Forum => self.forum = Some(text()),
            Target::Session => self.session = Some(text()),
            Target::DocType => self.doc_type = Some(text()),
            Target::Language => self.language = Some(text()),
            Target::Topics => self.topics = Some(value.into_list()),
            Target::Country => self.country = Some(text()),
            Target::Speaker => self.speaker = Some(text()),
            Target::Recipient => self.recipient = Some(text()),
            Target::Url => self.url = Some(text()),
            Target::ActorType => self.actor_type = Some(text()),
            Target::Tags => self.tags = value.into_list(),
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> Option<FieldValue> {
        Some(FieldValue::Text(value.to_string()))
    }

    #[test]
    fn common_names_user_mapping_and_set_values() {
        let mut map = FieldMap::default();
        map.map("speaker", "Name of Person").unwrap();
        map.set("forum", "GA").unwrap();
        map.set("session", "99").unwrap();
        let record = map
            .record(
                vec![
                    ("ID".into(), text("ESP_65_2010")),
                    ("country_iso3".into(), text("ESP")),
                    ("Session".into(), text("65")),
                    ("Body Text".into(), text("Mr. President, ...")),
                    (
                        "Name of Person".into(),
                        text("José Luis Rodríguez Zapatero"),
                    ),
                    ("n_chars".into(), text("18")),
                    ("notes".into(), None),
                    ("Issue".into(), text("Justice, Women's rights")),
                ],
                7,
            )
            .unwrap();
        assert_eq!(record.id.as_deref(), Some("ESP_65_2010"));
        assert_eq!(record.country.as_deref(), Some("ESP"));
        assert_eq!(record.session.as_deref(), Some("65"), "a stated value wins");
        assert_eq!(
            record.forum.as_deref(),
            Some("GA"),
            "set for a record without one"
        );
        assert_eq!(record.text, "Mr. President, ...");
        assert_eq!(
            record.speaker.as_deref(),
            Some("José Luis Rodríguez Zapatero")
        );
        assert_eq!(record.tags, vec!["Justice", "Women's rights"]);
        assert_eq!(
            record.fields.into_iter().collect::<Vec<_>>(),
            vec![("n_chars".to_string(), "18".to_string())]
        );
        assert_eq!(record.line, 7);
    }

    #[test]
    fn a_second_field_for_one_target_is_kept_not_lost() {
        let mut map = FieldMap::default();
        map.map("text", "summary").unwrap();
        let record = map
            .record(
                vec![
                    ("text".into(), text("the long text")),
                    ("summary".into(), text("the summary")),
                    ("lang".into(), text("en")),
                    ("language".into(), text("English")),
                ],
                1,
            )
            .unwrap();
        assert_eq!(record.text, "the summary", "the user's mapping wins");
        assert_eq!(
            record.fields.get("text").map(String::as_str),
            Some("the long text")
        );
        assert_eq!(record.language.as_deref(), Some("en"));
        assert_eq!(
            record.fields.get("language").map(String::as_str),
            Some("English")
        );
    }

    #[test]
    fn a_record_without_text_is_an_error_naming_its_line() {
        let error = FieldMap::default()
            .record(vec![("title".into(), text("A title"))], 3)
            .unwrap_err();
        assert!(error.to_string().contains("line 3"), "{error}");
        assert!(error.to_string().contains("--map text="), "{error}");
    }

    #[test]
    fn bad_mappings_are_refused_with_the_field_named() {
        let error = FieldMap::from_toml("[map]\nspeech = \"text\"\n").unwrap_err();
        assert!(error.to_string().contains("`speech`"), "{error}");
        let error = FieldMap::from_toml("[mapping]\ntext = \"x\"\n").unwrap_err();
        assert!(error.to_string().contains("mapping"), "{error}");
        assert!(FieldMap::default().map("text", " ").is_err());
    }
}
