//! The language lines of a UN header: "Original: French" and, above it, the language
//! of the version at hand ("Français", "Español", "Russian").

use std::sync::LazyLock;

use regex::Regex;

use super::text::fold;

/// Names of the six languages in each of the six, with their ISO 639-1 code. Arabic
/// forms are given without the preposition بـ that "الأصل: بالإنكليزية" adds.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("anglais", "en"),
    ("ingles", "en"),
    ("английский", "en"),
    ("английском", "en"),
    ("الانكليزية", "en"),
    ("الانجليزية", "en"),
    ("英文", "en"),
    ("英语", "en"),
    ("french", "fr"),
    ("francais", "fr"),
    ("frances", "fr"),
    ("французский", "fr"),
    ("французском", "fr"),
    ("الفرنسية", "fr"),
    ("法文", "fr"),
    ("法语", "fr"),
    ("spanish", "es"),
    ("espagnol", "es"),
    ("espanol", "es"),
    ("испанский", "es"),
    ("испанском", "es"),
    ("الاسبانية", "es"),
    ("西班牙文", "es"),
    ("西班牙语", "es"),
    ("russian", "ru"),
    ("russe", "ru"),
    ("ruso", "ru"),
    ("русский", "ru"),
    ("русском", "ru"),
    ("الروسية", "ru"),
    ("俄文", "ru"),
    ("俄语", "ru"),
    ("arabic", "ar"),
    ("arabe", "ar"),
    ("арабский", "ar"),
    ("арабском", "ar"),
    ("العربية", "ar"),
    ("阿拉伯文", "ar"),
    ("阿拉伯语", "ar"),
    ("chinese", "zh"),
    ("chinois", "zh"),
    ("chino", "zh"),
    ("китайский", "zh"),
    ("китайском", "zh"),
    ("الصينية", "zh"),
    ("中文", "zh"),
    ("汉语", "zh"),
];

/// "Original: English", "Original : anglais", "Original: inglés", "Язык оригинала:
/// английский", "الأصل: بالإنكليزية", "原件：英文" / "原文：英文".
static ORIGINAL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)(?:\bOriginal|Язык\s+оригинала|Подлинный\s+текст|الأصل|الاصل|原件|原文)\s*[:：]\s*(?P<names>[^\n]{1,80})")
        .expect("original language pattern is valid")
});

/// Whether a line is an "Original:" line.
pub(crate) fn is_original_line(line: &str) -> bool {
    ORIGINAL_LINE.is_match(line)
}

/// The ISO code of a language name in any of the six languages ("Français" → "fr").
pub fn language_code(name: &str) -> Option<&'static str> {
    // The longest name ("на французском языке") has 20 characters: a longer text is
    // not one, and folding a whole paragraph to find that out costs.
    if name.len() > MAX_LANGUAGE_NAME_BYTES {
        return None;
    }
    let folded = fold(name.trim().trim_end_matches(['.', ',', ';']));
    let key = folded
        .strip_prefix("بال")
        .map(|rest| format!("ال{rest}"))
        .unwrap_or(folded);
    let key = key.strip_prefix("на ").map(str::to_string).unwrap_or(key);
    let key = key
        .trim_end_matches(" языке")
        .trim_end_matches(" язык")
        .to_string();
    FOLDED_LANGUAGE_NAMES.get(&key).copied()
}

/// Bytes a language name with its preposition and padding can take (40 characters of up
/// to four bytes).
const MAX_LANGUAGE_NAME_BYTES: usize = 160;

/// Every language name, folded, with its code.
static FOLDED_LANGUAGE_NAMES: LazyLock<std::collections::HashMap<String, &'static str>> =
    LazyLock::new(|| {
        LANGUAGE_NAMES
            .iter()
            .map(|(name, code)| (fold(name), *code))
            .collect()
    });

/// The language lines of a header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageLines {
    /// The language the document was written in ("Original: French" → `fr`).
    pub original: Option<String>,
    /// The language of this version, the line above "Original:" ("Français" → `fr`).
    pub stated: Option<String>,
    /// Byte offset of the "Original:" line.
    pub offset: Option<usize>,
}

/// Reads the "Original:" line and the language line above it from a header.
pub fn read_language_lines(text: &str) -> LanguageLines {
    let Some(captures) = ORIGINAL_LINE.captures(text) else {
        return LanguageLines::default();
    };
    let (Some(whole), Some(names)) = (captures.get(0), captures.name("names")) else {
        return LanguageLines::default();
    };
    // "Original: English/French" names two; the first is the original.
    let first_name = names
        .as_str()
        .split(['/', ',', '、'])
        .next()
        .unwrap_or_default();
    let original = first_name_code(first_name).map(str::to_string);
    let stated = stated_language_before(text, whole.start()).map(str::to_string);
    LanguageLines {
        original,
        stated,
        offset: Some(whole.start()),
    }
}

/// A language name may be followed by more words on a flattened line ("English
/// Economic and Social Council"); the longest leading run of words that names a
/// language wins.
fn first_name_code(names: &str) -> Option<&'static str> {
    let words: Vec<&str> = names.split_whitespace().collect();
    for count in (1..=words.len().min(3)).rev() {
        if let Some(code) = language_code(&words[..count].join(" ")) {
            return Some(code);
        }
    }
    None
}

/// The language line right above "Original:" (or the last word before it on the same
/// line when the header was flattened).
fn stated_language_before(text: &str, original_start: usize) -> Option<&'static str> {
    let before = &text[..original_start];
    let same_line = before.rsplit('\n').next().unwrap_or_default();
    if let Some(word) = same_line.split_whitespace().next_back()
        && let Some(code) = language_code(word)
    {
        return Some(code);
    }
    let previous_line = before
        .trim_end_matches(|c: char| c != '\n')
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())?;
    // In a two-column header the language stands in the right-hand column.
    let last_cell = previous_line
        .rsplit(['|', '\t'])
        .next()
        .unwrap_or(previous_line);
    let last_cell = last_cell.rsplit("  ").next().unwrap_or(last_cell);
    language_code(last_cell.trim()).or_else(|| language_code(previous_line.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_names_are_told_in_every_form_and_long_texts_are_none() {
        assert_eq!(language_code("Français"), Some("fr"));
        assert_eq!(language_code("на французском языке"), Some("fr"));
        assert_eq!(language_code("بالإنكليزية"), Some("en"));
        assert_eq!(language_code("中文"), Some("zh"));
        assert_eq!(language_code("English is spoken here"), None);
        let paragraph = "English ".repeat(40);
        assert!(paragraph.len() > MAX_LANGUAGE_NAME_BYTES);
        assert_eq!(language_code(&paragraph), None);
    }
}
