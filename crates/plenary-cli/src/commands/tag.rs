//! `plenary tag`: what Plenary reads off documents, without indexing them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use plenary_core::{Document, Taxonomy};
use plenary_enrich::Enricher;
use plenary_indexer::{DiscoverOptions, InputWarning, discover};
use plenary_parse::{FieldMap, ParseLimits};
use serde::Serialize;

use crate::EXIT_SKIPPED;

#[derive(Debug, Args)]
pub struct TagArgs {
    /// Files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// A taxonomy file to tag with instead of the bundled one.
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
    /// One JSON object per document.
    #[arg(long)]
    pub json: bool,
}

/// What `tag --json` prints for each document: the document without its text, with the
/// warnings of its record or file (values stated but not read, parts not extracted).
#[derive(Serialize)]
struct TaggedDocument<'a> {
    #[serde(flatten)]
    document: &'a Document,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    warnings: &'a [InputWarning],
}

pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    let enricher = Enricher::new(&taxonomy);
    let (files, mut skipped) =
        discover(&args.paths, &DiscoverOptions::default()).context("finding files")?;
    let limits = ParseLimits::default();
    let mut warnings = Vec::new();
    // Written with `?`: a reader that stops early ends the command quietly (see `main`).
    let mut out = std::io::stdout().lock();
    for file in files {
        let source = file.path.display().to_string();
        let documents = match file.format {
            format if plenary_indexer::is_bulk(format) => {
                let reader =
                    plenary_indexer::open_json_lines(&file.path, file.compression, &limits)
                        .map(std::io::BufReader::new)
                        .with_context(|| format!("opening {source}"))?;
                let mut documents = Vec::new();
                let mut record_warnings = Vec::new();
                for record in
                    plenary_indexer::bulk_records(format, reader, FieldMap::default(), &limits)
                {
                    match record {
                        Ok(record) => {
                            let (document, unread) = enricher.read_record(&source, &record);
                            // A value the record states but the document lacks is told,
                            // as `plenary index` tells it.
                            let told: Vec<InputWarning> = unread
                                .iter()
                                .map(|value| {
                                    InputWarning::unread_value(&file.path, record.line, value)
                                })
                                .collect();
                            warnings.extend(told.iter().cloned());
                            documents.push(document);
                            record_warnings.push(told);
                        }
                        // A bad line is reported as `plenary index` reports it, not dropped.
                        Err(error) => skipped.push(plenary_indexer::SkippedFile::new(
                            &file.path,
                            error.to_string(),
                        )),
                    }
                }
                // Harmonizing changes topics in place: the documents keep their order.
                plenary_enrich::versions::harmonize_versions(&mut documents, &taxonomy);
                documents.into_iter().zip(record_warnings).collect()
            }
            _ => match plenary_parse::parse_file(&file.path, &limits) {
                Ok(parsed) => {
                    let told: Vec<InputWarning> = parsed
                        .warnings
                        .iter()
                        .map(|warning| InputWarning::about_file(&file.path, warning.as_str()))
                        .collect();
                    warnings.extend(told.iter().cloned());
                    enricher
                        .documents_from_file(&source, &parsed)
                        .into_iter()
                        .map(|document| (document, told.clone()))
                        .collect::<Vec<_>>()
                }
                Err(error) => {
                    skipped.push(plenary_indexer::SkippedFile::new(
                        &file.path,
                        error.to_string(),
                    ));
                    continue;
                }
            },
        };
        for (mut document, told) in documents {
            if args.json {
                document.text = String::new();
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&TaggedDocument {
                        document: &document,
                        warnings: &told,
                    })?
                )?;
            } else {
                print_document(&mut out, &document)?;
            }
        }
    }
    out.flush()?;
    for file in &skipped {
        eprintln!("skipped {}: {}", file.path, file.reason);
    }
    for warning in &warnings {
        eprintln!("warning {}: {}", warning.path, warning.reason);
    }
    Ok(if skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    })
}

fn print_document(out: &mut impl Write, document: &Document) -> std::io::Result<()> {
    let none = || "-".to_string();
    writeln!(out, "{}", document.source)?;
    writeln!(out, "  title:    {}", document.title)?;
    writeln!(
        out,
        "  language: {} (confidence {:.2})",
        document.language, document.language_confidence
    )?;
    writeln!(
        out,
        "  symbol:   {}",
        document.symbol.clone().unwrap_or_else(none)
    )?;
    writeln!(
        out,
        "  forum:    {}  session: {}  date: {}",
        document
            .forum
            .map(|forum| forum.code().to_string())
            .unwrap_or_else(none),
        document
            .session
            .map(|session| session.to_string())
            .unwrap_or_else(none),
        document
            .date
            .map(|date| date.to_string())
            .unwrap_or_else(none),
    )?;
    writeln!(
        out,
        "  org:      {} ({})  type: {}",
        document.organization.clone().unwrap_or_else(none),
        document
            .consultative_status
            .map(|status| status.code().to_string())
            .unwrap_or_else(none),
        document.doc_type,
    )?;
    for topic in &document.topics {
        let evidence: Vec<String> = topic
            .evidence
            .iter()
            .map(|evidence| format!("\"{}\"×{}", evidence.term, evidence.count))
            .collect();
        writeln!(
            out,
            "  topic:    {} {:.2}  {}",
            topic.slug,
            topic.score,
            evidence.join(", ")
        )?;
    }
    writeln!(out, "  passages: {}", document.passages.len())?;
    Ok(())
}
