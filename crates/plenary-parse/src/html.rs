//! HTML: the main content of a page, without navigation, banners and
//! page headers and footers.

use ego_tree::NodeRef;
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
    parsed.blocks = HtmlBlocks::read(content_root, inside_article);
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

/// One step of the walk over the content tree. The walk keeps its own
/// stack, because a page can nest elements as deep as it likes: 12,000
/// nested `<div>` overflowed a 2 MiB thread stack when the walk recursed.
enum WalkStep<'a> {
    /// A node met among an element's children, with the reading of the
    /// elements around it.
    Visit {
        node: NodeRef<'a, Node>,
        kind: BlockKind,
        inside_article: bool,
        preformatted: bool,
    },
    /// The end of a block element: its text becomes a block of `kind`.
    Flush(BlockKind),
    /// The start of a table cell: its text is gathered on its own.
    CellStart,
    /// The end of a table cell: its text joins the row's cells.
    CellEnd,
    /// The end of a table row: its cells become one block.
    RowEnd,
}

/// Blocks gathered so far, and the text of the block being read.
#[derive(Default)]
struct BlockBuffer {
    blocks: Vec<Block>,
    text: String,
}

impl BlockBuffer {
    fn flush(&mut self, kind: BlockKind) {
        let text = std::mem::take(&mut self.text);
        let text = tidy_block_text(&text);
        if !text.is_empty() {
            self.blocks.push(Block::new(kind, text));
        }
    }
}

/// Reads the blocks of the content under `root`, in document order.
struct HtmlBlocks<'a> {
    steps: Vec<WalkStep<'a>>,
    /// The page's buffer at the bottom, one more for each table cell being
    /// read (a table in a cell adds its own).
    buffers: Vec<BlockBuffer>,
    /// The cells read so far of each table row being read.
    rows: Vec<Vec<String>>,
}

impl<'a> HtmlBlocks<'a> {
    fn read(root: ElementRef<'a>, inside_article: bool) -> Vec<Block> {
        let mut walk = HtmlBlocks {
            steps: Vec::new(),
            buffers: vec![BlockBuffer::default()],
            rows: Vec::new(),
        };
        walk.push_children(*root, BlockKind::Paragraph, inside_article, false);
        while let Some(step) = walk.steps.pop() {
            walk.take(step);
        }
        let mut page = walk.buffers.swap_remove(0);
        page.flush(BlockKind::Paragraph);
        page.blocks
    }

    fn buffer(&mut self) -> &mut BlockBuffer {
        // The page's buffer is never popped: a cell pops only its own.
        self.buffers
            .last_mut()
            .expect("the page's buffer stays on the stack")
    }

    /// Schedules the children of `node` to be visited in document order.
    fn push_children(
        &mut self,
        node: NodeRef<'a, Node>,
        kind: BlockKind,
        inside_article: bool,
        preformatted: bool,
    ) {
        for child in node.children().rev() {
            self.steps.push(WalkStep::Visit {
                node: child,
                kind,
                inside_article,
                preformatted,
            });
        }
    }

    /// Reads an element's children as a block of `inner` kind, the text
    /// before it ending a block of `outer` kind.
    fn block_element(
        &mut self,
        element: NodeRef<'a, Node>,
        outer: BlockKind,
        inner: BlockKind,
        inside_article: bool,
        preformatted: bool,
    ) {
        self.buffer().flush(outer);
        self.steps.push(WalkStep::Flush(inner));
        self.push_children(element, inner, inside_article, preformatted);
    }

    fn take(&mut self, step: WalkStep<'a>) {
        match step {
            WalkStep::Visit {
                node,
                kind,
                inside_article,
                preformatted,
            } => self.visit(node, kind, inside_article, preformatted),
            WalkStep::Flush(kind) => self.buffer().flush(kind),
            WalkStep::CellStart => self.buffers.push(BlockBuffer::default()),
            WalkStep::CellEnd => {
                if self.buffers.len() < 2 {
                    return;
                }
                let Some(mut cell) = self.buffers.pop() else {
                    return;
                };
                cell.flush(BlockKind::Paragraph);
                let cell_text: Vec<String> =
                    cell.blocks.into_iter().map(|block| block.text).collect();
                if let Some(row) = self.rows.last_mut() {
                    row.push(cell_text.join(" ").replace('\n', " "));
                }
            }
            WalkStep::RowEnd => {
                let Some(cells) = self.rows.pop() else {
                    return;
                };
                let row = cells.join(" | ");
                if !row.replace('|', "").trim().is_empty() {
                    self.buffer()
                        .blocks
                        .push(Block::new(BlockKind::TableRow, row));
                }
            }
        }
    }

    fn visit(
        &mut self,
        node: NodeRef<'a, Node>,
        kind: BlockKind,
        inside_article: bool,
        preformatted: bool,
    ) {
        if let Node::Text(text) = node.value() {
            let buffer = self.buffer();
            if preformatted {
                buffer.text.push_str(text);
            } else {
                push_collapsed(&mut buffer.text, text);
            }
            return;
        }
        let Some(element) = ElementRef::wrap(node) else {
            return;
        };
        if is_left_out(&element, inside_article) {
            return;
        }
        let name = element.value().name();
        let child_inside_article = inside_article || matches!(name, "article" | "main");
        match name {
            "br" => self.buffer().text.push('\n'),
            "hr" => {
                let buffer = self.buffer();
                buffer.flush(kind);
                buffer.blocks.push(Block::new(BlockKind::Rule, ""));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<u8>().unwrap_or(1);
                let heading = BlockKind::Heading { level };
                self.block_element(node, kind, heading, child_inside_article, preformatted);
            }
            "li" | "dt" | "dd" => self.block_element(
                node,
                kind,
                BlockKind::ListItem,
                child_inside_article,
                preformatted,
            ),
            "tr" => {
                self.buffer().flush(kind);
                self.rows.push(Vec::new());
                self.steps.push(WalkStep::RowEnd);
                // Each cell is read on its own, as a paragraph, whatever
                // the row is inside.
                let cells = node.children().rev().filter(|child| {
                    ElementRef::wrap(*child)
                        .is_some_and(|cell| matches!(cell.value().name(), "td" | "th"))
                });
                for cell in cells {
                    self.steps.push(WalkStep::CellEnd);
                    for child in cell.children().rev() {
                        self.steps.push(WalkStep::Visit {
                            node: child,
                            kind: BlockKind::Paragraph,
                            inside_article: child_inside_article,
                            preformatted: false,
                        });
                    }
                    self.steps.push(WalkStep::CellStart);
                }
            }
            "pre" => self.block_element(node, kind, kind, child_inside_article, true),
            "p" | "div" | "section" | "article" | "main" | "ul" | "ol" | "dl" | "table"
            | "thead" | "tbody" | "tfoot" | "blockquote" | "figure" | "figcaption" | "caption"
            | "address" | "header" | "footer" | "center" | "fieldset" => {
                self.block_element(node, kind, kind, child_inside_article, preformatted)
            }
            _ => self.push_children(node, kind, child_inside_article, preformatted),
        }
    }
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
