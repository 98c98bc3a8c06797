//! Markdown and standalone HTML renderings of a [`Brief`], with the timeline as inline SVG.

use std::fmt::Write;

use super::{Brief, CountedValue, QuotedPassage, YearCount};

const CHART_WIDTH: u32 = 640;
const CHART_HEIGHT: u32 = 200;
const CHART_MARGIN_LEFT: u32 = 36;
const CHART_MARGIN_BOTTOM: u32 = 28;
const CHART_MARGIN_TOP: u32 = 16;

const HTML_STYLE: &str = "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;\
max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d0d7de}\
table{border-collapse:collapse;margin:.5rem 0;max-width:100%}\
td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left}td{overflow-wrap:anywhere}\
td.n,td.y{white-space:nowrap}\
td.n{text-align:right}blockquote{margin:.8rem 0;padding:.3rem 1rem;border-left:4px solid #0b5cad;background:#f4f7fb}\
blockquote cite{display:block;font-style:normal;font-size:.9rem;color:#444;margin-top:.3rem}\
mark{background:#ffe58a}code{background:#f0f2f4;padding:0 .2rem;word-break:break-all}\
.meta{color:#444}svg text{font:11px sans-serif;fill:#333}\
@media (max-width:40rem){body{margin:1rem auto;padding:0 .6rem}td,th{padding:.15rem .3rem;font-size:.9rem}\
table.documents,table.documents tbody,table.documents tr,table.documents td{display:block}\
table.documents tr:first-child{display:none}table.documents tr{border-top:1px solid #d0d7de;padding:.4rem 0}\
table.documents td{border:0;padding:0}table.documents td:nth-child(2){font-weight:600}\
svg text{font-size:20px}svg .count,svg .minor{display:none}}";

impl Brief {
    /// The brief as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Brief: {}\n", markdown_text(&self.title));
        if let Some(generated) = &self.generated {
            let _ = writeln!(out, "Generated: {}\n", markdown_text(generated));
        }
        out.push_str("## Scope\n\n");
        if !self.scope.q.trim().is_empty() {
            let _ = writeln!(out, "- Query: `{}`", self.scope.q.replace('`', "'"));
        }
        for line in &self.scope.filters {
            let _ = writeln!(out, "- {}", markdown_text(line));
        }
        if self.scope.q.trim().is_empty() && self.scope.filters.is_empty() {
            out.push_str("- Every document of the index\n");
        }
        let _ = writeln!(
            out,
            "- Reproduce: `{}` or `{}`",
            self.scope.url, self.scope.command
        );
        out.push('\n');

        out.push_str("## Totals\n\n");
        let _ = writeln!(
            out,
            "{} of {} in the index{}.\n",
            documents(self.total_documents, "matching document"),
            self.index_documents,
            undated_note(self.undated_documents)
        );

