//! How common each word is in UN text: per stemmed language, the share of the sentences
//! of the UN Parallel Corpus dev set that hold it (normalized for matching), for the
//! words in at least [`MIN_SHARE`] of them. `plenary taxonomy word-shares` counts them
//! and writes `data/word_shares.tsv`, embedded here.
//!
//! The tagger reads as stems only the sentences holding a trigger, the first letters of
//! a stem at the start of a word; a term needs all its words in one sentence, so any of
//! them would do, and it takes the rarest: the shares choose which, and never change a
//! match. Words, not stems, are counted, since a trigger fires on any word it starts,
//! stop words included ("was" for "waste").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use plenary_core::analysis::normalize_for_matching;

use crate::stem_match::STEMMED_LANGUAGES;

/// Words in fewer sentences than this share are left out of the table: the tagger
/// counts them as rare.
pub const MIN_SHARE: f64 = 0.005;

/// A line of a word shares file that does not read.
#[derive(Debug, thiserror::Error)]
#[error("word shares, line {line}: {message}")]
pub struct WordSharesError {
    pub line: usize,
    pub message: String,
}

/// The share of sentences holding each common word, per language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordShares {
    /// Per language, its words in byte order with their shares.
    by_language: BTreeMap<String, Vec<(String, f32)>>,
    /// Per language, where a trigger may start in its words, in byte order, with the
    /// share of each word: the words themselves, and in Arabic each of their suffixes
    /// too (a trigger fires inside an Arabic word), so that the words a trigger fires
    /// on are one range.
    starts: BTreeMap<String, Vec<(String, f32)>>,
}

static BUNDLED: OnceLock<WordShares> = OnceLock::new();

impl WordShares {
    /// The table shipped beside the taxonomy (`data/word_shares.tsv`), parsed once.
    pub fn bundled() -> &'static WordShares {
        BUNDLED.get_or_init(|| {
            WordShares::parse(include_str!("../data/word_shares.tsv"))
                .expect("the bundled word shares are valid (checked by the tests)")
        })
    }

    /// Reads a table: `language<TAB>word<TAB>share` lines, `#` comments.
    pub fn parse(text: &str) -> Result<WordShares, WordSharesError> {
        let mut by_language: BTreeMap<String, Vec<(String, f32)>> = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |message: &str| WordSharesError {
                line: index + 1,
                message: message.to_string(),
            };
            let mut fields = line.split('\t');
            let (Some(language), Some(word), Some(share), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(error("not three fields separated by tabs"));
            };
            let share: f32 = share
                .parse()
                .ok()
                .filter(|share: &f32| (0.0..=1.0).contains(share))
                .ok_or_else(|| error("the share is not a number from 0 to 1"))?;
            if word.is_empty() || !word.chars().all(char::is_alphanumeric) {
                return Err(error(
                    "the word is empty or holds other than letters and digits",
                ));
            }
            by_language
                .entry(language.to_string())
                .or_default()
                .push((word.to_string(), share));
        }
        let mut shares = WordShares::default();
        for (language, words) in by_language {
            shares.insert(language, words);
        }
        Ok(shares)
    }

    fn insert(&mut self, language: String, mut words: Vec<(String, f32)>) {
        words.sort_by(|(a, _), (b, _)| a.cmp(b));
        let mut starts: Vec<(String, f32)> = if language == "ar" {
            words
                .iter()
                .flat_map(|(word, share)| {
                    word.char_indices()
                        .map(move |(at, _)| (word[at..].to_string(), *share))
                })
                .collect()
        } else {
            words.clone()
        };
        starts.sort_by(|(a, _), (b, _)| a.cmp(b));
        self.starts.insert(language.clone(), starts);
        self.by_language.insert(language, words);
    }

    /// Counts the words of `sentences` of `language` (one of the stemmed languages; any
    /// other counts nothing) and keeps those in at least [`MIN_SHARE`] of them.
    pub fn count<'a>(&mut self, language: &str, sentences: impl IntoIterator<Item = &'a str>) {
        if !STEMMED_LANGUAGES.contains(&language) {
            return;
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut total = 0usize;
        for sentence in sentences {
            let normalized = normalize_for_matching(sentence);
            // Words as a trigger sees them: runs of letters and digits.
            let words: BTreeSet<&str> = normalized
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .collect();
            for word in words {
                *counts.entry(word.to_string()).or_default() += 1;
            }
            total += 1;
        }
        let words = counts
            .into_iter()
            .map(|(word, count)| (word, count as f64 / total.max(1) as f64))
            .filter(|(_, share)| *share >= MIN_SHARE)
            // Rounded as written, so that a table read back equals the one counted.
            .map(|(word, share)| (word, format!("{share:.4}").parse().unwrap_or(0.0)))
            .collect();
        self.insert(language.to_string(), words);
    }

    /// The table as its file: `header` (each line made a comment), then one line per word.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("# {line}\n").replace("# \n", "#\n"));
        }
        for (language, words) in &self.by_language {
            for (word, share) in words {
                out.push_str(&format!("{language}\t{word}\t{share:.4}\n"));
            }
        }
        out
    }

    /// How many words of `language` the table holds.
    pub fn len(&self, language: &str) -> usize {
        self.by_language.get(language).map_or(0, Vec::len)
    }

    /// The share of sentences holding `trigger` at the start of a word (in Arabic,
    /// anywhere in one, as a trigger fires there), estimated as the sum of the shares of
    /// such words (at most 1; an Arabic word holding it twice counts twice); 0 when no
    /// common word holds it.
    pub(crate) fn share_of_trigger(&self, language: &str, trigger: &str) -> f32 {
        let Some(starts) = self.starts.get(language) else {
            return 0.0;
        };
        let first = starts.partition_point(|(start, _)| start.as_str() < trigger);
        let share: f32 = starts[first..]
            .iter()
            .take_while(|(start, _)| start.starts_with(trigger))
            .map(|(_, share)| share)
            .sum();
        share.min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_reads_and_holds_every_stemmed_language() {
        let shares = WordShares::bundled();
        for language in STEMMED_LANGUAGES {
            assert!(shares.len(language) >= 50, "{language}");
        }
    }

    #[test]
    fn a_table_reads_back_as_written_and_sums_the_words_a_trigger_starts() {
        let mut shares = WordShares::default();
        shares.count(
            "en",
            [
                "Victims spoke.",
                "A victim, victims.",
                "It was the waste.",
                "It was late.",
            ],
        );
        let text = shares.to_tsv("counted in a test");
        assert!(text.starts_with("# counted in a test\n"), "{text}");
        let read = WordShares::parse(&text).unwrap();
        assert_eq!(read, shares);
        // "victims" in half of the sentences, "victim" in a quarter: their sum.
        assert_eq!(read.share_of_trigger("en", "victi"), 0.75);
        assert_eq!(read.share_of_trigger("en", "was"), 0.75);
        assert_eq!(read.share_of_trigger("en", "absent"), 0.0);
        assert_eq!(read.share_of_trigger("xx", "victi"), 0.0);
        let mut arabic = WordShares::default();
        arabic.count("ar", ["والعنف", "العنف", "سلام"]);
        assert!((arabic.share_of_trigger("ar", "عنف") - 2.0 / 3.0).abs() < 0.001);
    }

    #[test]
    fn a_line_that_does_not_read_names_its_number() {
        let error = WordShares::parse("# header\nen\tvictim\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(WordShares::parse("en\tvictim\t1.5\n").is_err());
        assert!(WordShares::parse("en\tvictim s\t0.5\n").is_err());
    }
}
