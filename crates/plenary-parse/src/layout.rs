//! Rules shared by the formats whose text comes as lines: joining the lines
//! of a paragraph, hyphenation, separator lines.

/// True for a line that is only a separator: three or more of one of
/// `_ - * = ─ —`, optionally spaced out (`* * *`).
pub(crate) fn is_rule_line(line: &str) -> bool {
    let mut rule_character = None;
    let mut count = 0;
    for character in line.trim().chars() {
        if character == ' ' {
            continue;
        }
        if !matches!(character, '_' | '-' | '*' | '=' | '─' | '—' | '–' | '━') {
            return false;
        }
        match rule_character {
            None => rule_character = Some(character),
            Some(seen) if seen != character => return false,
            Some(_) => {}
        }
        count += 1;
    }
    count >= 3
}

/// Compound second parts after which a line-end hyphen is a real hyphen
/// ("dowry-\nrelated" stays "dowry-related").
const COMPOUND_SECOND_PARTS: &[&str] = &[
    "related",
    "based",
    "led",
    "oriented",
    "specific",
    "sensitive",
    "free",
    "friendly",
    "term",
    "level",
    "making",
    "building",
    "wide",
    "scale",
    "centred",
    "centered",
    "driven",
    "owned",
    "run",
    "affected",
    "responsive",
    "focused",
    "informed",
    "income",
    "up",
    "going",
    "being",
    "known",
    "funded",
    "dependent",
    "using",
    "injecting",
    "governmental",
    "operation",
    "ordination",
    "existing",
    "year",
    "old",
    "party",
    "discrimination",
    "violent",
    "partisan",
    "profit",
    "state",
    "trafficking",
    "corruption",
];

/// Prefixes that keep their hyphen ("non-\ngovernmental", "self-\nreliance").
const HYPHENATED_PREFIXES: &[&str] = &[
    "non",
    "self",
    "anti",
    "co",
    "ex",
    "multi",
    "cross",
    "well",
    "post",
    "socio",
    "quasi",
    "semi",
    "counter",
    "drug",
    "gender",
    "community",
    "evidence",
    "rights",
    "human",
    "child",
    "women",
    "long",
    "short",
    "high",
    "low",
    "small",
    "large",
    "first",
    "second",
    "third",
];

/// Decides whether a hyphen at a line end belongs to the word.
///
/// The rule: the hyphen is kept when the fragment before it starts with a
/// capital letter or contains a digit ("COVID-\n19", "Euro-\nMediterranean"),
/// when the part after it starts with a capital or a digit, when the part
/// after it is a known compound second part ("-related", "-based", "-led"),
/// or when the fragment before it is a known free-standing prefix ("non-",
/// "self-", "anti-"). Otherwise the hyphen only split the word and is
/// dropped ("implemen-\ntation" → "implementation").
pub(crate) fn line_end_hyphen_is_real(before: &str, after: &str) -> bool {
    let fragment: String = before
        .chars()
        .rev()
        .take_while(|character| character.is_alphanumeric())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let next_word: String = after
        .chars()
        .take_while(|character| character.is_alphanumeric())
        .collect();
    let Some(first_of_fragment) = fragment.chars().next() else {
        return true;
    };
    let Some(first_of_next) = next_word.chars().next() else {
        return true;
    };
    if first_of_fragment.is_uppercase()
        || fragment.chars().any(|character| character.is_ascii_digit())
    {
        return true;
    }
    if first_of_next.is_uppercase() || first_of_next.is_ascii_digit() {
        return true;
    }
    let next_lower = next_word.to_lowercase();
    if COMPOUND_SECOND_PARTS.contains(&next_lower.as_str()) {
        return true;
    }
    let fragment_lower = fragment.to_lowercase();
    // A fragment that is itself hyphenated ("state-of-\nthe-art") is a compound.
    let before_fragment = &before[..before.len() - fragment.len()];
    if before_fragment.ends_with('-') {
        return true;
    }
    HYPHENATED_PREFIXES.contains(&fragment_lower.as_str())
}

/// True for characters of scripts written without spaces between words.
pub(crate) fn is_spaceless_script(character: char) -> bool {
    matches!(character as u32,
        0x3000..=0x303F   // CJK punctuation
        | 0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF) // full-width forms
}

