//! The submitting organization and its consultative status, read from the standard
//! sentence of an NGO statement in each UN language, and the organizer of a side event.
//!
//! The organization is kept as the sentence names it, with these changes: a leading
//! article in lower case is dropped (English "the", French "l'", "la", "le", "les",
//! Spanish "la", "el", "los", "las"), because it belongs to the sentence, not to the
//! name: "submitted by the Academic Council on the United Nations System" gives
//! "Academic Council on the United Nations System", while "submitted by The Salvation
//! Army" keeps the capital "The" that is part of the name. A name quoted after a
//! generic noun ("организацией «Центр безопасного Интернета»") is the quoted name.
//! Direction marks and trailing punctuation are removed. For a joint statement or
//! several organizers, the first one named is kept.

use std::sync::LazyLock;

use plenary_core::ConsultativeStatus;
use regex::Regex;

use super::text::{ascii_word_boundaries, collapse_whitespace};

/// An organization read from a document, with the status the sentence states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitter {
    pub organization: String,
    pub consultative_status: Option<ConsultativeStatus>,
    /// Byte offset of the sentence in the text.
    pub offset: usize,
}

struct SubmissionPattern {
    sentence: Regex,
    list_conjunction: &'static str,
    general: Regex,
    special: Regex,
    roster: Regex,
}

/// The "Statement submitted by X, a non-governmental organization in ... status" sentence
/// in each language; `org` is the organization(s), `noun` the "organization(s)" word (its
/// plural marks a joint statement), `rest` what follows (the status).
static SUBMISSION_PATTERNS: LazyLock<Vec<SubmissionPattern>> = LazyLock::new(|| {
    let build =
        |sentence: &str, conjunction: &'static str, general: &str, special: &str, roster: &str| {
            SubmissionPattern {
                sentence: Regex::new(&ascii_word_boundaries(sentence))
                    .expect("submission pattern is valid"),
                list_conjunction: conjunction,
                general: Regex::new(general).expect("status pattern is valid"),
                special: Regex::new(special).expect("status pattern is valid"),
                roster: Regex::new(roster).expect("status pattern is valid"),
            }
        };
    vec![
        build(
            r"(?is)\bstatements?\s+(?:submitted|presented)\s+(?:jointly\s+)?by\s+(?P<org>.+?)\s*,?\s+(?:a\s+|an\s+)?(?P<noun>non[\s-]*governmental\s+organi[sz]ations?)\b",
            "and",
            r"(?i)\bgeneral\s+consultative",
            r"(?i)\bspecial\s+consultative",
            r"(?i)\broster\b",
        ),
        build(
            r"(?is)\bd[ée]claration\s+(?:conjointe\s+|commune\s+)?(?:[ée]crite\s+)?pr[ée]sent[ée]e\s+(?:conjointement\s+)?par\s+(?P<org>.+?)\s*,?\s+(?:une\s+|des\s+)?(?P<noun>organisations?\s+non[\s-]*gouvernementales?)\b",
            "et",
            r"(?i)statut\s+consultatif\s+g[ée]n[ée]ral",
            r"(?i)statut\s+consultatif\s+sp[ée]cial",
            r"(?i)\bliste\b",
        ),
        build(
            r"(?is)\bdeclaraci[oó]n\s+(?:conjunta\s+)?(?:escrita\s+)?presentada\s+(?:conjuntamente\s+)?por\s+(?P<org>.+?)\s*,?\s+(?:una\s+)?(?P<noun>organizaci[oó]n(?:es)?\s+no\s+gubernamental(?:es)?)\b",
            "y",
            r"(?i)consultiv[oa]s?\s+general",
            r"(?i)consultiv[oa]s?\s+especial",
            r"(?i)\blista\b",
        ),
        build(
            r"(?is)заявлени[ея]\s*,?\s+(?:совместно\s+)?представленн\w*\s+(?P<org>.+?)\s*,?\s+(?P<noun>неправительственн\w*\s+организаци\w*)",
            "и",
            r"(?i)общ\w*\s+консультативн",
            r"(?i)специальн\w*\s+консультативн",
            r"(?i)реестр",
        ),
        build(
            // "представленное неправительственной организацией «X», имеющей ...": the
            // organization named after the noun.
            r"(?is)заявлени[ея]\s*,?\s+(?:совместно\s+)?представленн\w*\s+(?P<noun>неправительственн\w*\s+организаци\w*)\s+(?P<org>«[^»]+»|[^,]+?)\s*,",
            "и",
            r"(?i)общ\w*\s+консультативн",
            r"(?i)специальн\w*\s+консультативн",
            r"(?i)реестр",
        ),
        build(
            r"(?s)(?:بيان\s+(?:مشترك\s+)?)?مقدم\s+من\s+(?P<org>.+?)\s*[،,]?\s*(?:وهي|وهما|وهم|وهن)?\s*(?P<noun>منظم(?:ة|ات|تان|تين)\s+غير\s+حكومي\w*)",
            "و",
            r"استشاري\s+عام",
            r"استشاري\s+خاص",
            r"القائمة|القائمه|قائمة",
        ),
    ]
});

