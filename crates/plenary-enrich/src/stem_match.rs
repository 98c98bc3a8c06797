//! Matching taxonomy terms on word stems, so that inflected forms count: Russian
//! "насилию" and "насилия" as "насилие", Spanish "víctimas" as "víctima", French
//! "féminicides" as "féminicide", Arabic "والإعدام" as "إعدام".
//!
//! A text is read through the search analyser of a language ([`plenary_core::analysis::analyzer`]:
//! words, stop words dropped, Snowball or light Arabic stemming) into a *stem view*: its
//! stems joined by one space, a paragraph break kept as `\n` and a sentence end as ` | `,
//! so that no term matches across them. A term of that language is read the same way,
//! so "violence against women" matches "violence against women and girls", "violence
//! faced by women" does not, and "насилия в отношении женщин" matches its term with the
//! preposition dropped on both sides. A term written with `*` matches any word whose stem
//! starts with the stem of its last word.

use std::cell::RefCell;
use std::collections::HashSet;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use plenary_core::analysis::analyzer;

use crate::word_shares::WordShares;

/// The languages whose terms are also matched on stems. Chinese is matched on characters
/// (it has no inflection); other languages have no term lists.
pub(crate) const STEMMED_LANGUAGES: [&str; 5] = ["en", "fr", "es", "ru", "ar"];

/// One word of a stem view: where its stem sits in the view and where the word sits in
/// the text the view was made from.
#[derive(Debug, Clone, Copy)]
struct ViewWord {
    view_start: usize,
    view_end: usize,
    start: usize,
    end: usize,
    paragraph: usize,
    /// The sentence (counted over the whole text) the word is in.
    sentence: usize,
}

/// A text read as stems.
#[derive(Debug, Default)]
pub(crate) struct StemView {
    text: String,
    words: Vec<ViewWord>,
    /// The hash of each word's stem ([`stem_hash`]), in the order of `words`: the near
    /// rules look each word up once per rule, and hashing it once serves them all.
    stem_hashes: Vec<u64>,
}

/// The hash a stem is looked up by among the first stems of the near rules.
fn stem_hash(stem: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(stem)
}

