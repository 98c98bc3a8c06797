//! Per-language text analysis: the Tantivy analysers of the six UN languages, a
//! language-agnostic one, and the normalization the topic tagger matches on.
//!
//! | name | pipeline |
//! |---|---|
//! | `plenary_en`, `plenary_fr`, `plenary_es` | words → lower case → stop words → Snowball stemmer → ASCII folding |
//! | `plenary_ru` | words → lower case → ё→е → stop words → Snowball stemmer |
//! | `plenary_ar` | words → Arabic normalization (alef and hamza forms, ى, ة, harakat, tatweel) → light stemming |
//! | `plenary_zh` | CJK runs → overlapping bigrams; other words → lower case → ASCII folding |
//! | `plenary_generic` | words, CJK as bigrams → lower case → ASCII folding, no stemming |
//!
//! Folding runs after stemming for French and Spanish, because the Snowball stemmers
//! read accents (`é` is a vowel to them); folding the stems afterwards makes "peine de
//! mort" and "péine de mórt" meet.
//!
//! Chinese is cut into overlapping character bigrams rather than segmented with a
//! dictionary (jieba): bigrams need no dictionary (no megabytes of data to build in or
//! hold in memory, nothing to load at start-up), and they find a term wherever it sits
//! inside a sentence, whereas a segmenter that cut "废除死刑并" differently in the
//! document and in the query would miss it. A query is cut the same way and matched as
//! a phrase, so "死刑" finds "我们呼吁废除死刑并暂停执行". The cost is a larger index
//! and some false phrase matches across word boundaries, acceptable for recall-first
//! search over statements.
//!
//! Arabic gets a light stemmer in the manner of Larkey's "light10": it strips the
//! article and its proclitic combinations (`ال`, `وال`, `بال`, `كال`, `فال`, `لل`),
//! a leading conjunction `و`, and common suffixes (`ها`, `ات`, `ون`, `ين`, `ية`, `ان`,
//! `ه`, `ي`, ...), keeping at least three letters. Lone `ب ك ف ل` are not stripped:
//! too many roots start with them (`بلد`, `فكر`, `كتب`).

use std::cell::RefCell;
use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
    Token, TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The languages that have their own analyser.
pub const LANGUAGES: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];

/// The name of the analyser of any other language, and of the field searched across all.
pub const GENERIC_TOKENIZER: &str = "plenary_generic";

/// Returns the name under which the analyser of `lang` is registered.
///
/// ```
/// assert_eq!(plenary_core::analysis::tokenizer_name("fr"), "plenary_fr");
/// assert_eq!(plenary_core::analysis::tokenizer_name("de"), "plenary_generic");
/// ```
pub fn tokenizer_name(lang: &str) -> &'static str {
    match lang {
        "en" => "plenary_en",
        "fr" => "plenary_fr",
        "es" => "plenary_es",
        "ru" => "plenary_ru",
        "ar" => "plenary_ar",
        "zh" => "plenary_zh",
        _ => GENERIC_TOKENIZER,
    }
}

/// Builds the analyser of `lang` (the generic one for any other code).
pub fn analyzer(lang: &str) -> TextAnalyzer {
    let words = word_tokenizer(lang);
    match lang {
        "en" => latin_analyzer(words, StemLanguage::English),
        "fr" => latin_analyzer(words, StemLanguage::French),
        "es" => latin_analyzer(words, StemLanguage::Spanish),
        "ru" => TextAnalyzer::builder(words)
            .filter(MemoizedWordFilters::new(StemLanguage::Russian))
            .build(),
        "ar" => TextAnalyzer::builder(words)
            .filter(ArabicNormalizer)
            .filter(ArabicLightStemmer)
            .build(),
        "zh" => TextAnalyzer::builder(words)
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
        _ => generic_analyzer(),
    }
}

/// The tokenizer [`analyzer`] starts from for `lang`, without its filters: its tokens
/// have the positions the index gives the analyser's terms (the filters drop stop words
/// and rewrite words, never renumber them).
pub fn word_tokenizer(lang: &str) -> WordTokenizer {
    match lang {
        "en" | "fr" | "es" | "ru" | "ar" => WordTokenizer::default(),
        _ => WordTokenizer::with_cjk_bigrams(),
    }
}

fn latin_analyzer(words: WordTokenizer, language: StemLanguage) -> TextAnalyzer {
    TextAnalyzer::builder(words)
        .filter(MemoizedWordFilters::new(language))
        .build()
}

fn generic_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer::with_cjk_bigrams())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ArabicNormalizer)
        .build()
}

/// The words of `text` as the generic analyser's tokenizer cuts them (a run of CJK
/// characters whole), each once, as written, in the order they first appear, joined by
/// spaces.
///
/// The `words` field records only which documents hold a word (no frequencies, no
/// positions), so it is given each word once: the generic analyser then makes the same
/// terms of it as of the whole text, from a fraction of the tokens.
///
/// ```
/// use plenary_core::analysis::distinct_words;
/// assert_eq!(distinct_words("The drug, the DRUG; the drug-policy."), "The drug the DRUG policy");
/// ```
pub fn distinct_words(text: &str) -> String {
    let mut tokenizer = WordTokenizer::with_cjk_bigrams();
    let mut stream = tokenizer.token_stream(text);
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut words = String::with_capacity(text.len() / 2);
    // Words as written, and CJK runs whole: the analyser composes and cuts them again as
    // it would in the text, so no token text is made here.
    while let Some(word) = stream.next_word() {
        let written = &text[word.start..word.end];
        if seen.insert(written) {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(written);
        }
    }
    words
}