/// Chinese puts the status first: 具有经济及社会理事会特别咨商地位的非政府组织X提交的声明.
static CHINESE_SUBMISSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<pre>[^。\n]*?)非政府组织(?P<org>[^。]+?)(?P<joint>联合)?\s*提交的(?:联合)?(?:书面)?(?:声明|发言)")
        .expect("Chinese submission pattern is valid")
});

/// Finds the submitting organization and status in the standard statement sentence.
pub fn find_submitter(text: &str) -> Option<Submitter> {
    // Arabic is often printed with some vowel marks ("مقدَّم"); the patterns are bare.
    let without_vowel_marks: String;
    let text = if text.chars().any(is_arabic_vowel_mark) {
        without_vowel_marks = text.chars().filter(|c| !is_arabic_vowel_mark(*c)).collect();
        without_vowel_marks.as_str()
    } else {
        text
    };
    let mut best: Option<Submitter> = None;
    for pattern in SUBMISSION_PATTERNS.iter() {
        let Some(captures) = pattern.sentence.captures(text) else {
            continue;
        };
        let (Some(whole), Some(org), Some(noun)) =
            (captures.get(0), captures.name("org"), captures.name("noun"))
        else {
            continue;
        };
        if org.as_str().contains("\n\n") {
            continue;
        }
        if org.as_str().len() > 600 {
            continue;
        }
        // The status follows the organization noun (and, in one Russian order, the name).
        let rest_end = floor_char_boundary(text, (whole.end() + 400).min(text.len()));
        let rest = &text[whole.end()..rest_end];
        let status = if pattern.roster.is_match(rest) {
            Some(ConsultativeStatus::Roster)
        } else if pattern.general.is_match(rest) {
            Some(ConsultativeStatus::General)
        } else if pattern.special.is_match(rest) {
            Some(ConsultativeStatus::Special)
        } else {
            None
        };
        let joint = is_plural(noun.as_str());
        let organization = first_of_list(org.as_str(), pattern.list_conjunction, joint);
        if organization.is_empty() {
            continue;
        }
        let candidate = Submitter {
            organization,
            consultative_status: status,
            offset: whole.start(),
        };
        if best
            .as_ref()
            .is_none_or(|best| candidate.offset < best.offset)
        {
            best = Some(candidate);
        }
    }
    if let Some(captures) = CHINESE_SUBMISSION.captures(text)
        && let (Some(whole), Some(org)) = (captures.get(0), captures.name("org"))
    {
        let pre = captures.name("pre").map_or("", |pre| pre.as_str());
        let status = if pre.contains("名册") {
            Some(ConsultativeStatus::Roster)
        } else if pre.contains("全面") {
            Some(ConsultativeStatus::General)
        } else if pre.contains("特别") {
            Some(ConsultativeStatus::Special)
        } else {
            None
        };
        let joint = captures.name("joint").is_some() || org.as_str().contains('、');
        // Chinese lines wrap without a space: a line break inside a name is no space.
        let unwrapped: String = org
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let organization = first_of_chinese_list(&unwrapped, joint);
        let candidate = Submitter {
            organization,
            consultative_status: status,
            offset: whole.start(),
        };
        if !candidate.organization.is_empty()
            && best
                .as_ref()
                .is_none_or(|best| candidate.offset < best.offset)
        {
            best = Some(candidate);
        }
    }
    best
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn is_arabic_vowel_mark(c: char) -> bool {
    ('\u{064B}'..='\u{0652}').contains(&c) || c == '\u{0670}'
}

fn is_plural(noun: &str) -> bool {
    let lower = noun.to_lowercase();
    lower.contains("organizations")
        || lower.contains("organisations")
        || lower.contains("organizaciones")
        || lower.contains("организациями")
        || noun.contains("منظمات")
        || noun.contains("منظمتان")
        || noun.contains("منظمتين")
}

/// Patterns of the organizer of a side event: "organized by X", "organisé par X",
/// "organizado por X", "организованное X", "نظمته X", "由X主办".
static ORGANIZER_PATTERNS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let build = |pattern: &str, conjunction: &'static str| {
        (
            Regex::new(&ascii_word_boundaries(pattern)).expect("organizer pattern is valid"),
            conjunction,
        )
    };
    vec![
        build(
            r"(?i)\b(?:co-?)?organi[sz]ed\s+(?:jointly\s+)?by\s*:?\s+(?P<org>[^.;:()\n]+)",
            "and",
        ),
        build(
            r"(?i)\b(?:co-?)?organis[ée]e?s?\s+(?:conjointement\s+)?par\s*:?\s+(?P<org>[^.;:()\n]+)",
            "et",
        ),
        build(
            r"(?i)\b(?:co-?)?organizad[oa]s?\s+(?:conjuntamente\s+)?por\s*:?\s+(?P<org>[^.;:()\n]+)",
            "y",
        ),
        build(r"(?i)\bорганизованн\w*\s+(?P<org>[^.;:()\n]+)", "и"),
        build(
            r"(?i)\bорганизатор\w*\s*(?:мероприятия)?\s*[:—-]?\s+(?P<org>[^.;:()\n]+)",
            "и",
        ),
        build(
            r"(?:نظمت?ه[اـ]?|نظمها|من\s+تنظيم)\s+(?P<org>[^.؛:()\n]+)",
            "و",
        ),
    ]
});

