//! Indexing generated documents into an index in RAM: enrichment done beforehand, so this
//! measures Tantivy's side (tokenizing and writing segments) with Plenary's schema.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plenary_benches::{BENCH_SEED, describe, generated_jsonl_records};
use plenary_core::{PlenarySchema, Taxonomy};
use plenary_enrich::Enricher;
use tantivy::{IndexWriter, TantivyDocument};

/// Documents per iteration; `PLENARY_BENCH_DOCS` overrides.
const DEFAULT_DOCUMENTS: usize = 10_000;
const WRITER_THREADS: usize = 1;

fn indexing(criterion: &mut Criterion) {
    let documents: usize = std::env::var("PLENARY_BENCH_DOCS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_DOCUMENTS);
    let taxonomy = Taxonomy::bundled();
    let enricher = Enricher::new(&taxonomy);
    let schema = PlenarySchema::new();
    let records = generated_jsonl_records(documents);
    let bytes: usize = records.iter().map(|record| record.text.len()).sum();
    let tantivy_documents: Vec<TantivyDocument> = records
        .iter()
        .map(|record| schema.to_tantivy(&enricher.document_from_record("bench", record), &taxonomy))
        .collect();
    describe(
        "index/ram",
        &format!(
            "{documents} generated documents (one Tantivy record each, paragraphs in the payload), {bytes} bytes of text, seed {BENCH_SEED}, {WRITER_THREADS} writer thread, 256 MB budget"
        ),
    );

    let mut group = criterion.benchmark_group("index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("ram", |bencher| {
        bencher.iter(|| {
            let index = schema.create_index_in_ram();
            let mut writer: IndexWriter<TantivyDocument> = index
                .writer_with_num_threads(WRITER_THREADS, 256 * 1024 * 1024)
                .expect("a writer in RAM");
            for record in &tantivy_documents {
                writer
                    .add_document(record.clone())
                    .expect("the writer accepts documents");
            }
            writer.commit().expect("a commit in RAM");
        })
    });
    group.finish();
}

criterion_group!(benches, indexing);
criterion_main!(benches);
