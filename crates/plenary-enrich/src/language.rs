//! Language detection of whole documents, fast enough for the indexer.
//!
//! whatlang reads about 10–15 MB/s per core, so the detector reads a bounded sample:
//! up to four windows spread evenly over the text, made of its running-text lines (the
//! short lines of a UN header, "Distr.: General", "Original: English", symbols and
//! dates, are skipped), with digits and symbols removed. Scripts decide most cases on
//! their own: Arabic letters → `ar`, Han → `zh`, Cyrillic → `ru` when they dominate the
//! letters. Latin text goes to whatlang, restricted to English, French, Spanish and the
//! languages NGO material also comes in (German, Italian, Portuguese). Below
//! [`MIN_LETTERS`] letters or below the confidence threshold the answer is `und`.
//!
//! Before whatlang, the function words of a Latin-script sample are counted: when one
//! language's lead plainly (at least 12, three times any other's), it is the answer;
//! whatlang reads the rest.
//!
//! Paragraphs are checked against their document's language first
//! ([`LanguageDetector::detect_paragraph`]): a paragraph whose function words are plainly
//! those of its document's language ("the", "of", "and" in an English statement) is taken
//! to be in it without running whatlang, which only reads the paragraphs in doubt. Most
//! paragraphs are in their document's language, and whatlang on every one of them cost
//! more than all the rest of the enrichment.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use whatlang::{Detector, Lang};

use plenary_core::analysis::is_letter;
use plenary_core::model::UNDETERMINED_LANGUAGE;

/// The fewest letters a text needs for its language to be told.
pub const MIN_LETTERS: usize = 40;

/// A detected language: an ISO 639-1 code (or `und`) and a confidence in `0.0..=1.0`.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageGuess {
    pub code: String,
    pub confidence: f64,
}

impl LanguageGuess {
    fn undetermined() -> Self {
        LanguageGuess {
            code: UNDETERMINED_LANGUAGE.to_string(),
            confidence: 0.0,
        }
    }
}

/// Detects the language of documents from a bounded sample of their text.
#[derive(Debug)]
pub struct LanguageDetector {
    latin_detector: Detector,
    /// Bytes of text read from each of the sample windows.
    window_bytes: usize,
    windows: usize,
    /// Below this confidence the answer is `und`.
    min_confidence: f64,
    /// Share of the sample's letters a script needs to decide the language on its own.
    script_share: f64,
}

/// The Latin-script languages whatlang may answer, with their ISO 639-1 codes.
const LATIN_LANGUAGES: [(Lang, &str); 6] = [
    (Lang::Eng, "en"),
    (Lang::Fra, "fr"),
    (Lang::Spa, "es"),
    (Lang::Deu, "de"),
    (Lang::Ita, "it"),
    (Lang::Por, "pt"),
];

/// The commonest function words of the Latin-script languages, lower case. Words shared
/// by several languages ("la", "de", "que") are listed under each, so they add to none's
/// lead: only a clear lead counts.
const FUNCTION_WORDS: [(&str, &[&str]); 6] = [
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "are", "by", "this",
            "be", "as", "which", "from", "have", "it", "was", "were", "has", "their", "its", "an",
            "or", "at", "not", "we", "all",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "des", "et", "du", "de", "une", "un", "est", "dans", "pour", "que",
            "qui", "sur", "au", "aux", "par", "pas", "ces", "sont", "ont", "avec", "leur", "nous",
            "ou", "en", "il", "cette", "se",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "las", "y", "del", "de", "que", "en", "un", "una", "por", "con",
            "para", "es", "se", "su", "sus", "al", "como", "más", "lo", "son", "han", "no", "este",
            "esta", "entre", "sobre", "también",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "den", "von", "zu", "mit", "ist", "des", "sich", "nicht",
            "auf", "für", "ein", "eine", "dem", "im", "sind", "auch", "werden", "wird", "bei",
            "nach", "wir", "es", "in", "an", "als", "oder",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "e", "la", "per", "un", "del", "della", "le", "non", "sono", "con",
            "una", "dei", "delle", "gli", "alla", "nel", "è", "si", "ha", "anche", "come", "in",
            "da", "al", "lo", "degli", "questo",
        ],
    ),
    (
        "pt",
        &[
            "o", "de", "que", "e", "do", "da", "em", "um", "para", "com", "não", "uma", "os", "no",
            "se", "na", "por", "mais", "as", "dos", "das", "ao", "pelo", "são", "a", "à", "pela",
            "também", "como", "seu",
        ],
    ),
];

