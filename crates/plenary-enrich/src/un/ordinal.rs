//! Ordinal numbers in the six UN languages, in words and in figures: "fifty-seventh",
//! "57th", "vingt-cinquième", "25e", "28º", "vigésimo octavo", "шестьдесят второй",
//! "57-я", "السابعة والعشرون", "第六十三".
//!
//! Words are folded (lower case, no accents, Arabic letter variants unified, see
//! [`fold`]) and summed: "fifty seventh" = 50 + 7, "vigesimo tercer" = 20 + 3,
//! "السابعه والعشرون" = 7 + 20. Every word must be a number word or a connector.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::text::{fold, parse_number};

/// Figures with the ordinal marks of each language: 57th, 57 th, 23e, 23ème, 1er, 1re,
/// 28º, 28.º, 28°, 57-я, 57-й, 57-ой.
static NUMERIC_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,3})\s*(?:st|nd|rd|th|e|eme|ieme|er|ere|re|o|a|º|ª|°|\.º|\.ª|\.°|\.|\s?(?:-|‑|–)?\s?(?:я|и|ая|ыи|ои|ии|го|ого|еи|ему|му|ому|ю|ую|м|ом|е|ое))?$",
    )
    .expect("numeric ordinal pattern is valid")
});

/// Words that join the parts of a compound ordinal and add nothing.
const CONNECTORS: &[&str] = &["and", "et", "y", "и"];

/// Number words of en, fr and es with their values; folded before use.
const WORDS: &[(&str, u32)] = &[
    // English ordinals and tens
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("thirteenth", 13),
    ("fourteenth", 14),
    ("fifteenth", 15),
    ("sixteenth", 16),
    ("seventeenth", 17),
    ("eighteenth", 18),
    ("nineteenth", 19),
    ("twentieth", 20),
    ("thirtieth", 30),
    ("fortieth", 40),
    ("fiftieth", 50),
    ("sixtieth", 60),
    ("seventieth", 70),
    ("eightieth", 80),
    ("ninetieth", 90),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    // French ordinals and the cardinals of compounds
    ("premier", 1),
    ("premiere", 1),
    ("unieme", 1),
    ("deuxieme", 2),
    ("seconde", 2),
    ("troisieme", 3),
    ("quatrieme", 4),
    ("cinquieme", 5),
    ("sixieme", 6),
    ("septieme", 7),
    ("huitieme", 8),
    ("neuvieme", 9),
    ("dixieme", 10),
    ("onzieme", 11),
    ("douzieme", 12),
    ("treizieme", 13),
    ("quatorzieme", 14),
    ("quinzieme", 15),
    ("seizieme", 16),
    ("vingtieme", 20),
    ("trentieme", 30),
    ("quarantieme", 40),
    ("cinquantieme", 50),
    ("soixantieme", 60),
    ("dix", 10),
    ("vingt", 20),
    ("vingts", 20),
    ("trente", 30),
    ("quarante", 40),
    ("cinquante", 50),
    ("soixante", 60),
    ("quatre", 4),
    // Spanish ordinals, masculine, apocopated and feminine
    ("primer", 1),
    ("primero", 1),
    ("primera", 1),
    ("segundo", 2),
    ("segunda", 2),
    ("tercer", 3),
    ("tercero", 3),
    ("tercera", 3),
    ("cuarto", 4),
    ("cuarta", 4),
    ("quinto", 5),
    ("quinta", 5),
    ("sexto", 6),
    ("sexta", 6),
    ("septimo", 7),
    ("septima", 7),
    ("setimo", 7),
    ("setima", 7),
    ("octavo", 8),
    ("octava", 8),
    ("noveno", 9),
    ("novena", 9),
    ("decimo", 10),
    ("decima", 10),
    ("undecimo", 11),
    ("undecima", 11),
    ("duodecimo", 12),
    ("duodecima", 12),
    ("decimotercer", 13),
    ("decimotercero", 13),
    ("decimotercera", 13),
    ("decimocuarto", 14),
    ("decimocuarta", 14),
    ("decimoquinto", 15),
    ("decimoquinta", 15),
    ("decimosexto", 16),
    ("decimosexta", 16),
    ("decimoseptimo", 17),
    ("decimoseptima", 17),
    ("decimoctavo", 18),
    ("decimoctava", 18),
    ("decimonoveno", 19),
    ("decimonovena", 19),
    ("decimonono", 19),
    ("vigesimo", 20),
    ("vigesima", 20),
    ("trigesimo", 30),
    ("trigesima", 30),
    ("cuadragesimo", 40),
    ("cuadragesima", 40),
    ("quincuagesimo", 50),
    ("quincuagesima", 50),
    ("sexagesimo", 60),
    ("sexagesima", 60),
    ("septuagesimo", 70),
    ("septuagesima", 70),
    ("octogesimo", 80),
    ("octogesima", 80),
    ("nonagesimo", 90),
    ("nonagesima", 90),
    // Russian cardinal tens, used before an ordinal unit ("шестьдесят вторая")
    ("двадцать", 20),
    ("тридцать", 30),
    ("сорок", 40),
    ("пятьдесят", 50),
    ("шестьдесят", 60),
    ("семьдесят", 70),
    ("восемьдесят", 80),
    ("девяносто", 90),
];

