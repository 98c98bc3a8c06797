//! A search with facet counts through the search service, on generated documents in RAM.

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use plenary_benches::{BENCH_SEED, describe, generated_jsonl_records};
use plenary_core::{PlenarySchema, Taxonomy};
use plenary_enrich::Enricher;
use plenary_server::{SearchRequest, SearchService};
use tantivy::{IndexWriter, TantivyDocument};

const DOCUMENTS: usize = 3_000;

fn search(criterion: &mut Criterion) {
    let taxonomy = Taxonomy::bundled();
    let enricher = Enricher::new(&taxonomy);
    let schema = PlenarySchema::new();
    let index = schema.create_index_in_ram();
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, 128 * 1024 * 1024)
        .expect("a writer in RAM");
    for record in generated_jsonl_records(DOCUMENTS) {
        let document = enricher.document_from_record("bench", &record);
        writer
            .add_document(schema.to_tantivy(&document, &taxonomy))
            .expect("the writer accepts documents");
    }
    writer.commit().expect("a commit in RAM");
    let service = SearchService::from_index(index, taxonomy).expect("a search service");
    service.reload().expect("the reader sees the commit");

    let mut group = criterion.benchmark_group("search");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for (name, request) in [
        ("term_with_facets", SearchRequest::query("corruption")),
        (
            "term_with_filter_and_facets",
            SearchRequest {
                forum: vec!["CND".to_string()],
                ..SearchRequest::query("trafficking")
            },
        ),
    ] {
        describe(
            &format!("search/{name}"),
            &format!(
                "q={:?} forum={:?}, {DOCUMENTS} generated documents in RAM, seed {BENCH_SEED}, one thread, every facet counted",
                request.q, request.forum
            ),
        );
        group.bench_function(name, |bencher| {
            bencher
                .iter(|| std::hint::black_box(service.search(&request).expect("the search runs")))
        });
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