/// Words of a paragraph read for its function words.
const FUNCTION_WORD_WINDOW: usize = 80;
/// Words of a document's sample read for its function words.
const DOCUMENT_FUNCTION_WORD_WINDOW: usize = 300;

impl Default for LanguageDetector {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Default)]
struct ScriptCounts {
    latin: usize,
    cyrillic: usize,
    arabic: usize,
    han: usize,
    other: usize,
}

impl ScriptCounts {
    fn total(&self) -> usize {
        self.latin + self.cyrillic + self.arabic + self.han + self.other
    }
}

impl LanguageDetector {
    /// A detector for the six UN languages plus German, Italian and Portuguese, reading
    /// at most 4 windows of 800 bytes.
    pub fn new() -> Self {
        LanguageDetector {
            latin_detector: Detector::with_allowlist(
                LATIN_LANGUAGES.iter().map(|(lang, _)| *lang).collect(),
            ),
            window_bytes: 800,
            windows: 4,
            min_confidence: 0.15,
            script_share: 0.5,
        }
    }

    /// Detects the language of `text`.
    pub fn detect(&self, text: &str) -> LanguageGuess {
        let sample = self.sample(text);
        let mut counts = ScriptCounts::default();
        for c in sample.chars().filter(|c| is_letter(*c)) {
            match script_of(c) {
                Script::Latin => counts.latin += 1,
                Script::Cyrillic => counts.cyrillic += 1,
                Script::Arabic => counts.arabic += 1,
                Script::Han => counts.han += 1,
                Script::Other => counts.other += 1,
            }
        }
        let letters = counts.total();
        // A Han character carries about as much as a short word: count it as more letters.
        let han_equivalent = counts.han * 3;
        if letters.saturating_sub(counts.han) + han_equivalent < MIN_LETTERS {
            return LanguageGuess::undetermined();
        }
        let share = |count: usize| count as f64 / letters as f64;
        if share(counts.han) >= self.script_share * 0.6 {
            return LanguageGuess {
                code: "zh".to_string(),
                confidence: share(counts.han).clamp(0.5, 1.0),
            };
        }
        if share(counts.arabic) >= self.script_share {
            return LanguageGuess {
                code: "ar".to_string(),
                confidence: share(counts.arabic),
            };
        }
        if share(counts.cyrillic) >= self.script_share {
            return LanguageGuess {
                code: "ru".to_string(),
                confidence: share(counts.cyrillic),
            };
        }
        if counts.latin < MIN_LETTERS || share(counts.latin) < self.script_share {
            return LanguageGuess::undetermined();
        }
        // Running text is about 40% function words: a sample whose function words are
        // plainly one language's needs no trigram model.
        if let Some((leader, confidence)) =
            FunctionWordProfile::of(&sample, DOCUMENT_FUNCTION_WORD_WINDOW).leader(12, 3)
        {
            return LanguageGuess {
                code: FUNCTION_WORDS[leader].0.to_string(),
                confidence: confidence.clamp(0.5, 1.0),
            };
        }
        let latin_only: String = sample
            .chars()
            .map(|c| {
                if is_letter(c) && script_of(c) != Script::Latin {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let Some(info) = self.latin_detector.detect(&latin_only) else {
            return LanguageGuess::undetermined();
        };
        let Some((_, code)) = LATIN_LANGUAGES
            .iter()
            .find(|(lang, _)| *lang == info.lang())
        else {
            return LanguageGuess::undetermined();
        };
        if info.confidence() < self.min_confidence {
            return LanguageGuess::undetermined();
        }
        LanguageGuess {
            code: (*code).to_string(),
            confidence: info.confidence(),
        }
    }

    /// Detects the language of a paragraph of a document in `document_language`. A
    /// Latin-script paragraph whose function words clearly are the document's language's
    /// is answered without whatlang (with the confidence of that lead); any other goes
    /// through [`LanguageDetector::detect`].
    pub fn detect_paragraph(&self, text: &str, document_language: &str) -> LanguageGuess {
        // In a Russian, Arabic or Chinese document, a paragraph written in that script is
        // in that language: the allowlist holds no other language of these scripts.
        if let Some(script) = script_of_language(document_language)
            && share_of_script(text, script, PARAGRAPH_SCRIPT_CHARS) >= 0.9
        {
            return LanguageGuess {
                code: document_language.to_string(),
                confidence: 1.0,
            };
        }
        if let Some(confidence) = function_word_lead(text, document_language) {
            return LanguageGuess {
                code: document_language.to_string(),
                confidence,
            };
        }
        self.detect(text)
    }

    /// Takes the sample the language is told from: windows spread evenly over the text
    /// (the whole text when it is short), each reduced to its running-text lines, with
    /// digits and symbols replaced by spaces. Only the windows are read, never the whole text.
    pub fn sample(&self, text: &str) -> String {
        // Windows are read wider than they are kept, since header lines are dropped from them.
        let raw_window = self.window_bytes * 4;
        let mut sample = String::with_capacity(self.window_bytes * self.windows + 8);
        let windows: Vec<&str> = if text.len() <= raw_window * self.windows {
            vec![text]
        } else {
            let stride = text.len() / self.windows;
            (0..self.windows)
                .map(|window| {
                    let start = floor_char_boundary(text, window * stride);
                    let end = floor_char_boundary(text, (start + raw_window).min(text.len()));
                    &text[start..end]
                })
                .collect()
        };
        let per_window = self.window_bytes * self.windows / windows.len();
        for window in windows {
            let running_text = running_text_lines(window, per_window);
            let chosen = if running_text.len() >= per_window / 4 {
                running_text.as_str()
            } else {
                window
            };
            let kept = &chosen[..floor_char_boundary(chosen, per_window.min(chosen.len()))];
            push_cleaned(&mut sample, kept);
            sample.push(' ');
        }
        sample
    }
}

/// Each function word with the languages it belongs to, one bit per entry of
/// [`FUNCTION_WORDS`].
static FUNCTION_WORD_LANGUAGES: LazyLock<FxHashMap<u64, u8>> = LazyLock::new(|| {
    let mut languages: FxHashMap<u64, u8> = FxHashMap::default();
    for (position, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
        for word in *words {
            if let Some(key) = function_word_key(word.as_bytes()) {
                *languages.entry(key).or_default() |= 1 << position;
            }
        }
    }
    languages
});

/// A word of at most [`FUNCTION_WORD_MAX_BYTES`] as one number, its bytes zero-padded
/// and its ASCII letters lower-cased: looked up by hashing and comparing one integer
/// instead of a string.
fn function_word_key(word: &[u8]) -> Option<u64> {
    let mut padded = [0u8; FUNCTION_WORD_MAX_BYTES];
    padded.get_mut(..word.len())?.copy_from_slice(word);
    padded.make_ascii_lowercase();
    Some(u64::from_le_bytes(padded))
}

/// Bytes of the longest word looked up as a function word.
const FUNCTION_WORD_MAX_BYTES: usize = 8;

/// The function words of the first `window` words of a text, per Latin-script language.
struct FunctionWordProfile {
    /// Function words found, per entry of [`FUNCTION_WORDS`].
    hits: [usize; FUNCTION_WORDS.len()],
    /// Function words of that language alone ("the", "les", "los"), not shared with
    /// another ("de", "la", "que").
    exclusive_hits: [usize; FUNCTION_WORDS.len()],
    words: usize,
    /// Words with letters of another script than Latin.
    other_script_words: usize,
}

impl FunctionWordProfile {
    fn of(text: &str, window: usize) -> FunctionWordProfile {
        let mut profile = FunctionWordProfile {
            hits: [0; FUNCTION_WORDS.len()],
            exclusive_hits: [0; FUNCTION_WORDS.len()],
            words: 0,
            other_script_words: 0,
        };
        let mut lowered = String::new();
        for word in words_with_apostrophes(text).take(window) {
            profile.words += 1;
            let is_ascii = word.is_ascii();
            if !is_ascii
                && word
                    .chars()
                    .any(|c| is_letter(c) && script_of(c) != Script::Latin)
            {
                profile.other_script_words += 1;
                continue;
            }
            // Function words are short: longer words need no lookup.
            if word.len() > FUNCTION_WORD_MAX_BYTES {
                continue;
            }
            let key = if is_ascii {
                function_word_key(word.as_bytes())
            } else {
                lowered.clear();
                lowered.extend(word.chars().flat_map(char::to_lowercase));
                function_word_key(lowered.as_bytes())
            };
            if let Some(&languages) = key.and_then(|key| FUNCTION_WORD_LANGUAGES.get(&key)) {
                for (position, hits) in profile.hits.iter_mut().enumerate() {
                    if languages & (1 << position) != 0 {
                        *hits += 1;
                    }
                }
                if languages.is_power_of_two() {
                    profile.exclusive_hits[languages.trailing_zeros() as usize] += 1;
                }
            }
        }
        profile
    }

    /// The language whose function words lead plainly: at least `minimum` of them and
    /// `ratio` times those of any other language, in a text of Latin words (a text with
    /// words of another script is left to the full detection). With the confidence:
    /// the share of the leader's function words among all of them found.
    ///
    /// The lead is looked for among all function words, then among those of one
    /// language alone: the words French shares with Spanish and Italian ("de", "la",
    /// "en") are its commonest, and can hide a plain lead of "le", "les", "des", "et".
    fn leader(&self, minimum: usize, ratio: usize) -> Option<(usize, f64)> {
        if self.other_script_words * 10 > self.words {
            return None;
        }
        let overall = plain_lead(&self.hits, minimum, ratio);
        if overall.is_some() {
            return overall;
        }
        let (leader, confidence) = plain_lead(&self.exclusive_hits, minimum, ratio)?;
        // The language of its own words must also have the most function words of all.
        let most_overall = self.hits.iter().max().copied().unwrap_or(0);
        (self.hits[leader] == most_overall).then_some((leader, confidence))
    }
}

/// The words of `text`: runs of letters and apostrophes (`'`, `’`). ASCII is read a byte
/// at a time, and a character decoded only where a byte is not ASCII.
fn words_with_apostrophes(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let is_word_char = |at: usize| -> (bool, usize) {
            let byte = bytes[at];
            if byte.is_ascii() {
                return (byte.is_ascii_alphabetic() || byte == b'\'', 1);
            }
            match text[at..].chars().next() {
                Some(c) => (is_letter(c) || c == '’', c.len_utf8()),
                None => (false, 1),
            }
        };
        while at < bytes.len() {
            let (is_word, len) = is_word_char(at);
            if is_word {
                break;
            }
            at += len;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let (is_word, len) = is_word_char(at);
            if !is_word {
                break;
            }
            at += len;
        }
        Some(&text[start..at])
    })
}

/// The entry of `counts` that leads plainly (at least `minimum`, and `ratio` times any
/// other), with its share of all counts.
fn plain_lead(counts: &[usize], minimum: usize, ratio: usize) -> Option<(usize, f64)> {
    let (leader, &most) = counts
        .iter()
        .enumerate()
        .max_by_key(|(position, count)| (**count, std::cmp::Reverse(*position)))?;
    let runner_up = counts
        .iter()
        .enumerate()
        .filter(|(position, _)| *position != leader)
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0);
    let plain = most >= minimum && most >= ratio * runner_up.max(1);
    let total: usize = counts.iter().sum();
    plain.then(|| (leader, most as f64 / total.max(1) as f64))
}

