//! Every parser fuzzed with arbitrary bytes and with real files mutated: whatever the
//! input, a parse gives blocks or an error, never a panic or a stack overflow.
//!
//! The number of cases is bounded so that `cargo test` runs them in seconds; set
//! `PROPTEST_CASES` to run more (a failure prints the seed that reproduces it).

use std::io::Write;

use plenary_parse::{Format, ParseLimits, parse_bytes, read_jsonl_with_limits};
use proptest::prelude::*;

/// Small limits, so that a mutated file that claims or inflates to much is refused
/// quickly rather than read.
fn limits() -> ParseLimits {
    ParseLimits {
        max_file_bytes: 1 << 20,
        max_uncompressed_bytes: 4 << 20,
        max_stream_bytes: 1 << 20,
        max_line_bytes: 64 * 1024,
        ..ParseLimits::default()
    }
}

/// Parses, and fails the case only on a panic (a stack overflow aborts the process).
fn never_panics(format: Format, bytes: &[u8]) {
    let _ = parse_bytes(format, bytes, &limits());
}

fn html_sample() -> Vec<u8> {
    b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Statement</title><meta name=\"description\" content=\"CND\"></head><body><nav>Home</nav><main><h1>Statement on drug policy</h1><p>1. Civil society <b>welcomes</b> the review.</p><ul><li>Harm reduction</li><li>Treatment</li></ul><table><tr><th>Year</th><th>Event</th></tr><tr><td>2024</td><td>CND 67</td></tr></table><pre>  kept  as is</pre><hr></main><footer>UN</footer></body></html>".to_vec()
}

fn markdown_sample() -> Vec<u8> {
    b"---\ntitle: Statement\n---\n# Statement on prisons\n\n1. First point\n2. Second point\n   - nested *item*\n\n> quoted [link](http://example.org) and `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode block\n```\n\nText with a footnote[^1].\n\n[^1]: The note.\n".to_vec()
}

fn text_sample() -> Vec<u8> {
    "E/CN.7/2024/NGO/3\nDistr.: General\n\nStatement submitted by an organization in consultative status\n\n1. Civil society welcomes the review of drug policy — déclaration, заявление, 声明.\n\n____\n\n2. Second paragraph.\n".as_bytes().to_vec()
}

fn jsonl_sample() -> Vec<u8> {
    b"{\"id\": 1, \"title\": \"A\", \"text\": \"First statement.\\n\\nIts second paragraph.\", \"session\": 67}\n\n{\"id\": \"b\", \"text\": \"Second statement.\", \"topics\": [\"prisons\"]}\n".to_vec()
}

fn docx_sample() -> Vec<u8> {
    let document = r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Statement</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Civil society &amp; the review</w:t><w:tab/><w:br/></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>other</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // Stored, not deflated, so that mutations reach the XML as often as the zip structure.
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    archive.start_file("word/document.xml", stored).unwrap();
    archive.write_all(document.as_bytes()).unwrap();
    archive.finish().unwrap().into_inner()
}

fn pdf_sample() -> Vec<u8> {
    plenary_testkit::one_page_pdf(
        b"BT /F1 12 Tf 72 720 Td (Civil society welcomes the review.) Tj 0 -60 Td (A second paragraph.) Tj ET",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    )
}

