//! What the indexer's integration tests share.

use std::collections::BTreeMap;
use std::path::Path;

use plenary_core::PlenarySchema;
use plenary_core::schema::StoredDocument;
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

/// Every document of an index, by id.
pub fn stored_documents(index_dir: &Path) -> BTreeMap<String, StoredDocument> {
    let schema = PlenarySchema::new();
    let index = schema.open_index(index_dir).expect("the index");
    let searcher = index.reader().expect("a reader").searcher();
    let fields = schema.fields();
    let mut documents = BTreeMap::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in segment.doc_ids_alive() {
            let record: TantivyDocument = searcher
                .doc(DocAddress::new(segment_ord as u32, doc_id))
                .expect("a stored record");
            let text = record
                .get_first(fields.text)
                .and_then(|value| value.as_str())
                .unwrap_or_default();
            let payload = record
                .get_first(fields.payload)
                .and_then(|value| value.as_str())
                .expect("a payload");
            let stored = StoredDocument::from_payload(payload, text).expect("a readable payload");
            documents.insert(stored.id.clone(), stored);
        }
    }
    documents
}
