//! Sessions named in text: "Fifty-seventh session", "At its 57 th annual session",
//! "Cinquante-septième session", "57º período de sesiones", "шестьдесят второй сессии",
//! "الدورة السابعة والعشرون", "第六十三届会议", "13th Crime Congress", "6 th CTOC".
//!
//! An ordinal must stand right next to the session word (before it in en, fr, es and
//! ru, after it in ar, around it in zh), so "first NGO Briefing Session" names no
//! session. The body is the one the phrase itself names ("13th Crime Congress",
//! "session of the Commission on Narcotic Drugs"), else the nearest body named around it.

use std::sync::LazyLock;

use plenary_core::Forum;
use regex::Regex;

use super::forum::{ForumMention, find_forum_mentions};
use super::ordinal::{parse_chinese_number, parse_ordinal};
use super::text::{ascii_word_boundaries, parse_number};

/// The session words of the languages that put the ordinal first, with the adjectives
/// that may stand between ("57th annual session", "57th regular session").
static SESSION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &ascii_word_boundaries(r"(?i)\b(?:(?:annual|regular|ordinary|special|resumed|reconvened)\s+)?(?:session|per[ií]odo\s+(?:ordinario\s+|extraordinario\s+)?de\s+sesiones)\b|сесси[яиюей]"),
    )
    .expect("session word pattern is valid")
});

/// Congress words and the acronyms of the bodies, which take an ordinal directly
/// ("13th Crime Congress", "6 th CTOC", "57th CND").
static BODY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &ascii_word_boundaries(r"\b(?:(?:United\s+Nations|UN)\s+)?(?:Crime\s+)?(?:Congress|CONGRESS)\b|\bCongr[eè]s\b|\bCongreso\b|\bКонгресс\w*|\b(?:CND|CCPCJ|CoSP|COSP|IRG|CTOC|COP)\b"),
    )
    .expect("body word pattern is valid")
});

/// Arabic: the ordinal follows "الدورة" (the session) or "مؤتمر الأمم المتحدة" (the
/// UN Congress).
static ARABIC_SESSION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:ب|ل|و)?(?:ال)?دور[ةه]|(?P<congress>مؤتمر\s+ال[أا]مم\s+المتحدة)")
        .expect("Arabic session pattern is valid")
});

static ARABIC_CRIME_PREVENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*لمنع\s+الجريمة").expect("Arabic crime prevention pattern is valid")
});

/// Chinese: 第 + number + 届 (会议), the Congress being 第十三届联合国预防犯罪和刑事司法大会.
static CHINESE_SESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第\s*(?P<number>[〇零一二三四五六七八九十百\d]+)\s*(?:届|次)(?P<congress>(?:联合国)?预防犯罪和刑事司法大会)?")
        .expect("Chinese session pattern is valid")
});

/// Arabic adjectives that may stand between الدورة and its ordinal.
const ARABIC_SESSION_ADJECTIVES: &[&str] = &["العادية", "العادیة", "الاستثنائية", "المستأنفة"];

/// A session named in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SessionMention {
    pub start: usize,
    pub end: usize,
    pub session: u32,
    pub forum: Option<Forum>,
}

/// "the sixty-fifth session of the General Assembly", "the General Assembly at its
/// forty-second session": a session the text names together with the Assembly. A
/// special or emergency special session is not the regular session a speech is given at.
static GENERAL_ASSEMBLY_SESSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<special>(?:emergency\s+)?special\s+)?session\s+of\s+the\s+(?:United\s+Nations\s+)?General\s+Assembly|General\s+Assembly\s+(?:of\s+the\s+United\s+Nations\s+)?at\s+its\s+\S+(?:\s+\S+)?\s+(?P<session>session)")
        .expect("General Assembly session pattern is valid")
});

/// Finds the first regular session of the General Assembly a text names with the
/// Assembly; a session number alone says nothing of the body.
pub(crate) fn find_general_assembly_session(text: &str) -> Option<u32> {
    GENERAL_ASSEMBLY_SESSION
        .captures_iter(text)
        .find_map(|captures| {
            if captures.name("special").is_some() {
                return None;
            }
            let session_word = captures.name("session").or_else(|| captures.get(0))?;
            ordinal_before(text, session_word.start()).map(|(_, session)| session)
        })
        .filter(|session| *session > 0 && *session < 200)
}