        out.push_str("## Timeline\n\n");
        if self.timeline.is_empty() {
            out.push_str("No dated documents.\n\n");
        } else {
            out.push_str(
                "| Year | Documents | Documents that year | Share |\n|---:|---:|---:|---:|\n",
            );
            for year in &self.timeline {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {:.1} % |",
                    year.year, year.documents, year.index_documents, year.percent_of_year
                );
            }
            out.push('\n');
        }

        markdown_counts(&mut out, "Forums", &self.forums);
        markdown_counts(&mut out, "Sessions", &self.sessions);
        markdown_counts(&mut out, "Organizations", &self.organizations);
        markdown_counts(&mut out, "Languages", &self.languages);

        out.push_str("## Passages\n\n");
        if self.passages.is_empty() {
            out.push_str("No passages to quote.\n\n");
        }
        for passage in &self.passages {
            let quote: String = passage
                .quote
                .iter()
                .map(|run| {
                    let text = markdown_text(&run.text);
                    if run.marked && !text.trim().is_empty() {
                        format!("**{text}**")
                    } else {
                        text
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "> {}\n>\n> — {}\n",
                quote.replace('\n', " "),
                markdown_text(&passage.citation)
            );
        }

        out.push_str("## Documents\n\n");
        if self.documents.is_empty() {
            out.push_str("No documents.\n");
        } else {
            out.push_str(
                "| Symbol | Title | Organization | Date | Language |\n|---|---|---|---|---|\n",
            );
            for document in &self.documents {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    table_cell(document.symbol.as_deref().unwrap_or("—")),
                    table_cell(&document.title),
                    table_cell(document.organization.as_deref().unwrap_or("—")),
                    document
                        .date
                        .map(|date| date.to_string())
                        .unwrap_or_else(|| "—".into()),
                    table_cell(&document.language),
                );
            }
        }
        if self.documents_truncated {
            let _ = writeln!(
                out,
                "\nThe list stops at {} of {} documents.",
                self.documents.len(),
                self.total_documents
            );
        }
        out
    }

    /// The brief as a standalone HTML document (inline CSS and SVG, nothing fetched).
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let title = escape(&self.title);
        let _ = write!(
            out,
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
             <title>Brief: {title}</title><style>{HTML_STYLE}</style></head>\n<body>\n\
             <h1>Brief: {title}</h1>\n"
        );
        if let Some(generated) = &self.generated {
            let _ = writeln!(
                out,
                "<p class=\"meta\">Generated: {}</p>",
                escape(generated)
            );
        }
        out.push_str("<h2>Scope</h2>\n<ul>\n");
        if !self.scope.q.trim().is_empty() {
            let _ = writeln!(
                out,
                "<li>Query: <code>{}</code></li>",
                escape(&self.scope.q)
            );
        }
        for line in &self.scope.filters {
            let _ = writeln!(out, "<li>{}</li>", escape(line));
        }
        if self.scope.q.trim().is_empty() && self.scope.filters.is_empty() {
            out.push_str("<li>Every document of the index</li>\n");
        }
        let _ = writeln!(
            out,
            "<li>Reproduce: <a href=\"{url}\"><code>{url}</code></a> or <code>{command}</code></li>\n</ul>",
            url = escape(&self.scope.url),
            command = escape(&self.scope.command)
        );

        let _ = writeln!(
            out,
            "<h2>Totals</h2>\n<p><strong>{}</strong> {} of {} in the index{}.</p>",
            self.total_documents,
            if self.total_documents == 1 {
                "matching document"
            } else {
                "matching documents"
            },
            self.index_documents,
            escape(&undated_note(self.undated_documents))
        );

        out.push_str("<h2>Timeline</h2>\n");
        if self.timeline.is_empty() {
            out.push_str("<p>No dated documents.</p>\n");
        } else {
            out.push_str(&timeline_svg(&self.timeline));
            out.push_str(
                "<table><caption>Matching documents per year and their share of that year's documents</caption>\
                 <tr><th>Year</th><th>Documents</th><th>Documents that year</th><th>Share</th></tr>\n",
            );
            for year in &self.timeline {
                let _ = writeln!(
                    out,
                    "<tr><td class=\"y\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} %</td></tr>",
                    year.year, year.documents, year.index_documents, year.percent_of_year
                );
            }
            out.push_str("</table>\n");
        }

        html_counts(&mut out, "Forums", &self.forums);
        html_counts(&mut out, "Sessions", &self.sessions);
        html_counts(&mut out, "Organizations", &self.organizations);
        html_counts(&mut out, "Languages", &self.languages);

        out.push_str("<h2>Passages</h2>\n");
        if self.passages.is_empty() {
            out.push_str("<p>No passages to quote.</p>\n");
        }
        for passage in &self.passages {
            out.push_str(&html_quote(passage));
        }

        out.push_str("<h2>Documents</h2>\n");
        if self.documents.is_empty() {
            out.push_str("<p>No documents.</p>\n");
        } else {
            out.push_str(
                "<table class=\"documents\"><tr><th>Symbol</th><th>Title</th><th>Organization</th><th>Date</th><th>Language</th></tr>\n",
            );
            for document in &self.documents {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(document.symbol.as_deref().unwrap_or("—")),
                    escape(&document.title),
                    escape(document.organization.as_deref().unwrap_or("—")),
                    document
                        .date
                        .map(|date| date.to_string())
                        .unwrap_or_else(|| "—".into()),
                    escape(&document.language),
                );
            }
            out.push_str("</table>\n");
        }
        if self.documents_truncated {
            let _ = writeln!(
                out,
                "<p>The list stops at {} of {} documents.</p>",
                self.documents.len(),
                self.total_documents
            );
        }
        out.push_str("</body></html>\n");
        out
    }
}

/// `1 document`, `2 documents`.
fn documents(count: u64, noun: &str) -> String {
    if count == 1 {
        return format!("1 {noun}");
    }
    format!("{count} {noun}s")
}

fn undated_note(undated: u64) -> String {
    match undated {
        0 => String::new(),
        1 => " (1 without a date)".to_string(),
        n => format!(" ({n} without a date)"),
    }
}

