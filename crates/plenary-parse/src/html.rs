//! HTML: the main content of a page, without navigation, banners and
//! page headers and footers.

use scraper::{ElementRef, Html, Node, Selector};

use crate::encoding::{decode_text, html_declared_charset};
use crate::error::ParseError;
use crate::{Block, BlockKind, Format, ParsedFile};

pub(crate) fn parse_html(bytes: &[u8]) -> Result<ParsedFile, ParseError> {
    let decoded = decode_text(bytes, html_declared_charset(bytes));
    let mut parsed = ParsedFile::new(Format::Html);
    if decoded.had_errors {
        parsed
            .warnings
            .push("some bytes were not valid and were replaced".to_string());
    }
    let document = Html::parse_document(&decoded.text);
    parsed.title = select_first(&document, "title")
        .map(|title| collapse_whitespace(&title.text().collect::<String>()))
        .filter(|title| !title.is_empty());
    for meta in select_all(&document, "meta") {
        let element = meta.value();
        let key = element
            .attr("name")
            .or_else(|| element.attr("property"))
            .or_else(|| element.attr("http-equiv"));
        let (Some(key), Some(content)) = (key, element.attr("content")) else {
            continue;
        };
        let content = content.trim();
        if !content.is_empty() {
            parsed
                .meta
                .entry(key.trim().to_lowercase())
                .or_insert_with(|| content.to_string());
        }
    }
    let content_root = ["main", "article", "[role=main]", "body"]
        .iter()
        .find_map(|selector| {
            select_first(&document, selector).filter(|element| !is_left_out(element, false))
        })
        .unwrap_or_else(|| document.root_element());
    let inside_article = matches!(content_root.value().name(), "main" | "article")
        || content_root.value().attr("role") == Some("main");
    let mut builder = HtmlBlocks::default();
    builder.walk(content_root, BlockKind::Paragraph, inside_article, false);
    builder.flush(BlockKind::Paragraph);
    parsed.blocks = builder.blocks;
    Ok(parsed)
}

fn select_first<'a>(document: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).next()
}

fn select_all<'a>(document: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    match Selector::parse(selector) {
        Ok(selector) => document.select(&selector).collect(),
        Err(_) => Vec::new(),
    }
}

/// Words in an id or class that mark page chrome rather than content.
const CHROME_MARKERS: &[&str] = &[
    "cookie",
    "consent",
    "banner",
    "gdpr",
    "navbar",
    "breadcrumb",
    "skip-link",
    "skiplink",
    "social-share",
    "share-buttons",
    "sidebar",
    "menu",
];

/// True for elements that are not content: scripts, navigation, forms,
/// asides, cookie banners, menus, and the page's own header and footer
/// (a header or footer inside an article is the article's and is kept).
fn is_left_out(element: &ElementRef<'_>, inside_article: bool) -> bool {
    let value = element.value();
    let name = value.name();
    if matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "svg"
            | "iframe"
            | "menu"
            | "dialog"
            | "head"
            | "object"
            | "canvas"
    ) {
        return true;
    }
    if matches!(name, "header" | "footer") && !inside_article {
        return true;
    }
    if value.attr("hidden").is_some() || value.attr("aria-hidden") == Some("true") {
        return true;
    }
    let chrome_role = matches!(
        value.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "menu" | "menubar" | "search" | "dialog")
    );
    if chrome_role {
        return true;
    }
    let id_and_class = format!(
        "{} {}",
        value.attr("id").unwrap_or(""),
        value.attr("class").unwrap_or("")
    )
    .to_lowercase();
    CHROME_MARKERS
        .iter()
        .any(|marker| id_and_class.contains(marker))
}

#[derive(Default)]
struct HtmlBlocks {
    blocks: Vec<Block>,
    text: String,
}

impl HtmlBlocks {
    fn walk(
        &mut self,
        element: ElementRef<'_>,
        kind: BlockKind,
        inside_article: bool,
        preformatted: bool,
    ) {
        for child in element.children() {
            if let Node::Text(text) = child.value() {
                if preformatted {
                    self.text.push_str(text);
                } else {
                    push_collapsed(&mut self.text, text);
                }
                continue;
            }
            let Some(child_element) = ElementRef::wrap(child) else {
                continue;
            };
            if is_left_out(&child_element, inside_article) {
                continue;
            }
            let name = child_element.value().name();
            let child_inside_article = inside_article || matches!(name, "article" | "main");
            match name {
                "br" => self.text.push('\n'),
                "hr" => {
                    self.flush(kind);
                    self.blocks.push(Block::new(BlockKind::Rule, ""));
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let level = name[1..].parse::<u8>().unwrap_or(1);
                    let heading = BlockKind::Heading { level };
                    self.flush(kind);
                    self.walk(child_element, heading, child_inside_article, preformatted);
                    self.flush(heading);
                }
                "li" | "dt" | "dd" => {
                    self.flush(kind);
                    self.walk(
                        child_element,
                        BlockKind::ListItem,
                        child_inside_article,
                        preformatted,
                    );
                    self.flush(BlockKind::ListItem);
                }
                "tr" => {
                    self.flush(kind);
                    let row = table_row_text(child_element, child_inside_article);
                    if !row.replace('|', "").trim().is_empty() {
                        self.blocks.push(Block::new(BlockKind::TableRow, row));
                    }
                }
                "pre" => {
                    self.flush(kind);
                    self.walk(child_element, kind, child_inside_article, true);
                    self.flush(kind);
                }
                "p" | "div" | "section" | "article" | "main" | "ul" | "ol" | "dl" | "table"
                | "thead" | "tbody" | "tfoot" | "blockquote" | "figure" | "figcaption"
                | "caption" | "address" | "header" | "footer" | "center" | "fieldset" => {
                    self.flush(kind);
                    self.walk(child_element, kind, child_inside_article, preformatted);
                    self.flush(kind);
                }
                _ => self.walk(child_element, kind, child_inside_article, preformatted),
            }
        }
    }

    fn flush(&mut self, kind: BlockKind) {
        let text = std::mem::take(&mut self.text);
        let text = tidy_block_text(&text);
        if !text.is_empty() {
            self.blocks.push(Block::new(kind, text));
        }
    }
}

/// The cells of a table row, each cell's text joined with `" | "`.
fn table_row_text(row: ElementRef<'_>, inside_article: bool) -> String {
    let mut cells = Vec::new();
    for child in row.children() {
        let Some(cell) = ElementRef::wrap(child) else {
            continue;
        };
        if !matches!(cell.value().name(), "td" | "th") {
            continue;
        }
        let mut cell_builder = HtmlBlocks::default();
        cell_builder.walk(cell, BlockKind::Paragraph, inside_article, false);
        cell_builder.flush(BlockKind::Paragraph);
        let cell_text: Vec<String> = cell_builder
            .blocks
            .into_iter()
            .map(|block| block.text)
            .collect();
        cells.push(cell_text.join(" ").replace('\n', " "));
    }
    cells.join(" | ")
}

/// Appends text with runs of whitespace collapsed to one space.
fn push_collapsed(target: &mut String, text: &str) {
    for character in text.chars() {
        if character.is_whitespace() && character != '\u{a0}' {
            if !target.ends_with(' ') && !target.ends_with('\n') && !target.is_empty() {
                target.push(' ');
            }
        } else {
            target.push(character);
        }
    }
}

/// Trims each line of a block and drops empty lines at its ends.
fn tidy_block_text(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    let joined = lines.join("\n");
    joined
        .trim_matches('\n')
        .replace('\u{a0}', " ")
        .replace('\u{ad}', "")
        .trim()
        .to_string()
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
