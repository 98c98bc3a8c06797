//! Ranking with a deterministic order and `search_after` cursors.
//!
//! Every hit gets a sort key `(rank, id)`, ordered ascending: `rank` is the negated
//! score (relevance), the negated date (newest first) or the date (oldest first), with
//! undated documents after dated ones; ties are broken by the document id, so the order
//! is total and the same on every page. A cursor holds the key of the last hit of a
//! page; the next page is the first hits strictly after it. Keys name documents by id,
//! not by Tantivy address, so a cursor stays meaningful when the index is reloaded.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn, TermOrdHit};
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::SearchError;
use crate::search::request::SortOrder;

/// Where a hit stands in the order of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SortKey {
    /// Written as its bits: an undated document's rank is infinite, which JSON numbers
    /// cannot hold (serde_json would write `null` and refuse to read it back).
    #[serde(with = "rank_bits")]
    pub rank: f64,
    pub id: String,
}

/// A rank as the bits of its `f64`, so that every rank, infinities included, survives a cursor.
mod rank_bits {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(rank: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(rank.to_bits())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        u64::deserialize(deserializer).map(f64::from_bits)
    }
}

/// A cursor: the sort order and the key of the last hit seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    pub sort: SortOrder,
    pub after: SortKey,
}

impl Cursor {
    /// Encodes the cursor as an opaque URL-safe string (hex of its JSON).
    pub fn encode(&self) -> String {
        // An empty cursor would be refused as one this server never made.
        let json = serde_json::to_vec(self)
            .expect("a cursor is a sort order, numbers and strings: it always serialises");
        json.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Decodes a cursor made by [`Cursor::encode`].
    pub fn decode(text: &str) -> Result<Cursor, SearchError> {
        let invalid =
            || SearchError::bad_parameter("cursor", "not a cursor returned by this server");
        if !text.len().is_multiple_of(2) || !text.is_ascii() {
            return Err(invalid());
        }
        let bytes: Result<Vec<u8>, _> = (0..text.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&text[at..at + 2], 16))
            .collect();
        let bytes = bytes.map_err(|_| invalid())?;
        serde_json::from_slice(&bytes).map_err(|_| invalid())
    }
}

/// A hit of a ranked search.
#[derive(Debug, Clone)]
pub(crate) struct RankedDoc {
    pub rank: f64,
    pub score: Score,
    pub address: DocAddress,
    id: HitId,
}

/// The id of a hit: read already, or where to read it (reading one decompresses a block
/// of the id dictionary, so only the ids that decide something are read).
#[derive(Debug, Clone)]
enum HitId {
    Read(String),
    Unread(Option<(StrColumn, u64)>),
}

impl HitId {
    fn read(ids: Option<&StrColumn>, ord: Option<u64>) -> String {
        let mut id = String::new();
        if let (Some(ids), Some(ord)) = (ids, ord) {
            // An unreadable id sorts as empty; ids are written for every record.
            let _ = ids.ord_to_str(ord, &mut id);
        }
        id
    }
}

impl RankedDoc {
    /// The hit's place in the order, as a cursor holds it.
    pub fn key(&self) -> SortKey {
        let id = match &self.id {
            HitId::Read(id) => id.clone(),
            HitId::Unread(source) => HitId::read(
                source.as_ref().map(|(ids, _)| ids),
                source.as_ref().map(|(_, ord)| *ord),
            ),
        };
        SortKey {
            rank: self.rank,
            id,
        }
    }
}

/// The rank of a date under `sort`; undated documents rank last either way.
fn date_rank(sort: SortOrder, date: Option<DateTime>) -> f64 {
    match date {
        None => f64::INFINITY,
        Some(date) => {
            let seconds = date.into_timestamp_secs() as f64;
            if sort == SortOrder::DateAsc {
                seconds
            } else {
                -seconds
            }
        }
    }
}

/// Collects the first `limit` hits after `after` in the order of `sort`.
pub(crate) struct RankedCollector {
    pub sort: SortOrder,
    pub after: Option<SortKey>,
    pub limit: usize,
}

/// A kept hit of one segment. Within a segment, ids compare by their ordinal in the
/// segment's sorted id dictionary, so no id is read as text before the harvest (each read
/// decompresses a dictionary block).
#[derive(Clone)]
struct HeapEntry {
    rank: f64,
    /// `None` for a record without an id (they sort first, as an empty id would).
    id_ord: Option<u64>,
    score: Score,
    doc: DocId,
}

