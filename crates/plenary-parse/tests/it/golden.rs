//! Golden-file tests: each input under `tests/data/` is parsed and compared
//! with `<name>.expected.json` beside it. Run with `PLENARY_BLESS=1` to
//! rewrite the expected files on purpose, then review the diff.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plenary_parse::{Block, Format, ParseLimits, parse_file};
use serde::Serialize;

/// The part of a parsed file that the golden files pin down.
#[derive(Serialize)]
struct Golden<'a> {
    format: Format,
    title: &'a Option<String>,
    meta: &'a BTreeMap<String, String>,
    furniture: &'a [String],
    blocks: &'a [Block],
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// Metadata that changes each time a fixture is regenerated.
fn stable_meta(meta: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    meta.iter()
        .filter(|(key, _)| {
            !matches!(
                key.as_str(),
                "creationdate" | "moddate" | "created" | "modified"
            )
        })
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

fn check(file_name: &str) {
    let input = data_dir().join(file_name);
    let parsed = parse_file(&input, &ParseLimits::default())
        .unwrap_or_else(|error| panic!("{file_name} did not parse: {error}"));
    let meta = stable_meta(&parsed.meta);
    let golden = Golden {
        format: parsed.format,
        title: &parsed.title,
        meta: &meta,
        furniture: &parsed.furniture,
        blocks: &parsed.blocks,
    };
    let actual = serde_json::to_string_pretty(&golden).expect("a parsed file serializes") + "\n";
    let expected_path = data_dir().join(format!("{file_name}.expected.json"));
    if std::env::var_os("PLENARY_BLESS").is_some() {
        std::fs::write(&expected_path, &actual).expect("the expected file is writable");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run PLENARY_BLESS=1 cargo test -p plenary-parse and review it",
            expected_path.display()
        )
    });
    assert_eq!(actual, expected, "{file_name} differs from its golden file");
}

macro_rules! golden_tests {
    ($($test_name:ident => $file_name:literal,)*) => {
        $(
            #[test]
            fn $test_name() {
                check($file_name);
            }
        )*
    };
}

golden_tests! {
    pdf_en => "statement_en.pdf",
    pdf_fr => "statement_fr.pdf",
    pdf_es => "statement_es.pdf",
    pdf_ru => "statement_ru.pdf",
    pdf_ar => "statement_ar.pdf",
    pdf_zh => "statement_zh.pdf",
    docx_en => "statement_en.docx",
    docx_fr => "statement_fr.docx",
    docx_es => "statement_es.docx",
    docx_ru => "statement_ru.docx",
    docx_ar => "statement_ar.docx",
    docx_zh => "statement_zh.docx",
    html_en => "statement_en.html",
    html_fr => "statement_fr.html",
    html_es => "statement_es.html",
    html_ru => "statement_ru.html",
    html_ar => "statement_ar.html",
    html_zh => "statement_zh.html",
    text_en => "statement_en.txt",
    text_fr => "statement_fr.txt",
    text_es => "statement_es.txt",
    text_ru => "statement_ru.txt",
    text_ar => "statement_ar.txt",
    text_zh => "statement_zh.txt",
    text_fr_windows_1252 => "statement_fr_cp1252.txt",
    text_ru_utf16 => "statement_ru_utf16.txt",
    markdown_en => "statement_en.md",
    markdown_fr => "statement_fr.md",
    markdown_es => "statement_es.md",
    markdown_ru => "statement_ru.md",
    markdown_ar => "statement_ar.md",
    markdown_zh => "statement_zh.md",
}
