//! The language versions of a document side by side: the versions of each hit with the
//! paragraph that matches its best passage, and a document's paragraphs aligned with
//! those of its version in another language.
//!
//! The versions of a UN document share its symbol. Their paragraphs are aligned by the
//! number printed in front of them (`1.`, `2.`, ...), which every language keeps; an
//! unnumbered paragraph (a heading, a sub-item `(a)`) is aligned by its position after
//! the last numbered one, and a document without numbers paragraph by paragraph.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use plenary_core::Passage;
use plenary_core::schema::{FacetField, StoredDocument};
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Searcher, SegmentOrdinal, TERMINATED, Term};
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::SearchService;
use crate::search::document::RelatedDocument;
use crate::search::hits::{
    HitVersion, SearchHit, StoredRecord, VersionParagraph, citation, leading_text,
};

/// The most versions listed under one hit (one per language).
pub const MAX_VERSIONS_PER_HIT: usize = 10;
/// Characters of a version's paragraph shown under a hit.
const VERSION_PARAGRAPH_CHARS: usize = 300;

/// Documents of one symbol looked at to list a hit's versions (six languages and a few
/// copies; a hostile index with thousands under one symbol is cut here).
const CANDIDATES_PER_SYMBOL: usize = 64;

/// A document sharing a symbol with a hit, as the index gives it without reading the
/// document: enough to choose the versions to list before reading any.
struct VersionCandidate {
    address: DocAddress,
    symbol: String,
    language: String,
}

/// The versions of a document at `address` to list, as positions in `candidates`: one per
/// other language, the first in index order, by language, at most
/// [`MAX_VERSIONS_PER_HIT`].
fn versions_to_list(
    candidates: &[VersionCandidate],
    address: DocAddress,
    symbol: &str,
    language: &str,
) -> Vec<usize> {
    let mut listed: Vec<usize> = (0..candidates.len())
        .filter(|&position| {
            let candidate = &candidates[position];
            candidate.symbol == symbol
                && candidate.address != address
                && candidate.language != language
        })
        .collect();
    // A stable sort keeps index order within a language.
    listed.sort_by(|&left, &right| candidates[left].language.cmp(&candidates[right].language));
    listed.dedup_by(|later, earlier| candidates[*later].language == candidates[*earlier].language);
    listed.truncate(MAX_VERSIONS_PER_HIT);
    listed
}

/// A document's paragraphs beside those of one of its other language versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlignedDocuments {
    pub document: RelatedDocument,
    pub version: RelatedDocument,
    /// `number` when both texts number their paragraphs (unnumbered ones then follow
    /// the number before them), `position` when they are paired in their order.
    pub aligned_by: String,
    /// Every paragraph of both, in the order of the document.
    pub pairs: Vec<AlignedPair>,
}

/// A paragraph of the document and the same paragraph of the version; either may be
/// absent where one text has a paragraph the other has not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlignedPair {
    /// The printed paragraph number both share, if any.
    pub number: Option<u32>,
    pub document: Option<AlignedParagraph>,
    pub version: Option<AlignedParagraph>,
}

/// One paragraph of an aligned pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AlignedParagraph {
    pub index: u32,
    pub number: Option<u32>,
    pub text: String,
    /// The paragraph's language (a quotation may differ from its document's).
    pub language: String,
}

/// Where a paragraph stands in its text, the same in every language version: the part
/// of the text (numbering that starts again at 1, as in an annex, opens a new part), the
/// last number printed at or before it, and its place after that number (0 for the
/// numbered paragraph itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ParagraphPlace {
    part: u32,
    number: Option<u32>,
    after: u32,
}

impl ParagraphPlace {
    /// Whether the paragraph itself carries the number.
    fn is_numbered(self) -> bool {
        self.number.is_some() && self.after == 0
    }
}

