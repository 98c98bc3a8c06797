//! UN document symbols: `E/CN.7/2014/NGO/3`, `CAC/COSP/IRG/I/1/1/Add.5`,
//! `A/CONF.222/L.3/Rev.1`, `S/RES/2199 (2015)`.
//!
//! A symbol is a series (`A`, `E`, `S`, `CAC`, `CTOC`, `UNODC`, ...) followed by
//! slash-separated parts. The grammar here accepts any UN series, so that a document of
//! another body still has its symbol, and knows the Vienna bodies well enough to say
//! the forum, the year and, where the symbol implies it, the session.

use std::fmt;
use std::sync::LazyLock;

use plenary_core::Forum;
use regex::Regex;

/// The parent series a UN symbol may start with. Limiting the first part to known
/// series keeps prose such as "and/or" or "km/h" from looking like a symbol.
const SERIES: &[&str] = &[
    "A", "E", "S", "ST", "CAC", "CTOC", "UNODC", "CEDAW", "CRC", "CCPR", "CAT", "CERD", "CMW",
    "CRPD", "CED", "HRI", "TD", "DP", "UNEP", "ICCD", "FCCC", "INCB", "UNDP", "UNICEF", "ECE",
    "ESCAP", "ECLAC", "ESCWA", "ECA",
];

/// The first year of the Commission on Narcotic Drugs' annual sessions (its 35th).
const FIRST_ANNUAL_CND_YEAR: i32 = 1992;

/// The Crime Congresses and the number of their `A/CONF.<n>` series.
const CRIME_CONGRESSES: &[(u32, u32, i32)] = &[
    // (conference number, congress, year): Geneva, London, Stockholm, Kyoto, Geneva,
    // Caracas, Milan, Havana, Cairo, Vienna, Bangkok, Salvador, Doha, Kyoto, Abu Dhabi.
    (6, 1, 1955),
    (17, 2, 1960),
    (26, 3, 1965),
    (43, 4, 1970),
    (56, 5, 1975),
    (87, 6, 1980),
    (121, 7, 1985),
    (144, 8, 1990),
    (169, 9, 1995),
    (187, 10, 2000),
    (203, 11, 2005),
    (213, 12, 2010),
    (222, 13, 2015),
    (234, 14, 2021),
    (245, 15, 2026),
];

/// Candidate symbols in running text: a series, then parts separated by slashes, with
/// an optional space after a slash ("E/CN.7/ 2014/NGO/3") and an optional year in
/// parentheses ("S/RES/2199 (2015)").
static SYMBOL_CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    let series = SERIES.join("|");
    Regex::new(&format!(
        r"(?-u:\b)(?:{series})(?:[ \t]?/[ \t]?[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*\.?)+(?:[ \t]?\((?:19|20)[0-9]{{2}}\))?"
    ))
    .expect("symbol pattern is valid")
});

static NUMBERED_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i)(add|corr|rev|amend)\.?([0-9]+)$").expect("numbered part pattern is valid")
});

/// What a symbol says about the kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    /// A statement of a non-governmental organization (`/NGO/`).
    Ngo,
    /// A conference room paper (`/CRP.n`).
    Crp,
    /// A document of limited distribution, usually a draft (`/L.n`).
    Limited,
    /// An information document (`/INF/`).
    Information,
    /// A resolution (`/RES/`).
    Resolution,
    /// A working paper (`/WP.n`).
    WorkingPaper,
    /// Anything else: a regular, general-distribution document.
    Regular,
}

/// A parsed UN document symbol.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentSymbol {
    normalized: String,
    /// The slash-separated parts, normalized (upper case; `Add.`, `Corr.`, `Rev.` in title case).
    parts: Vec<String>,
    /// The year in parentheses after the symbol, as in `S/RES/2199 (2015)`.
    year_in_parentheses: Option<i32>,
}

/// Longer than any symbol with its version suffixes (`UNODC/CND/2014/CRP.12/Corr.1/Rev.2`).
const MAX_SYMBOL_BYTES: usize = 96;

