//! Topic tagging: which taxonomy topics a document, or one of its paragraphs, is about.
//!
//! The text is normalized ([`normalize_for_matching`]) and scanned once by a single
//! Aho-Corasick automaton holding every term of every topic in every language
//! (leftmost-longest, so "wildlife trafficking" wins over "trafficking" and an exclude
//! phrase such as "execution of the budget" swallows "execution"). Matches in alphabetic
//! scripts must sit on word boundaries (a term ending in `*` may continue into a longer
//! word); an Arabic term may carry a clitic prefix (`و`, `ب`, `ال`, `وال`, ...) and an
//! attached pronoun or plural ending (`ها`, `هم`, `ات`, ...); CJK
//! terms match anywhere.
//!
//! A topic is assigned to a document when one clear clause is about it (a strong phrase,
//! or weaker words together), not a word in passing: its weighted matches inside one
//! paragraph (or window of
//! [`TaggerSettings::window_chars`]), at least `min_paragraph_matches` of them, reach
//! `document_threshold`, or those of the whole
//! text reach `spread_threshold`, or those of the title reach `title_threshold`. The
//! score is the largest of these three ratios (so an assigned topic scores at least 1)
//! plus a tenth of the density (weighted matches per 1,000 characters). A child implies
//! its parent. A paragraph is tagged with a lower bar, `passage_threshold`.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind, StartKind};

use crate::automaton::build_automaton;
use crate::stem_match::{
    NearMatcher, NearRules, STEMMED_LANGUAGES, SentenceTriggers, StemMatcher, rarest_stem,
    stem_term, stem_view, stem_view_of, trigger_of,
};
use plenary_core::analysis::{is_cjk, normalize_for_matching, normalize_for_matching_at};
use plenary_core::model::{Passage, TopicAssignment, TopicEvidence};
use plenary_core::taxonomy::{TaggerSettings, Taxonomy};

/// Tags texts with the topics of a taxonomy.
#[derive(Debug, Clone)]
pub struct TopicTagger {
    taxonomy: Taxonomy,
    settings: TaggerSettings,
    /// The terms as written (pattern `i` is `patterns[i]`) and then the sentence triggers
    /// of every stemmed language, found in one overlapping scan of a text (a DFA while the
    /// taxonomy is of usual size): every occurrence of each, from which the matches of the
    /// terms and the triggered sentences are both read. Two scans, one for each, cost
    /// 13% more. `None` only when no term or trigger is left once normalized.
    scanner: Option<AhoCorasick>,
    /// How many terms as written the scanner has: its patterns `0..scanned_terms`.
    scanned_terms: usize,
    /// For each trigger of the scanner, after the terms: its [`StemmedTerms`] and its
    /// number among that language's triggers.
    scanned_triggers: Vec<(usize, usize)>,
    patterns: Vec<PatternInfo>,
    /// The terms of each stemmed language matched on stems, with the index in `patterns`
    /// of each of their stemmed patterns.
    stemmed: Vec<StemmedTerms>,
    /// Whether only the sentences holding a trigger are read as stems (always, but for
    /// the test that checks this gives the matches of reading every sentence).
    reads_triggered_sentences: bool,
}

/// Where a pattern of the tagger's scan occurs: (start, end, pattern).
type Occurrence = (usize, usize, usize);

/// The terms of one language, stemmed.
#[derive(Debug, Clone)]
struct StemmedTerms {
    language: &'static str,
    matcher: StemMatcher,
    /// For each pattern of the matcher, its index in [`TopicTagger::patterns`].
    patterns: Vec<usize>,
    /// The near rules of the language, read together.
    near: NearRules,
    /// For each near rule, its index in [`TopicTagger::patterns`].
    near_patterns: Vec<usize>,
    /// The sentences worth reading as stems; `None` reads every sentence.
    triggers: Option<SentenceTriggers>,
}

#[derive(Debug, Clone)]
struct PatternInfo {
    uses: Vec<PatternUse>,
    checks_left_boundary: bool,
    checks_right_boundary: bool,
    starts_arabic: bool,
    ends_arabic: bool,
}

impl PatternInfo {
    /// A pattern matched on stems, whose word boundaries the stem view keeps.
    fn on_stems(uses: Vec<PatternUse>) -> PatternInfo {
        PatternInfo {
            uses,
            checks_left_boundary: false,
            checks_right_boundary: false,
            starts_arabic: false,
            ends_arabic: false,
        }
    }
}

#[derive(Debug, Clone)]
struct PatternUse {
    topic: usize,
    /// The term as written in the taxonomy (for evidence); `None` for an exclude phrase.
    term: Option<String>,
    weight: f32,
    prefix: bool,
}

/// A normalized text and its counted term occurrences.
struct TextScan {
    normalized: String,
    hits: Vec<Hit>,
}

/// One counted term occurrence.
#[derive(Debug, Clone, Copy)]
struct Hit {
    topic: usize,
    pattern: usize,
    use_index: usize,
    offset: usize,
    /// Where the matched term ends in the normalized text.
    end: usize,
    paragraph: usize,
    weight: f32,
}