thread_local! {
    /// The analysers of this thread, one per stemmed language: an analyser needs `&mut`
    /// to run and keeps a memo of the words it has stemmed.
    static ANALYZERS: RefCell<Vec<(&'static str, TextAnalyzer)>> = const { RefCell::new(Vec::new()) };
}

/// Reads `text` (already normalized for matching) through the analyser of `language`.
pub(crate) fn stem_view(text: &str, language: &'static str) -> StemView {
    stem_view_of(text, &[(0, text.len())], language)
}

/// Reads the `sentences` of `text` (byte ranges in text order, each cut at sentence ends
/// as [`SentenceTriggers::sentences`] cuts them) through the analyser of `language`: the
/// view of those sentences, with paragraphs and sentences numbered as in the whole text.
pub(crate) fn stem_view_of(
    text: &str,
    sentences: &[(usize, usize)],
    language: &'static str,
) -> StemView {
    ANALYZERS.with(|cell| {
        let mut analyzers = cell.borrow_mut();
        let index = match analyzers.iter().position(|(code, _)| *code == language) {
            Some(index) => index,
            None => {
                analyzers.push((language, analyzer(language)));
                analyzers.len() - 1
            }
        };
        let analyzer = &mut analyzers[index].1;
        let mut view = StemView::default();
        let mut previous_end = 0;
        let mut paragraph = 0;
        let mut sentence = 0;
        for &(from, to) in sentences {
            let Some(part) = text.get(from..to) else {
                continue;
            };
            let mut stream = analyzer.token_stream(part);
            while stream.advance() {
                let token = stream.token();
                let (start, end) = (from + token.offset_from, from + token.offset_to);
                if start < previous_end || end > to || token.text.is_empty() {
                    continue;
                }
                // The gap may span sentences left out of the view: their breaks still count.
                let gap = text.get(previous_end..start).unwrap_or_default();
                let breaks = count_newlines(gap);
                paragraph += breaks;
                if !view.text.is_empty() {
                    if breaks > 0 {
                        view.text.push('\n');
                        sentence += 1;
                    } else if gap.contains(SENTENCE_ENDS) {
                        view.text.push_str(" | ");
                        sentence += 1;
                    } else {
                        view.text.push(' ');
                    }
                }
                let view_start = view.text.len();
                view.text.push_str(&token.text);
                view.stem_hashes.push(stem_hash(&token.text));
                view.words.push(ViewWord {
                    view_start,
                    view_end: view.text.len(),
                    start,
                    end,
                    paragraph,
                    sentence,
                });
                previous_end = end;
            }
        }
        view
    })
}

/// The characters after which a new sentence starts in a stem view (with `\n`).
const SENTENCE_ENDS: [char; 8] = ['.', ';', ':', '!', '?', '。', '؛', '؟'];

fn count_newlines(text: &str) -> usize {
    text.bytes().filter(|byte| *byte == b'\n').count()
}

/// The sentences of a text worth reading as stems in one language: those holding the
/// surface form of a word that every match of some term or near rule of the language
/// needs (its stem, less the letters a stemmer may rewrite at a stem's end). Reading only
/// them gives the matches a view of the whole text gives, since no term or near rule
/// spans a sentence end, at a fraction of the cost: most sentences of a text name no topic.
#[derive(Debug, Clone)]
pub(crate) struct SentenceTriggers {
    /// The triggers, found by the tagger's one scan of a text (see [`SentenceTriggers::sentences`]).
    texts: Vec<String>,
    /// For each trigger, whether it is a near rule's: a near rule counts wherever it
    /// holds, a term only where no term as written (or exclude phrase) stands.
    of_near_rule: Vec<bool>,
    /// Whether a trigger may stand inside a word (Arabic stems lose their proclitics).
    inside_words: bool,
}

impl SentenceTriggers {
    /// Triggers for the terms of `language` each holding a word that stems to one of
    /// `term_stems` (or, for the last word of a term written with `*`, to a longer stem),
    /// and for its near rules each holding one of `near_stems`.
    pub(crate) fn new<'a>(
        term_stems: impl IntoIterator<Item = &'a str>,
        near_stems: impl IntoIterator<Item = &'a str>,
        language: &'static str,
    ) -> Option<SentenceTriggers> {
        let mut triggers: Vec<(String, bool)> = term_stems
            .into_iter()
            .map(|stem| (stem, false))
            .chain(near_stems.into_iter().map(|stem| (stem, true)))
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(stem, of_near_rule)| (trigger_of(stem, language), of_near_rule))
            .collect();
        // A near rule's trigger sorts after the same term trigger, and is kept.
        triggers.sort();
        triggers.reverse();
        triggers.dedup_by(|later, kept| later.0 == kept.0);
        if triggers.is_empty() {
            return None;
        }
        let of_near_rule = triggers.iter().map(|(_, near)| *near).collect();
        Some(SentenceTriggers {
            texts: triggers.into_iter().map(|(text, _)| text).collect(),
            of_near_rule,
            inside_words: language == "ar",
        })
    }

    /// [`SentenceTriggers::sentences`] with the occurrences of these triggers alone,
    /// found by an overlapping search as the tagger's scan finds them.
    #[cfg(test)]
    pub(crate) fn sentences_alone(
        &self,
        text: &str,
        taken: &[(usize, usize)],
    ) -> Vec<(usize, usize)> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&self.texts)
            .expect("triggers build an automaton");
        let occurrences: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(text)
            .map(|found| (found.start(), found.end(), found.pattern().as_usize()))
            .collect();
        self.sentences(text, taken, &occurrences)
    }

    /// The triggers: `occurrences` in [`SentenceTriggers::sentences`] number them in this order.
    pub(crate) fn texts(&self) -> &[String] {
        &self.texts
    }

    /// The byte ranges of the sentences of `text` (normalized for matching) that hold a
    /// trigger, in text order, each cut at a sentence end or paragraph break. A term's
    /// trigger inside one of `taken` (disjoint spans in text order, where terms as
    /// written or exclude phrases stand) does not count: any stemmed match holding it
    /// would overlap the span, and give way to it.
    ///
    /// `occurrences` are every occurrence of every trigger in `text` as (start, end,
    /// trigger), in the order an overlapping Aho-Corasick search reports them: by end,
    /// the longest first at one end. Every one is needed, not only the first to end:
    /// "crim" inside "decriminalize" ends before "decriminal" at the word's start does.
    pub(crate) fn sentences(
        &self,
        text: &str,
        taken: &[(usize, usize)],
        occurrences: &[(usize, usize, usize)],
    ) -> Vec<(usize, usize)> {
        let is_taken = |at: usize| {
            let after = taken.partition_point(|(start, _)| *start <= at);
            after > 0 && at < taken[after - 1].1
        };
        let is_end = |c: char| c == '\n' || SENTENCE_ENDS.contains(&c);
        let mut sentences = Vec::new();
        // Once a sentence is taken, the search goes on from its end: an occurrence that
        // starts before it belongs to it, or to one already passed.
        let mut position = 0;
        for &(start, _, trigger) in occurrences {
            if start < position {
                continue;
            }
            let at_word_start = self.inside_words
                || text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|before| !before.is_alphanumeric());
            if !at_word_start || (!self.of_near_rule[trigger] && is_taken(start)) {
                continue;
            }
            let from = text[..start].rfind(is_end).map_or(0, |end| {
                end + text[end..].chars().next().map_or(1, char::len_utf8)
            });
            let to = text[start..]
                .find(is_end)
                .map_or(text.len(), |end| start + end);
            sentences.push((from, to));
            position = to;
        }
        sentences
    }
}

