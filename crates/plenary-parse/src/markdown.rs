//! Markdown: structure stripped to text blocks with `pulldown-cmark`.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::encoding::{decode_text, refuse_binary};
use crate::error::ParseError;
use crate::text::text_blocks;
use crate::{Block, BlockKind, Format, ParsedFile};

pub(crate) fn parse_markdown(bytes: &[u8]) -> Result<ParsedFile, ParseError> {
    refuse_binary(bytes)?;
    let decoded = decode_text(bytes, None);
    let mut parsed = ParsedFile::new(Format::Markdown);
    if decoded.had_errors {
        parsed
            .warnings
            .push("some bytes were not valid and were replaced".to_string());
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = MarkdownBlocks::default();
    for event in Parser::new_ext(&decoded.text, options) {
        builder.handle(event);
    }
    builder.flush();
    parsed.title = builder.first_h1;
    parsed.blocks = builder.blocks;
    Ok(parsed)
}

#[derive(Default)]
struct MarkdownBlocks {
    blocks: Vec<Block>,
    first_h1: Option<String>,
    /// The kind of the block being built; `None` outside any block.
    kind: Option<BlockKind>,
    text: String,
    /// Cells of the table row being built.
    cells: Vec<String>,
    in_table_cell: bool,
    /// Depth of list items, so a paragraph inside an item stays the item.
    item_depth: usize,
    in_metadata: bool,
    in_code_block: bool,
    /// The next number of each open list, `None` for bullet lists, so
    /// ordered items keep their numbers ("3. ...").
    list_numbers: Vec<Option<u64>>,
}

impl MarkdownBlocks {
    fn handle(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.push_text(&text),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_text("\n"),
            Event::Rule => {
                self.flush();
                self.blocks.push(Block::new(BlockKind::Rule, ""));
            }
            Event::FootnoteReference(_) => {}
            Event::Html(_) | Event::InlineHtml(_) | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.kind = Some(BlockKind::Heading {
                    level: heading_level(level),
                });
            }
            Tag::Paragraph => {
                if self.item_depth == 0 {
                    self.flush();
                    self.kind = Some(BlockKind::Paragraph);
                } else if !self.text.trim().is_empty() && !self.text.ends_with(' ') {
                    self.text.push(' ');
                }
            }
            Tag::List(start) => {
                self.flush();
                self.list_numbers.push(start);
            }
            Tag::Item => {
                self.flush();
                self.item_depth += 1;
                self.kind = Some(BlockKind::ListItem);
                if let Some(Some(number)) = self.list_numbers.last_mut() {
                    self.text = format!("{number}. ");
                    *number += 1;
                }
            }
            Tag::TableRow | Tag::TableHead => {
                self.flush();
                self.cells.clear();
                self.kind = Some(BlockKind::TableRow);
            }
            Tag::TableCell => {
                self.in_table_cell = true;
                self.text.clear();
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.in_code_block = true;
            }
            Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) => {
                self.flush();
                self.kind = Some(BlockKind::Paragraph);
            }
            Tag::MetadataBlock(_) => self.in_metadata = true,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(level) => {
                if level == HeadingLevel::H1 && self.first_h1.is_none() {
                    let title = self.text.trim();
                    if !title.is_empty() {
                        self.first_h1 = Some(title.to_string());
                    }
                }
                self.flush();
            }
            TagEnd::Paragraph if self.item_depth == 0 => self.flush(),
            TagEnd::Item => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
                if self.item_depth > 0 {
                    self.kind = Some(BlockKind::ListItem);
                }
            }
            TagEnd::TableCell => {
                self.in_table_cell = false;
                let cell = std::mem::take(&mut self.text);
                self.cells.push(cell.trim().to_string());
            }
            TagEnd::TableRow | TagEnd::TableHead => {
                let row = self.cells.join(" | ");
                self.cells.clear();
                if !row.replace('|', "").trim().is_empty() {
                    self.blocks.push(Block::new(BlockKind::TableRow, row));
                }
                self.kind = None;
            }
            TagEnd::CodeBlock => {
                // Documents saved as Markdown put whole pages of plain text in
                // indented blocks: they are read as plain text, not code.
                self.in_code_block = false;
                let code_text = std::mem::take(&mut self.text);
                self.blocks.extend(text_blocks(&code_text));
            }
            TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            TagEnd::List(_) => {
                self.list_numbers.pop();
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.in_metadata {
            return;
        }
        if self.in_code_block {
            self.text.push_str(text);
            return;
        }
        if self.kind.is_none() && !self.in_table_cell {
            // Text outside any block (e.g. loose HTML): a paragraph of its own.
            self.kind = Some(BlockKind::Paragraph);
        }
        self.text.push_str(text);
    }

    fn flush(&mut self) {
        let text = std::mem::take(&mut self.text);
        let Some(kind) = self.kind.take() else {
            return;
        };
        let text = text.trim();
        if !text.is_empty() {
            self.blocks.push(Block::new(kind, text));
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