/// Arabic proclitics that may precede a term inside the same written word.
const ARABIC_CLITICS: [&str; 17] = [
    "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "وب", "ول", "فب", "فل",
    "وك",
];

/// Arabic pronoun suffixes and endings that may follow a term inside the same written word.
const ARABIC_ENCLITICS: [&str; 12] = [
    "ه", "ها", "هم", "هن", "هما", "كم", "كن", "نا", "ي", "ك", "ات", "ين",
];

impl TopicTagger {
    /// Builds the automaton of all terms of `taxonomy`.
    pub fn new(taxonomy: &Taxonomy) -> TopicTagger {
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<PatternInfo> = Vec::new();
        let mut add = |text: &str, usage: PatternUse| {
            let normalized = normalize_for_matching(text).replace('\n', " ");
            if normalized.is_empty() {
                return;
            }
            let id = *pattern_ids.entry(normalized.clone()).or_insert_with(|| {
                let first = normalized.chars().next();
                let last = normalized.chars().next_back();
                let is_word_edge =
                    |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
                patterns.push(PatternInfo {
                    uses: Vec::new(),
                    checks_left_boundary: is_word_edge(first),
                    checks_right_boundary: is_word_edge(last),
                    starts_arabic: first.is_some_and(is_arabic_letter),
                    ends_arabic: last.is_some_and(is_arabic_letter),
                });
                texts.push(normalized);
                patterns.len() - 1
            });
            patterns[id].uses.push(usage);
        };
        for (topic_index, topic) in taxonomy.topics().iter().enumerate() {
            for terms in topic.terms.values() {
                for term in terms {
                    let usage = PatternUse {
                        topic: topic_index,
                        term: Some(term.text.clone()),
                        weight: term.weight,
                        prefix: term.prefix,
                    };
                    add(&term.text, usage);
                }
            }
            for phrases in topic.exclude.values() {
                for phrase in phrases {
                    add(
                        phrase,
                        PatternUse {
                            topic: topic_index,
                            term: None,
                            weight: 0.0,
                            prefix: false,
                        },
                    );
                }
            }
        }
        let stemmed = stemmed_terms(taxonomy, &mut patterns);
        let mut scanned: Vec<&str> = texts.iter().map(String::as_str).collect();
        let mut scanned_triggers = Vec::new();
        for (index, language) in stemmed.iter().enumerate() {
            for (trigger, text) in language
                .triggers
                .iter()
                .flat_map(|triggers| triggers.texts().iter().enumerate())
            {
                scanned.push(text);
                scanned_triggers.push((index, trigger));
            }
        }
        let mut builder = AhoCorasick::builder();
        builder
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Unanchored);
        let scanner = (!scanned.is_empty()).then(|| build_automaton(&builder, &scanned));
        TopicTagger {
            taxonomy: taxonomy.clone(),
            settings: *taxonomy.settings(),
            scanner,
            scanned_terms: texts.len(),
            scanned_triggers,
            patterns,
            stemmed,
            reads_triggered_sentences: true,
        }
    }

    /// This tagger reading every sentence of a text as stems, not only those holding a
    /// trigger: slower, with the same results (the tests compare the two).
    #[doc(hidden)]
    pub fn reading_every_sentence(mut self) -> TopicTagger {
        self.reads_triggered_sentences = false;
        self
    }

    /// The taxonomy this tagger applies.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Tags a document's text: its topics sorted by score, parents of assigned children included.
    pub fn tag(&self, text: &str) -> Vec<TopicAssignment> {
        self.tag_with_title("", text)
    }

    /// Tags a document whose title is known: a topic named in the title is assigned.
    pub fn tag_with_title(&self, title: &str, text: &str) -> Vec<TopicAssignment> {
        self.tag_in(None, title, text)
    }

    /// [`TopicTagger::tag_with_title`] for a text known to be in `language`, whose terms
    /// are then also matched on stems in that language's inflections.
    pub fn tag_in(&self, language: Option<&str>, title: &str, text: &str) -> Vec<TopicAssignment> {
        let normalized = normalize_for_matching(text);
        let hits = self.find_hits(&normalized, language);
        self.assign(title, &normalized, hits, language)
    }

    /// Tags a document and its paragraphs read from its text with one scan of the text:
    /// the document's topics as [`TopicTagger::tag_with_title`] gives them, and each
    /// passage of at least `min_passage_chars` characters gets the topics
    /// [`TopicTagger::tag_passage`] would give its text, from the matches inside its spans.
    /// `language` is the document's, when known (see [`TopicTagger::tag_in`]).
    pub fn tag_with_passages(
        &self,
        language: Option<&str>,
        title: &str,
        text: &str,
        passages: &mut [Passage],
        min_passage_chars: usize,
    ) -> Vec<TopicAssignment> {
        let scan = self.scan_with_passages(language, text, passages, min_passage_chars);
        self.assign(title, &scan.normalized, scan.hits, language)
    }

    /// Tags the paragraphs of a document whose topics are known, with one scan of its text.
    pub fn tag_passages(
        &self,
        language: Option<&str>,
        text: &str,
        passages: &mut [Passage],
        min_passage_chars: usize,
    ) {
        self.scan_with_passages(language, text, passages, min_passage_chars);
    }

    /// Scans `text` once and tags the passages long enough to be tagged: from the hits
    /// inside their spans, or, for a passage without spans, from a scan of its own text.
    fn scan_with_passages(
        &self,
        language: Option<&str>,
        text: &str,
        passages: &mut [Passage],
        min_passage_chars: usize,
    ) -> TextScan {
        let is_tagged: Vec<bool> = passages
            .iter()
            .map(|passage| passage.text.chars().count() >= min_passage_chars)
            .collect();
        let boundaries: Vec<usize> = passages
            .iter()
            .zip(&is_tagged)
            .filter(|(_, tagged)| **tagged)
            .flat_map(|(passage, _)| passage.spans.iter().flatten().copied())
            .collect();
        // Spans come in text order from the paragraph splitter; others are tagged apart.
        let in_order = boundaries.windows(2).all(|pair| pair[0] <= pair[1]);
        let (normalized, positions) = if in_order {
            normalize_for_matching_at(text, &boundaries)
        } else {
            (normalize_for_matching(text), Vec::new())
        };
        let hits = self.find_hits(&normalized, language);
        let mut boundary = 0;
        let tagged_passages = passages
            .iter_mut()
            .zip(&is_tagged)
            .filter_map(|(passage, tagged)| tagged.then_some(passage));
        for passage in tagged_passages {
            if !in_order || passage.spans.is_empty() {
                passage.topics = self.tag_passage_in(language, &passage.text);
                continue;
            }
            let mut totals = vec![0.0f32; self.taxonomy.topics().len()];
            for _ in 0..passage.spans.len() {
                let (start, end) = (positions[boundary], positions[boundary + 1]);
                boundary += 2;
                let first = hits.partition_point(|hit| hit.offset < start);
                for hit in hits[first..].iter().take_while(|hit| hit.end <= end) {
                    totals[hit.topic] += hit.weight;
                }
            }
            passage.topics = self.passage_slugs(&totals);
        }
        TextScan { normalized, hits }
    }

    /// The document's topics from the hits of its normalized text and its title.
    fn assign(
        &self,
        title: &str,
        normalized: &str,
        hits: Vec<Hit>,
        language: Option<&str>,
    ) -> Vec<TopicAssignment> {
        let title_hits = self.find_hits(&normalize_for_matching(title), language);
        let topic_count = self.taxonomy.topics().len();

        let mut title_weight = vec![0.0f32; topic_count];
        for hit in &title_hits {
            title_weight[hit.topic] += hit.weight;
        }
        let mut hits_by_topic: Vec<Vec<Hit>> = vec![Vec::new(); topic_count];
        for hit in hits {
            hits_by_topic[hit.topic].push(hit);
        }

        let length_chars = normalized.chars().count();
        let length_thousands = (length_chars as f32 / 1000.0).max(1.0);
        let min_matches = if length_chars <= self.settings.short_text_chars {
            1
        } else {
            self.settings.min_paragraph_matches
        };
        let mut scores: Vec<Option<f32>> = vec![None; topic_count];
        for topic in 0..topic_count {
            let topic_hits = &hits_by_topic[topic];
            let total: f32 = topic_hits.iter().map(|hit| hit.weight).sum();
            let strength = [
                self.best_window(topic_hits, min_matches) / self.settings.document_threshold,
                total / self.settings.spread_threshold,
                title_weight[topic] / self.settings.title_threshold,
            ]
            .into_iter()
            .fold(0.0f32, f32::max);
            if strength >= 1.0 {
                scores[topic] = Some(strength + 0.1 * total / length_thousands);
            }
        }
        self.imply_ancestors(&mut scores);

        let mut assignments: Vec<TopicAssignment> = scores
            .iter()
            .enumerate()
            .filter_map(|(topic, score)| {
                let score = (*score)?;
                Some(TopicAssignment {
                    slug: self.taxonomy.topics()[topic].slug.clone(),
                    score,
                    evidence: self.evidence(&hits_by_topic[topic], &title_hits, topic),
                })
            })
            .collect();
        assignments.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.slug.cmp(&b.slug))
        });
        assignments
    }

    /// Tags one paragraph: the slugs of the topics it is about, parents included, in taxonomy order.
    pub fn tag_passage(&self, text: &str) -> Vec<String> {
        self.tag_passage_in(None, text)
    }

    /// [`TopicTagger::tag_passage`] for a paragraph of a document in `language`.
    pub fn tag_passage_in(&self, language: Option<&str>, text: &str) -> Vec<String> {
        let normalized = normalize_for_matching(text);
        let mut totals = vec![0.0f32; self.taxonomy.topics().len()];
        for hit in self.find_hits(&normalized, language) {
            totals[hit.topic] += hit.weight;
        }
        self.passage_slugs(&totals)
    }

    /// The topics a short text such as a query names: those whose strong terms (weight
    /// 1.5 or more, in any language, inflected or not) or whose label in any language
    /// cover at least `min_share` of its letters. `femicide`, `peine de mort` and
    /// `торговля людьми` each name one; `corruption in Mexico` names corruption at a
    /// share of 0.5, not at 0.75.
    pub fn topics_named_in(&self, text: &str, min_share: f32) -> Vec<String> {
        let normalized = normalize_for_matching(text);
        let letters = |span: &str| span.chars().filter(|c| c.is_alphanumeric()).count();
        let total = letters(&normalized);
        if total == 0 {
            return Vec::new();
        }
        let mut covered = vec![0usize; self.taxonomy.topics().len()];
        for hit in self.find_hits(&normalized, None) {
            if hit.weight >= 1.5 {
                covered[hit.topic] += letters(&normalized[hit.offset..hit.end]);
            }
        }
        let mut named: Vec<String> = Vec::new();
        for (index, topic) in self.taxonomy.topics().iter().enumerate() {
            let by_label = std::iter::once(topic.label.as_str())
                .chain(topic.labels.values().map(String::as_str))
                .chain(std::iter::once(topic.slug.as_str()))
                .any(|label| {
                    normalize_for_matching(&label.replace('-', " ")) == normalized.replace('-', " ")
                });
            let share = covered[index].min(total) as f32 / total as f32;
            if by_label || share >= min_share {
                named.push(topic.slug.clone());
            }
        }
        named
    }

    /// The topics of a paragraph whose matches weigh `totals`, parents included.
    fn passage_slugs(&self, totals: &[f32]) -> Vec<String> {
        let mut scores: Vec<Option<f32>> = totals
            .iter()
            .map(|&total| (total >= self.settings.passage_threshold).then_some(total))
            .collect();
        self.imply_ancestors(&mut scores);
        scores
            .iter()
            .enumerate()
            .filter(|(_, score)| score.is_some())
            .map(|(topic, _)| self.taxonomy.topics()[topic].slug.clone())
            .collect()
    }

    /// Gives every ancestor of an assigned topic at least that topic's score.
    fn imply_ancestors(&self, scores: &mut [Option<f32>]) {
        let topics = self.taxonomy.topics();
        for topic in 0..topics.len() {
            let Some(score) = scores[topic] else { continue };
            for ancestor in self.taxonomy.ancestors(&topics[topic].slug) {
                let Some(index) = topics
                    .iter()
                    .position(|candidate| candidate.slug == ancestor.slug)
                else {
                    continue;
                };
                scores[index] = Some(scores[index].map_or(score, |own| own.max(score)));
            }
        }
    }

    /// The largest weight of one topic's hits inside one paragraph and one window that
    /// holds at least `min_paragraph_matches` hits.
    fn best_window(&self, hits: &[Hit], min_matches: usize) -> f32 {
        let mut best = 0.0f32;
        let mut window_start = 0;
        let mut window_weight = 0.0f32;
        for (index, hit) in hits.iter().enumerate() {
            window_weight += hit.weight;
            while hits[window_start].paragraph != hit.paragraph
                || hit.offset - hits[window_start].offset > self.settings.window_chars
            {
                window_weight -= hits[window_start].weight;
                window_start += 1;
            }
            debug_assert!(window_start <= index);
            // The window ending here is the widest one, so it has the most hits and weight.
            if index + 1 - window_start >= min_matches {
                best = best.max(window_weight);
            }
        }
        best
    }

    fn evidence(&self, hits: &[Hit], title_hits: &[Hit], topic: usize) -> Vec<TopicEvidence> {
        let mut by_pattern: Vec<(usize, TopicEvidence)> = Vec::new();
        for hit in hits {
            match by_pattern
                .iter_mut()
                .find(|(pattern, _)| *pattern == hit.pattern)
            {
                Some((_, evidence)) => evidence.count += 1,
                None => {
                    let term = self.patterns[hit.pattern].uses[hit.use_index]
                        .term
                        .clone()
                        .unwrap_or_default();
                    by_pattern.push((
                        hit.pattern,
                        TopicEvidence {
                            term,
                            count: 1,
                            first_offset: hit.offset,
                        },
                    ));
                }
            }
        }
        // A topic assigned from its title alone shows the title's terms.
        if by_pattern.is_empty() {
            for hit in title_hits.iter().filter(|hit| hit.topic == topic) {
                if by_pattern
                    .iter()
                    .all(|(pattern, _)| *pattern != hit.pattern)
                {
                    let term = self.patterns[hit.pattern].uses[hit.use_index]
                        .term
                        .clone()
                        .unwrap_or_default();
                    by_pattern.push((
                        hit.pattern,
                        TopicEvidence {
                            term,
                            count: 1,
                            first_offset: 0,
                        },
                    ));
                }
            }
        }
        let mut evidence: Vec<TopicEvidence> = by_pattern
            .into_iter()
            .map(|(_, evidence)| evidence)
            .collect();
        evidence.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.first_offset.cmp(&b.first_offset))
        });
        evidence
    }

    /// Finds the counted term occurrences of normalized text, in text order: the terms as
    /// written, and those of the text's languages on stems where no term as written
    /// (or exclude phrase) stands.
    fn find_hits(&self, normalized: &str, language: Option<&str>) -> Vec<Hit> {
        let languages = stem_languages(normalized, language);
        let (surface, triggers_of) = self.scan(normalized, &languages);
        let mut excluded = Vec::new();
        let mut hits = self.find_surface_hits(normalized, &surface, &mut excluded);
        if languages.is_empty() {
            return hits;
        }
        let mut taken: Vec<(usize, usize)> = hits
            .iter()
            .map(|hit| (hit.offset, hit.end))
            .chain(excluded)
            .collect();
        taken.sort_unstable();
        // The same spans, merged: disjoint, for the triggers to skip.
        let mut taken_apart: Vec<(usize, usize)> = Vec::with_capacity(taken.len());
        for &(start, end) in &taken {
            match taken_apart.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => taken_apart.push((start, end)),
            }
        }
        let overlaps_taken = |start: usize, end: usize| {
            let after = taken.partition_point(|(taken_start, _)| *taken_start < end);
            taken[..after]
                .iter()
                .rev()
                .take_while(|_| true)
                .any(|(taken_start, taken_end)| *taken_start < end && start < *taken_end)
        };
        let mut added = Vec::new();
        for (index, stemmed) in self.stemmed.iter().enumerate() {
            if !languages.contains(&stemmed.language) {
                continue;
            }
            let view = match &stemmed.triggers {
                Some(triggers) if self.reads_triggered_sentences => {
                    let sentences =
                        triggers.sentences(normalized, &taken_apart, &triggers_of[index]);
                    if sentences.is_empty() {
                        continue;
                    }
                    stem_view_of(normalized, &sentences, stemmed.language)
                }
                _ => stem_view(normalized, stemmed.language),
            };
            // Near rules count wherever they hold: their words alone may weigh little.
            for (rule, found) in stemmed.near.find(&view) {
                let pattern = stemmed.near_patterns[rule];
                let usage = &self.patterns[pattern].uses[0];
                added.push(Hit {
                    topic: usage.topic,
                    pattern,
                    use_index: 0,
                    offset: found.start,
                    end: found.end,
                    paragraph: found.paragraph,
                    weight: usage.weight,
                });
            }
            for found in stemmed.matcher.find(&view) {
                if overlaps_taken(found.start, found.end) {
                    continue;
                }
                let pattern = stemmed.patterns[found.pattern];
                let first_hit_of_match = added.len();
                for (use_index, usage) in self.patterns[pattern].uses.iter().enumerate() {
                    if usage.term.is_none() {
                        continue;
                    }
                    count_once_per_topic(
                        &mut added,
                        first_hit_of_match,
                        Hit {
                            topic: usage.topic,
                            pattern,
                            use_index,
                            offset: found.start,
                            end: found.end,
                            paragraph: found.paragraph,
                            weight: usage.weight,
                        },
                    );
                }
            }
        }
        if !added.is_empty() {
            hits.extend(added);
            hits.sort_by_key(|hit| (hit.offset, hit.end));
        }
        hits
    }

    /// Every occurrence in `normalized` of a term as written, as (start, end, pattern)
    /// sorted by start and the longest first, and, for each [`StemmedTerms`] of one of
    /// `languages`, every occurrence of its triggers in the order
    /// [`SentenceTriggers::sentences`] reads them.
    fn scan(
        &self,
        normalized: &str,
        languages: &[&str],
    ) -> (Vec<Occurrence>, Vec<Vec<Occurrence>>) {
        let mut surface = Vec::new();
        let mut triggers = vec![Vec::new(); self.stemmed.len()];
        let Some(scanner) = &self.scanner else {
            return (surface, triggers);
        };
        let wanted: Vec<bool> = self
            .stemmed
            .iter()
            .map(|stemmed| languages.contains(&stemmed.language))
            .collect();
        for found in scanner.find_overlapping_iter(normalized) {
            let id = found.pattern().as_usize();
            match id.checked_sub(self.scanned_terms) {
                None => surface.push((found.start(), found.end(), id)),
                Some(trigger) => {
                    let (stemmed, trigger) = self.scanned_triggers[trigger];
                    if wanted[stemmed] {
                        triggers[stemmed].push((found.start(), found.end(), trigger));
                    }
                }
            }
        }
        surface.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        (surface, triggers)
    }

    /// The matches of the terms as written among their `occurrences` (from
    /// [`TopicTagger::scan`]), leftmost first and then longest, each on word boundaries,
    /// and the spans of exclude phrases.
    fn find_surface_hits(
        &self,
        normalized: &str,
        occurrences: &[Occurrence],
        excluded: &mut Vec<(usize, usize)>,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut paragraph = 0;
        let mut paragraph_scan = 0;
        let mut position = 0;
        let mut next = 0;
        while let Some(&(start, _, _)) = occurrences.get(next) {
            let at_start = occurrences[next..]
                .iter()
                .take_while(|occurrence| occurrence.0 == start)
                .count();
            let here = &occurrences[next..next + at_start];
            next += at_start;
            if start < position {
                continue;
            }
            let Some((pattern, end)) = self.accept_at(normalized, here) else {
                // No term fits this start: move on.
                continue;
            };
            paragraph += normalized[paragraph_scan..start].matches('\n').count();
            paragraph_scan = start;
            let right_is_boundary =
                is_right_boundary(normalized, end, self.patterns[pattern].ends_arabic);
            let first_hit_of_match = hits.len();
            if self.patterns[pattern]
                .uses
                .iter()
                .all(|usage| usage.term.is_none())
            {
                excluded.push((start, end));
            }
            for (use_index, usage) in self.patterns[pattern].uses.iter().enumerate() {
                let needs_boundary = !usage.prefix && self.patterns[pattern].checks_right_boundary;
                if usage.term.is_none() || (needs_boundary && !right_is_boundary) {
                    continue;
                }
                count_once_per_topic(
                    &mut hits,
                    first_hit_of_match,
                    Hit {
                        topic: usage.topic,
                        pattern,
                        use_index,
                        offset: start,
                        end,
                        paragraph,
                        weight: usage.weight,
                    },
                );
            }
            position = end;
        }
        hits
    }

    /// The longest of the terms occurring at one start (`here`, the longest first) that
    /// stands on word boundaries there, with its end.
    fn accept_at(&self, text: &str, here: &[Occurrence]) -> Option<(usize, usize)> {
        let &(start, _, longest) = here.first()?;
        // All patterns found at `start` begin with the same character, so one left check serves them all.
        let info = &self.patterns[longest];
        if info.checks_left_boundary && !is_left_boundary(text, start, info.starts_arabic) {
            return None;
        }
        here.iter()
            .find(|(_, end, pattern)| self.right_boundary_holds(text, *end, *pattern))
            .map(|(_, end, pattern)| (*pattern, *end))
    }

    /// Whether some use of the pattern accepts the match's end: a prefix use always does,
    /// any other needs a word boundary there.
    fn right_boundary_holds(&self, text: &str, end: usize, pattern: usize) -> bool {
        let info = &self.patterns[pattern];
        info.uses
            .iter()
            .any(|usage| usage.prefix && usage.term.is_some())
            || !info.checks_right_boundary
            || is_right_boundary(text, end, info.ends_arabic)
    }
}