/// Russian ordinal stems: the word is the stem plus an adjective ending in any gender and
/// case ("втор-ая", "втор-ой", "втор-ого", "втор-ую"). Longer stems are tried first.
const RUSSIAN_STEMS: &[(&str, u32)] = &[
    ("перв", 1),
    ("втор", 2),
    ("трет", 3),
    ("четверт", 4),
    ("пят", 5),
    ("шест", 6),
    ("седьм", 7),
    ("восьм", 8),
    ("девят", 9),
    ("десят", 10),
    ("одиннадцат", 11),
    ("двенадцат", 12),
    ("тринадцат", 13),
    ("четырнадцат", 14),
    ("пятнадцат", 15),
    ("шестнадцат", 16),
    ("семнадцат", 17),
    ("восемнадцат", 18),
    ("девятнадцат", 19),
    ("двадцат", 20),
    ("тридцат", 30),
    ("сороков", 40),
    ("пятидесят", 50),
    ("шестидесят", 60),
    ("семидесят", 70),
    ("восьмидесят", 80),
    ("девяност", 90),
];

/// Arabic ordinal words after the article and the conjunction are removed, folded
/// (ة → ه): feminine (الدورة) and masculine (المؤتمر) forms, units, the "عشر/عشرة" of
/// 11–19, and the tens in the nominative (-ون) and oblique (-ين) cases.
const ARABIC_WORDS: &[(&str, u32)] = &[
    ("اول", 1),
    ("اولي", 1),
    ("حادي", 1),
    ("حاديه", 1),
    ("ثاني", 2),
    ("ثانيه", 2),
    ("ثالث", 3),
    ("ثالثه", 3),
    ("رابع", 4),
    ("رابعه", 4),
    ("خامس", 5),
    ("خامسه", 5),
    ("سادس", 6),
    ("سادسه", 6),
    ("سابع", 7),
    ("سابعه", 7),
    ("ثامن", 8),
    ("ثامنه", 8),
    ("تاسع", 9),
    ("تاسعه", 9),
    ("عاشر", 10),
    ("عاشره", 10),
    ("عشر", 10),
    ("عشره", 10),
    ("عشرون", 20),
    ("عشرين", 20),
    ("ثلاثون", 30),
    ("ثلاثين", 30),
    ("اربعون", 40),
    ("اربعين", 40),
    ("خمسون", 50),
    ("خمسين", 50),
    ("ستون", 60),
    ("ستين", 60),
    ("سبعون", 70),
    ("سبعين", 70),
    ("ثمانون", 80),
    ("ثمانين", 80),
    ("تسعون", 90),
    ("تسعين", 90),
];

static WORD_VALUES: LazyLock<HashMap<String, u32>> = LazyLock::new(|| {
    WORDS
        .iter()
        .chain(ARABIC_WORDS.iter())
        .map(|(word, value)| (fold(word), *value))
        .collect()
});

static RUSSIAN_STEMS_FOLDED: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    let mut stems: Vec<(String, u32)> = RUSSIAN_STEMS
        .iter()
        .map(|(stem, value)| (fold(stem), *value))
        .collect();
    stems.sort_by_key(|(stem, _)| std::cmp::Reverse(stem.chars().count()));
    stems
});