/// Whether every whitespace character of `text` is ASCII whitespace other than the
/// vertical tab: then `split_ascii_whitespace` cuts `text` as `split_whitespace` does,
/// at a fraction of the cost. Read a byte at a time, matching the UTF-8 of Unicode's other
/// whitespace (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
/// U+3000).
///
/// ```
/// use plenary_core::analysis::has_only_ascii_whitespace;
/// assert!(has_only_ascii_whitespace("the “State’s” view\n\t– 2019"));
/// assert!(!has_only_ascii_whitespace("10\u{a0}000"));
/// assert!(!has_only_ascii_whitespace("a\u{3000}b") && !has_only_ascii_whitespace("a\x0Bb"));
/// ```
pub fn has_only_ascii_whitespace(text: &str) -> bool {
    let bytes = text.as_bytes();
    let at = |index: usize| bytes.get(index).copied().unwrap_or(0);
    for (index, &byte) in bytes.iter().enumerate() {
        let other_whitespace = match byte {
            0x0B => true,
            0xC2 => matches!(at(index + 1), 0x85 | 0xA0),
            0xE1 => at(index + 1) == 0x9A && at(index + 2) == 0x80,
            0xE2 => match at(index + 1) {
                0x80 => matches!(at(index + 2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                0x81 => at(index + 2) == 0x9F,
                _ => false,
            },
            0xE3 => at(index + 1) == 0x80 && at(index + 2) == 0x80,
            _ => false,
        };
        if other_whitespace {
            return false;
        }
    }
    true
}

/// Appends the words of `text` to `out`, each after one space unless `out` is empty:
/// every run of whitespace, line breaks included, becomes one space. Text whose whitespace
/// is ASCII (nearly all) is cut at bytes ([`has_only_ascii_whitespace`]).
///
/// ```
/// use plenary_core::analysis::push_collapsing_whitespace;
/// let mut out = String::from("one");
/// push_collapsing_whitespace(&mut out, "  two\n\tthree\u{a0}four ");
/// assert_eq!(out, "one two three four");
/// ```
pub fn push_collapsing_whitespace(out: &mut String, text: &str) {
    if has_only_ascii_whitespace(text) {
        push_collapsing_ascii_whitespace(out, text);
        return;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// [`push_collapsing_whitespace`] for text whose whitespace is ASCII: words that one
/// space already separates are copied together, a line at a time rather than a word.
fn push_collapsing_ascii_whitespace(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if at >= bytes.len() {
            return;
        }
        let start = at;
        let end = loop {
            let Some(length) = bytes[at..].iter().position(u8::is_ascii_whitespace) else {
                break bytes.len();
            };
            let space = at + length;
            let single_space = bytes[space] == b' '
                && bytes
                    .get(space + 1)
                    .is_some_and(|next| !next.is_ascii_whitespace());
            if !single_space {
                break space;
            }
            at = space + 1;
        };
        if !out.is_empty() {
            out.push(' ');
        }
        // Cut at ASCII bytes, so on character boundaries.
        out.push_str(text.get(start..end).unwrap_or_default());
        at = end;
    }
}

/// Registers the analysers of all [`LANGUAGES`] and `plenary_generic` with `manager`.
pub fn register_analyzers(manager: &TokenizerManager) {
    for lang in LANGUAGES {
        manager.register(tokenizer_name(lang), analyzer(lang));
    }
    manager.register(GENERIC_TOKENIZER, generic_analyzer());
}

/// Normalizes text for term matching: compatibility decomposition, diacritics and
/// Arabic harakat removed (which also folds `أ إ آ` to `ا`), `ى`→`ي`, `ة`→`ه`, tatweel
/// dropped, lower case, dashes to spaces, typographic apostrophes to `'`, and each run
/// of whitespace collapsed to one space, or to one `\n` when the run holds a paragraph
/// break (a blank line), so that paragraphs stay visible to the tagger.
///
/// ```
/// use plenary_core::analysis::normalize_for_matching;
/// assert_eq!(normalize_for_matching("Peine  de MORT\n\nÉxécutions"), "peine de mort\nexecutions");
/// assert_eq!(normalize_for_matching("الإعدام"), normalize_for_matching("الاعدام"));
/// ```
pub fn normalize_for_matching(text: &str) -> String {
    normalize_for_matching_at(text, &[]).0
}

/// [`normalize_for_matching`], which also gives where each of `offsets` (byte offsets of
/// `text`, in ascending order) lands in the normalized text: a word that starts at an
/// offset starts at or just after (past one space) the position given for it, and one
/// that ends at an offset ends at the position given for it.
///
/// ```
/// use plenary_core::analysis::normalize_for_matching_at;
/// let (normalized, positions) = normalize_for_matching_at("1. Peine  de MORT\n\nNo", &[3, 17, 99]);
/// assert_eq!(normalized, "1. peine de mort\nno");
/// assert_eq!(positions, [2, 16, 19]);
/// ```
pub fn normalize_for_matching_at(text: &str, offsets: &[usize]) -> (String, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut positions = Vec::with_capacity(offsets.len());
    let mut next_offset = offsets.first().copied().unwrap_or(usize::MAX);
    // Bytes, not a `String`: ASCII, most of any text, is copied a byte at a time through
    // a table, with no character decoded or encoded.
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut pending = PendingSpace::default();
    let mut at = 0;
    while at < bytes.len() {
        while next_offset <= at {
            positions.push(out.len());
            next_offset = offsets.get(positions.len()).copied().unwrap_or(usize::MAX);
        }
        // Eight bytes at a time while they are ASCII words and single spaces, most of a
        // Latin-script text and the spaces and punctuation of the others.
        if !pending.pending
            && let Some(chunk) = bytes.get(at..at + 8).filter(|_| at + 8 <= next_offset)
        {
            let chunk = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if let Some((folded, ends_in_space)) = fold_plain_ascii(chunk, !out.is_empty()) {
                let written = if ends_in_space { 7 } else { 8 };
                out.extend_from_slice(&folded.to_le_bytes()[..written]);
                if ends_in_space {
                    pending.space();
                }
                at += 8;
                continue;
            }
        }
        let byte = bytes[at];
        if byte.is_ascii() {
            match ASCII_FOLDS[byte as usize] {
                ASCII_NEWLINE => pending.newline(),
                ASCII_SPACE => pending.space(),
                folded => {
                    pending.flush(&mut out);
                    out.push(folded);
                }
            }
            at += 1;
            continue;
        }
        // `at` is on a character boundary: ASCII bytes are whole characters, and each
        // other character is stepped over whole.
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        let folded_here;
        let actions: &[FoldAction] = match c as u32 {
            // Han ideographs decompose, fold and lower-case to themselves.
            0x4E00..=0x9FFF => {
                pending.flush(&mut out);
                push_char(&mut out, c);
                continue;
            }
            code => match tabled_fold(code) {
                Some(actions) => actions,
                None => {
                    folded_here = fold_char(c);
                    &folded_here
                }
            },
        };
        for action in actions {
            match *action {
                FoldAction::Space => pending.space(),
                FoldAction::ParagraphBreak => pending.paragraph_break(),
                FoldAction::Char(folded) => {
                    pending.flush(&mut out);
                    push_char(&mut out, folded);
                }
            }
        }
    }
    positions.resize(offsets.len(), out.len());
    // Only whole characters were written.
    let out = String::from_utf8(out)
        .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    (out, positions)
}

/// In [`ASCII_FOLDS`], a line feed: whitespace that counts towards a paragraph break.
/// Not an ASCII byte, so that no character folds to it (NUL is written as itself).
const ASCII_NEWLINE: u8 = 0x80;
/// In [`ASCII_FOLDS`], whitespace or a hyphen: a space.
const ASCII_SPACE: u8 = b' ';

/// Eight bytes of text (little-endian) lower-cased, when they are ASCII with no control
/// character, hyphen or two spaces in a row, and do not start with a space unless
/// `leading_space` allows it: then each byte folds to itself lower-cased and a single
/// space to itself, so the eight are written as they come. Also says whether the last
/// byte is a space, which the caller holds back like any space before what follows.
fn fold_plain_ascii(chunk: u64, leading_space: bool) -> Option<(u64, bool)> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    if chunk & HIGH != 0 {
        return None;
    }
    // Each byte is below 0x80 from here, so none of these additions carries into the
    // next byte, and each mask is exact: the high bit of every byte that is ...
    let control = !(chunk + 0x60 * ONES) & HIGH; // ... below 0x20
    let is = |byte: u64| !((chunk ^ (byte * ONES)) + 0x7F * ONES) & HIGH;
    let (space, hyphen) = (is(0x20), is(0x2D)); // ... a space, a hyphen
    if control | hyphen | (space & (space << 8)) != 0 || (!leading_space && space & 0x80 != 0) {
        return None;
    }
    let upper = (chunk + 0x3F * ONES) & !(chunk + 0x25 * ONES) & HIGH; // ... 'A'..='Z'
    Some((chunk | (upper >> 2), space >> 63 == 1))
}

/// What each ASCII byte becomes: itself lower-cased, or [`ASCII_SPACE`] or [`ASCII_NEWLINE`].
static ASCII_FOLDS: [u8; 128] = {
    let mut folds = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        folds[byte] = if b == b'\n' {
            ASCII_NEWLINE
        } else if b.is_ascii_whitespace() || b == b'-' {
            ASCII_SPACE
        } else {
            b.to_ascii_lowercase()
        };
        byte += 1;
    }
    folds
};

/// A run of whitespace held back until the next visible character, then written once: a
/// line break when it held two line feeds or more (or a paragraph separator), else a space.
#[derive(Default)]
struct PendingSpace {
    pending: bool,
    newlines: u32,
}

impl PendingSpace {
    fn space(&mut self) {
        self.pending = true;
    }

    fn newline(&mut self) {
        self.pending = true;
        self.newlines += 1;
    }

    fn paragraph_break(&mut self) {
        self.pending = true;
        self.newlines = 2;
    }

    fn flush(&mut self, out: &mut Vec<u8>) {
        if self.pending {
            if !out.is_empty() {
                out.push(if self.newlines >= 2 { b'\n' } else { b' ' });
            }
            self.pending = false;
            self.newlines = 0;
        }
    }
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buffer = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
}

/// What one character of a text becomes in a normalized text, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FoldAction {
    Space,
    ParagraphBreak,
    Char(char),
}