fn is_arabic_letter(c: char) -> bool {
    ('\u{0620}'..='\u{064A}').contains(&c) || ('\u{066E}'..='\u{06D3}').contains(&c)
}

fn is_word_continuation(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Whether a match may end at `end`: at the end of a word, or, for an Arabic term,
/// before an attached pronoun or plural ending (`اطفالهم`, `ضحاياها`).
fn is_right_boundary(text: &str, end: usize, allow_arabic_enclitic: bool) -> bool {
    let after = &text[end..];
    let Some(next) = after.chars().next() else {
        return true;
    };
    if !is_word_continuation(next) {
        return true;
    }
    if !allow_arabic_enclitic {
        return false;
    }
    let word_rest = after
        .find(|c: char| !is_word_continuation(c))
        .map_or(after, |index| &after[..index]);
    ARABIC_ENCLITICS.contains(&word_rest)
}

fn is_left_boundary(text: &str, start: usize, allow_arabic_clitic: bool) -> bool {
    let before = &text[..start];
    let Some(previous) = before.chars().next_back() else {
        return true;
    };
    if !is_word_continuation(previous) {
        return true;
    }
    if !allow_arabic_clitic {
        return false;
    }
    let word_start = before
        .rfind(|c: char| !is_word_continuation(c))
        .map_or(0, |index| {
            index + before[index..].chars().next().map_or(1, char::len_utf8)
        });
    ARABIC_CLITICS.contains(&&before[word_start..])
}

/// The languages whose stemmed terms are matched on a text: its own language when it is
/// one of them, Russian where the text has Cyrillic, Arabic where it has Arabic script,
/// and English for a Latin-script text of no stated language.
fn stem_languages(normalized: &str, language: Option<&str>) -> Vec<&'static str> {
    let stated = language.and_then(|code| STEMMED_LANGUAGES.iter().find(|known| **known == code));
    // Read as bytes: a Cyrillic or Arabic letter is known by the first byte of its UTF-8
    // form, and decoding every character of a long Latin text costs more than tagging it.
    // A text all ASCII, most of them, has neither, which `is_ascii` tells a word at a time.
    let bytes = normalized.as_bytes();
    let latin = bytes.iter().any(u8::is_ascii_lowercase);
    let (mut cyrillic, mut arabic) = (false, false);
    if !normalized.is_ascii() {
        let mut from = 0;
        while !(cyrillic && arabic) {
            let Some(offset) = bytes[from..]
                .iter()
                .position(|byte| (0xD0..=0xDB).contains(byte))
            else {
                break;
            };
            // A lead byte: the start of a character.
            let index = from + offset;
            let character = || normalized.get(index..).and_then(|rest| rest.chars().next());
            match bytes[index] {
                0xD0..=0xD3 if !cyrillic => {
                    cyrillic = character().is_some_and(char::is_alphabetic);
                }
                0xD8..=0xDB if !arabic => arabic = character().is_some_and(is_arabic_letter),
                _ => {}
            }
            from = index + 1;
        }
    }
    let mut languages = Vec::with_capacity(2);
    match stated {
        Some(code) => languages.push(*code),
        None if latin => languages.push("en"),
        None => {}
    }
    if cyrillic && !languages.contains(&"ru") {
        languages.push("ru");
    }
    if arabic && !languages.contains(&"ar") {
        languages.push("ar");
    }
    languages
}

