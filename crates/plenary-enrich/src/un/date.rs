//! Dates in the six UN languages: "10 February 2014", "February 10, 2014",
//! "1er mars 2014", "10 de febrero de 2014", "10 февраля 2014 года",
//! "10 شباط/فبراير 2014" (Levantine/Egyptian month pairs, Arabic-Indic digits),
//! "2014年2月10日", and ISO "2014-02-10".
//!
//! A range ("13-21 March 2014", "13 a 21 de marzo de 2014", "13–21 марта 2014 года",
//! "30 March-1 April 2014", "2014年3月13日至21日") gives its first day.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::ordinal::parse_chinese_number;
use super::text::{digit_value, fold, parse_number};

/// Month names in en, fr, es, ru (genitive, as dates print them) and Egyptian Arabic.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيه", 6),
    ("يونيو", 6),
    ("يوليه", 7),
    ("يوليو", 7),
    ("أغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
];

/// Levantine Arabic month names, printed before the Egyptian one ("شباط/فبراير").
const LEVANTINE_MONTHS: &[(&str, u32)] = &[
    ("كانون الثاني", 1),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
    ("تشرين الأول", 10),
    ("تشرين الثاني", 11),
    ("كانون الأول", 12),
];

/// Ordinal marks after a day: 1st, 1er, 1re, 1º, 1.º, 1°.
const DAY_SUFFIX: &str = r"(?:\s?(?:st|nd|rd|th|er|re)(?-u:\b)|\.?[º°ª])?";

/// What joins the two ends of a range: dashes, "to", "au", "a/al", "по", "إلى", "至".
const RANGE_SEPARATOR: &str =
    r"\s*(?:-|‐|‑|–|—|(?-u:\b)(?:to|through|and|au|et|al?|y)(?-u:\b)|по\s|и\s|إلى|الى|حتى|و)\s*";

/// Every spelling of a month as a regex alternative, Arabic letter variants included.
fn month_alternatives() -> String {
    let arabic_letter = |c: char| match c {
        'ا' | 'أ' | 'إ' | 'آ' => "[اأإآ]".to_string(),
        'ي' | 'ى' => "[يى]".to_string(),
        'ه' | 'ة' => "[هة]".to_string(),
        ' ' => r"\s+".to_string(),
        other => regex::escape(&other.to_string()),
    };
    let arabic_pattern = |name: &str| name.chars().map(arabic_letter).collect::<String>();
    let mut plain: Vec<&str> = MONTHS.iter().map(|(name, _)| *name).collect();
    plain.sort_by_key(|name| std::cmp::Reverse(name.chars().count()));
    let egyptian: Vec<String> = MONTHS
        .iter()
        .filter(|(name, _)| name.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
        .map(|(name, _)| arabic_pattern(name))
        .collect();
    let levantine: Vec<String> = LEVANTINE_MONTHS
        .iter()
        .map(|(name, _)| arabic_pattern(name))
        .collect();
    let pair = format!(
        r"(?:{})(?:\s*/\s*(?:{}))?",
        levantine.join("|"),
        egyptian.join("|")
    );
    let others: Vec<String> = plain
        .iter()
        .map(|name| {
            if name.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
                arabic_pattern(name)
            } else {
                // An ASCII word boundary: a Unicode one would make the whole search slow
                // on non-Latin text, and the names it guards are Latin.
                if name.is_ascii() {
                    format!(r"{}(?-u:\b)\.?", regex::escape(name))
                } else {
                    format!(r"{}\.?", regex::escape(name))
                }
            }
        })
        .collect();
    format!("(?:{pair}|{})", others.join("|"))
}

static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let month = month_alternatives();
    Regex::new(&format!(
        r"(?i)(?P<day>\d{{1,2}}){DAY_SUFFIX}(?:{RANGE_SEPARATOR}(?:de\s+)?\d{{1,2}}{DAY_SUFFIX})?\s*(?:de\s+)?(?P<month>{month})(?:{RANGE_SEPARATOR}(?:el\s+)?\d{{1,2}}{DAY_SUFFIX}\s*(?:de\s+)?{month})?\s*,?\s*(?:de\s+|del\s+)?(?P<year>\d{{4}})"
    ))
    .expect("day-first date pattern is valid")
});

static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let english: Vec<String> = {
        let mut names: Vec<&str> = MONTHS[..24].iter().map(|(name, _)| *name).collect();
        names.sort_by_key(|name| std::cmp::Reverse(name.len()));
        names
            .iter()
            .map(|name| format!(r"{name}(?-u:\b)\.?"))
            .collect()
    };
    let month = format!("(?:{})", english.join("|"));
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?P<month>{month})\s+(?P<day>\d{{1,2}}){DAY_SUFFIX}(?:{RANGE_SEPARATOR}(?:{month}\s+)?\d{{1,2}}{DAY_SUFFIX})?\s*,?\s*(?P<year>\d{{4}})"
    ))
    .expect("month-first date pattern is valid")
});

static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<year>[\d〇零一二三四五六七八九]{4})\s*年\s*(?P<month>[\d〇一二三四五六七八九十]{1,3})\s*月\s*(?P<day>[\d〇一二三四五六七八九十]{1,3})\s*日")
        .expect("Chinese date pattern is valid")
});

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})(?-u:\b)")
        .expect("ISO date pattern is valid")
});

