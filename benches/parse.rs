//! Each parser on the real sample documents of `corpus/docs`, one format at a time.
//! `PLENARY_BENCH_PARSE_DIR` names another folder (larger PDFs, say).

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plenary_benches::{corpus_docs, describe};
use plenary_parse::{Format, ParseLimits};

fn parsers(criterion: &mut Criterion) {
    let limits = ParseLimits::default();
    let mut files: Vec<(Format, String, Vec<u8>)> = Vec::new();
    let directory = std::env::var_os("PLENARY_BENCH_PARSE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(corpus_docs);
    let Ok(entries) = std::fs::read_dir(&directory) else {
        println!("[parse] skipped: {} is absent", directory.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    paths.sort();
    for path in paths {
        let Some(format) = Format::from_path(&path) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        files.push((format, path.display().to_string(), bytes));
    }
    let mut group = criterion.benchmark_group("parse");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for format in [
        Format::Pdf,
        Format::Docx,
        Format::Html,
        Format::Text,
        Format::Markdown,
    ] {
        let of_format: Vec<&(Format, String, Vec<u8>)> = files
            .iter()
            .filter(|(candidate, _, _)| *candidate == format)
            .collect();
        if of_format.is_empty() {
            continue;
        }
        let bytes: usize = of_format.iter().map(|(_, _, bytes)| bytes.len()).sum();
        let text_bytes: usize = of_format
            .iter()
            .filter_map(|(_, _, bytes)| plenary_parse::parse_bytes(format, bytes, &limits).ok())
            .map(|parsed| parsed.text().len())
            .sum();
        describe(
            &format!("parse/{}", format.name()),
            &format!(
                "{} files of {}, {bytes} bytes of file, {text_bytes} bytes of text, one thread (throughput counts text bytes)",
                of_format.len(),
                directory.display()
            ),
        );
        group.throughput(Throughput::Bytes(text_bytes as u64));
        group.bench_function(format.name(), |bencher| {
            bencher.iter(|| {
                for (_, _, bytes) in &of_format {
                    std::hint::black_box(plenary_parse::parse_bytes(format, bytes, &limits).ok());
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, parsers);
criterion_main!(benches);