static CHINESE_ORGANIZER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由(?P<org>[^，。；\n]+?)(?:共同)?(?:主办|组织|举办|举行)")
        .expect("Chinese organizer pattern is valid")
});

/// "X and Y organized a side event/symposium": the subject of the verb.
static ORGANIZER_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<org>[^.;\n]+?)\s+(?:co-)?(?:organi[sz]ed|hosted|convened)\s+(?:a|an)\s+(?:[\w-]+\s+)??(?:[\w-]+\s+)??(?:side\s+event|symposium|panel|event|briefing|dialogue|discussion|seminar|workshop)")
        .expect("organizer subject pattern is valid")
});

/// "Conference room paper submitted by X" and its equivalents: who submitted a paper.
static PAPER_SUBMITTER: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let build = |pattern: &str, conjunction: &'static str| {
        (
            Regex::new(&ascii_word_boundaries(pattern)).expect("paper pattern is valid"),
            conjunction,
        )
    };
    vec![
        build(
            r"(?i)\b(?:conference\s+room\s+)?paper\s+(?:submitted|prepared|presented)\s+(?:jointly\s+)?by\s+(?P<org>[^.;:()\n]+)",
            "and",
        ),
        build(
            r"(?i)\bdocument\s+de\s+s[ée]ance\s+(?:pr[ée]sent[ée]|soumis|[ée]tabli)\s+par\s+(?P<org>[^.;:()\n]+)",
            "et",
        ),
        build(
            r"(?i)\bdocumento\s+de\s+sesi[oó]n\s+(?:presentado|preparado)\s+por\s+(?P<org>[^.;:()\n]+)",
            "y",
        ),
        build(
            r"(?i)\bдокумент\s+зала\s+заседаний\s*,?\s+(?:представленный|подготовленный)\s+(?P<org>[^.;:()\n]+)",
            "и",
        ),
        build(
            r"ورقة\s+غرفة\s+(?:ال)?اجتماعات\s+(?:مقدمة|مقدّمة|أعدتها)\s+من\s+(?P<org>[^.؛:()\n]+)",
            "و",
        ),
        build(r"(?P<org>[^，。；\n]+?)(?:提交|编写)的会议室文件", "和"),
    ]
});

static SECRETARIAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:Secretariat|Secr[ée]tariat|Secretar[ií]a|Секретариат\w*|ال[أا]مانة|秘书处)",
    )
    .expect("secretariat pattern is valid")
});

/// Finds who submitted a conference room paper, as its subtitle states.
pub fn find_paper_submitter(text: &str) -> Option<String> {
    PAPER_SUBMITTER
        .iter()
        .filter_map(|(pattern, conjunction)| {
            let captures = pattern.captures(text)?;
            let org = captures.name("org")?;
            let name = first_of_list(cut_organizer_phrase(org.as_str()), conjunction, true);
            // The Secretariat's own papers have no submitting organization.
            (!name.is_empty() && !SECRETARIAT.is_match(&name)).then_some((org.start(), name))
        })
        .min_by_key(|(offset, _)| *offset)
        .map(|(_, name)| name)
}

/// Finds the first organizer of an event named in a text.
pub fn find_organizer(text: &str) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    let mut consider = |offset: usize, organization: String| {
        if organization.is_empty() || organization.chars().count() < 2 {
            return;
        }
        if best
            .as_ref()
            .is_none_or(|(best_offset, _)| offset < *best_offset)
        {
            best = Some((offset, organization));
        }
    };
    for (pattern, conjunction) in ORGANIZER_PATTERNS.iter() {
        if let Some(captures) = pattern.captures(text)
            && let Some(org) = captures.name("org")
        {
            let trimmed = cut_organizer_phrase(org.as_str());
            consider(org.start(), first_of_list(trimmed, conjunction, true));
        }
    }
    if let Some(captures) = CHINESE_ORGANIZER.captures(text)
        && let Some(org) = captures.name("org")
    {
        consider(org.start(), first_of_chinese_list(org.as_str(), true));
    }
    if let Some(captures) = ORGANIZER_SUBJECT.captures(text)
        && let Some(org) = captures.name("org")
    {
        // The subject is the last clause before the verb.
        let clause = org
            .as_str()
            .rsplit(", ")
            .next()
            .unwrap_or(org.as_str())
            .trim_start();
        // At the start of a sentence the article is capitalized but still an article.
        let clause = clause.strip_prefix("The ").unwrap_or(clause);
        if clause.chars().next().is_some_and(|c| c.is_uppercase()) || clause.starts_with("the ") {
            consider(org.start(), first_of_list(clause, "and", true));
        }
    }
    best.map(|(_, organization)| organization)
}

/// Ends an organizer phrase where the event description resumes.
fn cut_organizer_phrase(phrase: &str) -> &str {
    const STOPS: &[&str] = &[
        " in collaboration",
        " in cooperation",
        " in partnership",
        " with the support",
        " together with",
        " took place",
        " was held",
        " on the margins",
        " on the sidelines",
        " during the",
        " at the ",
        " en collaboration",
        " en coopération",
        " avec le soutien",
        " en colaboración",
        " con el apoyo",
        " в сотрудничестве",
        " при поддержке",
        " بالتعاون",
        " بدعم",
        " on behalf of",
        " en nombre de",
        " au nom de",
        " от имени",
        " نيابة عن",
    ];
    let mut end = phrase.len();
    for stop in STOPS {
        if let Some(position) = phrase.find(stop) {
            end = end.min(position);
        }
    }
    &phrase[..end]
}

