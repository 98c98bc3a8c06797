//! `plenary export`.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::{EnrichedRecord, Taxonomy, opensearch};

use crate::EXIT_SKIPPED;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// OpenSearch's bulk API (and, with --template, its index template).
    Opensearch,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Enriched JSON Lines from `plenary enrich`; none, or `-`, reads the standard input.
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "opensearch")]
    pub format: ExportFormat,
    /// The index the bulk actions write to.
    #[arg(long, default_value = "plenary")]
    pub index_name: String,
    /// Write the index template (for indexes named like --index-name) to this file.
    #[arg(long)]
    pub template: Option<PathBuf>,
    /// Write the bulk lines to this file instead of the standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// The taxonomy the records were tagged with, if not the bundled one (topic paths).
    #[arg(long)]
    pub taxonomy: Option<PathBuf>,
}

pub fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let ExportFormat::Opensearch = args.format;
    let taxonomy = match &args.taxonomy {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::bundled(),
    };
    if let Some(path) = &args.template {
        let template = opensearch::index_template(&format!("{}*", args.index_name));
        std::fs::write(path, serde_json::to_vec_pretty(&template)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let out: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let mut bad = 0u64;
    let mut documents = 0u64;
    for input in &inputs {
        let reader: Box<dyn BufRead> = if input.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::BufReader::new(
                std::fs::File::open(input)
                    .with_context(|| format!("opening {}", input.display()))?,
            ))
        };
        for (number, line) in reader.lines().enumerate() {
            let line = line.with_context(|| format!("reading {}", input.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            // A bad line is reported and the rest exported.
            let record: EnrichedRecord = match serde_json::from_str(&line) {
                Ok(record) => record,
                Err(error) => {
                    bad += 1;
                    eprintln!(
                        "skipped {} line {}: not an enriched record: {error}",
                        input.display(),
                        number + 1
                    );
                    continue;
                }
            };
            for value in opensearch::bulk_lines(&record.document, &taxonomy, &args.index_name) {
                serde_json::to_writer(&mut out, &value)?;
                out.write_all(b"\n")?;
            }
            documents += 1;
        }
    }
    out.flush()?;
    eprintln!("exported {documents} documents, {bad} bad lines skipped");
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_SKIPPED)
    })
}