impl PartialEq for HeapEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for HeapEntry {}
impl PartialOrd for HeapEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for HeapEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank
            .total_cmp(&other.rank)
            .then_with(|| self.id_ord.cmp(&other.id_ord))
    }
}

/// Where the cursor's id falls among a segment's id ordinals.
#[derive(Debug, Clone, Copy)]
enum IdBound {
    /// The id is in the segment with this ordinal.
    At(u64),
    /// The id is not in the segment; this is the ordinal of the first id after it.
    Before(u64),
}

impl IdBound {
    /// How an id ordinal compares with the cursor's id.
    fn compare(self, id_ord: Option<u64>) -> Ordering {
        match (self, id_ord) {
            // A missing id is the empty id, before any other.
            (_, None) => Ordering::Less,
            (IdBound::At(at), Some(ord)) => ord.cmp(&at),
            (IdBound::Before(next), Some(ord)) => {
                if ord < next {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
        }
    }
}

pub(crate) struct RankedSegmentCollector {
    sort: SortOrder,
    /// The cursor's rank and where its id falls in this segment.
    after: Option<(f64, IdBound)>,
    limit: usize,
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    ids: Option<StrColumn>,
    /// A max-heap of the best `limit` entries: the worst kept entry on top.
    best: BinaryHeap<HeapEntry>,
}

/// The best hits of one segment, best first, with the segment's ids to read them from.
pub(crate) struct SegmentRanking {
    segment: SegmentOrdinal,
    ids: Option<StrColumn>,
    hits: Vec<HeapEntry>,
}

impl Collector for RankedCollector {
    type Fruit = Vec<RankedDoc>;
    type Child = RankedSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<RankedSegmentCollector> {
        let fast_fields = reader.fast_fields();
        let dates = match self.sort {
            SortOrder::Relevance => None,
            SortOrder::DateAsc | SortOrder::DateDesc => Some(fast_fields.date("date")?),
        };
        let ids = fast_fields.str("id")?;
        let after = match &self.after {
            Some(after) => {
                let bound = match &ids {
                    Some(ids) => match ids.dictionary().term_ord_or_next(after.id.as_bytes())? {
                        TermOrdHit::Exact(ord) => IdBound::At(ord),
                        TermOrdHit::Next(ord) => IdBound::Before(ord),
                    },
                    None => IdBound::Before(0),
                };
                Some((after.rank, bound))
            }
            None => None,
        };
        Ok(RankedSegmentCollector {
            sort: self.sort,
            after,
            limit: self.limit,
            segment,
            dates,
            ids,
            best: BinaryHeap::with_capacity(self.limit + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == SortOrder::Relevance
    }

    /// Orders the hits of all segments by rank, then id. Within a segment the id
    /// ordinals decide; ids are read only for hits whose rank ties with a hit of another
    /// segment, and only up to the limit.
    fn merge_fruits(&self, segment_fruits: Vec<SegmentRanking>) -> tantivy::Result<Vec<RankedDoc>> {
        let mut all: Vec<(usize, HeapEntry, Option<String>)> = segment_fruits
            .iter()
            .enumerate()
            .flat_map(|(position, fruit)| {
                fruit
                    .hits
                    .iter()
                    .map(move |hit| (position, hit.clone(), None))
            })
            .collect();
        all.sort_by(|left, right| {
            left.1
                .rank
                .total_cmp(&right.1.rank)
                .then(left.0.cmp(&right.0))
                .then(left.1.id_ord.cmp(&right.1.id_ord))
        });
        let mut start = 0;
        while start < all.len().min(self.limit) {
            let rank = all[start].1.rank;
            let end = start
                + all[start..]
                    .iter()
                    .take_while(|(_, hit, _)| hit.rank.total_cmp(&rank) == Ordering::Equal)
                    .count();
            let first_segment = all[start].0;
            if all[start..end]
                .iter()
                .any(|(position, _, _)| *position != first_segment)
            {
                let wanted = self.limit.min(end) - start;
                let merged = merge_ties_by_id(&all[start..end], &segment_fruits, wanted);
                all.splice(start..start + wanted, merged);
                if start + wanted < end {
                    // The rest of the tie is past the limit.
                    all.truncate(start + wanted);
                    break;
                }
            }
            start = end;
        }
        all.truncate(self.limit);
        Ok(all
            .into_iter()
            .map(|(position, hit, id)| {
                let fruit = &segment_fruits[position];
                RankedDoc {
                    rank: hit.rank,
                    score: hit.score,
                    address: DocAddress::new(fruit.segment, hit.doc),
                    id: match id {
                        Some(id) => HitId::Read(id),
                        None => HitId::Unread(fruit.ids.clone().zip(hit.id_ord)),
                    },
                }
            })
            .collect())
    }
}

/// The first `wanted` hits of a tie (hits of equal rank from several segments, each
/// segment's run in id order) in id order, with their ids read. A k-way merge: an id is
/// read only when it reaches the head of its segment's run, so a tie of hundreds of hits
/// (a page sorted by date, where many documents share one) reads about as many ids as
/// there are segments plus the page.
fn merge_ties_by_id(
    tie: &[(usize, HeapEntry, Option<String>)],
    fruits: &[SegmentRanking],
    wanted: usize,
) -> Vec<(usize, HeapEntry, Option<String>)> {
    // Each segment's run: its first and past-the-end positions in `tie`.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (at, (position, _, _)) in tie.iter().enumerate() {
        match runs.last_mut() {
            Some(run) if tie[run.0].0 == *position => run.1 = at + 1,
            _ => runs.push((at, at + 1)),
        }
    }
    let read = |at: usize| {
        let (position, hit, _) = &tie[at];
        HitId::read(fruits[*position].ids.as_ref(), hit.id_ord)
    };
    let mut heads: Vec<Option<String>> = runs.iter().map(|run| Some(read(run.0))).collect();
    let mut merged = Vec::with_capacity(wanted);
    while merged.len() < wanted {
        let Some(smallest) = (0..runs.len())
            .filter(|&run| heads[run].is_some())
            .min_by(|&left, &right| heads[left].cmp(&heads[right]).then(left.cmp(&right)))
        else {
            break;
        };
        let (position, hit, _) = &tie[runs[smallest].0];
        merged.push((*position, hit.clone(), heads[smallest].take()));
        runs[smallest].0 += 1;
        if runs[smallest].0 < runs[smallest].1 {
            heads[smallest] = Some(read(runs[smallest].0));
        }
    }
    merged
}

impl SegmentCollector for RankedSegmentCollector {
    type Fruit = SegmentRanking;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.limit == 0 {
            return;
        }
        let rank = match &self.dates {
            None => -f64::from(score),
            Some(dates) => date_rank(self.sort, dates.first(doc)),
        };
        // Cheap rejections on the rank alone, before reading the id's ordinal.
        if let Some((after_rank, _)) = self.after
            && rank < after_rank
        {
            return;
        }
        if self.best.len() >= self.limit
            && let Some(worst) = self.best.peek()
            && rank > worst.rank
        {
            return;
        }
        let id_ord = self.ids.as_ref().and_then(|ids| ids.term_ords(doc).next());
        if let Some((after_rank, bound)) = self.after {
            let after_cursor = match rank.total_cmp(&after_rank) {
                Ordering::Equal => bound.compare(id_ord) == Ordering::Greater,
                ordering => ordering == Ordering::Greater,
            };
            if !after_cursor {
                return;
            }
        }
        let entry = HeapEntry {
            rank,
            id_ord,
            score,
            doc,
        };
        if self.best.len() < self.limit {
            self.best.push(entry);
            return;
        }
        if let Some(worst) = self.best.peek()
            && entry < *worst
        {
            self.best.pop();
            self.best.push(entry);
        }
    }

    fn harvest(self) -> SegmentRanking {
        SegmentRanking {
            segment: self.segment,
            ids: self.ids,
            hits: self.best.into_sorted_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let cursor = Cursor {
            sort: SortOrder::DateDesc,
            after: SortKey {
                rank: -1.5,
                id: "E_CN.7_2014_NGO_3.en".into(),
            },
        };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        for garbage in ["", "zz", "abc", "7b7d", "é"] {
            assert_eq!(
                Cursor::decode(garbage).unwrap_err().to_string(),
                "cursor: not a cursor returned by this server",
                "{garbage}"
            );
        }
    }

    /// Pages of `size` through an index of several segments with many equal dates, each
    /// page after the cursor of the previous one, the cursor taken as a client gets it
    /// (encoded) and given back.
    fn pages(searcher: &tantivy::Searcher, sort: SortOrder, size: usize) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let after = cursor.as_deref().map(|text| {
                Cursor::decode(text)
                    .expect("a cursor this server made")
                    .after
            });
            let collector = RankedCollector {
                sort,
                after,
                limit: size,
            };
            let page = searcher
                .search(&tantivy::query::AllQuery, &collector)
                .expect("search");
            let Some(last) = page.last() else {
                return ids;
            };
            cursor = Some(
                Cursor {
                    sort,
                    after: last.key(),
                }
                .encode(),
            );
            ids.extend(page.iter().map(|hit| hit.key().id));
        }
    }

    #[test]
    fn cursors_page_across_segments_in_rank_then_id_order() {
        use plenary_core::schema::PlenarySchema;
        use tantivy::indexer::NoMergePolicy;
        use tantivy::{IndexWriter, TantivyDocument};

        let schema = PlenarySchema::new();
        let fields = *schema.fields();
        let index = schema.create_index_in_ram();
        let mut writer: IndexWriter<TantivyDocument> = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer.set_merge_policy(Box::new(NoMergePolicy));
        // The order a reader expects, written out: newest first, equal dates by id,
        // undated documents last, by id.
        let mut dated: Vec<(i64, String)> = Vec::new();
        let mut undated: Vec<String> = Vec::new();
        for segment in 0..3 {
            for n in 0..40 {
                // Ids interleave across segments; four dates only, and some undated.
                let id = format!("doc-{:03}", n * 3 + segment);
                let mut document = TantivyDocument::default();
                document.add_text(fields.id, &id);
                let day = (n % 5 != 4).then(|| 86_400 * (n % 4));
                match day {
                    Some(seconds) => {
                        document.add_date(fields.date, DateTime::from_timestamp_secs(seconds));
                        dated.push((seconds, id));
                    }
                    None => undated.push(id),
                }
                writer.add_document(document).expect("add");
            }
            writer.commit().expect("commit");
        }
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        dated.sort_by(|left, right| right.0.cmp(&left.0).then_with(|| left.1.cmp(&right.1)));
        undated.sort();
        let newest_first: Vec<String> = dated
            .iter()
            .map(|(_, id)| id.clone())
            .chain(undated.iter().cloned())
            .collect();
        assert!(!undated.is_empty());
        for size in [1, 7, 50] {
            assert_eq!(
                pages(&searcher, SortOrder::DateDesc, size),
                newest_first,
                "{size}"
            );
        }
        dated.sort_by(|left, right| left.0.cmp(&right.0).then_with(|| left.1.cmp(&right.1)));
        let oldest_first: Vec<String> = dated
            .iter()
            .map(|(_, id)| id.clone())
            .chain(undated.iter().cloned())
            .collect();
        for size in [1, 7, 50] {
            assert_eq!(
                pages(&searcher, SortOrder::DateAsc, size),
                oldest_first,
                "{size}"
            );
        }
        let everything = RankedCollector {
            sort: SortOrder::DateDesc,
            after: None,
            limit: 1000,
        };
        let expected: Vec<SortKey> = searcher
            .search(&tantivy::query::AllQuery, &everything)
            .expect("search")
            .iter()
            .map(RankedDoc::key)
            .collect();
        // A cursor whose id is in no segment still cuts at the right place.
        let after = SortKey {
            rank: expected[10].rank,
            id: format!("{}a", expected[10].id),
        };
        let collector = RankedCollector {
            sort: SortOrder::DateDesc,
            after: Some(after),
            limit: 3,
        };
        let page = searcher
            .search(&tantivy::query::AllQuery, &collector)
            .expect("search");
        let keys: Vec<SortKey> = page.iter().map(RankedDoc::key).collect();
        let ids: Vec<&str> = keys.iter().map(|key| key.id.as_str()).collect();
        let wanted: Vec<&str> = expected[11..14].iter().map(|key| key.id.as_str()).collect();
        assert_eq!(ids, wanted);
    }
}
