//! Names of the Vienna bodies in the six UN languages, and their acronyms.

use std::sync::LazyLock;

use plenary_core::Forum;
use regex::Regex;

use super::text::ascii_word_boundaries;

/// The names of each body, as regex alternatives. Case endings (ru), article and
/// spelling variants are allowed; the Implementation Review Group comes before the
/// Conference of the States Parties, whose Convention it names.
const FORUM_NAMES: &[(Forum, &str)] = &[
    (
        Forum::Irg,
        r"Implementation\s+Review\s+Group|\bIRG\b|Groupe\s+d[’']examen\s+de\s+l[’']application|Grupo\s+de\s+Examen\s+de\s+la\s+Aplicaci[oó]n|Групп\w*\s+по\s+обзору\s+хода\s+осуществления|فريق\s+استعراض\s+التنفيذ|实施情况审议组",
    ),
    (
        Forum::Cosp,
        r"Conference\s+of\s+(?:the\s+)?States?[\s-]+Parties|\bCoSP\b|\bCOSP\b|Conf[ée]rence\s+des\s+[ÉE]tats\s+parties|Conferencia\s+de\s+los\s+Estados\s+(?:P|p)artes|Конференци\w*\s+государств\S*\s*[–—-]?\s*участни\w*|مؤتمر\s+الدول\s+ال[أا]طراف|缔约国会议",
    ),
    (
        Forum::Cop,
        r"Conference\s+of\s+the\s+Parties\s+to\s+the\s+(?:United\s+Nations|UN)\s+Convention\s+against\s+Transnational|\bCOP/CTOC\b|\bCTOC/COP\b|\bUNTOC/COP\b|\bUNTOC\s+COP\b|\bCTOC\b|Conf[ée]rence\s+des\s+Parties\s+[àa]\s+la\s+Convention\s+des\s+Nations\s+Unies\s+contre\s+la\s+criminalit[ée]|Conferencia\s+de\s+las\s+Partes\s+en\s+la\s+Convenci[oó]n\s+de\s+las\s+Naciones\s+Unidas\s+contra\s+la\s+Delincuencia|Конференци\w*\s+участников\s+Конвенции\s+Организации\s+Объединенных\s+Наций\s+против\s+транснациональной|مؤتمر\s+ال[أا]طراف\s+في\s+اتفاقية\s+ال[أا]مم\s+المتحدة\s+لمكافحة\s+الجريمة|打击跨国有组织犯罪公约缔约方会议",
    ),
    (
        Forum::CrimeCongress,
        r"(?:United\s+Nations\s+|UN\s+)?(?:Crime\s+)?Congress\s+on\s+Crime\s+Prevention|Crime\s+Congress|Congr[eè]s\s+des\s+Nations\s+Unies\s+pour\s+la\s+pr[ée]vention\s+du\s+crime|Congreso\s+de\s+las\s+Naciones\s+Unidas\s+sobre\s+Prevenci[oó]n\s+del\s+Delito|Конгресс\w*\s+Организации\s+Объединенных\s+Наций\s+по\s+предупреждению\s+преступности|مؤتمر\s+ال[أا]مم\s+المتحدة\s+(?:\S+\s+){0,3}لمنع\s+الجريمة|预防犯罪和刑事司法大会",
    ),
    (
        Forum::Cnd,
        r"Commission\s+on\s+Narcotic\s+Drugs|\bCND\b|Commission\s+des\s+stup[ée]fiants|Comisi[oó]n\s+de\s+Estupefacientes|Комисси\w*\s+по\s+наркотическ\w*\s+средств\w*|لجنة\s+المخدرات|麻醉药品委员会",
    ),
    (
        Forum::Ccpcj,
        r"Commission\s+on\s+Crime\s+Prevention\s+and\s+Criminal\s+Justice|Crime\s+Commission|\bCCPCJ\b|Commission\s+pour\s+la\s+pr[ée]vention\s+du\s+crime\s+et\s+la\s+justice\s+p[ée]nale|Comisi[oó]n\s+de\s+Prevenci[oó]n\s+del\s+Delito\s+y\s+Justicia\s+Penal|Комисси\w*\s+по\s+предупреждению\s+преступности\s+и\s+уголовному\s+правосудию|لجنة\s+منع\s+الجريمة\s+والعدالة\s+الجنائية|预防犯罪和刑事司法委员会",
    ),
];

static FORUM_PATTERNS: LazyLock<Vec<(Forum, Regex)>> = LazyLock::new(|| {
    FORUM_NAMES
        .iter()
        .map(|(forum, pattern)| {
            (
                *forum,
                Regex::new(&ascii_word_boundaries(&case_insensitive_names(pattern)))
                    .expect("forum pattern is valid"),
            )
        })
        .collect()
});

/// Makes the spelled-out names case-insensitive ("COMMISSION ON NARCOTIC DRUGS") while
/// acronyms (`\bCND\b`) keep their case, so that words such as "cop" stay words.
fn case_insensitive_names(pattern: &str) -> String {
    top_level_alternatives(pattern)
        .into_iter()
        .map(|alternative| {
            if alternative.starts_with(r"\b") || alternative.starts_with("(?-u:") {
                alternative.to_string()
            } else {
                format!("(?i:{alternative})")
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Splits a regex at the `|` that are outside any group.
fn top_level_alternatives(pattern: &str) -> Vec<&str> {
    let mut alternatives = Vec::new();
    let mut depth = 0usize;
    let mut escaped = false;
    let mut start = 0;
    for (index, c) in pattern.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                alternatives.push(&pattern[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    alternatives.push(&pattern[start..]);
    alternatives
}

/// A body named in a text: where the name starts and ends (bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ForumMention {
    pub start: usize,
    pub end: usize,
    pub forum: Forum,
}

/// Finds every name of a Vienna body in a text, in text order; where two names
/// overlap, the first listed body wins (so the IRG of "the Implementation Review Group
/// of the Conference of the States Parties" is the IRG, not COSP).
pub(crate) fn find_forum_mentions(text: &str) -> Vec<ForumMention> {
    let mut mentions: Vec<ForumMention> = Vec::new();
    for (forum, pattern) in FORUM_PATTERNS.iter() {
        for found in pattern.find_iter(text) {
            let overlaps = mentions
                .iter()
                .any(|mention| found.start() < mention.end && mention.start < found.end());
            if !overlaps {
                mentions.push(ForumMention {
                    start: found.start(),
                    end: found.end(),
                    forum: *forum,
                });
            }
        }
    }
    mentions.sort_by_key(|mention| mention.start);
    mentions
}

/// The first Vienna body a text names.
pub(crate) fn first_forum(text: &str) -> Option<Forum> {
    find_forum_mentions(text)
        .first()
        .map(|mention| mention.forum)
}