/// The trigger of a stem: the letters every surface form of a word with that stem starts
/// with (for Arabic, holds).
pub(crate) fn trigger_of(stem: &str, language: &str) -> String {
    // The Snowball stemmers of these rewrite the last letter of some stems ("policy"
    // → "polici", "heureuse" → "heureux"); the Russian and Arabic ones only remove
    // letters (the Arabic one at both ends).
    let rewritten = match language {
        "ru" | "ar" => 0,
        _ => 1,
    };
    let letters = stem.chars().count();
    let keep = letters.saturating_sub(rewritten).max(letters.min(3));
    stem.chars().take(keep).collect()
}

/// Of `stems` (the words a match needs, any one of which marks its sentence), the one
/// whose trigger the fewest sentences of UN text hold ([`WordShares`]), with that share;
/// a trigger among `taken` (those of other terms) costs nothing more and counts 0. Among
/// equals the longest trigger, then the first. `None` when there is no stem.
pub(crate) fn rarest_stem<'a>(
    stems: impl IntoIterator<Item = &'a str>,
    language: &str,
    taken: &HashSet<String>,
) -> Option<(&'a str, f32)> {
    let shares = WordShares::bundled();
    let mut rarest: Option<(&str, f32, usize)> = None;
    for stem in stems.into_iter().filter(|stem| !stem.is_empty()) {
        let trigger = trigger_of(stem, language);
        let share = if taken.contains(&trigger) {
            0.0
        } else {
            shares.share_of_trigger(language, &trigger)
        };
        let letters = trigger.chars().count();
        let rarer = rarest.is_none_or(|(_, best_share, best_letters)| {
            share < best_share || (share == best_share && letters > best_letters)
        });
        if rarer {
            rarest = Some((stem, share, letters));
        }
    }
    rarest.map(|(stem, share, _)| (stem, share))
}

/// The stemmed form of a term of `language`: its words' stems joined by one space;
/// `None` when nothing of it is left (a term made of stop words).
pub(crate) fn stem_term(term: &str, language: &'static str) -> Option<String> {
    let view = stem_view(term, language);
    (!view.text.is_empty() && !view.text.contains(['\n', '|'])).then_some(view.text)
}