/// Parses an ordinal written in words or figures in any of the six UN languages.
/// The whole string must be the ordinal (surrounding spaces aside).
pub fn parse_ordinal(s: &str) -> Option<u32> {
    let trimmed = s.trim().trim_end_matches([',', ';', ':']);
    if trimmed.is_empty() {
        return None;
    }
    if let Some(value) = parse_chinese_ordinal(trimmed) {
        return Some(value);
    }
    let folded = fold(trimmed);
    if let Some(captures) = NUMERIC_ORDINAL.captures(&folded) {
        return parse_number(&captures[1]).filter(|value| *value > 0);
    }
    parse_ordinal_words(&folded)
}

fn parse_ordinal_words(folded: &str) -> Option<u32> {
    let mut total = 0;
    let mut words = folded.split(' ').peekable();
    let mut counted = 0;
    while let Some(word) = words.next() {
        if CONNECTORS.contains(&word) {
            continue;
        }
        // French "quatre-vingt(s)" is 4 × 20.
        if word == "quatre" && words.peek().is_some_and(|next| next.starts_with("vingt")) {
            words.next();
            total += 80;
            counted += 1;
            continue;
        }
        total += word_value(word)?;
        counted += 1;
    }
    (counted > 0 && total > 0).then_some(total)
}

fn word_value(word: &str) -> Option<u32> {
    if let Some(value) = WORD_VALUES.get(word) {
        return Some(*value);
    }
    if let Some(value) = arabic_word_value(word) {
        return Some(value);
    }
    russian_word_value(word)
}

fn arabic_word_value(word: &str) -> Option<u32> {
    // "والعشرون" = و (and) + ال (the) + عشرون; "السابعه" = ال + سابعه.
    let without_and = word
        .strip_prefix('و')
        .filter(|rest| rest.starts_with("ال"))
        .unwrap_or(word);
    let bare = without_and.strip_prefix("ال").unwrap_or(without_and);
    WORD_VALUES
        .get(bare)
        .copied()
        .filter(|_| bare.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
}

fn russian_word_value(word: &str) -> Option<u32> {
    for (stem, value) in RUSSIAN_STEMS_FOLDED.iter() {
        let Some(ending) = word.strip_prefix(stem.as_str()) else {
            continue;
        };
        // Adjective endings are short (-ая, -ой, -ого, -ему, ...); "третий/третья" add -ь-/-и-.
        let ending_ok = ending.chars().count() <= 4
            && ending.chars().all(|c| "аеиоуыэюяйь".contains(c))
            && !ending.is_empty();
        if ending_ok {
            return Some(*value);
        }
    }
    None
}

/// "第六十三", "第63届", "六十三", "第十三届" → the number. The 第 prefix and the
/// 届/次/个 counters are optional.
fn parse_chinese_ordinal(s: &str) -> Option<u32> {
    let without_prefix = s.strip_prefix('第').unwrap_or(s).trim();
    let core = without_prefix.trim_end_matches(['届', '次', '个']).trim();
    if core.is_empty()
        || !core
            .chars()
            .all(|c| chinese_digit(c).is_some() || c == '十' || c == '百')
    {
        if s.starts_with('第') {
            return parse_number(core).filter(|value| *value > 0);
        }
        return None;
    }
    parse_chinese_number(core)
}

fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Chinese numerals up to 999: 十 = 10, 十三 = 13, 六十三 = 63, 一百零一 = 101.
pub(crate) fn parse_chinese_number(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut pending: Option<u32> = None;
    for c in s.chars() {
        match c {
            '百' => {
                total += pending.take().unwrap_or(1) * 100;
            }
            '十' => {
                total += pending.take().unwrap_or(1) * 10;
            }
            _ => {
                let digit = chinese_digit(c)?;
                // 零 only marks a skipped place (一百零一 = 101).
                if digit == 0 {
                    continue;
                }
                if pending.is_some() {
                    return None;
                }
                pending = Some(digit);
            }
        }
    }
    total += pending.unwrap_or(0);
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        assert_eq!(parse_chinese_number("十"), Some(10));
        assert_eq!(parse_chinese_number("十三"), Some(13));
        assert_eq!(parse_chinese_number("六十三"), Some(63));
        assert_eq!(parse_chinese_number("一百零一"), Some(101));
    }
}
