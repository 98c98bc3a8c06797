//! Who speaks: countries (ISO 3166-1 alpha-3, with their English short names), the UN
//! regional group of each State, and the kind of actor a speaker is.
//!
//! The table is `data/countries.tsv`, bundled in the binary: one line per country, with
//! the other names it is written as (`Czech Republic`, `St Kitts & Nevis`, `DPR Korea`),
//! so that an input giving a State by name finds its code.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::CoreError;

/// The UN regional group of a State.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    #[serde(rename = "african")]
    African,
    #[serde(rename = "asia-pacific")]
    AsiaPacific,
    #[serde(rename = "eastern-european")]
    EasternEuropean,
    #[serde(rename = "latin-american-caribbean")]
    LatinAmericanCaribbean,
    #[serde(rename = "western-european-others")]
    WesternEuropeanOthers,
}

impl Region {
    pub const ALL: [Region; 5] = [
        Region::African,
        Region::AsiaPacific,
        Region::EasternEuropean,
        Region::LatinAmericanCaribbean,
        Region::WesternEuropeanOthers,
    ];

    /// The code used in facets, filters and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Region::African => "african",
            Region::AsiaPacific => "asia-pacific",
            Region::EasternEuropean => "eastern-european",
            Region::LatinAmericanCaribbean => "latin-american-caribbean",
            Region::WesternEuropeanOthers => "western-european-others",
        }
    }

    /// The group's name in English.
    pub fn label(self) -> &'static str {
        match self {
            Region::African => "African",
            Region::AsiaPacific => "Asia-Pacific",
            Region::EasternEuropean => "Eastern European",
            Region::LatinAmericanCaribbean => "Latin American and Caribbean",
            Region::WesternEuropeanOthers => "Western European and others",
        }
    }

    /// The usual abbreviations of the groups (`WEOG`, `GRULAC`, `EEG`, ...) and their names.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Region::African => &["africa", "african group", "ag"],
            Region::AsiaPacific => &["asia", "asia pacific", "asia-pacific group", "apg"],
            Region::EasternEuropean => &["eeg", "eastern europe", "eastern european group"],
            Region::LatinAmericanCaribbean => &[
                "grulac",
                "latin america and caribbean",
                "latin american and caribbean",
            ],
            Region::WesternEuropeanOthers => &[
                "weog",
                "western european and others",
                "western european and other states",
            ],
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Region {
    type Err = CoreError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let wanted = value.trim().to_lowercase();
        Region::ALL
            .into_iter()
            .find(|region| {
                region.code() == wanted
                    || region.label().to_lowercase() == wanted
                    || region.aliases().contains(&wanted.as_str())
            })
            .ok_or_else(|| CoreError::UnknownValue {
                kind: "region",
                value: value.to_string(),
                expected: Region::ALL.map(Region::code).join(", "),
            })
    }
}

/// Who speaks in a document: a State, an NGO, a UN entity, an intergovernmental body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActorType {
    #[serde(rename = "ngo")]
    Ngo,
    #[serde(rename = "state")]
    State,
    #[serde(rename = "un-entity")]
    UnEntity,
    #[serde(rename = "intergovernmental")]
    Intergovernmental,
    #[serde(rename = "other")]
    Other,
}

impl ActorType {
    pub const ALL: [ActorType; 5] = [
        ActorType::Ngo,
        ActorType::State,
        ActorType::UnEntity,
        ActorType::Intergovernmental,
        ActorType::Other,
    ];

    /// The code used in facets, filters and JSON.
    pub fn code(self) -> &'static str {
        match self {
            ActorType::Ngo => "ngo",
            ActorType::State => "state",
            ActorType::UnEntity => "un-entity",
            ActorType::Intergovernmental => "intergovernmental",
            ActorType::Other => "other",
        }
    }
}

impl fmt::Display for ActorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for ActorType {
    type Err = CoreError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let wanted = value.trim().to_lowercase().replace(['_', ' '], "-");
        let wanted = match wanted.as_str() {
            "un" | "un-agency" | "united-nations" => "un-entity",
            "igo" | "intergovernmental-organization" => "intergovernmental",
            "government" | "member-state" | "country" => "state",
            "civil-society" | "non-governmental-organization" => "ngo",
            other => other,
        };
        ActorType::ALL
            .into_iter()
            .find(|actor| actor.code() == wanted)
            .ok_or_else(|| CoreError::UnknownValue {
                kind: "actor type",
                value: value.to_string(),
                expected: ActorType::ALL.map(ActorType::code).join(", "),
            })
    }
}

/// What a country of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryKind {
    /// A State (a UN member or observer State, or a former one).
    State,
    /// A territory that is not a State.
    Territory,
    /// An organization that speaks in the UN record as a country does (the EU).
    Organization,
}

/// One line of the country table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-3 (a historic code for a former State; `EU` for the European Union).
    pub code: String,
    /// The English short name.
    pub name: String,
    pub region: Option<Region>,
    pub kind: CountryKind,
}

impl Country {
    /// The actor a speaker for this country is.
    pub fn actor_type(&self) -> ActorType {
        match self.kind {
            CountryKind::State => ActorType::State,
            CountryKind::Organization => ActorType::Intergovernmental,
            CountryKind::Territory => ActorType::Other,
        }
    }
}