/// Letters of a paragraph read for its script.
const PARAGRAPH_SCRIPT_CHARS: usize = 400;

/// The script of a language that is the only one of its script among those detected.
fn script_of_language(language: &str) -> Option<Script> {
    match language {
        "ru" => Some(Script::Cyrillic),
        "ar" => Some(Script::Arabic),
        "zh" => Some(Script::Han),
        _ => None,
    }
}

/// The share of `script` among the letters of the first `limit` characters of `text`
/// (0 when there are fewer than [`MIN_LETTERS`] letters).
fn share_of_script(text: &str, script: Script, limit: usize) -> f64 {
    let mut letters = 0usize;
    let mut in_script = 0usize;
    for c in text.chars().take(limit).filter(|c| is_letter(*c)) {
        letters += 1;
        if script_of(c) == script {
            in_script += 1;
        }
    }
    // Han characters are words of their own: fewer of them suffice.
    let needed = if script == Script::Han {
        MIN_LETTERS / 3
    } else {
        MIN_LETTERS
    };
    if letters < needed {
        return 0.0;
    }
    in_script as f64 / letters as f64
}

/// How clearly the function words of `text` are `language`'s: `Some(confidence)` when
/// `language` is a Latin-script language whose function words are at least 4 and at
/// least twice those of any other; `None` when that is not plain.
fn function_word_lead(text: &str, language: &str) -> Option<f64> {
    let own = FUNCTION_WORDS
        .iter()
        .position(|(code, _)| *code == language)?;
    let (leader, confidence) = FunctionWordProfile::of(text, FUNCTION_WORD_WINDOW).leader(4, 2)?;
    (leader == own).then_some(confidence.clamp(0.5, 1.0))
}