/// A match of a stemmed term in a text: the words it covers, as offsets of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StemMatch {
    /// The index of the stemmed pattern.
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// The stemmed terms of one language, as one automaton.
#[derive(Debug, Clone)]
pub(crate) struct StemMatcher {
    automaton: AhoCorasick,
    /// Whether each pattern may end inside a word (a term written with `*`).
    prefix: Vec<bool>,
}

impl StemMatcher {
    /// An automaton of `patterns` (stemmed terms) with, for each, whether it may end
    /// inside a word.
    pub(crate) fn new(patterns: &[(String, bool)]) -> StemMatcher {
        let mut builder = AhoCorasick::builder();
        builder
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored);
        let texts: Vec<&str> = patterns.iter().map(|(text, _)| text.as_str()).collect();
        let automaton = crate::automaton::build_automaton(&builder, &texts);
        StemMatcher {
            automaton,
            prefix: patterns.iter().map(|(_, prefix)| *prefix).collect(),
        }
    }

    /// The longest term starting at each word, left to right, without overlaps.
    pub(crate) fn find(&self, view: &StemView) -> Vec<StemMatch> {
        let mut found = Vec::new();
        let mut index = 0;
        while index < view.words.len() {
            let word = view.words[index];
            match self.longest_at(view, word.view_start) {
                Some((pattern, view_end)) => {
                    let last = view.words[index..]
                        .iter()
                        .position(|covered| covered.view_end >= view_end)
                        .map_or(view.words.len() - 1, |offset| index + offset);
                    found.push(StemMatch {
                        pattern,
                        start: word.start,
                        end: view.words[last].end,
                        paragraph: word.paragraph,
                    });
                    index = last + 1;
                }
                None => index += 1,
            }
        }
        found
    }

    /// The longest pattern that starts at `start` and ends at the end of a word (or,
    /// for a prefix term, anywhere inside one).
    fn longest_at(&self, view: &StemView, start: usize) -> Option<(usize, usize)> {
        let mut limit = view.text.len();
        loop {
            let found = self.automaton.find(
                Input::new(&view.text)
                    .range(start..limit)
                    .anchored(Anchored::Yes),
            )?;
            let pattern = found.pattern().as_usize();
            let at_word_end = view.text[found.end()..]
                .chars()
                .next()
                .is_none_or(|next| next == ' ' || next == '\n');
            if at_word_end || self.prefix[pattern] {
                return Some((pattern, found.end()));
            }
            if found.end() <= start + 1 {
                return None;
            }
            limit = found.end() - 1;
        }
    }
}

/// Words (or phrases) of one side of a near rule, stemmed: each a sequence of stems, the
/// last a prefix when the word was written with `*`.
#[derive(Debug, Clone)]
struct NearSide {
    phrases: Vec<(Vec<String>, bool)>,
}

impl NearSide {
    fn new(words: &[String], language: &'static str) -> NearSide {
        let phrases = words
            .iter()
            .filter_map(|word| {
                let trimmed = word.trim();
                let (text, prefix) = match trimmed.strip_suffix('*') {
                    Some(stem) => (stem.trim_end(), true),
                    None => (trimmed, false),
                };
                let stems = stem_term(
                    &plenary_core::analysis::normalize_for_matching(text),
                    language,
                )?;
                Some((stems.split(' ').map(str::to_string).collect(), prefix))
            })
            .collect::<Vec<(Vec<String>, bool)>>();
        NearSide { phrases }
    }

    /// The rarest stem ([`rarest_stem`]) of each phrase, and the sum of their shares
    /// (those of triggers among `taken` counting 0).
    fn rarest_stems(&self, language: &str, taken: &HashSet<String>) -> (Vec<&str>, f32) {
        let chosen: Vec<(&str, f32)> = self
            .phrases
            .iter()
            .filter_map(|(stems, _)| rarest_stem(stems.iter().map(String::as_str), language, taken))
            .collect();
        let share = chosen.iter().map(|(_, share)| share).sum();
        (chosen.into_iter().map(|(stem, _)| stem).collect(), share)
    }