impl DocumentSymbol {
    /// Parses one symbol, tolerating spaces around slashes, a trailing period and lower
    /// case (a file name such as `e_cn.7` aside, symbols are printed in capitals).
    /// Returns `None` unless the whole string (trimmed) is a symbol.
    pub fn parse(s: &str) -> Option<DocumentSymbol> {
        // Every line of a text is asked whether it is a symbol: most are plainly not.
        let trimmed = s.trim();
        if trimmed.len() > MAX_SYMBOL_BYTES || !trimmed.contains('/') {
            return None;
        }
        Self::parse_exact(trimmed).or_else(|| Self::parse_exact(&trimmed.to_uppercase()))
    }

    fn parse_exact(s: &str) -> Option<DocumentSymbol> {
        let trimmed = s.trim();
        let found = SYMBOL_CANDIDATE.find(trimmed)?;
        if found.start() != 0 || !trimmed[found.end()..].trim_matches(['.', ' ']).is_empty() {
            return None;
        }
        Self::from_candidate(found.as_str())
    }

    /// Finds every symbol in a text, with the byte offset where each starts.
    pub fn find_all(text: &str) -> Vec<(usize, DocumentSymbol)> {
        SYMBOL_CANDIDATE
            .find_iter(text)
            .filter(|found| !preceded_by_symbol_char(text, found.start()))
            .filter_map(|found| {
                Self::from_candidate(found.as_str()).map(|symbol| (found.start(), symbol))
            })
            .collect()
    }