/// Joins the lines that look like running text (several words), skipping headers,
/// symbols, page numbers and dates, until `limit` bytes are kept: the sample keeps no
/// more, and a short document is read whole as one window.
fn running_text_lines(text: &str, limit: usize) -> String {
    let mut kept = String::new();
    for line in text.lines() {
        if kept.len() >= limit {
            break;
        }
        // Six words, or eight Han characters, decide: a paragraph on one line is not
        // read further than they are.
        let words = line
            .split_whitespace()
            .filter(|word| word.chars().any(is_letter))
            .take(6)
            .count();
        if words >= 6
            || line
                .chars()
                .filter(|c| script_of(*c) == Script::Han)
                .take(8)
                .count()
                >= 8
        {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

/// Appends the letters of `text` (and apostrophes), every other run of characters
/// (digits, symbols, punctuation, spaces) becoming one space.
fn push_cleaned(sample: &mut String, text: &str) {
    for c in text.chars() {
        if is_letter(c) || c == '\'' || c == '’' {
            sample.push(c);
        } else if !sample.ends_with(' ') {
            sample.push(' ');
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Cyrillic,
    Arabic,
    Han,
    Other,
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F => Script::Han,
        _ => Script::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_as_function_words_in_any_case() {
        let profile = FunctionWordProfile::of("The THE the, Los LOS los, Les les, Él él", 100);
        let found: usize = profile.hits.iter().sum();
        let counted =
            |text: &str| -> usize { FunctionWordProfile::of(text, 100).hits.iter().sum() };
        assert_eq!(found, counted("the the the los los los les les él él"));
        assert_eq!([counted("THE"), counted("The"), counted("the")], [1; 3]);
        assert_eq!(counted("Thesis Lossy Lest"), 0);
        assert_eq!(counted("l'état L'ÉTAT"), counted("l'état l'état"));
    }

    #[test]
    fn every_function_word_is_short_enough_to_be_looked_up() {
        for (language, words) in FUNCTION_WORDS {
            for word in words {
                assert!(
                    word.len() <= FUNCTION_WORD_MAX_BYTES,
                    "{language}: `{word}` is longer than the words looked up"
                );
            }
        }
    }

    #[test]
    fn function_words_decide_only_on_a_plain_lead() {
        let english = "The Commission is invited to take note of the report and of the \
            recommendations that are made in it, for the States that have ratified it.";
        let profile = FunctionWordProfile::of(english, 80);
        let (leader, confidence) = profile.leader(4, 2).expect("plainly English");
        assert_eq!(FUNCTION_WORDS[leader].0, "en");
        assert!(confidence > 0.5);

        // Half English, half French: no plain leader, so whatlang decides.
        let mixed = "The report of the Commission and the States. Le rapport de la \
            Commission et des États, pour les Parties.";
        assert_eq!(FunctionWordProfile::of(mixed, 80).leader(4, 2), None);

        // French whose commonest function words it shares with Spanish ("de", "la", "en",
        // "que", "un") still leads on the words of French alone ("les", "des", "et").
        let french = "Les membres de la Commission, en la présence de la société civile, que \
            la question de la peine de mort et des droits du pays pour un État en la matière.";
        let profile = FunctionWordProfile::of(french, 80);
        assert_eq!(
            plain_lead(&profile.hits, 4, 2),
            None,
            "shared words alone give no plain lead"
        );
        let (leader, _) = profile
            .leader(4, 2)
            .expect("plainly French on its own words");
        assert_eq!(FUNCTION_WORDS[leader].0, "fr");

        // A paragraph in the script of its Russian, Arabic or Chinese document is in its language.
        let detector = LanguageDetector::new();
        let russian = "Комиссия по наркотическим средствам рассмотрела доклад и рекомендации.";
        assert_eq!(detector.detect_paragraph(russian, "ru").code, "ru");
        assert_eq!(detector.detect_paragraph(russian, "en").code, "ru");
        assert_eq!(
            detector.detect_paragraph(english, "ru").code,
            "en",
            "an English paragraph in a Russian document"
        );

        // Words of another script leave the decision to the full detection.
        let arabic = "the of and to in is that for with on تقرير اللجنة عن الدورة السابعة والخمسين";
        assert_eq!(FunctionWordProfile::of(arabic, 80).leader(4, 2), None);
    }

    #[test]
    fn words_are_the_runs_of_letters_and_apostrophes() {
        let text = "L'État, d’abord: the 2nd «peine» — насилие/ёлка; والإعدام ٢٠١٩ 禁毒 naïve'";
        let plain: Vec<&str> = text
            .split(|c: char| !(is_letter(c) || c == '\'' || c == '’'))
            .filter(|word| !word.is_empty())
            .collect();
        assert_eq!(words_with_apostrophes(text).collect::<Vec<_>>(), plain);
        assert_eq!(words_with_apostrophes("").count(), 0);
        assert_eq!(words_with_apostrophes(" -- 42 ").count(), 0);
    }
}
