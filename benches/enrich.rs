//! Language detection, topic tagging and tokenization per language, on generated text.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plenary_benches::{BENCH_SEED, describe, generated_records};
use plenary_core::Taxonomy;
use plenary_core::analysis::{LANGUAGES, analyzer};
use plenary_enrich::TopicTagger;
use plenary_enrich::{Enricher, LanguageDetector, TopicModel};
use tantivy::tokenizer::TokenStream;

const DOCUMENTS: usize = 600;

fn enrichment(criterion: &mut Criterion) {
    let records = generated_records(DOCUMENTS);
    let bytes: usize = records.iter().map(|record| record.text.len()).sum();
    let input = format!(
        "{DOCUMENTS} generated documents, {bytes} bytes of text, seed {BENCH_SEED}, one thread"
    );
    let mut group = criterion.benchmark_group("enrich");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Bytes(bytes as u64));

    let detector = LanguageDetector::new();
    describe("enrich/language_detection", &input);
    group.bench_function("language_detection", |bencher| {
        bencher.iter(|| {
            for record in &records {
                std::hint::black_box(detector.detect(&record.text));
            }
        })
    });

    let tagger = TopicTagger::new(&Taxonomy::bundled());
    describe("enrich/topic_tagging", &input);
    group.bench_function("topic_tagging", |bencher| {
        bencher.iter(|| {
            for record in &records {
                std::hint::black_box(tagger.tag_with_title(&record.title, &record.text));
            }
        })
    });

    // The rules and the shipped topic model, for the topics and languages its file enables.
    let enricher = Enricher::with_model(&Taxonomy::bundled(), Some(TopicModel::bundled()));
    describe("enrich/topic_tagging_with_model", &input);
    group.bench_function("topic_tagging_with_model", |bencher| {
        bencher.iter(|| {
            for record in &records {
                let mut topics = tagger.tag_with_title(&record.title, &record.text);
                enricher.add_model_topics(record.language, &record.text, &mut topics);
                std::hint::black_box(topics);
            }
        })
    });
    group.finish();

    let mut group = criterion.benchmark_group("tokenize");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    for language in LANGUAGES {
        let texts: Vec<&str> = records
            .iter()
            .filter(|record| record.language == language)
            .map(|record| record.text.as_str())
            .collect();
        let bytes: usize = texts.iter().map(|text| text.len()).sum();
        describe(
            &format!("tokenize/{language}"),
            &format!(
                "{} generated {language} documents, {bytes} bytes, seed {BENCH_SEED}, one thread",
                texts.len()
            ),
        );
        group.throughput(Throughput::Bytes(bytes as u64));
        let mut text_analyzer = analyzer(language);
        group.bench_function(language, |bencher| {
            bencher.iter(|| {
                let mut tokens = 0usize;
                for text in &texts {
                    let mut stream = text_analyzer.token_stream(text);
                    while stream.advance() {
                        tokens += 1;
                    }
                }
                std::hint::black_box(tokens)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, enrichment);
criterion_main!(benches);