/// The first organization of a list "A, B and C": commas always separate; the
/// conjunction separates only where it introduces a new name ("UNODC and the UNCAC
/// Coalition", after an acronym), because names themselves hold it ("Alliance of NGOs
/// on Crime Prevention and Criminal Justice").
fn first_of_list(list: &str, conjunction: &str, is_list: bool) -> String {
    let flat = collapse_whitespace(list);
    let mut first: &str = &flat;
    if is_list {
        if let Some(comma) = first.find([',', '،', ';']) {
            first = &first[..comma];
        }
        first = split_at_conjunction(first, conjunction);
    }
    clean_name(first)
}

/// Removes direction marks, footnote marks, trailing punctuation, a lower-case article,
/// and a generic noun before a quoted name.
fn clean_name(name: &str) -> String {
    let without_marks: String = name
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect();
    let flat = collapse_whitespace(&without_marks);
    let trimmed = flat
        .trim()
        .trim_end_matches([',', '،', '*', ';', ':', ' '])
        .trim();
    let unquoted = quoted_name(trimmed).unwrap_or(trimmed);
    strip_leading_article(unquoted).trim().to_string()
}

/// "организацией «X»", "l'association « X »" → X: a short lower-case noun phrase
/// followed by one quoted name.
fn quoted_name(name: &str) -> Option<&str> {
    let open = name.find(['«', '“', '"'])?;
    let prefix = name[..open].trim();
    let prefix_is_generic = prefix.split_whitespace().count() <= 2
        && prefix
            .chars()
            .all(|c| c.is_lowercase() || c.is_whitespace() || c == '\'' || c == '’');
    if !prefix_is_generic {
        return None;
    }
    let inner = name[open..].trim_start_matches(['«', '“', '"']).trim();
    let close = inner.rfind(['»', '”', '"'])?;
    if !inner[close..]
        .trim_start_matches(['»', '”', '"'])
        .trim()
        .is_empty()
    {
        return None;
    }
    Some(inner[..close].trim())
}

fn split_at_conjunction<'a>(list: &'a str, conjunction: &str) -> &'a str {
    let with_article = [
        format!(" {conjunction} the "),
        format!(" {conjunction} l'"),
        format!(" {conjunction} l’"),
        format!(" {conjunction} la "),
        format!(" {conjunction} le "),
        format!(" {conjunction} el "),
        format!(" {conjunction} les "),
    ];
    let mut cut = list.len();
    for separator in &with_article {
        if let Some(position) = list.find(separator.as_str()) {
            cut = cut.min(position);
        }
    }
    // After an acronym ("UNODC and X") or a closing parenthesis ("(IDPC) and X").
    let plain = format!(" {conjunction} ");
    let mut search_from = 0;
    while let Some(found) = list[search_from..].find(plain.as_str()) {
        let position = search_from + found;
        let before = list[..position]
            .split_whitespace()
            .next_back()
            .unwrap_or_default();
        let acronym = before.chars().count() >= 2
            && before
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit());
        if acronym || before.ends_with(')') {
            cut = cut.min(position);
            break;
        }
        search_from = position + plain.len();
    }
    &list[..cut]
}

fn first_of_chinese_list(list: &str, is_list: bool) -> String {
    let flat = collapse_whitespace(list);
    if !is_list {
        return clean_name(&flat);
    }
    let first = flat.split(['、', '，']).next().unwrap_or(&flat);
    clean_name(first)
}

/// Drops a leading lower-case article, which belongs to the sentence, not the name.
pub fn strip_leading_article(name: &str) -> &str {
    const ARTICLES: &[&str] = &[
        "the ", "l'", "l’", "la ", "le ", "les ", "el ", "los ", "las ",
    ];
    for article in ARTICLES {
        if let Some(rest) = name.strip_prefix(article)
            && !rest.trim().is_empty()
        {
            return rest.trim_start();
        }
    }
    name
}