struct CountryTable {
    countries: Vec<Country>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

const COUNTRY_TABLE: &str = include_str!("../data/countries.tsv");

fn table() -> &'static CountryTable {
    static TABLE: OnceLock<CountryTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = CountryTable {
            countries: Vec::new(),
            by_code: HashMap::new(),
            by_name: HashMap::new(),
        };
        // The header line and comments are skipped; the bundled table is checked by a test.
        for line in COUNTRY_TABLE.lines().filter(|line| !line.starts_with('#')) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [code, name, region, kind, aliases] = columns[..] else {
                continue;
            };
            let kind = match kind {
                "state" => CountryKind::State,
                "territory" => CountryKind::Territory,
                "organization" => CountryKind::Organization,
                _ => continue,
            };
            let position = table.countries.len();
            table.by_code.insert(code.to_string(), position);
            for written in std::iter::once(name)
                .chain(std::iter::once(code))
                .chain(aliases.split('|'))
            {
                let key = name_key(written);
                if !key.is_empty() {
                    table.by_name.entry(key).or_insert(position);
                }
            }
            table.countries.push(Country {
                code: code.to_string(),
                name: name.to_string(),
                region: region.parse().ok(),
                kind,
            });
        }
        table
    })
}

/// Every country of the table.
pub fn countries() -> &'static [Country] {
    &table().countries
}

/// The country of a code (`ESP`, case-insensitive).
pub fn country_by_code(code: &str) -> Option<&'static Country> {
    let table = table();
    let position = *table.by_code.get(&code.trim().to_ascii_uppercase())?;
    table.countries.get(position)
}

/// The country a value names, by its code or any of its names as written in UN and
/// NGO sources (`Spain`, `ESP`, `Czech Republic`, `St Kitts & Nevis`).
///
/// ```
/// use plenary_core::countries::{find_country, Region};
/// let country = find_country("St Kitts & Nevis").unwrap();
/// assert_eq!(country.code, "KNA");
/// assert_eq!(country.region, Some(Region::LatinAmericanCaribbean));
/// assert_eq!(find_country("esp").unwrap().name, "Spain");
/// assert!(find_country("Atlantis").is_none());
/// ```
pub fn find_country(value: &str) -> Option<&'static Country> {
    if let Some(country) = country_by_code(value) {
        return Some(country);
    }
    let table = table();
    let position = *table.by_name.get(&name_key(value))?;
    table.countries.get(position)
}

/// A country name as compared: lower case, accents and punctuation gone, `&` read as
/// `and`, `St` as `Saint`, a leading `the` dropped.
fn name_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let folded: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '&' => " and ".to_string(),
            c if c.is_alphanumeric() => c.to_lowercase().to_string(),
            _ => " ".to_string(),
        })
        .collect();
    let mut words: Vec<&str> = folded
        .split_whitespace()
        .map(|word| if word == "st" { "saint" } else { word })
        .collect();
    if words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_reads_whole() {
        let lines = COUNTRY_TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .count();
        // Every line but the header is a country.
        assert_eq!(countries().len(), lines - 1);
        let states = countries()
            .iter()
            .filter(|country| country.region.is_some() && country.kind == CountryKind::State)
            .count();
        // The 193 members, the State of Palestine and five former States.
        assert_eq!(states, 199);
        for region in Region::ALL {
            assert!(
                countries()
                    .iter()
                    .any(|country| country.region == Some(region))
            );
        }
    }

    #[test]
    fn names_as_written_find_their_country() {
        for (written, code) in [
            ("Czech Republic", "CZE"),
            ("Cote d'Ivoire", "CIV"),
            ("Côte d’Ivoire", "CIV"),
            ("DPR Korea", "PRK"),
            ("Republic of Korea", "KOR"),
            ("Democratic Republic of Congo", "COD"),
            ("Republic of Congo", "COG"),
            ("Guinea Bissau", "GNB"),
            ("Macedonia FYR", "MKD"),
            ("United States", "USA"),
            ("the Netherlands", "NLD"),
            ("Iran (Islamic Republic of)", "IRN"),
            ("yug", "YUG"),
        ] {
            assert_eq!(
                find_country(written).map(|country| country.code.as_str()),
                Some(code),
                "{written}"
            );
        }
        let spain = country_by_code("esp").expect("Spain");
        assert_eq!(spain.region, Some(Region::WesternEuropeanOthers));
        assert_eq!(spain.actor_type(), ActorType::State);
        let union = country_by_code("EU").expect("the European Union");
        assert_eq!(union.region, None);
        assert_eq!(union.actor_type(), ActorType::Intergovernmental);
    }

    #[test]
    fn codes_round_trip() {
        for region in Region::ALL {
            assert_eq!(region.code().parse::<Region>().unwrap(), region);
            assert_eq!(region.label().parse::<Region>().unwrap(), region);
        }
        assert_eq!(
            "WEOG".parse::<Region>().unwrap(),
            Region::WesternEuropeanOthers
        );
        assert_eq!(
            "GRULAC".parse::<Region>().unwrap(),
            Region::LatinAmericanCaribbean
        );
        for actor in ActorType::ALL {
            assert_eq!(actor.code().parse::<ActorType>().unwrap(), actor);
        }
        assert_eq!(
            "UN entity".parse::<ActorType>().unwrap(),
            ActorType::UnEntity
        );
        assert!("martian".parse::<ActorType>().is_err());
    }
}
