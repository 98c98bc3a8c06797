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

/// A PDF of one page per content stream given, each deflated.
fn pdf_with_pages(contents: &[Vec<u8>]) -> Vec<u8> {
    use std::io::Write;
    let pages = contents.len();
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..pages)
        .map(|page| format!("{} 0 R", 4 + 2 * page))
        .collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
    );
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    for (page, content) in contents.iter().enumerate() {
        let content_id = 5 + 2 * page;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R /Resources << /Font << /F1 3 0 R >> >> >>"
            )
            .into_bytes(),
        );
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(content).unwrap();
        let deflated = encoder.finish().unwrap();
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            deflated.len()
        )
        .into_bytes();
        stream.extend_from_slice(&deflated);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    plenary_testkit::pdf_of_objects(&objects)
}

/// A page's content showing `text`, padded with `padding` spaces (which
/// deflate to almost nothing).
fn page_content(text: &str, padding: usize) -> Vec<u8> {
    let mut content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET\n").into_bytes();
    content.resize(content.len() + padding, b' ');
    content
}

#[test]
fn pdf_made_here_is_read() {
    let pdf = pdf_with_pages(&[page_content("Harm reduction saves lives.", 1_000)]);
    let parsed = parse_bytes(Format::Pdf, &pdf, &ParseLimits::default()).expect("the pdf is read");
    assert_eq!(parsed.text(), "Harm reduction saves lives.");
}

#[test]
fn pdf_stream_inflating_past_the_stream_limit_is_refused_naming_it() {
    let limits = ParseLimits::default();
    let inflated = usize::try_from(limits.max_stream_bytes).unwrap() + 1_000_000;
    let pdf = pdf_with_pages(&[page_content("Harm reduction saves lives.", inflated)]);
    assert!(
        pdf.len() < 200_000,
        "the bomb is small: {} bytes",
        pdf.len()
    );
    let error = parse_bytes(Format::Pdf, &pdf, &limits).unwrap_err();
    match error {
        ParseError::InflatesTooLarge { what, limit } => {
            assert_eq!(what, "a pdf stream");
            assert_eq!(limit, limits.max_stream_bytes);
        }
        other => panic!("refused for its stream, not {other}"),
    }
    let message = parse_bytes(Format::Pdf, &pdf, &limits)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        format!(
            "a pdf stream inflates past the limit of {} bytes",
            limits.max_stream_bytes
        )
    );
}

#[test]
fn pdf_streams_inflating_past_the_file_limit_together_are_refused() {
    let limits = ParseLimits {
        max_stream_bytes: 1 << 20,
        max_uncompressed_bytes: 2 << 20,
        ..ParseLimits::default()
    };
    let page = page_content("Statement on prisons.", 900 * 1024);
    let pdf = pdf_with_pages(&[page.clone(), page.clone(), page]);
    let error = parse_bytes(Format::Pdf, &pdf, &limits).unwrap_err();
    assert!(
        matches!(error, ParseError::InflatesTooLarge { what: "the pdf's streams together", limit } if limit == 2 << 20),
        "{error}"
    );
}

#[test]
fn json_line_longer_than_the_limit_is_left_out_and_the_next_read() {
    let limits = ParseLimits {
        max_line_bytes: 1024,
        ..ParseLimits::default()
    };
    let long_text = "a".repeat(4 * 1024);
    let input = format!("{{\"text\": \"{long_text}\"}}\n{{\"text\": \"The next statement.\"}}\n");
    let records: Vec<_> =
        plenary_parse::read_jsonl_with_limits(input.as_bytes(), &limits).collect();
    assert_eq!(records.len(), 2);
    match &records[0] {
        Err(ParseError::BadJsonLine { line: 1, reason }) => {
            assert_eq!(reason, "the line is longer than the limit of 1024 bytes");
        }
        other => panic!("the long line is refused, not {other:?}"),
    }
    let next = records[1].as_ref().expect("the next line is read");
    assert_eq!((next.line, next.text.as_str()), (2, "The next statement."));
}

/// A DOCX whose body is `body` (the inside of `w:body`).
fn docx_with_body(body: &str) -> Vec<u8> {
    use std::io::Write;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    archive
        .start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    archive.write_all(document.as_bytes()).unwrap();
    archive.finish().unwrap().into_inner()
}