/// A date found in a text: where it is and whether it opens a range ("13-21 March").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateSpan {
    pub start: usize,
    pub end: usize,
    pub date: NaiveDate,
    pub is_range: bool,
}

/// Parses the first date in a string, in any of the six languages.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    find_dates(s).into_iter().next().map(|(_, date)| date)
}

/// Finds every full date (day, month and year) in a text, with the byte offset where
/// each starts, in text order. A range gives its first day.
pub fn find_dates(text: &str) -> Vec<(usize, NaiveDate)> {
    find_date_spans(text)
        .into_iter()
        .map(|span| (span.start, span.date))
        .collect()
}

/// Finds every full date of a text with its span, in text order.
pub(crate) fn find_date_spans(text: &str) -> Vec<DateSpan> {
    let mut found: Vec<(usize, usize, NaiveDate)> = Vec::new();
    for captures in DAY_FIRST
        .captures_iter(text)
        .chain(MONTH_FIRST.captures_iter(text))
    {
        let (Some(whole), Some(day), Some(month), Some(year)) = (
            captures.get(0),
            captures.name("day"),
            captures.name("month"),
            captures.name("year"),
        ) else {
            continue;
        };
        if touches_digit(text, whole.start(), whole.end()) || month.as_str() == "may" {
            continue;
        }
        let date = match (
            parse_number(year.as_str()),
            month_number(month.as_str()),
            parse_number(day.as_str()),
        ) {
            (Some(year), Some(month), Some(day)) => make_date(year, month, day),
            _ => None,
        };
        if let Some(date) = date {
            found.push((whole.start(), whole.end(), date));
        }
    }
    for captures in CHINESE.captures_iter(text) {
        let (Some(whole), Some(day), Some(month), Some(year)) = (
            captures.get(0),
            captures.name("day"),
            captures.name("month"),
            captures.name("year"),
        ) else {
            continue;
        };
        let year = chinese_or_digits_year(year.as_str());
        let month = parse_number(month.as_str()).or_else(|| parse_chinese_number(month.as_str()));
        let day = parse_number(day.as_str()).or_else(|| parse_chinese_number(day.as_str()));
        if let (Some(year), Some(month), Some(day)) = (year, month, day)
            && let Some(date) = make_date(year, month, day)
        {
            found.push((whole.start(), whole.end(), date));
        }
    }
    for captures in ISO.captures_iter(text) {
        let (Some(whole), Some(day), Some(month), Some(year)) = (
            captures.get(0),
            captures.name("day"),
            captures.name("month"),
            captures.name("year"),
        ) else {
            continue;
        };
        let date = match (
            parse_number(year.as_str()),
            parse_number(month.as_str()),
            parse_number(day.as_str()),
        ) {
            (Some(year), Some(month), Some(day)) => make_date(year, month, day),
            _ => None,
        };
        if let Some(date) = date {
            found.push((whole.start(), whole.end(), date));
        }
    }
    found.sort_by_key(|(start, end, _)| (*start, std::cmp::Reverse(*end)));
    let mut dates: Vec<DateSpan> = Vec::new();
    let mut covered_until = 0;
    for (start, end, date) in found {
        if start < covered_until {
            continue;
        }
        covered_until = end;
        let is_range =
            RANGE_MARK.is_match(&text[start..end]) || CHINESE_RANGE_END.is_match(&text[end..]);
        dates.push(DateSpan {
            start,
            end,
            date,
            is_range,
        });
    }
    dates
}

/// A second day inside a date match makes it a range.
static RANGE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[^\d]{1,40}\d{1,2}\D+\d{4}").expect("range pattern is valid"));

/// "2014年3月13日至21日": the range goes on after the first day.
static CHINESE_RANGE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:至|到|-|–|—)\s*(?:\d{1,2}\s*月\s*)?[\d一二三四五六七八九十]{1,3}\s*日")
        .expect("Chinese range pattern is valid")
});

/// A match glued to more digits ("113 March 20145") is not a date.
fn touches_digit(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start]
        .chars()
        .next_back()
        .and_then(digit_value)
        .is_some();
    let after = text[end..].chars().next().and_then(digit_value).is_some();
    before || after
}

fn make_date(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    let year = i32::try_from(year)
        .ok()
        .filter(|year| (1900..=2100).contains(year))?;
    NaiveDate::from_ymd_opt(year, month, day)
}

fn chinese_or_digits_year(s: &str) -> Option<u32> {
    if let Some(year) = parse_number(s) {
        return Some(year);
    }
    // 二〇一四 is written digit by digit.
    let mut year = 0;
    for c in s.chars() {
        let digit = match c {
            '〇' | '零' => 0,
            other => parse_chinese_number(&other.to_string())?,
        };
        year = year * 10 + digit;
    }
    Some(year)
}

/// The number of a month from its name as matched; for an Arabic pair the Levantine
/// name (before the slash) decides.
fn month_number(name: &str) -> Option<u32> {
    let first = name.split('/').next().unwrap_or(name);
    let key = fold(first.trim_end_matches('.'));
    FOLDED_MONTHS.get(&key).copied()
}

/// Every month name, folded, with its number.
static FOLDED_MONTHS: LazyLock<std::collections::HashMap<String, u32>> = LazyLock::new(|| {
    MONTHS
        .iter()
        .chain(LEVANTINE_MONTHS.iter())
        .map(|(month, number)| (fold(month), *number))
        .collect()
});