/// The place of each of `passages`, in their order.
pub(crate) fn paragraph_places(passages: &[Passage]) -> Vec<ParagraphPlace> {
    let mut part = 0;
    let mut number: Option<u32> = None;
    let mut after = 0;
    passages
        .iter()
        .map(|passage| {
            match passage.number {
                Some(printed) => {
                    // Numbering that starts again at 1 (an annex) opens a new part; a
                    // number out of order (a misread, a quoted list) does not.
                    if printed == 1 && number.is_some() {
                        part += 1;
                    }
                    number = Some(printed);
                    after = 0;
                }
                None => after += 1,
            }
            ParagraphPlace {
                part,
                number,
                after,
            }
        })
        .collect()
}

/// Whether two versions are paired by their printed paragraph numbers: when both
/// print numbers and these agree (the same numbers, or most of them), or when they
/// share some but the versions have not as many paragraphs to pair one by one.
fn aligned_by_number(document: &StoredDocument, version: &StoredDocument) -> bool {
    let numbers = |stored: &StoredDocument| -> Vec<u32> {
        stored
            .passages
            .iter()
            .filter_map(|passage| passage.number)
            .collect()
    };
    let (ours, theirs) = (numbers(document), numbers(version));
    if ours.is_empty() || theirs.is_empty() {
        return false;
    }
    if ours == theirs {
        return true;
    }
    let ours: BTreeSet<u32> = ours.into_iter().collect();
    let theirs: BTreeSet<u32> = theirs.into_iter().collect();
    let shared = ours.intersection(&theirs).count();
    let all = ours.union(&theirs).count();
    if shared * 5 >= all * 4 {
        return true;
    }
    shared > 0 && document.passages.len() != version.passages.len()
}

/// The places by which `stored`'s paragraphs are paired: by number, or by position.
fn places_of(stored: &StoredDocument, by_number: bool) -> Vec<ParagraphPlace> {
    if by_number {
        return paragraph_places(&stored.passages);
    }
    (0..stored.passages.len() as u32)
        .map(|position| ParagraphPlace {
            part: 0,
            number: None,
            after: position,
        })
        .collect()
}

/// The paragraph of `version` in the place of `document`'s paragraph `passage_index`:
/// the one with the same number where the versions are paired by number (only for a
/// numbered paragraph); else the one at the same position when both have as many.
pub(crate) fn matching_paragraph<'v>(
    document: &StoredDocument,
    passage_index: u32,
    version: &'v StoredDocument,
) -> Option<&'v Passage> {
    let position = document
        .passages
        .iter()
        .position(|passage| passage.index == passage_index)?;
    if aligned_by_number(document, version) {
        let place = paragraph_places(&document.passages)[position];
        if !place.is_numbered() {
            return None;
        }
        let places = paragraph_places(&version.passages);
        let found = places.iter().position(|candidate| *candidate == place)?;
        return version.passages.get(found);
    }
    if document.passages.len() == version.passages.len() {
        return version.passages.get(position);
    }
    None
}

/// Pairs the paragraphs of `document` with those of `version`, in the document's order;
/// a paragraph only the version has comes after the last paragraph before it that both
/// have. Returns whether they were paired by number.
pub(crate) fn align(
    document: &StoredDocument,
    version: &StoredDocument,
) -> (bool, Vec<AlignedPair>) {
    let by_number = aligned_by_number(document, version);
    let ours = places_of(document, by_number);
    let theirs = places_of(version, by_number);
    let paragraph = |stored: &StoredDocument, passage: &Passage| AlignedParagraph {
        index: passage.index,
        number: passage.number,
        text: passage.text.clone(),
        language: passage
            .language
            .clone()
            .unwrap_or_else(|| stored.language.clone()),
    };
    let ours_set: HashSet<ParagraphPlace> = ours.iter().copied().collect();
    let mut their_position: HashMap<ParagraphPlace, usize> = HashMap::new();
    // The version's own paragraphs, after the shared place before them (None: at the start).
    let mut only_theirs: HashMap<Option<ParagraphPlace>, Vec<usize>> = HashMap::new();
    let mut anchor = None;
    for (position, place) in theirs.iter().enumerate() {
        if ours_set.contains(place) && !their_position.contains_key(place) {
            their_position.insert(*place, position);
            anchor = Some(*place);
        } else {
            only_theirs.entry(anchor).or_default().push(position);
        }
    }
    let mut pairs = Vec::with_capacity(ours.len().max(theirs.len()));
    let mut push_theirs = |pairs: &mut Vec<AlignedPair>, after: Option<ParagraphPlace>| {
        for position in only_theirs.remove(&after).unwrap_or_default() {
            let passage = &version.passages[position];
            pairs.push(AlignedPair {
                number: None,
                document: None,
                version: Some(paragraph(version, passage)),
            });
        }
    };
    push_theirs(&mut pairs, None);
    for (place, passage) in ours.iter().zip(&document.passages) {
        let matched = their_position
            .remove(place)
            .map(|position| paragraph(version, &version.passages[position]));
        pairs.push(AlignedPair {
            number: if by_number && place.is_numbered() {
                place.number
            } else {
                None
            },
            document: Some(paragraph(document, passage)),
            version: matched,
        });
        push_theirs(&mut pairs, Some(*place));
    }
    (by_number, pairs)
}