    fn from_candidate(candidate: &str) -> Option<DocumentSymbol> {
        let (body, year_in_parentheses) = match candidate.find('(') {
            Some(open) => {
                let year_text = candidate[open + 1..].trim_end_matches(')');
                (&candidate[..open], year_text.parse::<i32>().ok())
            }
            None => (candidate, None),
        };
        let body = body.trim().trim_end_matches('.');
        let mut parts = Vec::new();
        for raw in body.split('/') {
            let part = raw.trim();
            if part.is_empty() {
                return None;
            }
            parts.push(normalize_part(part));
        }
        // A body alone ("E/CN.7"), or parts without a single digit, are not a document.
        if parts.len() < 3
            || !parts[1..]
                .iter()
                .any(|part| part.chars().any(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let mut normalized = parts.join("/");
        if let Some(year) = year_in_parentheses {
            normalized.push_str(&format!(" ({year})"));
        }
        Some(DocumentSymbol {
            normalized,
            parts,
            year_in_parentheses,
        })
    }

    /// The normalized symbol, e.g. `E/CN.7/2014/NGO/3`.
    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    /// The slash-separated parts of the symbol.
    pub fn parts(&self) -> &[String] {
        &self.parts
    }

    fn part(&self, index: usize) -> Option<&str> {
        self.parts.get(index).map(String::as_str)
    }

    /// The body whose series the symbol belongs to: the Vienna bodies exactly, and the
    /// principal organs, commissions and treaty bodies by their series (`A/` the General
    /// Assembly, `A/C.3/` its Third Committee, `A/HRC/` the Human Rights Council, `S/`
    /// the Security Council, `E/CN.6/` the Commission on the Status of Women, `E/` the
    /// Economic and Social Council, `CEDAW/C/` its Committee, ...).
    pub fn forum(&self) -> Option<Forum> {
        let series = self.part(0)?;
        let body = self.part(1);
        let forum = match (series, body, self.part(2)) {
            ("E", Some("CN.7"), _) => Forum::Cnd,
            ("E", Some("CN.15"), _) => Forum::Ccpcj,
            ("E", Some("CN.6"), _) => Forum::Csw,
            ("E", Some("C.12"), _) => Forum::Cescr,
            ("E", _, _) => Forum::Ecosoc,
            ("CAC", Some("COSP"), Some("IRG")) => Forum::Irg,
            ("CAC", Some("COSP"), _) => Forum::Cosp,
            ("CTOC", Some("COP"), _) => Forum::Cop,
            ("UNODC", Some("CCPCJ"), _) => Forum::Ccpcj,
            ("UNODC", Some("CND"), _) => Forum::Cnd,
            ("A", Some("HRC"), Some("WG.6")) => Forum::Upr,
            ("A", Some("HRC"), _) => Forum::HumanRightsCouncil,
            ("A", Some("C.1"), _) => Forum::FirstCommittee,
            ("A", Some("C.2"), _) => Forum::SecondCommittee,
            ("A", Some("C.3"), _) => Forum::ThirdCommittee,
            ("A", Some("C.4"), _) => Forum::FourthCommittee,
            ("A", Some("C.5"), _) => Forum::FifthCommittee,
            ("A", Some("C.6"), _) => Forum::SixthCommittee,
            ("A", Some(conference), _) if self.crime_congress(conference).is_some() => {
                Forum::CrimeCongress
            }
            ("A", _, _) => Forum::GeneralAssembly,
            ("S", _, _) => Forum::SecurityCouncil,
            ("CEDAW", _, _) => Forum::Cedaw,
            ("CRC", _, _) => Forum::Crc,
            ("CCPR", _, _) => Forum::Ccpr,
            ("CAT", _, _) => Forum::Cat,
            ("CERD", _, _) => Forum::Cerd,
            ("CMW", _, _) => Forum::Cmw,
            ("CRPD", _, _) => Forum::Crpd,
            ("CED", _, _) => Forum::Ced,
            _ => return None,
        };
        Some(forum)
    }

    /// Whether the symbol is a verbatim record of a meeting (`A/70/PV.16`), where the
    /// speeches of a debate are printed.
    pub fn is_verbatim_record(&self) -> bool {
        self.parts
            .iter()
            .skip(1)
            .any(|part| part.starts_with("PV."))
    }

    fn crime_congress(&self, conference_part: &str) -> Option<(u32, i32)> {
        let number: u32 = conference_part.strip_prefix("CONF.")?.parse().ok()?;
        CRIME_CONGRESSES
            .iter()
            .find(|(conference, _, _)| *conference == number)
            .map(|(_, congress, year)| (*congress, *year))
    }

    /// The year the symbol names: a four-digit part (`E/CN.7/2014/...`) or a year in
    /// parentheses (`S/RES/2199 (2015)`).
    pub fn year(&self) -> Option<i32> {
        self.parts
            .iter()
            .skip(1)
            .find_map(|part| as_year(part))
            .or(self.year_in_parentheses)
    }

    /// The year in the session position of a Vienna symbol (`E/CN.7/2014/...`,
    /// `CAC/COSP/2013/...`): only the main series of a body carries its session year;
    /// subsidiary bodies (`CTOC/COP/WG.2/2014/2`) do not.
    fn session_year(&self) -> Option<i32> {
        as_year(self.part(2)?)
    }

    /// The session the symbol implies: CND (year − 1957, from 1992), CCPCJ (year − 1991), the
    /// biennial COSP and COP schedules, the Crime Congress by its conference number.
    /// The Implementation Review Group meets several times a year, so its symbols imply
    /// no session.
    /// The General Assembly and the Human Rights Council number their sessions in their
    /// symbols (`A/69/767`, `A/C.3/70/L.5`, `A/HRC/28/15`, UPR `A/HRC/WG.6/20/SVN/1`).
    pub fn session(&self) -> Option<u32> {
        let forum = self.forum()?;
        if let Some(position) = numbered_session_position(forum) {
            // A resolution or decision puts its series first (`A/RES/69/1`).
            let position = match self.part(position) {
                Some("RES" | "DEC" | "INF") => position + 1,
                _ => position,
            };
            return self.part(position).and_then(session_number);
        }
        if forum == Forum::CrimeCongress {
            return self
                .crime_congress(self.part(1)?)
                .map(|(congress, _)| congress);
        }
        if self.part(0) == Some("UNODC") {
            return None;
        }
        let year = self.session_year()?;
        let session = match forum {
            // The Commission has met every year since its thirty-fifth session, in 1992;
            // before, its sessions were biennial, with special sessions between them, so an
            // older year implies no number (the text may state it).
            Forum::Cnd if year >= FIRST_ANNUAL_CND_YEAR => year - 1957,
            Forum::Cnd => return None,
            Forum::Ccpcj => year - 1991,
            Forum::Cosp => cosp_session(year)?,
            Forum::Cop => cop_session(year)?,
            _ => return None,
        };
        u32::try_from(session).ok().filter(|session| *session > 0)
    }

    /// What the symbol says about the kind of document.
    pub fn kind(&self) -> SymbolKind {
        for part in self.parts.iter().skip(1) {
            let part = part.as_str();
            if part == "NGO" {
                return SymbolKind::Ngo;
            }
            if part == "CRP" || part.starts_with("CRP.") {
                return SymbolKind::Crp;
            }
            if part == "L" || part.starts_with("L.") {
                return SymbolKind::Limited;
            }
            if part == "INF" || part.starts_with("INF.") {
                return SymbolKind::Information;
            }
            if part == "RES" {
                return SymbolKind::Resolution;
            }
            if part.starts_with("WP.") {
                return SymbolKind::WorkingPaper;
            }
        }
        SymbolKind::Regular
    }

    fn numbered(&self, wanted: &str) -> Option<u32> {
        self.parts.iter().rev().find_map(|part| {
            let captures = NUMBERED_PART.captures(part)?;
            if !captures[1].eq_ignore_ascii_case(wanted) {
                return None;
            }
            captures[2].parse().ok()
        })
    }

    /// The number of the corrigendum (`/Corr.1` → 1).
    pub fn corrigendum(&self) -> Option<u32> {
        self.numbered("corr")
    }

    /// The number of the revision (`/Rev.2` → 2).
    pub fn revision(&self) -> Option<u32> {
        self.numbered("rev")
    }

    /// The number of the addendum (`/Add.5` → 5).
    pub fn addendum(&self) -> Option<u32> {
        self.numbered("add")
    }

    /// The symbol without its trailing `/Corr.N` and `/Rev.N` parts: the document a
    /// corrigendum corrects or a revision revises.
    pub fn base(&self) -> DocumentSymbol {
        let mut parts = self.parts.clone();
        while parts.len() > 2 {
            let last = parts.last().map(String::as_str).unwrap_or_default();
            let is_correction = NUMBERED_PART.captures(last).is_some_and(|captures| {
                matches!(captures[1].to_ascii_lowercase().as_str(), "corr" | "rev")
            });
            if !is_correction {
                break;
            }
            parts.pop();
        }
        let mut normalized = parts.join("/");
        if let Some(year) = self.year_in_parentheses {
            normalized.push_str(&format!(" ({year})"));
        }
        DocumentSymbol {
            normalized,
            parts,
            year_in_parentheses: self.year_in_parentheses,
        }
    }
}

impl fmt::Display for DocumentSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normalized)
    }
}

