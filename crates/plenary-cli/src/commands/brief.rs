//! `plenary brief`: a thematic brief (Markdown, HTML or JSON) from the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use plenary_core::Taxonomy;
use plenary_server::SearchService;
use plenary_server::brief::{BriefRequest, build_brief};

use crate::commands::filters::FilterArgs;
use crate::paths;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
    Json,
}

/// The flags are the parameters of `GET /api/brief`, so that the command a brief prints
/// for itself runs again as it is.
#[derive(Debug, Args)]
pub struct BriefArgs {
    /// Query in the search syntax.
    #[arg(long)]
    pub q: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// First year included.
    #[arg(long)]
    pub since: Option<String>,
    /// Last year included.
    #[arg(long)]
    pub until: Option<String>,
    /// Passages to quote.
    #[arg(long)]
    pub passages: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: BriefFormat,
    /// Write the brief to this file instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Index directory (default: <data dir>/index).
    #[arg(long)]
    pub index: Option<PathBuf>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

impl BriefArgs {
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = Vec::new();
        let single = [
            ("q", &self.q),
            ("since", &self.since),
            ("until", &self.until),
            ("passages", &self.passages),
        ];
        for (key, value) in single {
            if let Some(value) = value {
                pairs.push((key, value.as_str()));
            }
        }
        pairs.extend(self.filters.pairs());
        pairs
    }
}

pub fn run(args: BriefArgs) -> anyhow::Result<ExitCode> {
    let index_dir = args
        .index
        .clone()
        .unwrap_or_else(|| paths::index_dir(&paths::data_dir(args.data_dir.clone())));
    let service = SearchService::open(&index_dir, Taxonomy::bundled())?;
    let request = BriefRequest::from_pairs(args.pairs(), &[])?;
    let brief = build_brief(&service, &request)?;
    let text = match args.format {
        BriefFormat::Md => brief.to_markdown(),
        BriefFormat::Html => brief.to_html(),
        BriefFormat::Json => serde_json::to_string_pretty(&brief)?,
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("brief written to {}", path.display());
        }
        None => {
            // A reader that stops early ends the command quietly (see `main`).
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