fn related_of(stored: &StoredDocument) -> RelatedDocument {
    RelatedDocument {
        id: stored.id.clone(),
        symbol: stored.symbol.clone(),
        language: stored.language.clone(),
        title: stored.title.clone(),
        date: stored.date,
    }
}

impl SearchService {
    /// The documents of each of `symbols` (at most [`CANDIDATES_PER_SYMBOL`] each), in
    /// index order, with their language from the language facet's table of each segment:
    /// each symbol's postings are read directly, nothing is read from the document store,
    /// and no dictionary of ids, symbols or languages is decompressed.
    fn version_candidates(
        &self,
        searcher: &Searcher,
        symbols: &BTreeSet<&str>,
    ) -> Result<Vec<VersionCandidate>, SearchError> {
        let fields = *self.schema.fields();
        let languages = self
            .facet_plans
            .get(FacetField::Language)
            .for_searcher(searcher)?;
        let mut candidates = Vec::new();
        for symbol in symbols {
            let term = Term::from_field_text(fields.symbol, symbol);
            let mut found = 0;
            // In index order, so that the same index always lists the same versions.
            for (segment, reader) in searcher.segment_readers().iter().enumerate() {
                if found == CANDIDATES_PER_SYMBOL {
                    break;
                }
                let segment = segment as SegmentOrdinal;
                let Some(mut postings) = reader
                    .inverted_index(fields.symbol)?
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(tantivy::TantivyError::from)?
                else {
                    continue;
                };
                let table = languages.segment_table(segment, reader)?;
                let alive = reader.alive_bitset();
                let mut doc = postings.doc();
                while doc != TERMINATED && found < CANDIDATES_PER_SYMBOL {
                    if alive.is_none_or(|alive| alive.is_alive(doc)) {
                        let language = table
                            .single_path(doc)
                            .map(|path| String::from_utf8_lossy(path).into_owned())
                            .unwrap_or_default();
                        candidates.push(VersionCandidate {
                            address: DocAddress::new(segment, doc),
                            symbol: symbol.to_string(),
                            language,
                        });
                        found += 1;
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(candidates)
    }

    /// Gives each of `hits` its other language versions, with the paragraph of each
    /// that matches the hit's best passage. One query on the symbols of the page finds
    /// them all; `stored` holds each hit's stored document, in the same order.
    ///
    /// A hit lists one version per language (the first in index order, the one `compare`
    /// pairs it with), and only the versions listed are read from the document store, each
    /// without building the text of passages other than the one shown.
    pub(crate) fn attach_versions(
        &self,
        searcher: &Searcher,
        hits: &mut [SearchHit],
        addresses: &[DocAddress],
        stored: &[StoredDocument],
    ) -> Result<(), SearchError> {
        let symbols: BTreeSet<&str> = hits
            .iter()
            .filter_map(|hit| hit.symbol.as_deref())
            .collect();
        let candidates = self.version_candidates(searcher, &symbols)?;
        let listed_per_hit: Vec<Vec<usize>> = hits
            .iter()
            .zip(addresses)
            .map(|(hit, address)| match hit.symbol.as_deref() {
                Some(symbol) => versions_to_list(&candidates, *address, symbol, &hit.language),
                None => Vec::new(),
            })
            .collect();
        let to_read: BTreeSet<usize> = listed_per_hit.iter().flatten().copied().collect();
        let mut read: HashMap<usize, (StoredDocument, StoredRecord)> = HashMap::new();
        for position in to_read {
            let record: StoredRecord = searcher.doc(candidates[position].address)?;
            // A version shows its title, one paragraph and that paragraph's citation.
            let version = record.document_without_topics()?;
            read.insert(position, (version, record));
        }
        for ((hit, own), listed) in hits.iter_mut().zip(stored).zip(listed_per_hit) {
            let best = hit.passages.first().map(|passage| passage.passage_index);
            let mut versions = Vec::with_capacity(listed.len());
            for position in listed {
                let Some((version, record)) = read.get(&position) else {
                    continue;
                };
                let paragraph = match best.and_then(|index| matching_paragraph(own, index, version))
                {
                    Some(passage) => {
                        let text = passage
                            .text_in(record.text())
                            .map_err(SearchError::Stored)?;
                        Some(VersionParagraph {
                            passage_index: passage.index,
                            paragraph: passage.number,
                            snippet: leading_text(&text, VERSION_PARAGRAPH_CHARS),
                            citation: citation(version, passage.number, passage.index),
                        })
                    }
                    None => None,
                };
                versions.push(HitVersion {
                    id: version.id.clone(),
                    language: version.language.clone(),
                    title: version.title.clone(),
                    paragraph,
                });
            }
            hit.versions = versions;
        }
        Ok(())
    }

    /// The organization each of `symbols` names in its version in `language` (as its
    /// standard sentence gives it), for the symbols that have such a version. One query,
    /// one record read per symbol.
    pub fn organizations_in_language(
        &self,
        symbols: &BTreeSet<&str>,
        language: &str,
    ) -> Result<BTreeMap<String, String>, SearchError> {
        if symbols.is_empty() {
            return Ok(BTreeMap::new());
        }
        let searcher = self.reader.searcher();
        let fields = *self.schema.fields();
        let of_symbols: Box<dyn Query> = Box::new(TermSetQuery::new(
            symbols
                .iter()
                .map(|symbol| Term::from_field_text(fields.symbol, symbol)),
        ));
        let in_language: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_facet(
                self.schema.facet(FacetField::Language),
                &Facet::from_path([language]),
            ),
            IndexRecordOption::Basic,
        ));
        let query = BooleanQuery::new(vec![(Occur::Must, of_symbols), (Occur::Must, in_language)]);
        // A symbol may have a duplicate in one language: room for two each.
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(symbols.len() * 2).order_by_score(),
        )?;
        let mut addresses: Vec<_> = top.into_iter().map(|(_, address)| address).collect();
        addresses.sort();
        let mut names = BTreeMap::new();
        for address in addresses {
            let record: StoredRecord = searcher.doc(address)?;
            let stored = record.document_without_topics()?;
            if let (Some(symbol), Some(organization)) = (stored.symbol, stored.organization) {
                names.entry(symbol).or_insert(organization);
            }
        }
        Ok(names)
    }

    /// The paragraphs of document `id` beside those of its version in `language`.
    pub fn compare(&self, id: &str, language: &str) -> Result<Comparison, SearchError> {
        let searcher = self.reader.searcher();
        let Some((address, record)) = self.find_document(&searcher, id)? else {
            return Ok(Comparison::NoDocument);
        };
        let document = record.document()?;
        // The versions a hit of this document lists, so that the version compared is the
        // one shown under the hit.
        let (candidates, listed) = match document.symbol.as_deref() {
            Some(symbol) => {
                let candidates = self.version_candidates(&searcher, &BTreeSet::from([symbol]))?;
                let listed = versions_to_list(&candidates, address, symbol, &document.language);
                (candidates, listed)
            }
            None => (Vec::new(), Vec::new()),
        };
        let Some(&position) = listed
            .iter()
            .find(|&&position| candidates[position].language == language)
        else {
            let languages: Vec<&str> = listed
                .iter()
                .map(|&position| candidates[position].language.as_str())
                .collect();
            let has = if languages.is_empty() {
                "it has no other language version".to_string()
            } else {
                format!("it has versions in {}", languages.join(", "))
            };
            return Ok(Comparison::NoVersion(format!(
                "document `{id}` has no version in `{language}`: {has}"
            )));
        };
        let record: StoredRecord = searcher.doc(candidates[position].address)?;
        let version = &record.document()?;
        let (by_number, pairs) = align(&document, version);
        Ok(Comparison::Aligned(Box::new(AlignedDocuments {
            document: related_of(&document),
            version: related_of(version),
            aligned_by: if by_number { "number" } else { "position" }.to_string(),
            pairs,
        })))
    }
}

/// What [`SearchService::compare`] finds.
#[derive(Debug, Clone, PartialEq)]
pub enum Comparison {
    /// No document has the id.
    NoDocument,
    /// The document has no version in the language asked for; the message says which it has.
    NoVersion(String),
    Aligned(Box<AlignedDocuments>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passages(numbers: &[Option<u32>]) -> Vec<Passage> {
        numbers
            .iter()
            .enumerate()
            .map(|(index, number)| Passage {
                index: index as u32,
                number: *number,
                text: format!("paragraph {index}"),
                topics: Vec::new(),
                language: None,
                spans: Vec::new(),
            })
            .collect()
    }

    fn stored(language: &str, numbers: &[Option<u32>]) -> StoredDocument {
        StoredDocument {
            id: format!("X#{language}"),
            source: plenary_core::Source::file("x.txt"),
            item: None,
            symbol: Some("X".into()),
            title: "X".into(),
            forum: None,
            session: None,
            date: None,
            year: None,
            organization: None,
            consultative_status: None,
            doc_type: plenary_core::DocType::Statement,
            meta: plenary_core::DocumentMeta::default(),
            language: language.into(),
            language_confidence: 1.0,
            topics: Vec::new(),
            content_hash: String::new(),
            passage_count: numbers.len() as u32,
            passages: passages(numbers),
        }
    }

    fn sides(pairs: &[AlignedPair]) -> Vec<(Option<u32>, Option<u32>)> {
        pairs
            .iter()
            .map(|pair| {
                (
                    pair.document.as_ref().map(|paragraph| paragraph.index),
                    pair.version.as_ref().map(|paragraph| paragraph.index),
                )
            })
            .collect()
    }

    #[test]
    fn versions_pair_by_number_and_keep_the_order_of_the_document() {
        // A heading split in two in the version; paragraph 2 missing from the document.
        let english = stored("en", &[None, Some(1), Some(3)]);
        let french = stored("fr", &[None, None, Some(1), Some(2), Some(3)]);
        let (by_number, pairs) = align(&english, &french);
        assert!(by_number);
        assert_eq!(
            sides(&pairs),
            [
                (Some(0), Some(0)),
                (None, Some(1)),
                (Some(1), Some(2)),
                (None, Some(3)),
                (Some(2), Some(4))
            ]
        );
        assert_eq!(
            matching_paragraph(&english, 2, &french).map(|passage| passage.index),
            Some(4)
        );
        // An unnumbered paragraph has no counterpart by number.
        assert_eq!(matching_paragraph(&english, 0, &french), None);
    }

    #[test]
    fn versions_whose_numbers_disagree_pair_one_by_one() {
        // A number read in one version only, as in sampled sentences.
        let english = stored("en", &[None, None, Some(6), None]);
        let french = stored("fr", &[Some(10), None, Some(6), None]);
        let (by_number, pairs) = align(&english, &french);
        assert!(!by_number);
        assert_eq!(
            sides(&pairs),
            [
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), Some(2)),
                (Some(3), Some(3))
            ]
        );
        assert_eq!(
            matching_paragraph(&english, 1, &french).map(|passage| passage.index),
            Some(1)
        );
    }