/// The blocks whose folds are worked out once: the characters written with two bytes in
/// UTF-8 (Latin with diacritics, Greek, Cyrillic, Arabic), general punctuation (typographic
/// quotes and dashes), CJK punctuation and the fullwidth forms of Chinese text. Most
/// non-ASCII characters of a text are in them, and decomposing each one again costs more
/// than the rest of the work.
const TABLED_BLOCKS: [std::ops::RangeInclusive<u32>; 4] = [
    0x80..=0x7FF,
    0x2000..=0x206F,
    0x3000..=0x303F,
    0xFF00..=0xFFEF,
];

static TABLED_FOLDS: std::sync::LazyLock<[Vec<Vec<FoldAction>>; 4]> =
    std::sync::LazyLock::new(|| {
        TABLED_BLOCKS.map(|block| {
            block
                .map(|code| char::from_u32(code).map(fold_char).unwrap_or_default())
                .collect()
        })
    });

/// The fold of `code` when its block is tabled.
fn tabled_fold(code: u32) -> Option<&'static [FoldAction]> {
    let (index, block) = TABLED_BLOCKS
        .iter()
        .enumerate()
        .find(|(_, block)| block.contains(&code))?;
    Some(&TABLED_FOLDS[index][(code - block.start()) as usize])
}

/// What one non-ASCII character becomes: its compatibility decomposition without
/// combining marks, each part folded ([`fold_non_ascii`]) and lower-cased.
fn fold_char(c: char) -> Vec<FoldAction> {
    let mut actions = Vec::new();
    for decomposed in std::iter::once(c).nfkd() {
        if is_combining_mark(decomposed) {
            continue;
        }
        match fold_non_ascii(decomposed) {
            Folded::Drop => {}
            Folded::Space if decomposed == '\u{2029}' => actions.push(FoldAction::ParagraphBreak),
            Folded::Space => actions.push(FoldAction::Space),
            Folded::Char(folded) => {
                for lower in folded.to_lowercase() {
                    actions.push(if lower.is_whitespace() {
                        FoldAction::Space
                    } else {
                        FoldAction::Char(lower)
                    });
                }
            }
        }
    }
    actions
}

enum Folded {
    Drop,
    Space,
    Char(char),
}

fn fold_non_ascii(c: char) -> Folded {
    match c {
        // Tatweel, zero-width characters, soft hyphen and the bidirectional controls that
        // PDF text of right-to-left scripts is full of.
        '\u{0640}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{00ad}' => Folded::Drop,
        '\u{2010}'..='\u{2015}' | '\u{2212}' => Folded::Space,
        c if c.is_whitespace() => Folded::Space,
        '\u{2018}' | '\u{2019}' | '\u{02bc}' => Folded::Char('\''),
        'ى' => Folded::Char('ي'),
        'ة' => Folded::Char('ه'),
        // Persian/Urdu letter forms that appear in Arabic text produced by some tools.
        'ی' => Folded::Char('ي'),
        'ک' => Folded::Char('ك'),
        'ı' => Folded::Char('i'),
        c => Folded::Char(c),
    }
}

/// Whether `c` is a Han ideograph or another CJK character that is written without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F) // Extensions B–F and compatibility supplement
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match letter_in_common_block(c) {
        Some(is_letter) => is_letter,
        // Arabic harakat and Arabic-Indic digits sit next to the letters.
        None if ('\u{064B}'..='\u{0669}').contains(&c) => true,
        None => is_word_char_by_tables(c),
    }
}