/// The terms of every stemmed language, stemmed, each an entry of `patterns` (with its
/// uses, as the terms as written are) matched by its language's automaton.
fn stemmed_terms(taxonomy: &Taxonomy, patterns: &mut Vec<PatternInfo>) -> Vec<StemmedTerms> {
    let mut stemmed = Vec::new();
    for language in STEMMED_LANGUAGES {
        let mut texts: Vec<(String, bool)> = Vec::new();
        let mut indices: Vec<usize> = Vec::new();
        let mut by_text: HashMap<String, usize> = HashMap::new();
        let mut add = |text: &str, usage: PatternUse| {
            let Some(stem) = stem_term(&normalize_for_matching(text), language) else {
                return;
            };
            let local = *by_text.entry(stem.clone()).or_insert_with(|| {
                texts.push((stem, false));
                patterns.push(PatternInfo::on_stems(Vec::new()));
                indices.push(patterns.len() - 1);
                texts.len() - 1
            });
            texts[local].1 |= usage.prefix;
            patterns[indices[local]].uses.push(usage);
        };
        for (topic_index, topic) in taxonomy.topics().iter().enumerate() {
            for term in topic.terms.get(language).into_iter().flatten() {
                add(
                    &term.text,
                    PatternUse {
                        topic: topic_index,
                        term: Some(term.text.clone()),
                        weight: term.weight,
                        prefix: term.prefix,
                    },
                );
            }
            for phrase in topic.exclude.get(language).into_iter().flatten() {
                add(
                    phrase,
                    PatternUse {
                        topic: topic_index,
                        term: None,
                        weight: 0.0,
                        prefix: false,
                    },
                );
            }
        }
        let mut near = Vec::new();
        let mut near_patterns = Vec::new();
        for (topic_index, topic) in taxonomy.topics().iter().enumerate() {
            for rule in topic.near.get(language).into_iter().flatten() {
                patterns.push(PatternInfo::on_stems(vec![PatternUse {
                    topic: topic_index,
                    term: Some(format!("{} … {}", rule.words[0], rule.with[0])),
                    weight: rule.weight,
                    prefix: false,
                }]));
                near.push(NearMatcher::new(
                    &rule.words,
                    &rule.with,
                    rule.within,
                    language,
                ));
                near_patterns.push(patterns.len() - 1);
            }
        }
        // Every word of a term stands in the sentence of its match, so any one of its
        // stems marks that sentence: the rarest marks the fewest others. An exclude
        // phrase needs none: it only swallows terms, in sentences their own triggers mark.
        let mut terms: Vec<&str> = texts
            .iter()
            .enumerate()
            .filter(|(local, _)| {
                patterns[indices[*local]]
                    .uses
                    .iter()
                    .any(|usage| usage.term.is_some())
            })
            .map(|(_, (text, _))| text.as_str())
            .collect();
        // A trigger another term already has marks no sentence more: one-word terms,
        // which have no choice, take theirs first.
        terms.sort_by_key(|text| text.split(' ').count());
        let mut taken: HashSet<String> = HashSet::new();
        let mut term_stems = Vec::with_capacity(terms.len());
        for text in terms {
            if let Some((stem, _)) = rarest_stem(text.split(' '), language, &taken) {
                taken.insert(trigger_of(stem, language));
                term_stems.push(stem);
            }
        }
        let near_stems: Vec<&str> = near
            .iter()
            .flat_map(|rule| rule.required_stems(language, &taken))
            .collect();
        let triggers = SentenceTriggers::new(term_stems, near_stems, language);
        stemmed.push(StemmedTerms {
            language,
            matcher: StemMatcher::new(&texts),
            patterns: indices,
            near: NearRules::new(near),
            near_patterns,
            triggers,
        });
    }
    stemmed
}

