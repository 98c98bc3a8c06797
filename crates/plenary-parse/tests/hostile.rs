//! Hostile input: files made to exhaust the stack, the time or the memory of
//! a run. Each is made here, as small as it can be, and must cost its own
//! file at most.

use plenary_parse::{BlockKind, Format, ParseError, ParseLimits, parse_bytes};

/// A stack far smaller than a rayon worker's 2 MiB: a walk whose depth the
/// input controls overflows it long before the nesting these tests make.
const SMALL_STACK: usize = 256 * 1024;

/// Parses on a thread with a small stack, so that recursion as deep as the
/// input's nesting aborts the test instead of passing by luck.
fn parse_on_small_stack(
    format: Format,
    bytes: Vec<u8>,
) -> Result<plenary_parse::ParsedFile, ParseError> {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || parse_bytes(format, &bytes, &ParseLimits::default()))
        .expect("a thread")
        .join()
        .expect("the parse does not panic")
}

#[test]
fn html_nested_divs_are_read_without_recursion() {
    let depth = 12_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str("Deepest statement on drug policy.");
    page.push_str(&"</div>".repeat(depth));
    page.push_str("<p>After the nest.</p></body></html>");
    let parsed = parse_on_small_stack(Format::Html, page.into_bytes()).expect("the page is read");
    let texts: Vec<&str> = parsed
        .blocks
        .iter()
        .map(|block| block.text.as_str())
        .collect();
    assert_eq!(
        texts,
        ["Deepest statement on drug policy.", "After the nest."]
    );
}

#[test]
fn html_unclosed_inline_elements_are_read_without_recursion() {
    let depth = 12_000;
    let mut page = String::from("<p>Opening words ");
    page.push_str(&"<b>x ".repeat(depth));
    let parsed = parse_on_small_stack(Format::Html, page.into_bytes()).expect("the page is read");
    assert_eq!(parsed.blocks.len(), 1);
    assert!(parsed.blocks[0].text.starts_with("Opening words x x"));
    assert_eq!(parsed.blocks[0].text.matches('x').count(), depth);
}

#[test]
fn html_nested_tables_keep_their_rows() {
    let depth = 5_000;
    let mut page = String::from("<table>");
    for level in 0..depth {
        page.push_str(&format!("<tr><td>cell {level}</td><td><table>"));
    }
    page.push_str(&"</table></td></tr>".repeat(depth));
    page.push_str("</table><p>Below the tables.</p>");
    let parsed = parse_on_small_stack(Format::Html, page.into_bytes()).expect("the page is read");
    let rows: Vec<&str> = parsed
        .blocks
        .iter()
        .filter(|block| block.kind == BlockKind::TableRow)
        .map(|block| block.text.as_str())
        .collect();
    // A table in a cell is read into the cell, so the page has one row,
    // whose second cell holds every row nested below it.
    assert_eq!(rows.len(), 1);
    assert!(
        rows[0].starts_with("cell 0 | cell 1 | cell 2"),
        "{}",
        &rows[0][..40]
    );
    // The deepest cell holds an empty table: an empty last cell.
    let tail = &rows[0][rows[0].len() - 40..];
    assert!(
        rows[0].ends_with(&format!("cell {} | ", depth - 1)),
        "{tail}"
    );
    assert_eq!(
        parsed.blocks.last().map(|block| block.text.as_str()),
        Some("Below the tables.")
    );
}
