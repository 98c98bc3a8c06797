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
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::SearchError;
use crate::search::request::SortOrder;

/// Where a hit stands in the order of a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct SortKey {
    pub rank: f64,
    pub id: String,
}

impl SortKey {
    fn cmp_parts(rank: f64, id: &str, other: &SortKey) -> Ordering {
        rank.total_cmp(&other.rank).then_with(|| id.cmp(&other.id))
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
        let json = serde_json::to_vec(self).unwrap_or_default();
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
    pub key: SortKey,
    pub score: Score,
    pub address: DocAddress,
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

struct HeapEntry {
    key: SortKey,
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
        SortKey::cmp_parts(self.key.rank, &self.key.id, &other.key)
    }
}

pub(crate) struct RankedSegmentCollector {
    sort: SortOrder,
    after: Option<SortKey>,
    limit: usize,
    segment: SegmentOrdinal,
    dates: Option<Column<DateTime>>,
    ids: Option<StrColumn>,
    /// A max-heap of the best `limit` entries: the worst kept entry on top.
    best: BinaryHeap<HeapEntry>,
    id_buffer: String,
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
        Ok(RankedSegmentCollector {
            sort: self.sort,
            after: self.after.clone(),
            limit: self.limit,
            segment,
            dates,
            ids: fast_fields.str("id")?,
            best: BinaryHeap::with_capacity(self.limit + 1),
            id_buffer: String::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == SortOrder::Relevance
    }

    fn merge_fruits(&self, segment_fruits: Vec<Vec<RankedDoc>>) -> tantivy::Result<Vec<RankedDoc>> {
        let mut all: Vec<RankedDoc> = segment_fruits.into_iter().flatten().collect();
        all.sort_by(|left, right| SortKey::cmp_parts(left.key.rank, &left.key.id, &right.key));
        all.truncate(self.limit);
        Ok(all)
    }
}

impl SegmentCollector for RankedSegmentCollector {
    type Fruit = Vec<RankedDoc>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.limit == 0 {
            return;
        }
        let rank = match &self.dates {
            None => -f64::from(score),
            Some(dates) => date_rank(self.sort, dates.first(doc)),
        };
        // Cheap rejections on the rank alone, before reading the id.
        if let Some(after) = &self.after
            && rank < after.rank
        {
            return;
        }
        if self.best.len() >= self.limit
            && let Some(worst) = self.best.peek()
            && rank > worst.key.rank
        {
            return;
        }
        self.id_buffer.clear();
        if let Some(ids) = &self.ids
            && let Some(ord) = ids.term_ords(doc).next()
        {
            // An unreadable id sorts as empty; ids are written for every record.
            let _ = ids.ord_to_str(ord, &mut self.id_buffer);
        }
        if let Some(after) = &self.after
            && SortKey::cmp_parts(rank, &self.id_buffer, after) != Ordering::Greater
        {
            return;
        }
        let entry = HeapEntry {
            key: SortKey {
                rank,
                id: self.id_buffer.clone(),
            },
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

    fn harvest(self) -> Vec<RankedDoc> {
        let segment = self.segment;
        self.best
            .into_sorted_vec()
            .into_iter()
            .map(|entry| RankedDoc {
                key: entry.key,
                score: entry.score,
                address: DocAddress::new(segment, entry.doc),
            })
            .collect()
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
}