/// Counts one use of a matched term: an occurrence counts once per topic, at the weight
/// of its heaviest term; the occurrence's hits start at `first`.
fn count_once_per_topic(hits: &mut Vec<Hit>, first: usize, hit: Hit) {
    match hits[first..]
        .iter_mut()
        .find(|counted| counted.topic == hit.topic)
    {
        Some(counted) if counted.weight >= hit.weight => {}
        Some(counted) => {
            counted.weight = hit.weight;
            counted.use_index = hit.use_index;
        }
        None => hits.push(hit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stem_match::StemMatch;

    /// The spans matched as written in `text`, as text: the work of the one scan and the
    /// word-boundary checks alone, without the stems that could make up for them.
    fn matched_as_written(tagger: &TopicTagger, text: &str) -> Vec<String> {
        let normalized = normalize_for_matching(text);
        let (occurrences, _) = tagger.scan(&normalized, &[]);
        tagger
            .find_surface_hits(&normalized, &occurrences, &mut Vec::new())
            .iter()
            .map(|hit| normalized[hit.offset..hit.end].to_string())
            .collect()
    }

    #[test]
    fn the_longest_term_at_a_start_gives_way_to_a_shorter_one_that_ends_a_word() {
        let taxonomy = Taxonomy::from_toml_str(
            r#"
[[topic]]
slug = "arms"
label = "Arms"
[topic.terms]
en = ["arms", "arms trafficking", "trafficking in arms", "trafficking"]
"#,
            std::path::Path::new("arms.toml"),
        )
        .expect("the taxonomy parses");
        let tagger = TopicTagger::new(&taxonomy);
        // The longest term at "arms" runs into a longer word: "arms" alone is taken.
        assert_eq!(
            matched_as_written(&tagger, "Illicit arms traffickingx."),
            ["arms"]
        );
        // Where it ends a word, the longest is taken, and nothing inside it again.
        assert_eq!(
            matched_as_written(&tagger, "Illicit arms trafficking, trafficking."),
            ["arms trafficking", "trafficking"]
        );
        // A term inside a longer word is no match; the next that stands alone is.
        assert_eq!(
            matched_as_written(&tagger, "Firearms and trafficking in arms."),
            ["trafficking in arms"]
        );
        assert!(matched_as_written(&tagger, "Firearms, farmsteads and swarms.").is_empty());
    }

    #[test]
    fn the_scan_reports_a_trigger_written_like_a_term_as_both() {
        // The scanner holds each term and each trigger as its own pattern, and a trigger
        // is often a term's word: both must be reported where it occurs.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(["trafficking", "traffick", "trafficking"])
            .expect("three patterns build");
        let found: Vec<usize> = automaton
            .find_overlapping_iter("trafficking")
            .map(|found| found.pattern().as_usize())
            .collect();
        assert_eq!(found, [1, 0, 2]);
    }

    /// The sentence `text` stands in among others, normalized.
    fn among_others(text: &str) -> String {
        normalize_for_matching(&format!("The meeting opened at 10. {text}. It rose at 12."))
    }

    /// The stemmed matches of a text and its near matches with their rules.
    type Matches = (Vec<StemMatch>, Vec<(usize, StemMatch)>);

    /// The matches of `text` in the language of `stemmed`, read from its triggered
    /// sentences and from all of them.
    fn matches_both_ways(stemmed: &StemmedTerms, text: &str) -> [Matches; 2] {
        let sentences = stemmed
            .triggers
            .as_ref()
            .map_or_else(Vec::new, |triggers| triggers.sentences_alone(text, &[]));
        [
            stem_view_of(text, &sentences, stemmed.language),
            stem_view(text, stemmed.language),
        ]
        .map(|view| (stemmed.matcher.find(&view), stemmed.near.find(&view)))
    }

    /// Whichever of its words a term or near rule takes as trigger, the sentence holding
    /// it as written is read: a trigger must be one of the words every match needs.
    #[test]
    fn every_term_and_near_rule_as_written_is_found_in_its_triggered_sentences() {
        let taxonomy = Taxonomy::bundled();
        let tagger = TopicTagger::new(&taxonomy);
        let (mut compared, mut found) = (0, 0);
        for stemmed in &tagger.stemmed {
            let language = stemmed.language;
            let mut texts = Vec::new();
            for topic in taxonomy.topics() {
                for term in topic.terms.get(language).into_iter().flatten() {
                    texts.push(among_others(term.text.trim_end_matches('*')));
                }
                for rule in topic.near.get(language).into_iter().flatten() {
                    for word in &rule.words {
                        for with in &rule.with {
                            let (word, with) =
                                (word.trim_end_matches('*'), with.trim_end_matches('*'));
                            texts.push(among_others(&format!("{word} {with}")));
                            texts.push(among_others(&format!("{with} {word}")));
                        }
                    }
                }
            }
            for text in texts {
                let [triggered, whole] = matches_both_ways(stemmed, &text);
                assert_eq!(
                    format!("{triggered:?}"),
                    format!("{whole:?}"),
                    "{language}: {text}"
                );
                compared += 1;
                found += usize::from(!whole.0.is_empty() || !whole.1.is_empty());
            }
        }
        // The texts do hold what they are made of (a term swallowed by an exclude phrase
        // of its own words, or one of stop words only, would not).
        assert!(found * 100 >= compared * 95, "{found} of {compared}");
    }
}