/// Whether `c` is a letter (`char::is_alphabetic`), answered without Unicode's tables
/// for the blocks UN text is mostly written in: language detection asks it of every
/// character it reads.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    letter_in_common_block(c).unwrap_or_else(|| c.is_alphabetic())
}

fn is_word_char_by_tables(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{0640}'
}

/// Answers whether `c` is a letter without Unicode's tables (a binary search, which was
/// a tenth of tokenizing) for the blocks UN text is mostly written in: accented Latin,
/// Cyrillic, Arabic letters, CJK ideographs, and punctuation, which is neither a letter
/// nor any other part of a word.
fn letter_in_common_block(c: char) -> Option<bool> {
    match c as u32 {
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x17F => Some(true),
        0x410..=0x44F | 0x401 | 0x451 => Some(true),
        0x620..=0x64A => Some(true),
        0x4E00..=0x9FFF => Some(true),
        0x2000..=0x206F | 0x3000..=0x3004 => Some(false),
        _ => None,
    }
}

/// A character a word starts with: a word character other than a combining mark.
fn is_word_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_word_char(c) && !is_combining_mark(c)
}

/// Whether each character of `text` is ASCII, or written with two bytes and both NFC as
/// it stands and not a combining mark (so that no neighbour composes with it): then
/// `text` is NFC. Looked up in a table, where Unicode's quick check costs a search per
/// character; `false` sends a word to that check.
fn is_plainly_nfc(text: &str) -> bool {
    static TWO_BYTE_NFC: LazyLock<Vec<bool>> = LazyLock::new(|| {
        (0x80..0x800u32)
            .map(|code| {
                char::from_u32(code).is_some_and(|c| {
                    is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
                        && unicode_normalization::char::canonical_combining_class(c) == 0
                })
            })
            .collect()
    });
    let table = &*TWO_BYTE_NFC;
    let mut chars = text.chars();
    chars.all(|c| match c as u32 {
        0..0x80 => true,
        code @ 0x80..0x800 => table[(code - 0x80) as usize],
        _ => false,
    })
}

/// Splits text into words (letters, digits and the combining marks inside them, so that
/// vowelled Arabic stays one word); with `cjk_bigrams`, each run of CJK characters is cut
/// into overlapping bigrams (a lone character stays a unigram). Tokens are NFC.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    cjk_bigrams: bool,
    token: Token,
}

impl WordTokenizer {
    /// A tokenizer that cuts CJK runs into overlapping bigrams.
    pub fn with_cjk_bigrams() -> Self {
        WordTokenizer {
            cjk_bigrams: true,
            token: Token::default(),
        }
    }
}

pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    cjk_bigrams: bool,
    /// Inside a CJK run: the byte offset of the next bigram start and the run's end.
    cjk_run: Option<(usize, usize)>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        self.token.reset();
        WordTokenStream {
            text,
            cursor: 0,
            cjk_bigrams: self.cjk_bigrams,
            cjk_run: None,
            token: &mut self.token,
        }
    }
}

impl WordTokenStream<'_> {
    fn emit(&mut self, from: usize, to: usize) {
        self.emit_word(from, to, false);
    }

    /// Emits `text[from..to]`, composed to NFC unless it is known to be ASCII.
    fn emit_word(&mut self, from: usize, to: usize, is_ascii: bool) {
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.clear();
        let slice = &self.text[from..to];
        // Most words are already NFC; the quick checks spare composing them again.
        if is_ascii || is_plainly_nfc(slice) || is_nfc_quick(slice.chars()) == IsNormalized::Yes {
            self.token.text.push_str(slice);
        } else {
            self.token.text.extend(slice.nfc());
        }
    }

    fn next_cjk_bigram(&mut self) -> bool {
        let Some((start, end)) = self.cjk_run else {
            return false;
        };
        let mut chars = self.text[start..end].char_indices();
        let Some((_, first)) = chars.next() else {
            self.cjk_run = None;
            return false;
        };
        let second_start = start + first.len_utf8();
        match chars.next() {
            Some((_, second)) => {
                self.emit(start, second_start + second.len_utf8());
                // The run ends after the last bigram: a run of n ≥ 2 characters gives n − 1 bigrams.
                let rest_has_pair = second_start + second.len_utf8() < end;
                self.cjk_run = if rest_has_pair {
                    Some((second_start, end))
                } else {
                    None
                };
                true
            }
            None => {
                self.emit(start, second_start);
                self.cjk_run = None;
                true
            }
        }
    }
}

/// The span of a word of a text, as [`WordTokenStream::next_word`] finds it.
struct WordSpan {
    start: usize,
    end: usize,
    /// Whether the word is ASCII (and so NFC as it stands).
    is_ascii: bool,
    /// Whether it is a run of CJK characters, to be cut into bigrams.
    is_cjk_run: bool,
}