/// Finds the first session of a Vienna body that a text states, with its body.
pub fn find_session(text: &str) -> Option<(Forum, u32)> {
    find_session_mentions(text)
        .into_iter()
        .find_map(|mention| mention.forum.map(|forum| (forum, mention.session)))
}

/// Finds every session named in a text, in text order, each with its body when one
/// can be told.
pub(crate) fn find_session_mentions(text: &str) -> Vec<SessionMention> {
    let forums = find_forum_mentions(text);
    let mut mentions = Vec::new();
    for found in SESSION_WORD.find_iter(text) {
        let Some((start, session)) = ordinal_before(text, found.start()) else {
            continue;
        };
        let forum = forum_after(text, found.end(), &forums)
            .or_else(|| nearest_forum(start, found.end(), &forums));
        mentions.push(SessionMention {
            start,
            end: found.end(),
            session,
            forum,
        });
    }
    for found in BODY_WORD.find_iter(text) {
        let Some((start, session)) = ordinal_before(text, found.start()) else {
            continue;
        };
        let forum = forum_of_body_word(found.as_str());
        if forum == Forum::CrimeCongress && !is_crime_congress(text, found.as_str(), found.end()) {
            continue;
        }
        mentions.push(SessionMention {
            start,
            end: found.end(),
            session,
            forum: Some(forum),
        });
    }
    // "the 57th Commission on Narcotic Drugs", "the sixth Conference of the Parties":
    // an ordinal right before a body's name numbers its session.
    for mention in &forums {
        if let Some((start, session)) = ordinal_before(text, mention.start) {
            mentions.push(SessionMention {
                start,
                end: mention.end,
                session,
                forum: Some(mention.forum),
            });
        }
    }
    for captures in ARABIC_SESSION_WORD.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        let Some((end, session)) = ordinal_after(text, whole.end()) else {
            continue;
        };
        let forum = if captures.name("congress").is_some() {
            // Only the Congress on crime prevention, not any United Nations conference.
            if !ARABIC_CRIME_PREVENTION
                .is_match(&text[end..floor_char_boundary(text, (end + 40).min(text.len()))])
            {
                continue;
            }
            Some(Forum::CrimeCongress)
        } else {
            forum_after(text, end, &forums).or_else(|| nearest_forum(whole.start(), end, &forums))
        };
        mentions.push(SessionMention {
            start: whole.start(),
            end,
            session,
            forum,
        });
    }
    for captures in CHINESE_SESSION.captures_iter(text) {
        let (Some(whole), Some(number)) = (captures.get(0), captures.name("number")) else {
            continue;
        };
        let Some(session) =
            parse_number(number.as_str()).or_else(|| parse_chinese_number(number.as_str()))
        else {
            continue;
        };
        let forum = if captures.name("congress").is_some() {
            Some(Forum::CrimeCongress)
        } else {
            nearest_forum(whole.start(), whole.end(), &forums)
        };
        mentions.push(SessionMention {
            start: whole.start(),
            end: whole.end(),
            session,
            forum,
        });
    }
    mentions.sort_by_key(|mention| mention.start);
    mentions
        .dedup_by(|later, earlier| later.start < earlier.end && later.session == earlier.session);
    mentions
}

/// "13th Crime Congress" and "Thirteenth United Nations Congress" name the Crime
/// Congress; a bare "Congress" does only when the name goes on ("... on Crime
/// Prevention", "Congrès des Nations Unies ...").
fn is_crime_congress(text: &str, word: &str, end: usize) -> bool {
    static NAME_GOES_ON: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:on\s+Crime|des\s+Nations\s+Unies|pour\s+la\s+pr[ée]vention\s+du\s+crime|de\s+las\s+Naciones\s+Unidas|sobre\s+Prevenci[oó]n|Организации\s+Объединенных\s+Наций|по\s+предупреждению)")
            .expect("congress name pattern is valid")
    });
    if word.contains("Crime") || word.contains("United") || word.starts_with("UN") {
        return true;
    }
    NAME_GOES_ON.is_match(&text[end..floor_char_boundary(text, (end + 60).min(text.len()))])
}