/// A symbol glued to a preceding letter or slash ("XE/CN.7/1") is not a symbol start.
fn preceded_by_symbol_char(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.')
}

fn normalize_part(part: &str) -> String {
    if let Some(captures) = NUMBERED_PART.captures(part) {
        let name = &captures[1];
        let mut title = name[..1].to_ascii_uppercase();
        title.push_str(&name[1..].to_ascii_lowercase());
        return format!("{title}.{}", &captures[2]);
    }
    part.to_ascii_uppercase()
}

/// Where the session number stands in a symbol of a body that numbers its sessions
/// there: `A/<n>/...` or `A/RES/<n>/...`, `A/C.3/<n>/...`, `A/HRC/<n>/...`,
/// `A/HRC/WG.6/<n>/...`.
fn numbered_session_position(forum: Forum) -> Option<usize> {
    match forum {
        Forum::GeneralAssembly => Some(1),
        Forum::FirstCommittee
        | Forum::SecondCommittee
        | Forum::ThirdCommittee
        | Forum::FourthCommittee
        | Forum::FifthCommittee
        | Forum::SixthCommittee
        | Forum::HumanRightsCouncil => Some(2),
        Forum::Upr => Some(3),
        _ => None,
    }
}

/// A part that is a session number: one to three digits (a four-digit part is a year).
fn session_number(part: &str) -> Option<u32> {
    if part.is_empty() || part.len() > 3 || !part.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    part.parse().ok().filter(|session| *session > 0)
}

fn as_year(part: &str) -> Option<i32> {
    if part.len() != 4 || !part.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    part.parse()
        .ok()
        .filter(|year| (1946..=2100).contains(year))
}

/// COSP sessions: 2006 (1st), 2008 (2nd), then every other year from 2009 (3rd).
fn cosp_session(year: i32) -> Option<i32> {
    match year {
        2006 => Some(1),
        2008 => Some(2),
        y if y >= 2009 && (y - 2009) % 2 == 0 => Some((y - 2009) / 2 + 3),
        _ => None,
    }
}

/// COP sessions: 2004, 2005 and 2006 (1st to 3rd), then every other year from 2008 (4th).
fn cop_session(year: i32) -> Option<i32> {
    match year {
        2004..=2006 => Some(year - 2003),
        y if y >= 2008 && (y - 2008) % 2 == 0 => Some((y - 2008) / 2 + 4),
        _ => None,
    }
}