impl WordTokenStream<'_> {
    /// Finds the next word after the cursor and moves the cursor past it. ASCII is read a
    /// byte at a time; a character is decoded only where a byte is not ASCII.
    fn next_word(&mut self) -> Option<WordSpan> {
        let bytes = self.text.as_bytes();
        let mut start = self.cursor;
        let first = loop {
            let Some(&byte) = bytes.get(start) else {
                self.cursor = self.text.len();
                return None;
            };
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() {
                    break byte as char;
                }
                start += 1;
                continue;
            }
            let Some(c) = self.text[start..].chars().next() else {
                self.cursor = self.text.len();
                return None;
            };
            if is_word_start(c) {
                break c;
            }
            start += c.len_utf8();
        };
        let first_is_cjk = self.cjk_bigrams && is_cjk(first);
        let mut end = start;
        let mut is_ascii = true;
        while let Some(&byte) = bytes.get(end) {
            if byte.is_ascii() {
                // An ASCII letter or digit is never CJK: it ends a CJK run.
                if !byte.is_ascii_alphanumeric() || first_is_cjk {
                    break;
                }
                end += 1;
                continue;
            }
            let Some(c) = self.text[end..].chars().next() else {
                break;
            };
            // Split where CJK meets other scripts, so each part is tokenized its own way.
            if !is_word_char(c) || (self.cjk_bigrams && is_cjk(c) != first_is_cjk) {
                break;
            }
            is_ascii = false;
            end += c.len_utf8();
        }
        self.cursor = end;
        Some(WordSpan {
            start,
            end,
            is_ascii,
            is_cjk_run: first_is_cjk,
        })
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next_cjk_bigram() {
            return true;
        }
        let Some(word) = self.next_word() else {
            return false;
        };
        if word.is_cjk_run {
            self.cjk_run = Some((word.start, word.end));
            return self.next_cjk_bigram();
        }
        self.emit_word(word.start, word.end, word.is_ascii);
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Defines a token filter that rewrites each token's text with a function.
macro_rules! text_rewriting_filter {
    ($(#[$doc:meta])* $name:ident, $wrapper:ident, $stream:ident, $rewrite:path) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name;

        impl TokenFilter for $name {
            type Tokenizer<T: Tokenizer> = $wrapper<T>;
            fn transform<T: Tokenizer>(self, tokenizer: T) -> $wrapper<T> {
                $wrapper { inner: tokenizer }
            }
        }

        #[derive(Clone)]
        pub struct $wrapper<T> {
            inner: T,
        }

        impl<T: Tokenizer> Tokenizer for $wrapper<T> {
            type TokenStream<'a> = $stream<T::TokenStream<'a>>;
            fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
                $stream { tail: self.inner.token_stream(text) }
            }
        }

        pub struct $stream<S> {
            tail: S,
        }

        impl<S: TokenStream> TokenStream for $stream<S> {
            fn advance(&mut self) -> bool {
                if !self.tail.advance() {
                    return false;
                }
                let token = self.tail.token_mut();
                if !token.text.is_ascii() {
                    if let Some(rewritten) = $rewrite(&token.text) {
                        token.text = rewritten;
                    }
                }
                true
            }
            fn token(&self) -> &Token {
                self.tail.token()
            }
            fn token_mut(&mut self) -> &mut Token {
                self.tail.token_mut()
            }
        }
    };
}

/// The languages stemmed with Snowball.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StemLanguage {
    English,
    French,
    Spanish,
    Russian,
}

impl StemLanguage {
    const ALL: [StemLanguage; 4] = [
        StemLanguage::English,
        StemLanguage::French,
        StemLanguage::Spanish,
        StemLanguage::Russian,
    ];

    fn index(self) -> usize {
        self as usize
    }

    fn tantivy_language(self) -> Language {
        match self {
            StemLanguage::English => Language::English,
            StemLanguage::French => Language::French,
            StemLanguage::Spanish => Language::Spanish,
            StemLanguage::Russian => Language::Russian,
        }
    }
}

/// Words kept per language and thread in each generation of the word cache.
const MAX_CACHED_WORDS: usize = 20_000;
/// Longer words are filtered without being cached: they are rare, and would fill it.
const MAX_CACHED_WORD_BYTES: usize = 32;

/// A word as written, short enough to be cached, held inline: comparing two is comparing
/// two fixed arrays, with no pointer to follow.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct CachedWord {
    len: u8,
    bytes: [u8; MAX_CACHED_WORD_BYTES],
}

impl CachedWord {
    fn new(word: &str) -> Option<CachedWord> {
        let len = word.len();
        if len > MAX_CACHED_WORD_BYTES {
            return None;
        }
        let mut bytes = [0u8; MAX_CACHED_WORD_BYTES];
        bytes[..len].copy_from_slice(word.as_bytes());
        Some(CachedWord {
            len: len as u8,
            bytes,
        })
    }
}

/// Where a cached word's term sits in its generation's `terms`; `None` for a stop word.
type CachedTerm = Option<(u32, u32)>;

/// Words and their terms (or `None` for a stop word), the terms written one after another
/// in one string.
#[derive(Default)]
struct CacheGeneration {
    words: FxHashMap<CachedWord, CachedTerm>,
    terms: String,
}

impl CacheGeneration {
    /// The term of `word`: `Some(None)` for a stop word, `None` when the word is not here.
    fn get(&self, word: &CachedWord) -> Option<Option<&str>> {
        let term = *self.words.get(word)?;
        Some(term.map(|(start, end)| {
            self.terms
                .get(start as usize..end as usize)
                .unwrap_or_default()
        }))
    }

    fn insert(&mut self, word: CachedWord, term: Option<&str>) {
        let term = term.map(|term| {
            let start = self.terms.len() as u32;
            self.terms.push_str(term);
            (start, self.terms.len() as u32)
        });
        self.words.insert(word, term);
    }
}

/// What the word filters of a language made of the words met, in two generations: when
/// the current one is full it becomes the previous one, and a word found there is copied
/// back. The words used often stay, however long the run: emptying the whole cache
/// instead made every common word a miss again after each [`MAX_CACHED_WORDS`] new ones,
/// which a corpus of a large vocabulary meets often.
#[derive(Default)]
struct WordCache {
    current: CacheGeneration,
    previous: CacheGeneration,
}

impl WordCache {
    /// Rewrites `word` into its cached term: `Some(kept)`, or `None` when it is not cached.
    fn rewrite(&mut self, key: &CachedWord, word: &mut String) -> Option<bool> {
        if let Some(term) = self.current.get(key) {
            return Some(replace_with(word, term));
        }
        let term = self.previous.get(key)?.map(str::to_string);
        self.insert(*key, term.as_deref());
        Some(replace_with(word, term.as_deref()))
    }

    fn insert(&mut self, key: CachedWord, term: Option<&str>) {
        if self.current.words.len() >= MAX_CACHED_WORDS {
            self.previous = std::mem::take(&mut self.current);
        }
        self.current.insert(key, term);
    }
}

/// Writes `term` over `word`; `false` for a stop word (`None`), which is dropped.
fn replace_with(word: &mut String, term: Option<&str>) -> bool {
    let Some(term) = term else {
        return false;
    };
    word.clear();
    word.push_str(term);
    true
}

thread_local! {
    /// Word as written → term, per [`StemLanguage`], for the threads that index and
    /// highlight.
    static WORD_CACHE: RefCell<[WordCache; StemLanguage::ALL.len()]> =
        RefCell::new(Default::default());
}

/// The filters of a stemmed language, which each rewrite or drop one word on its own
/// (lower case, `ё`→`е`, stop words, Snowball stemming, ASCII folding), run through a
/// per-thread cache of their results. Words follow Zipf's law: a few thousand of them
/// make most of a text, and looking one up costs a fraction of running the filters, at
/// indexing and when passages are highlighted. The filters themselves are Tantivy's, so
/// a word gives exactly the term it would give without the cache.
#[derive(Clone)]
pub struct MemoizedWordFilters {
    language: StemLanguage,
    word_filters: TextAnalyzer,
}