fn markdown_counts(out: &mut String, heading: &str, values: &[CountedValue]) {
    if values.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {heading}\n");
    for value in values {
        let name = match &value.label {
            Some(label) => format!("{} ({})", value.value, label),
            None => value.value.clone(),
        };
        let _ = writeln!(out, "- {}: {}", markdown_text(&name), value.count);
    }
    out.push('\n');
}

fn html_counts(out: &mut String, heading: &str, values: &[CountedValue]) {
    if values.is_empty() {
        return;
    }
    let _ = writeln!(out, "<h2>{}</h2>\n<table>", escape(heading));
    for value in values {
        let name = match &value.label {
            Some(label) => format!("{} ({})", value.value, label),
            None => value.value.clone(),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td></tr>",
            escape(&name),
            value.count
        );
    }
    out.push_str("</table>\n");
}

fn html_quote(passage: &QuotedPassage) -> String {
    let mut quote = String::new();
    for run in &passage.quote {
        if run.marked {
            let _ = write!(quote, "<mark>{}</mark>", escape(&run.text));
        } else {
            quote.push_str(&escape(&run.text));
        }
    }
    format!(
        "<blockquote><p>{quote}</p><cite>— {}</cite></blockquote>\n",
        escape(&passage.citation)
    )
}

/// A bar chart of the matching documents per year; years without any keep their place
/// on the axis, so a gap shows as a gap.
fn timeline_svg(timeline: &[YearCount]) -> String {
    let max = timeline
        .iter()
        .map(|year| year.documents)
        .max()
        .unwrap_or(0)
        .max(1);
    let first = timeline.iter().map(|year| year.year).min().unwrap_or(0);
    let last = timeline.iter().map(|year| year.year).max().unwrap_or(0);
    let years = (last - first + 1).max(1) as usize;
    let plot_width = CHART_WIDTH - CHART_MARGIN_LEFT - 8;
    let plot_height = CHART_HEIGHT - CHART_MARGIN_BOTTOM - CHART_MARGIN_TOP;
    let slot = plot_width as f64 / years as f64;
    let bar = (slot * 0.7).clamp(1.0, 48.0);
    let baseline = CHART_MARGIN_TOP + plot_height;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\" \
         width=\"100%\" role=\"img\" aria-label=\"Matching documents per year\">\n\
         <line x1=\"{CHART_MARGIN_LEFT}\" y1=\"{baseline}\" x2=\"{}\" y2=\"{baseline}\" stroke=\"#888\"/>\n\
         <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max}</text>\n",
        CHART_WIDTH - 8,
        CHART_MARGIN_LEFT - 4,
        CHART_MARGIN_TOP + 4,
    );
    // Label every year when they fit, else every n-th; on a narrow screen (larger
    // type) every other one of those.
    let label_every = (years as f64 * 34.0 / plot_width as f64).ceil().max(1.0) as usize;
    let centre = |position: usize| CHART_MARGIN_LEFT as f64 + position as f64 * slot + slot / 2.0;
    for year in timeline {
        let position = (year.year - first) as usize;
        let height = year.documents as f64 * plot_height as f64 / max as f64;
        let x = centre(position) - bar / 2.0;
        let y = baseline as f64 - height;
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{height:.1}\" fill=\"#0b5cad\">\
             <title>{}: {} ({:.1} % of that year)</title></rect>",
            year.year,
            documents(year.documents, "document"),
            year.percent_of_year
        );
        if year.documents > 0 {
            let _ = writeln!(
                svg,
                "<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                y - 3.0,
                year.documents
            );
        }
    }
    for position in (0..years).step_by(label_every) {
        let minor = if (position / label_every) % 2 == 1 {
            " class=\"minor\""
        } else {
            ""
        };
        let _ = writeln!(
            svg,
            "<text{minor} x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            centre(position),
            baseline + 16,
            first + position as i32
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// Escapes text for HTML element content and attribute values: the search's own escaping,
/// so snippets and briefs agree.
pub(crate) fn escape(text: &str) -> String {
    crate::search::escape_html(text)
}

/// Escapes the characters Markdown would read as markup.
fn markdown_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

fn table_cell(text: &str) -> String {
    markdown_text(text).replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_both_renderings() {
        assert_eq!(
            escape("<b>\"A&B\"</b>"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
        assert_eq!(markdown_text("a*b_[c]|<d>"), r"a\*b\_\[c\]\|\<d\>");
    }
}
