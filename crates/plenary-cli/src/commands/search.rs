//! `plenary search`: the API's search on the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use plenary_core::Taxonomy;
use plenary_server::search::snippet_runs;
use plenary_server::{SearchRequest, SearchResponse, SearchService};

use crate::commands::filters::FilterArgs;
use crate::paths;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query: terms, "phrases", AND / OR / NOT, field:value, prefix*, fuzzy~1.
    #[arg(default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// relevance, date_desc or date_asc.
    #[arg(long, default_value = "relevance")]
    pub sort: String,
    #[arg(long, default_value_t = 0)]
    pub from: usize,
    /// Continue after the last hit of an earlier answer (the cursor it printed); any
    /// depth, where `--from` stops at the API's page limit.
    #[arg(long, conflicts_with = "from")]
    pub cursor: Option<String>,
    #[arg(long, default_value_t = 10)]
    pub size: usize,
    /// Print the API's JSON answer.
    #[arg(long)]
    pub json: bool,
    /// Index directory (default: <data dir>/index).
    #[arg(long)]
    pub index: Option<PathBuf>,
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
}

impl SearchArgs {
    /// The request, read the way the HTTP API reads its query string.
    fn request(&self) -> Result<SearchRequest, plenary_server::SearchError> {
        let from = self.from.to_string();
        let size = self.size.to_string();
        let mut pairs: Vec<(&str, &str)> = vec![
            ("q", self.query.as_str()),
            ("sort", self.sort.as_str()),
            ("from", from.as_str()),
            ("size", size.as_str()),
        ];
        if let Some(cursor) = &self.cursor {
            pairs.push(("cursor", cursor.as_str()));
        }
        pairs.extend(self.filters.pairs());
        SearchRequest::from_pairs(pairs, &[])
    }
}

pub fn run(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let index_dir = args
        .index
        .clone()
        .unwrap_or_else(|| paths::index_dir(&paths::data_dir(args.data_dir.clone())));
    let service = SearchService::open(&index_dir, Taxonomy::bundled())?;
    let request = args.request()?;
    let response = service.search(&request)?;
    // Written with `?`, not `println!`: a reader that stops early (`| head`) ends the
    // command quietly instead of panicking (see `main`).
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&response)?)?;
    } else {
        print_response(&mut out, &response)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_response(out: &mut impl Write, response: &SearchResponse) -> std::io::Result<()> {
    writeln!(
        out,
        "{} documents match{}",
        response.total,
        if response.q.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", response.q)
        }
    )?;
    for (rank, hit) in response.hits.iter().enumerate() {
        writeln!(out)?;
        let symbol = hit.symbol.as_deref().unwrap_or("(no symbol)");
        writeln!(
            out,
            "{:>3}. {} — {}",
            response.from + rank + 1,
            symbol,
            hit.title
        )?;
        let mut facts = Vec::new();
        if let Some(forum) = &hit.forum {
            facts.push(match hit.session {
                Some(session) => format!("{forum} {session}"),
                None => forum.to_string(),
            });
        }
        if let Some(date) = &hit.date {
            facts.push(date.to_string());
        }
        if let Some(organization) = &hit.organization {
            facts.push(organization.clone());
        }
        facts.push(hit.language.clone());
        if !hit.topics.is_empty() {
            facts.push(hit.topics.join(", "));
        }
        writeln!(out, "     {}", facts.join(" · "))?;
        if !hit.snippet.is_empty() {
            writeln!(out, "     {}", terminal_snippet(&hit.snippet))?;
        }
        for passage in &hit.passages {
            writeln!(
                out,
                "     › {}: {}",
                passage.citation,
                terminal_snippet(&passage.snippet)
            )?;
        }
    }
    if let Some(cursor) = &response.next_cursor {
        writeln!(out, "\nmore: --cursor {cursor}")?;
    }
    Ok(())
}

/// A highlighted snippet for a terminal: matches in brackets, whitespace collapsed.
fn terminal_snippet(snippet: &str) -> String {
    let text: String = snippet_runs(snippet)
        .into_iter()
        .map(|run| {
            if run.marked {
                format!("[{}]", run.text)
            } else {
                run.text
            }
        })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::terminal_snippet;

    #[test]
    fn a_snippet_reads_as_plain_text_with_matches_in_brackets() {
        assert_eq!(
            terminal_snippet(
                "the <mark>death</mark>\n penalty &amp; women&#x27;s &quot;rights&quot;"
            ),
            "the [death] penalty & women's \"rights\""
        );
    }
}