impl MemoizedWordFilters {
    pub fn new(language: StemLanguage) -> MemoizedWordFilters {
        MemoizedWordFilters {
            language,
            word_filters: word_filters(language),
        }
    }
}

/// The word filters of a stemmed language, as one statically typed chain: a word the
/// cache misses costs one boxed stream, where a chain of boxed filters cost one box each.
fn word_filters(language: StemLanguage) -> TextAnalyzer {
    let tantivy_language = language.tantivy_language();
    let stop_words =
        StopWordFilter::new(tantivy_language).unwrap_or_else(|| StopWordFilter::remove(Vec::new()));
    let stemmer = Stemmer::new(tantivy_language);
    if language == StemLanguage::Russian {
        return TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(CyrillicYoFolding)
            .filter(stop_words)
            .filter(stemmer)
            .build();
    }
    // Folding runs after stemming: the Snowball stemmers read accents.
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(LowerCaser)
        .filter(stop_words)
        .filter(stemmer)
        .filter(AsciiFoldingFilter)
        .build()
}

impl TokenFilter for MemoizedWordFilters {
    type Tokenizer<T: Tokenizer> = MemoizedWordFiltersTokenizer<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoizedWordFiltersTokenizer<T> {
        MemoizedWordFiltersTokenizer {
            filters: self,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
pub struct MemoizedWordFiltersTokenizer<T> {
    filters: MemoizedWordFilters,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoizedWordFiltersTokenizer<T> {
    type TokenStream<'a> = MemoizedWordFiltersStream<'a, T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoizedWordFiltersStream {
            filters: &mut self.filters,
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct MemoizedWordFiltersStream<'a, S> {
    filters: &'a mut MemoizedWordFilters,
    tail: S,
}

impl<S: TokenStream> TokenStream for MemoizedWordFiltersStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            if self.filters.filter(&mut self.tail.token_mut().text) {
                return true;
            }
        }
        false
    }
    fn token(&self) -> &Token {
        self.tail.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

impl MemoizedWordFilters {
    /// Rewrites `word` into its term; `false` when the filters drop it (a stop word).
    fn filter(&mut self, word: &mut String) -> bool {
        let Some(key) = CachedWord::new(word) else {
            return self.run_filters(word);
        };
        WORD_CACHE.with_borrow_mut(|caches| {
            let cache = &mut caches[self.language.index()];
            if let Some(kept) = cache.rewrite(&key, word) {
                return kept;
            }
            let kept = self.run_filters(word);
            cache.insert(key, kept.then_some(word.as_str()));
            kept
        })
    }

    fn run_filters(&mut self, word: &mut String) -> bool {
        let mut stream = self.word_filters.token_stream(word);
        let term = stream.advance().then(|| stream.token().text.clone());
        drop(stream);
        match term {
            Some(term) => {
                *word = term;
                true
            }
            None => false,
        }
    }
}

text_rewriting_filter!(
    /// Folds Russian `ё` to `е`, as most Russian text is printed without the dots.
    CyrillicYoFolding,
    CyrillicYoFoldingTokenizer,
    CyrillicYoFoldingStream,
    fold_cyrillic_yo
);

text_rewriting_filter!(
    /// Normalizes Arabic spelling variants: alef forms `أ إ آ ٱ` → `ا`, `ؤ` → `و`,
    /// `ئ` → `ي`, `ى` → `ي`, `ة` → `ه`, harakat and tatweel removed.
    ArabicNormalizer,
    ArabicNormalizerTokenizer,
    ArabicNormalizerStream,
    normalize_arabic_word
);

text_rewriting_filter!(
    /// Strips common Arabic prefixes and suffixes (light stemming); expects normalized tokens.
    ArabicLightStemmer,
    ArabicLightStemmerTokenizer,
    ArabicLightStemmerStream,
    light_stem_arabic_word
);

fn fold_cyrillic_yo(word: &str) -> Option<String> {
    if !word.contains(['ё', 'Ё']) {
        return None;
    }
    Some(word.replace('ё', "е").replace('Ё', "Е"))
}

/// Normalizes the spelling of one Arabic word (see [`ArabicNormalizer`]).
pub fn normalize_arabic_word(word: &str) -> Option<String> {
    let has_arabic = word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if !has_arabic {
        return None;
    }
    let normalized = word
        .chars()
        .filter_map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
            'ؤ' => Some('و'),
            'ئ' => Some('ي'),
            'ى' => Some('ي'),
            'ة' => Some('ه'),
            '\u{0640}' => None,
            // Harakat, tanwin, shadda, sukun, superscript alef, hamza marks.
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => None,
            c => Some(c),
        })
        .collect();
    Some(normalized)
}

const ARABIC_PREFIXES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];
const ARABIC_SUFFIXES: [&str; 11] = [
    "ها", "ان", "ات", "ون", "ين", "يه", "هم", "كم", "نا", "ه", "ي",
];
const MIN_ARABIC_STEM_CHARS: usize = 3;

/// Light-stems one normalized Arabic word (see the module documentation).
pub fn light_stem_arabic_word(word: &str) -> Option<String> {
    let mut stem = word;
    if stem.chars().count() > MIN_ARABIC_STEM_CHARS + 1
        && let Some(rest) = stem.strip_prefix('و')
    {
        stem = rest;
    }
    for prefix in ARABIC_PREFIXES {
        if let Some(rest) = stem.strip_prefix(prefix)
            && rest.chars().count() >= MIN_ARABIC_STEM_CHARS
        {
            stem = rest;
            break;
        }
    }
    for suffix in ARABIC_SUFFIXES {
        if let Some(rest) = stem.strip_suffix(suffix)
            && rest.chars().count() >= MIN_ARABIC_STEM_CHARS
        {
            stem = rest;
        }
    }
    if stem.len() == word.len() {
        return None;
    }
    Some(stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_ideographs_normalize_to_themselves_as_the_fast_path_assumes() {
        for code in 0x4E00..=0x9FFFu32 {
            let c = char::from_u32(code).unwrap();
            assert_eq!(fold_char(c), [FoldAction::Char(c)], "U+{code:04X}");
        }
    }

    /// Normalization written plainly, one decomposition per character, as the reference
    /// for the tables and fast paths of [`normalize_for_matching_at`].
    fn normalize_plainly(text: &str) -> String {
        let mut out = String::new();
        let (mut pending_space, mut pending_newlines) = (false, 0);
        let push = |out: &mut String, c: char, space: &mut bool, newlines: &mut u32| {
            if *space && !out.is_empty() {
                out.push(if *newlines >= 2 { '\n' } else { ' ' });
            }
            (*space, *newlines) = (false, 0);
            out.push(c);
        };
        for c in text.chars() {
            if c.is_ascii_whitespace() || c == '-' {
                pending_space = true;
                pending_newlines += u32::from(c == '\n');
                continue;
            }
            if c.is_ascii() {
                push(
                    &mut out,
                    c.to_ascii_lowercase(),
                    &mut pending_space,
                    &mut pending_newlines,
                );
                continue;
            }
            for decomposed in std::iter::once(c).nfkd().filter(|d| !is_combining_mark(*d)) {
                match fold_non_ascii(decomposed) {
                    Folded::Drop => {}
                    Folded::Space => {
                        pending_space = true;
                        if decomposed == '\u{2029}' {
                            pending_newlines = 2;
                        }
                    }
                    Folded::Char(folded) => {
                        for lower in folded.to_lowercase() {
                            if lower.is_whitespace() {
                                pending_space = true;
                            } else {
                                push(&mut out, lower, &mut pending_space, &mut pending_newlines);
                            }
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn normalization_through_the_tables_is_the_plain_one() {
        assert_eq!(normalize_for_matching("ÉTÉ ёлка الإعدام"), "ete елка الاعدام");
        let every_char: String = (0x00..0x3100u32)
            .chain(0x4E00..0x4F00)
            .chain(0xF900..0xF910)
            .chain(0xFF00..0xFFF0)
            .filter_map(char::from_u32)
            .collect();
        let with_breaks = format!("{every_char}\n\n{every_char}\u{2029}{every_char}");
        assert_eq!(
            normalize_for_matching(&with_breaks),
            normalize_plainly(&with_breaks)
        );
    }

    /// `count` strings of up to `max_len` pieces of `alphabet`, from a fixed seed: the
    /// inputs of the tests that hold a fast path to the plain one.
    fn generated_strings(alphabet: &[&str], max_len: u64, count: usize) -> Vec<String> {
        // xorshift64: small, and the same strings on every machine.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let len = next() % (max_len + 1);
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn whitespace_collapsed_a_run_at_a_time_is_the_words_joined_by_spaces() {
        let alphabet = ["a", "Zé", " ", " ", "\n", "\t", "\r", "\x0C", "死", "."];
        for (round, text) in generated_strings(&alphabet, 30, 3000).iter().enumerate() {
            let mut out = if round % 2 == 0 {
                String::new()
            } else {
                "x".to_string()
            };
            let mut expected = out.clone();
            for word in text.split_whitespace() {
                if !expected.is_empty() {
                    expected.push(' ');
                }
                expected.push_str(word);
            }
            push_collapsing_whitespace(&mut out, text);
            assert_eq!(out, expected, "{text:?}");
        }
    }

    #[test]
    fn ascii_read_eight_bytes_at_a_time_is_the_plain_normalization() {
        // Strings of the bytes each branch of the eight-byte path looks at, from a
        // fixed-seed generator: every placement of spaces, hyphens, line breaks and
        // capitals against the eight-byte boundaries comes up.
        let alphabet = [
            "a", "Z", " ", " ", "-", "\n", "\t", "\r", ".", "@", "[", "`", "{", "~", "\x7f",
            "\x00", "M", "z",
        ];
        for text in generated_strings(&alphabet, 40, 3000) {
            assert_eq!(
                normalize_for_matching(&text),
                normalize_plainly(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn positions_are_where_each_offset_falls_in_the_normalized_text() {
        let text = concat!(
            "Death  PENALTY-abolition\n\n\u{0}Peine de mort\u{2029}ÉTÉ «x»\tказнь  الإعدام 死刑 ",
            " The Commission on Narcotic DRUGS, at its sixty-seventh Session (CND), said: ",
            "[ABOLITION] of the death penalty @ZZ `aa` {Az}\r\n end ",
        );
        let offsets: Vec<usize> = (0..=text.len() + 2)
            .filter(|offset| *offset > text.len() || text.is_char_boundary(*offset))
            .collect();
        let (normalized, positions) = normalize_for_matching_at(text, &offsets);
        assert_eq!(normalized, normalize_plainly(text));
        for (offset, position) in offsets.iter().zip(&positions) {
            let prefix = text.get(..*offset).unwrap_or(text);
            assert_eq!(
                *position,
                normalize_plainly(prefix).len(),
                "offset {offset} in {text:?}"
            );
        }
    }

    #[test]
    fn word_characters_are_what_the_unicode_tables_say() {
        let mut answered = 0;
        for code in 0x80..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(
                    is_word_char(c),
                    is_word_char_by_tables(c),
                    "U+{code:04X} {c}"
                );
                answered += usize::from(letter_in_common_block(c).is_some());
            }
        }
        // Latin, Cyrillic, Arabic, CJK and punctuation are all answered without the tables.
        assert!(answered > 21_000, "{answered}");
    }

    #[test]
    fn letters_are_what_the_unicode_tables_say() {
        for code in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "U+{code:04X} {c}");
            }
        }
    }

    /// The generic analyser's terms of `text`, as a set.
    fn generic_terms(text: &str) -> std::collections::BTreeSet<String> {
        let mut analyzer = generic_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut terms = std::collections::BTreeSet::new();
        while stream.advance() {
            terms.insert(stream.token().text.clone());
        }
        terms
    }

    #[test]
    fn distinct_words_give_the_terms_of_the_whole_text() {
        let texts = [
            "The Commission on Narcotic Drugs (CND) — the drug-policy debate: “don’t” O'Neil, \
             DRUGS, drugs; 2019/20, E/CN.7/2019/NGO/3, naïve Œuvre Straße.",
            "Les États membres ; l’abolition de la peine de mort, les États, LES ÉTATS.",
            "Пытки и насилие в отношении женщин: насилия, Насилие, ёлка, Ёлка.",
            "والإعدام الإعدام عقوبة الإعدام، وعقوبةُ الاعدام ـ ٢٠١٩",
            "禁毒委员会第六十二届会议，毒品问题。禁毒委员会讨论了毒品",
            "Mixed 毒品 policy и политика y política, política, POLÍTICA.",
        ];
        for text in texts {
            let distinct = distinct_words(text);
            assert_eq!(generic_terms(&distinct), generic_terms(text), "{text}");
        }
        let all = texts.join("\n\n");
        assert_eq!(generic_terms(&distinct_words(&all)), generic_terms(&all));
        // Each word once: a text of one word repeated gives it once.
        assert_eq!(distinct_words("drug drug drug"), "drug");
    }

    /// The words of `text` cut a character at a time, as the tokenizer did before it read
    /// ASCII a byte at a time: the reference it is compared with.
    fn words_cut_plainly(text: &str, cjk_bigrams: bool) -> Vec<(usize, usize)> {
        let mut words = Vec::new();
        let mut cursor = 0;
        while let Some((start_rel, first)) = text[cursor..]
            .char_indices()
            .find(|(_, c)| is_word_start(*c))
        {
            let start = cursor + start_rel;
            let first_is_cjk = cjk_bigrams && is_cjk(first);
            let end = text[start..]
                .char_indices()
                .find(|(_, c)| !is_word_char(*c) || (cjk_bigrams && is_cjk(*c) != first_is_cjk))
                .map_or(text.len(), |(offset, _)| start + offset);
            if first_is_cjk {
                let starts: Vec<usize> = text[start..end]
                    .char_indices()
                    .map(|(at, _)| start + at)
                    .collect();
                if starts.len() == 1 {
                    words.push((start, end));
                }
                for pair in starts.windows(2) {
                    let second_end = starts
                        .iter()
                        .find(|at| **at > pair[1])
                        .copied()
                        .unwrap_or(end);
                    words.push((pair[0], second_end));
                }
            } else {
                words.push((start, end));
            }
            cursor = end;
        }
        words
    }

    #[test]
    fn words_are_cut_as_a_character_at_a_time() {
        let text = "The CND’s 62nd session — E/CN.7/2019/NGO/3: naïve Œuvre «peine de mort», \
            насилие, ёлка; والإعدامُ ـ ٢٠١٩; 禁毒委员会第六十二届会议，毒品A毒 x 品; Straße 2019a b1 \
            e\u{301}tat ﬁn ＡＢＣ ab\u{200b}cd";
        for cjk_bigrams in [false, true] {
            let mut tokenizer = WordTokenizer {
                cjk_bigrams,
                ..Default::default()
            };
            let mut stream = tokenizer.token_stream(text);
            let mut cut = Vec::new();
            while stream.advance() {
                cut.push((stream.token().offset_from, stream.token().offset_to));
            }
            assert_eq!(
                cut,
                words_cut_plainly(text, cjk_bigrams),
                "bigrams: {cjk_bigrams}"
            );
        }
    }

    #[test]
    fn cached_words_give_the_terms_of_the_filters_across_generations() {
        let mut cached = analyzer("en");
        let mut uncached = MemoizedWordFilters::new(StemLanguage::English);
        let mut words: Vec<String> = Vec::new();
        // More distinct words than two generations hold, with common ones in between.
        for index in 0..(MAX_CACHED_WORDS * 5 / 2) {
            words.push(format!("walk{index}ing"));
            if index % 7 == 0 {
                words.extend(["the", "Drugs", "policies"].map(str::to_string));
            }
        }
        let text = words.join(" ");
        let mut stream = cached.token_stream(&text);
        let mut seen = 0;
        while stream.advance() {
            let token = stream.token();
            let mut expected = text[token.offset_from..token.offset_to].to_string();
            assert!(uncached.run_filters(&mut expected), "{expected}");
            assert_eq!(token.text, expected);
            seen += 1;
        }
        // "the" is a stop word: dropped each time, from the cache or not.
        let stop_words = words.iter().filter(|word| *word == "the").count();
        assert_eq!(seen, words.len() - stop_words);
    }

    #[test]
    fn words_found_plainly_nfc_are_nfc() {
        let mut plain = 0;
        for first in (0x41..0x800u32).filter_map(char::from_u32) {
            for second in ['a', 'е', '\u{301}', '\u{308}', '\u{653}', '\u{64e}', 'ب'] {
                let word: String = [first, second].iter().collect();
                if is_plainly_nfc(&word) {
                    plain += 1;
                    assert_eq!(word.nfc().collect::<String>(), word, "{word:?}");
                }
            }
        }
        assert!(plain > 5_000, "{plain}");
        assert!(is_plainly_nfc("насилие") && is_plainly_nfc("peine") && is_plainly_nfc("الإعدام"));
        assert!(!is_plainly_nfc("e\u{301}") && !is_plainly_nfc("禁毒"));
    }

    #[test]
    fn only_ascii_whitespace_is_told_for_every_character() {
        for code in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}b");
            let expected = !c.is_whitespace() || (c.is_ascii_whitespace());
            assert_eq!(has_only_ascii_whitespace(&text), expected, "U+{code:04X}");
        }
    }

    /// The word filters as they were chained before, one boxed filter at a time: the
    /// reference the statically typed chain is compared with.
    fn word_filters_boxed(language: StemLanguage) -> TextAnalyzer {
        let mut builder = TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .dynamic();
        if language == StemLanguage::Russian {
            builder = builder.filter_dynamic(CyrillicYoFolding);
        }
        if let Some(stop_words) = StopWordFilter::new(language.tantivy_language()) {
            builder = builder.filter_dynamic(stop_words);
        }
        builder = builder.filter_dynamic(Stemmer::new(language.tantivy_language()));
        if language != StemLanguage::Russian {
            builder = builder.filter_dynamic(AsciiFoldingFilter);
        }
        builder.build()
    }

    #[test]
    fn the_typed_word_filters_give_the_terms_of_the_boxed_ones() {
        let words = [
            "The",
            "and",
            "Drugs",
            "policies",
            "ABOLITION",
            "naïve",
            "États",
            "le",
            "Peine",
            "féminicides",
            "Víctimas",
            "los",
            "políticas",
            "насилию",
            "Ёлки",
            "и",
            "женщин",
            "ЖЕНЩИНАМ",
            "Straße",
            "œuvre",
            "running",
            "générales",
            "niñas",
            "всё",
        ];
        for language in StemLanguage::ALL {
            let mut typed = word_filters(language);
            let mut boxed = word_filters_boxed(language);
            for word in words {
                let term = |analyzer: &mut TextAnalyzer| {
                    let mut stream = analyzer.token_stream(word);
                    stream.advance().then(|| stream.token().text.clone())
                };
                assert_eq!(term(&mut typed), term(&mut boxed), "{language:?} {word}");
            }
        }
    }
}