    /// The hashes ([`stem_hash`]) of the phrases' first stems.
    fn first_stem_hashes(&self) -> impl Iterator<Item = u64> + '_ {
        self.phrases.iter().map(|(stems, _)| stem_hash(&stems[0]))
    }

    /// The stems of the one-word phrases written with `*`, which any longer stem may start
    /// with.
    fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.phrases
            .iter()
            .filter(|(stems, prefix)| *prefix && stems.len() == 1)
            .map(|(stems, _)| stems[0].as_str())
    }

    /// The words `[first, last]` of each occurrence that starts at one of `candidates`
    /// (word indices in text order, where [`NearRules`] found a first stem of the side).
    fn occurrences_among(&self, view: &StemView, candidates: &[usize]) -> Vec<(usize, usize)> {
        let stem_of = |word: &ViewWord| &view.text[word.view_start..word.view_end];
        let mut found = Vec::new();
        for &first in candidates {
            let longest = self
                .phrases
                .iter()
                .filter(|(stems, prefix)| {
                    let last = stems.len() - 1;
                    first + last < view.words.len()
                        && view.words[first].sentence == view.words[first + last].sentence
                        && stems.iter().enumerate().all(|(index, stem)| {
                            let word = stem_of(&view.words[first + index]);
                            word == stem
                                || (*prefix && index == last && word.starts_with(stem.as_str()))
                        })
                })
                .map(|(stems, _)| stems.len())
                .max();
            if let Some(length) = longest {
                found.push((first, first + length - 1));
            }
        }
        found
    }
}

/// A near rule of one language, stemmed.
#[derive(Debug, Clone)]
pub(crate) struct NearMatcher {
    words: NearSide,
    with: NearSide,
    within: usize,
}

impl NearMatcher {
    pub(crate) fn new(
        words: &[String],
        with: &[String],
        within: usize,
        language: &'static str,
    ) -> NearMatcher {
        NearMatcher {
            words: NearSide::new(words, language),
            with: NearSide::new(with, language),
            within,
        }
    }

    /// Stems one of which every match holds: for each phrase of one side of the rule, its
    /// rarest stem ([`rarest_stem`]), of the side whose stems are the rarer together
    /// (a trigger among `taken` counting 0).
    pub(crate) fn required_stems(&self, language: &str, taken: &HashSet<String>) -> Vec<&str> {
        let (words, words_share) = self.words.rarest_stems(language, taken);
        let (with, with_share) = self.with.rarest_stems(language, taken);
        // A side without any phrase left (all stop words) never matches, nor the rule.
        if with.is_empty() || (!words.is_empty() && words_share <= with_share) {
            words
        } else {
            with
        }
    }

    /// The rule's matches in `view`, read alone (the tagger reads all rules of a language
    /// together, through [`NearRules`]).
    #[cfg(test)]
    pub(crate) fn find(&self, view: &StemView) -> Vec<StemMatch> {
        NearRules::new(vec![self.clone()])
            .find(view)
            .into_iter()
            .map(|(_, found)| found)
            .collect()
    }

    /// Each occurrence of a word of `words` (starting at one of `word_starts`) with the
    /// nearest word of `with` (starting at one of `partner_starts`) in its sentence, when
    /// they stand at most `within` words apart: the span from the first to the last.
    fn find_among(
        &self,
        view: &StemView,
        word_starts: &[usize],
        partner_starts: &[usize],
    ) -> Vec<StemMatch> {
        if word_starts.is_empty() || partner_starts.is_empty() {
            return Vec::new();
        }
        let partners = self.with.occurrences_among(view, partner_starts);
        if partners.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        // A partner pairs once: "skills training for young people" is one clause.
        let mut paired = vec![false; partners.len()];
        for (first, last) in self.words.occurrences_among(view, word_starts) {
            let sentence = view.words[first].sentence;
            let partner = partners
                .iter()
                .enumerate()
                .filter(|(index, _)| !paired[*index])
                .map(|(index, partner)| (index, *partner))
                .filter(|(_, (partner_first, _))| view.words[*partner_first].sentence == sentence)
                .filter(|(_, (partner_first, partner_last))| {
                    let overlaps = *partner_first <= last && first <= *partner_last;
                    let apart = if *partner_first > last {
                        partner_first - last
                    } else {
                        first.saturating_sub(*partner_last)
                    };
                    !overlaps && apart <= self.within
                })
                .min_by_key(|(_, (partner_first, _))| partner_first.abs_diff(first));
            if let Some((index, (partner_first, partner_last))) = partner {
                paired[index] = true;
                let start_word = view.words[first.min(partner_first)];
                let end_word = view.words[last.max(partner_last)];
                found.push(StemMatch {
                    pattern: 0,
                    start: start_word.start,
                    end: end_word.end,
                    paragraph: start_word.paragraph,
                });
            }
        }
        found
    }
}