    fn document_of(symbol: &str, language: &str, copy: u32) -> plenary_core::Document {
        let text = format!("1. A statement, copy {copy}.");
        let mut document = stored(language, &[]).into_document(text.clone());
        document.id = format!("{symbol}.{language}.{copy}");
        document.source = plenary_core::Source::file(format!("{language}-{copy}.txt"));
        document.symbol = Some(symbol.to_string());
        document.title = format!("Statement {copy}");
        document.content_hash = plenary_core::Document::hash_text(&text);
        document
    }

    #[test]
    fn candidates_are_read_from_postings_in_index_order_without_deleted_documents() {
        use plenary_core::schema::PlenarySchema;
        use plenary_core::taxonomy::Taxonomy;

        let schema = PlenarySchema::new();
        let taxonomy = Taxonomy::bundled();
        let index = schema.create_index_in_ram();
        let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        // Two segments: the first with an English, a French and two Arabic copies, the
        // second with a Russian one and another symbol's document.
        for (language, copy) in [("en", 0), ("fr", 0), ("ar", 0), ("ar", 1)] {
            let document = document_of("E/CN.7/2020/NGO/1", language, copy);
            writer
                .add_document(schema.to_tantivy(&document, &taxonomy))
                .expect("added");
        }
        writer.commit().expect("committed");
        for (symbol, language) in [("E/CN.7/2020/NGO/1", "ru"), ("E/CN.7/2020/NGO/2", "es")] {
            let document = document_of(symbol, language, 0);
            writer
                .add_document(schema.to_tantivy(&document, &taxonomy))
                .expect("added");
        }
        writer.commit().expect("committed");
        // The first Arabic copy is deleted: the second one is the Arabic version now.
        writer.delete_term(Term::from_field_text(
            schema.fields().id,
            "E/CN.7/2020/NGO/1.ar.0",
        ));
        writer.commit().expect("committed");
        let service = SearchService::from_index(index, taxonomy).expect("service");
        let searcher = service.reader.searcher();
        let symbols = BTreeSet::from(["E/CN.7/2020/NGO/1"]);
        let candidates = service
            .version_candidates(&searcher, &symbols)
            .expect("candidates");
        let mut found: Vec<(String, String)> = candidates
            .iter()
            .map(|candidate| {
                let record: StoredRecord = searcher.doc(candidate.address).expect("record");
                let stored = record.document_without_texts().expect("stored");
                (candidate.language.clone(), stored.id)
            })
            .collect();
        // Whatever the order of the segments, each language once, from its document.
        found.sort();
        let expected: Vec<(String, String)> = [
            ("ar", "E/CN.7/2020/NGO/1.ar.1"),
            ("en", "E/CN.7/2020/NGO/1.en.0"),
            ("fr", "E/CN.7/2020/NGO/1.fr.0"),
            ("ru", "E/CN.7/2020/NGO/1.ru.0"),
        ]
        .into_iter()
        .map(|(language, id)| (language.to_string(), id.to_string()))
        .collect();
        assert_eq!(found, expected);
        // Listed for the English document: one version per other language.
        let english = candidates
            .iter()
            .find(|candidate| candidate.language == "en")
            .expect("an English document")
            .address;
        let listed: Vec<&str> = versions_to_list(&candidates, english, "E/CN.7/2020/NGO/1", "en")
            .into_iter()
            .map(|position| candidates[position].language.as_str())
            .collect();
        assert_eq!(listed, ["ar", "fr", "ru"]);
    }

    #[test]
    fn places_follow_numbers_and_restart_with_them() {
        let places = paragraph_places(&passages(&[None, Some(1), None, Some(2), Some(1), Some(7)]));
        let shown: Vec<(u32, Option<u32>, u32)> = places
            .iter()
            .map(|place| (place.part, place.number, place.after))
            .collect();
        assert_eq!(
            shown,
            [
                (0, None, 1),
                (0, Some(1), 0),
                (0, Some(1), 1),
                (0, Some(2), 0),
                (1, Some(1), 0),
                (1, Some(7), 0)
            ]
        );
    }
}