/// One change to a file: a byte overwritten, a run of bytes removed, or a piece of the
/// file copied elsewhere in it (which nests and repeats its structure).
#[derive(Debug, Clone)]
enum Mutation {
    Overwrite {
        at: usize,
        byte: u8,
    },
    Remove {
        at: usize,
        length: usize,
    },
    Copy {
        from: usize,
        length: usize,
        to: usize,
        times: usize,
    },
    Truncate {
        at: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Overwrite { at, byte }),
        (any::<usize>(), 1usize..64).prop_map(|(at, length)| Mutation::Remove { at, length }),
        (any::<usize>(), 1usize..64, any::<usize>(), 1usize..200).prop_map(
            |(from, length, to, times)| Mutation::Copy {
                from,
                length,
                to,
                times
            }
        ),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        if bytes.is_empty() {
            break;
        }
        let length_now = bytes.len();
        match *mutation {
            Mutation::Overwrite { at, byte } => bytes[at % length_now] = byte,
            Mutation::Remove { at, length } => {
                let start = at % length_now;
                let end = (start + length).min(length_now);
                bytes.drain(start..end);
            }
            Mutation::Copy {
                from,
                length,
                to,
                times,
            } => {
                let start = from % length_now;
                let end = (start + length).min(length_now);
                let piece = bytes[start..end].repeat(times);
                let at = to % length_now;
                bytes.splice(at..at, piece);
            }
            Mutation::Truncate { at } => bytes.truncate(at % length_now),
        }
    }
    bytes
}

fn check_mutated(format: Format, sample: fn() -> Vec<u8>, mutations: &[Mutation]) {
    never_panics(format, &mutate(sample(), mutations));
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        for format in [Format::Html, Format::Markdown, Format::Text, Format::JsonLines, Format::Docx, Format::Pdf] {
            never_panics(format, &bytes);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,2000}") {
        for format in [Format::Html, Format::Markdown, Format::Text, Format::JsonLines] {
            never_panics(format, text.as_bytes());
        }
    }

    #[test]
    fn mutated_html_never_panics(mutations in proptest::collection::vec(mutation(), 1..8)) {
        check_mutated(Format::Html, html_sample, &mutations);
    }

    #[test]
    fn mutated_markdown_never_panics(mutations in proptest::collection::vec(mutation(), 1..8)) {
        check_mutated(Format::Markdown, markdown_sample, &mutations);
    }

    #[test]
    fn mutated_text_never_panics(mutations in proptest::collection::vec(mutation(), 1..8)) {
        check_mutated(Format::Text, text_sample, &mutations);
    }

    #[test]
    fn mutated_json_lines_never_panic(mutations in proptest::collection::vec(mutation(), 1..8)) {
        let bytes = mutate(jsonl_sample(), &mutations);
        never_panics(Format::JsonLines, &bytes);
        for record in read_jsonl_with_limits(bytes.as_slice(), &limits()) {
            let _ = record;
        }
    }

    #[test]
    fn mutated_docx_never_panics(mutations in proptest::collection::vec(mutation(), 1..8)) {
        check_mutated(Format::Docx, docx_sample, &mutations);
    }

    #[test]
    fn mutated_pdf_never_panics(mutations in proptest::collection::vec(mutation(), 1..8)) {
        check_mutated(Format::Pdf, pdf_sample, &mutations);
    }

    #[test]
    fn deep_nesting_never_overflows(
        opener in prop::sample::select(vec![
            "<div>", "<b>", "<table><tr><td>", "<ul><li>", "> ", "- ", "  * ", "[", "*", "<w:p>",
        ]),
        depth in 1usize..20_000,
    ) {
        let nested = opener.repeat(depth) + "words";
        for format in [Format::Html, Format::Markdown, Format::Text] {
            never_panics(format, nested.as_bytes());
        }
    }
}

#[test]
fn the_samples_are_read() {
    // The mutations start from files that parse, so that they reach deep into each parser.
    for (format, sample) in [
        (Format::Html, html_sample()),
        (Format::Markdown, markdown_sample()),
        (Format::Text, text_sample()),
        (Format::JsonLines, jsonl_sample()),
        (Format::Docx, docx_sample()),
        (Format::Pdf, pdf_sample()),
    ] {
        let parsed = parse_bytes(format, &sample, &limits())
            .unwrap_or_else(|error| panic!("{format}: {error}"));
        assert!(parsed.blocks.len() >= 2, "{format}: {:?}", parsed.blocks);
    }
}