/// Appends `next` to the paragraph text `paragraph`, across a line break:
/// a space between words, nothing between two CJK characters, and a
/// line-end hyphen dropped when it only split a word.
pub(crate) fn append_line(paragraph: &mut String, next: &str) {
    let next = next.trim();
    if next.is_empty() {
        return;
    }
    let current = paragraph.trim_end();
    paragraph.truncate(current.len());
    if paragraph.is_empty() {
        paragraph.push_str(next);
        return;
    }
    if paragraph.ends_with('\u{ad}') {
        // A soft hyphen only ever splits a word.
        paragraph.pop();
        paragraph.push_str(next);
        return;
    }
    if paragraph.ends_with('-') && !paragraph.ends_with("--") && !paragraph.ends_with(" -") {
        let before_hyphen = &paragraph[..paragraph.len() - 1];
        let after_is_letter = next.chars().next().is_some_and(char::is_alphanumeric);
        let before_is_letter = before_hyphen
            .chars()
            .last()
            .is_some_and(char::is_alphabetic);
        if after_is_letter && before_is_letter {
            if !line_end_hyphen_is_real(before_hyphen, next) {
                paragraph.pop();
            }
            paragraph.push_str(next);
            return;
        }
    }
    let last = paragraph.chars().last();
    let first = next.chars().next();
    let spaceless = last.is_some_and(is_spaceless_script) && first.is_some_and(is_spaceless_script);
    if !spaceless {
        paragraph.push(' ');
    }
    paragraph.push_str(next);
}

/// The width of a line in columns: one per character, two for the wide
/// characters of CJK scripts, so lines of any script measure fairly.
pub(crate) fn char_length(line: &str) -> usize {
    line.chars()
        .map(|character| if is_spaceless_script(character) { 2 } else { 1 })
        .sum()
}

/// True for lines starting a numbered paragraph or a lettered
/// subparagraph: "1.", "12.", "(a)", "a)".
pub(crate) fn starts_numbered_paragraph(line: &str) -> bool {
    let line = line.trim_start();
    let digits: usize = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        return rest.starts_with(". ") || rest.starts_with(".\t");
    }
    let rest = line.strip_prefix('(').unwrap_or(line);
    let mut characters = rest.chars();
    let (Some(letter), Some(close)) = (characters.next(), characters.next()) else {
        return false;
    };
    letter.is_ascii_lowercase()
        && close == ')'
        && characters.next().is_some_and(char::is_whitespace)
}

/// The bullet a list line starts with, if any.
pub(crate) fn strip_bullet(line: &str) -> Option<&str> {
    let line = line.trim_start();
    for bullet in [
        "• ",
        "· ",
        "- ",
        "* ",
        "– ",
        "▪ ",
        "◦ ",
        "\u{f0b7} ",
        "\u{f0a7} ",
        "o\t",
        "•\t",
        "-\t",
        "\u{f0b7}\t",
    ] {
        if let Some(rest) = line.strip_prefix(bullet) {
            let rest = rest.trim_start();
            if !rest.is_empty() {
                return Some(rest);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_join(first: &str, second: &str, expected: &str) {
        let mut paragraph = first.to_string();
        append_line(&mut paragraph, second);
        assert_eq!(paragraph, expected);
    }

    #[test]
    fn joins_lines_and_hyphens() {
        check_join("the implemen-", "tation of", "the implementation of");
        check_join("dowry-", "related violence", "dowry-related violence");
        check_join("non-", "governmental", "non-governmental");
        check_join("COVID-", "19 pandemic", "COVID-19 pandemic");
        check_join("Euro-", "Mediterranean", "Euro-Mediterranean");
        check_join("state-of-", "the-art", "state-of-the-art");
        check_join("a list --", "and more", "a list -- and more");
        check_join("麻醉药品", "委员会", "麻醉药品委员会");
        check_join("drug", "policy", "drug policy");
    }

    #[test]
    fn recognises_rules_and_numbers() {
        assert!(is_rule_line("______________"));
        assert!(is_rule_line("* * *"));
        assert!(is_rule_line("==="));
        assert!(!is_rule_line("--"));
        assert!(!is_rule_line("-- a"));
        assert!(starts_numbered_paragraph("12. The Commission"));
        assert!(starts_numbered_paragraph("(a) to ensure"));
        assert!(!starts_numbered_paragraph("2014. The year"));
        assert!(!starts_numbered_paragraph("E/CN.7"));
    }
}