/// The near rules of one language, read together: one pass over a stem view finds where
/// a phrase of either side of any rule may start (each word's hash looked up once, each
/// prefix tried once), and each rule then reads only those places. Reading the view once
/// per side of each rule cost a tenth of all tagging.
#[derive(Debug, Clone, Default)]
pub(crate) struct NearRules {
    rules: Vec<NearMatcher>,
    /// For the hash ([`stem_hash`]) of a phrase's first stem, the sides with such a
    /// phrase: `2 × rule` for its `words`, `2 × rule + 1` for its `with`. A word whose hash
    /// is here is still compared stem by stem.
    sides_by_first: rustc_hash::FxHashMap<u64, Vec<usize>>,
    /// The one-word prefix phrases (written with `*`) with their side.
    prefixes: Vec<(String, usize)>,
}

impl NearRules {
    pub(crate) fn new(rules: Vec<NearMatcher>) -> NearRules {
        let mut sides_by_first: rustc_hash::FxHashMap<u64, Vec<usize>> = Default::default();
        let mut prefixes = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            for (side, near_side) in [(2 * index, &rule.words), (2 * index + 1, &rule.with)] {
                for hash in near_side.first_stem_hashes() {
                    let sides = sides_by_first.entry(hash).or_default();
                    if !sides.contains(&side) {
                        sides.push(side);
                    }
                }
                prefixes.extend(
                    near_side
                        .prefixes()
                        .map(|prefix| (prefix.to_string(), side)),
                );
            }
        }
        NearRules {
            rules,
            sides_by_first,
            prefixes,
        }
    }

    /// Each match of each rule, with the rule's index.
    pub(crate) fn find(&self, view: &StemView) -> Vec<(usize, StemMatch)> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let mut starts: Vec<Vec<usize>> = vec![Vec::new(); 2 * self.rules.len()];
        for (first, hash) in view.stem_hashes.iter().enumerate() {
            if let Some(sides) = self.sides_by_first.get(hash) {
                for &side in sides {
                    starts[side].push(first);
                }
            }
            if self.prefixes.is_empty() {
                continue;
            }
            let word = &view.words[first];
            let stem = &view.text[word.view_start..word.view_end];
            for (prefix, side) in &self.prefixes {
                let side_starts = &mut starts[*side];
                if stem.starts_with(prefix.as_str()) && side_starts.last() != Some(&first) {
                    side_starts.push(first);
                }
            }
        }
        let mut found = Vec::new();
        for (index, rule) in self.rules.iter().enumerate() {
            let matches = rule.find_among(view, &starts[2 * index], &starts[2 * index + 1]);
            found.extend(matches.into_iter().map(|one| (index, one)));
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plenary_core::analysis::normalize_for_matching;

    fn view(text: &str, language: &'static str) -> StemView {
        stem_view(&normalize_for_matching(text), language)
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        assert_eq!(
            stem_term(&normalize_for_matching("насилие"), "ru"),
            stem_term(&normalize_for_matching("насилию"), "ru")
        );
        assert_eq!(
            stem_term(&normalize_for_matching("víctimas"), "es"),
            stem_term(&normalize_for_matching("víctima"), "es")
        );
    }

    #[test]
    fn terms_match_across_stop_words_but_not_sentences_or_paragraphs() {
        let term = stem_term(&normalize_for_matching("violence against women"), "en").unwrap();
        let matcher = StemMatcher::new(&[(term, false)]);
        let text = "Ending violence against women and girls.";
        let found = matcher.find(&view(text, "en"));
        assert_eq!(found.len(), 1);
        let normalized = normalize_for_matching(text);
        assert_eq!(
            &normalized[found[0].start..found[0].end],
            "violence against women"
        );
        assert!(
            matcher
                .find(&view("Violence. Women spoke.", "en"))
                .is_empty()
        );
        assert!(
            matcher
                .find(&view("Violence\n\nWomen spoke.", "en"))
                .is_empty()
        );
    }

    #[test]
    fn near_words_count_in_one_sentence_within_their_window() {
        let rule = NearMatcher::new(
            &["убийство".to_string(), "насилие".to_string()],
            &["женщины".to_string()],
            4,
            "ru",
        );
        assert_eq!(
            rule.find(&view("изнасилованиям и убийствам женщин и девочек", "ru"))
                .len(),
            1
        );
        assert_eq!(
            rule.find(&view("подвергаются насилию женщины", "ru")).len(),
            1
        );
        assert!(
            rule.find(&view("убийства. Женщины пришли.", "ru"))
                .is_empty()
        );
        assert!(
            rule.find(&view(
                "убийства в городе, о которых писали газеты много лет назад, и женщины",
                "ru"
            ))
            .is_empty()
        );
        let youth = NearMatcher::new(
            &["training".to_string(), "skill*".to_string()],
            &["young people".to_string(), "youth".to_string()],
            6,
            "en",
        );
        assert_eq!(
            youth
                .find(&view("Provide young people with skills training.", "en"))
                .len(),
            1
        );
    }

    #[test]
    fn a_trigger_at_a_word_start_counts_though_another_ends_first_inside_the_word() {
        let triggers = SentenceTriggers::new(["crime", "decriminalis"], [], "en").unwrap();
        let text = normalize_for_matching("The meeting opened. They decriminalized use. Done.");
        let sentences = triggers.sentences_alone(&text, &[]);
        assert_eq!(sentences.len(), 1);
        let (from, to) = sentences[0];
        assert_eq!(&text[from..to], " they decriminalized use");
        assert!(triggers.sentences_alone("discrimination", &[]).is_empty());
    }

    #[test]
    fn a_term_trigger_where_a_term_as_written_stands_does_not_count_and_a_near_one_does() {
        let triggers = SentenceTriggers::new(["weapon", "child"], ["women"], "en").unwrap();
        let text = "weapons were seized. children and weapons. women spoke.";
        let weapons = text.find("weapons").unwrap();
        let children = text.find("children").unwrap();
        let women = text.find("women").unwrap();
        let cut = |spans: &[(usize, usize)]| -> Vec<&str> {
            triggers
                .sentences_alone(text, spans)
                .into_iter()
                .map(|(from, to)| text[from..to].trim())
                .collect()
        };
        assert_eq!(
            cut(&[]),
            ["weapons were seized", "children and weapons", "women spoke"]
        );
        let taken = [
            (weapons, weapons + 7),
            (children, children + 8),
            (women, women + 5),
        ];
        // The second sentence still holds "weapons" outside any span.
        assert_eq!(cut(&taken), ["children and weapons", "women spoke"]);
    }

    #[test]
    fn a_prefix_term_ends_inside_a_word_and_others_do_not() {
        let prefix = stem_term(&normalize_for_matching("kleptocra"), "en").unwrap();
        let whole = stem_term(&normalize_for_matching("bribe"), "en").unwrap();
        let matcher = StemMatcher::new(&[(prefix, true), (whole, false)]);
        assert_eq!(matcher.find(&view("Kleptocracy thrives.", "en")).len(), 1);
        assert_eq!(matcher.find(&view("They took bribes.", "en")).len(), 1);
        assert!(matcher.find(&view("A bribery scheme.", "en")).is_empty());
    }
}