#[test]
fn docx_paragraphs_nested_200000_deep_are_read_in_linear_time() {
    // Text boxes nest paragraphs in paragraphs; each level holds a word. Reading
    // them used to copy each level's text into the level above: quadratic, and
    // 200,000 levels never finished.
    let depth = 200_000;
    let mut body = String::with_capacity(depth * 40);
    for _ in 0..depth {
        body.push_str("<w:p><w:r><w:t>box</w:t></w:r>");
    }
    body.push_str(&"</w:p>".repeat(depth));
    body.push_str("<w:p><w:r><w:t>After the boxes.</w:t></w:r></w:p>");
    let docx = docx_with_body(&body);
    assert!(
        docx.len() < 100_000,
        "the file is small: {} bytes",
        docx.len()
    );
    let parsed = parse_on_small_stack(Format::Docx, docx).expect("the document is read");
    assert_eq!(parsed.blocks.len(), 2);
    let words: Vec<&str> = parsed.blocks[0].text.split_whitespace().collect();
    assert_eq!(words.len(), depth, "every box's word is kept once");
    assert!(words.iter().all(|word| *word == "box"));
    assert_eq!(parsed.blocks[1].text, "After the boxes.");
}

#[test]
fn docx_tables_nested_deep_keep_every_cell() {
    let depth = 20_000;
    let mut body = String::new();
    for level in 0..depth {
        body.push_str(&format!(
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>c{level}</w:t></w:r></w:p>"
        ));
    }
    body.push_str(&"</w:tc></w:tr></w:tbl>".repeat(depth));
    let parsed =
        parse_on_small_stack(Format::Docx, docx_with_body(&body)).expect("the document is read");
    assert_eq!(parsed.blocks.len(), 1);
    assert_eq!(parsed.blocks[0].kind, BlockKind::TableRow);
    let cells: Vec<&str> = parsed.blocks[0].text.split_whitespace().collect();
    assert_eq!(cells.len(), depth);
    assert_eq!(cells[0], "c0");
    assert_eq!(cells[depth - 1], format!("c{}", depth - 1));
}

#[test]
fn a_body_past_the_limits_is_read_up_to_them_with_a_warning() {
    let limits = ParseLimits {
        max_blocks: 100,
        max_text_bytes: 1_001,
        ..ParseLimits::default()
    };
    // Millions of empty paragraphs cost memory out of proportion to their bytes.
    let html = "<p>a</p>".repeat(300);
    let parsed = parse_bytes(Format::Html, html.as_bytes(), &limits).expect("read");
    assert_eq!(parsed.blocks.len(), 100);
    assert!(
        parsed
            .warnings
            .iter()
            .any(|warning| warning.contains("300 blocks") && warning.contains("first 100")),
        "{:?}",
        parsed.warnings
    );
    // Text past the limit is cut on a character boundary, in the block it reaches.
    let text = format!("{}\n\n{}", "é".repeat(300), "ü".repeat(1_000));
    let parsed = parse_bytes(Format::Text, text.as_bytes(), &limits).expect("read");
    assert_eq!(parsed.blocks.len(), 2);
    assert_eq!(parsed.blocks[0].text, "é".repeat(300));
    assert_eq!(parsed.blocks[1].text, "ü".repeat(200));
    assert!(
        parsed
            .warnings
            .iter()
            .any(|warning| warning.contains("over 1001 bytes")),
        "{:?}",
        parsed.warnings
    );
    // Within the limits, nothing is cut and nothing is said.
    let parsed = parse_bytes(Format::Text, "é".repeat(500).as_bytes(), &limits).expect("read");
    assert_eq!(parsed.text(), "é".repeat(500));
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn a_pdf_named_as_text_is_read_as_a_pdf_with_a_warning() {
    let pdf = pdf_with_pages(&[page_content("Statement on prisons.", 0)]);
    for named in [Format::Html, Format::Text, Format::Markdown] {
        let parsed = parse_bytes(named, &pdf, &ParseLimits::default()).expect("read");
        assert_eq!(parsed.format, Format::Pdf);
        assert!(
            parsed.text().contains("Statement on prisons."),
            "{}",
            parsed.text()
        );
        assert!(
            parsed
                .warnings
                .iter()
                .any(|warning| warning.contains("is a pdf named as")),
            "{:?}",
            parsed.warnings
        );
    }
    // A zip named as text is read as a DOCX, and refused as one when it is not.
    let zip = b"PK\x03\x04 not really an archive";
    assert!(parse_bytes(Format::Text, zip, &ParseLimits::default()).is_err());
}

#[test]
fn an_html_page_past_its_limit_is_refused_before_its_tree_is_built() {
    let limits = ParseLimits {
        max_html_bytes: 4_096,
        ..ParseLimits::default()
    };
    let page = "<p>a</p>".repeat(1_000);
    let error = parse_bytes(Format::Html, page.as_bytes(), &limits).unwrap_err();
    assert!(
        matches!(
            error,
            ParseError::TooLarge {
                size: 8_000,
                limit: 4_096
            }
        ),
        "{error}"
    );
    // Text is not markup: the same bytes as text are read.
    assert!(parse_bytes(Format::Text, page.as_bytes(), &limits).is_ok());
}