fn forum_of_body_word(word: &str) -> Forum {
    let upper = word.to_uppercase();
    match upper.as_str() {
        "CND" => Forum::Cnd,
        "CCPCJ" => Forum::Ccpcj,
        "COSP" => Forum::Cosp,
        "IRG" => Forum::Irg,
        "CTOC" | "COP" => Forum::Cop,
        _ => Forum::CrimeCongress,
    }
}

/// The ordinal that ends right before `end` on the same line: the longest run of up to
/// four words that parses as an ordinal. Returns its start and value.
fn ordinal_before(text: &str, end: usize) -> Option<(usize, u32)> {
    let line_start = text[..end].rfind('\n').map_or(0, |newline| newline + 1);
    let window_start = floor_char_boundary(text, end.saturating_sub(80).max(line_start));
    let window = &text[window_start..end];
    let words: Vec<(usize, &str)> = word_spans(window);
    let last = words.len();
    for count in (1..=last.min(4)).rev() {
        let (first_offset, _) = words[last - count];
        let phrase = window[first_offset..].trim_end();
        // The phrase must begin at a word start, and must not swallow a longer number
        // ("2014 session" is no ordinal).
        if let Some(value) = parse_ordinal(phrase.trim_start_matches(['(', '[', '"', '“', '«']))
        {
            return Some((window_start + first_offset, value));
        }
    }
    None
}

/// The ordinal that starts right after `start` (Arabic order): the longest run of up to
/// four words, skipping adjectives such as العادية. Returns its end and value.
fn ordinal_after(text: &str, start: usize) -> Option<(usize, u32)> {
    let window_end = floor_char_boundary(text, (start + 160).min(text.len()));
    let window = &text[start..window_end];
    let mut words: Vec<(usize, &str)> = word_spans(window);
    while words
        .first()
        .is_some_and(|(_, word)| ARABIC_SESSION_ADJECTIVES.contains(word))
    {
        words.remove(0);
    }
    let (first_offset, _) = *words.first()?;
    for count in (1..=words.len().min(4)).rev() {
        let (last_offset, last_word) = words[count - 1];
        let phrase = &window[first_offset..last_offset + last_word.len()];
        if phrase.contains('\n') && count > 1 {
            continue;
        }
        if let Some(value) = parse_ordinal(phrase) {
            return Some((start + last_offset + last_word.len(), value));
        }
    }
    None
}

/// Words of a window with their offsets, split on whitespace, trailing punctuation off.
fn word_spans(window: &str) -> Vec<(usize, &str)> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for piece in window.split_inclusive(char::is_whitespace) {
        let word = piece
            .trim_end()
            .trim_end_matches([',', ';', ':', ')', '»', '"', '”', '،']);
        if !word.is_empty() {
            spans.push((offset, word));
        }
        offset += piece.len();
    }
    spans
}

/// The body named right after a session word: "session of the Commission on ...",
/// "session de la Commission", "período de sesiones de la Comisión", "сессии Комиссии".
fn forum_after(text: &str, end: usize, forums: &[ForumMention]) -> Option<Forum> {
    static LINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^[\s,]*(?:of\s+the|of|de\s+la|du|de\s+l[’']|del|de|de\s+los|de\s+las|for\s+the|للجنة|لمؤتمر|لفريق)?\s*(?:the\s+)?$")
            .expect("link pattern is valid")
    });
    forums.iter().find_map(|mention| {
        if mention.start < end || mention.start - end > 40 {
            return None;
        }
        LINK.is_match(&text[end..mention.start])
            .then_some(mention.forum)
    })
}

/// The body named nearest to a session phrase, within 250 bytes either side.
fn nearest_forum(start: usize, end: usize, forums: &[ForumMention]) -> Option<Forum> {
    forums
        .iter()
        .filter_map(|mention| {
            let distance = if mention.end <= start {
                start - mention.end
            } else {
                // Zero when the spans overlap.
                mention.start.saturating_sub(end)
            };
            (distance <= 250).then_some((distance, mention.forum))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, forum)| forum)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
