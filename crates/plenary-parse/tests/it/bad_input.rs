//! Bad and unusual input: every case gives a clear error or a sensible
//! reading, never a panic.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use plenary_parse::{Format, ParseError, ParseLimits, parse_bytes, parse_file};

fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

/// Writes `bytes` to a file called `name` in a new temporary directory.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let path = directory.path().join(name);
    std::fs::write(&path, bytes).expect("the temporary file is writable");
    (directory, path)
}

/// Parses a file that must be refused, and returns the error without its path.
fn refused(path: &Path, limits: &ParseLimits) -> ParseError {
    match parse_file(path, limits) {
        Ok(parsed) => panic!("{} was accepted: {:?}", path.display(), parsed.text()),
        Err(error) => {
            let message = error.to_string();
            assert!(
                message.contains(&path.display().to_string()),
                "the error names the file: {message}"
            );
            assert!(error.is_bad_input(), "{message} is the input's fault");
            match error {
                ParseError::InFile { source, .. } => *source,
                other => other,
            }
        }
    }
}

/// Pseudo-random bytes from a fixed seed, so failures can be reproduced.
fn random_bytes(length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_file_is_refused_as_empty() {
    for name in [
        "empty.txt",
        "empty.pdf",
        "empty.docx",
        "empty.html",
        "empty.md",
        "empty.jsonl",
    ] {
        let (_directory, path) = temp_file(name, b"");
        let error = refused(&path, &ParseLimits::default());
        assert!(matches!(error, ParseError::Empty), "{name}: {error}");
    }
}

#[test]
fn whitespace_only_text_is_empty() {
    let error = parse_bytes(Format::Text, b" \n\n\t \r\n", &ParseLimits::default()).unwrap_err();
    assert!(matches!(error, ParseError::Empty), "{error}");
}

#[test]
fn html_without_content_is_empty() {
    let page = b"<html><head><title>Menu</title></head><body><nav>Home | News</nav><script>x()</script></body></html>";
    let error = parse_bytes(Format::Html, page, &ParseLimits::default()).unwrap_err();
    assert!(matches!(error, ParseError::Empty), "{error}");
}

#[test]
fn binary_bytes_named_txt_are_refused() {
    let mut bytes = random_bytes(4096, 7);
    bytes.extend_from_slice(&[0; 512]);
    let (_directory, path) = temp_file("statement.txt", &bytes);
    let error = refused(&path, &ParseLimits::default());
    assert!(matches!(error, ParseError::Binary { .. }), "{error}");
}

#[test]
fn random_bytes_named_pdf_are_corrupt() {
    let (_directory, path) = temp_file("statement.pdf", &random_bytes(8192, 11));
    let error = refused(&path, &ParseLimits::default());
    assert!(
        matches!(error, ParseError::Corrupt { format: "pdf", .. }),
        "{error}"
    );
}

#[test]
fn random_bytes_named_docx_are_corrupt() {
    let (_directory, path) = temp_file("statement.docx", &random_bytes(8192, 13));
    let error = refused(&path, &ParseLimits::default());
    assert!(
        matches!(error, ParseError::Corrupt { format: "docx", .. }),
        "{error}"
    );
}

#[test]
fn zip_without_a_document_is_corrupt() {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    archive
        .start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .expect("an entry starts");
    archive
        .write_all(b"not a word document")
        .expect("the entry is written");
    let bytes = archive
        .finish()
        .expect("the archive is finished")
        .into_inner();
    let error = parse_bytes(Format::Docx, &bytes, &ParseLimits::default()).unwrap_err();
    assert!(error.to_string().contains("word/document.xml"), "{error}");
}

#[test]
fn truncated_pdf_gives_an_error_or_the_pages_it_still_has() {
    let whole = std::fs::read(data_path("statement_en.pdf")).expect("the fixture exists");
    let whole_text = parse_bytes(Format::Pdf, &whole, &ParseLimits::default())
        .expect("the whole file reads")
        .text();
    let words =
        |text: &str| -> Vec<String> { text.split_whitespace().map(str::to_string).collect() };
    let whole_words = words(&whole_text);
    for fraction in [2, 3, 10] {
        let truncated = &whole[..whole.len() / fraction];
        match parse_bytes(Format::Pdf, truncated, &ParseLimits::default()) {
            // What is still read is the document's own text: its words are a run of the
            // whole file's words, not garbage from a broken stream.
            Ok(parsed) => {
                let read = words(&parsed.text());
                assert!(
                    !read.is_empty(),
                    "1/{fraction}: an empty reading is an error"
                );
                assert!(
                    whole_words
                        .windows(read.len().min(whole_words.len()))
                        .any(|window| window == read.as_slice()),
                    "1/{fraction}: {read:?} is not part of the document"
                );
            }
            Err(error) => assert!(
                matches!(error, ParseError::Corrupt { .. } | ParseError::Empty),
                "1/{fraction}: {error}"
            ),
        }
    }
    let header_only = &whole[..64];
    let error = parse_bytes(Format::Pdf, header_only, &ParseLimits::default()).unwrap_err();
    assert!(
        matches!(error, ParseError::Corrupt { .. } | ParseError::Empty),
        "{error}"
    );
}

#[test]
fn truncated_docx_is_corrupt() {
    let whole = std::fs::read(data_path("statement_en.docx")).expect("the fixture exists");
    let error = parse_bytes(
        Format::Docx,
        &whole[..whole.len() / 2],
        &ParseLimits::default(),
    )
    .unwrap_err();
    assert!(matches!(error, ParseError::Corrupt { .. }), "{error}");
}

/// A DOCX whose document part inflates to `size` zero bytes.
fn zip_bomb(size: u64) -> Vec<u8> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(size > u64::from(u32::MAX));
    archive
        .start_file("word/document.xml", options)
        .expect("an entry starts");
    let zeros = vec![0u8; 1 << 20];
    let mut written = 0;
    while written < size {
        let chunk = (size - written).min(zeros.len() as u64) as usize;
        archive
            .write_all(&zeros[..chunk])
            .expect("zeros are written");
        written += chunk as u64;
    }
    archive
        .finish()
        .expect("the archive is finished")
        .into_inner()
}

#[test]
fn zip_bomb_docx_is_refused_from_its_declared_size() {
    // 600 MiB of zeros, over the default 512 MiB limit, compress to well under 1 MiB.
    let bomb = zip_bomb(600 << 20);
    assert!(
        bomb.len() < 2 << 20,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let (_directory, path) = temp_file("bomb.docx", &bomb);
    let error = refused(&path, &ParseLimits::default());
    assert!(matches!(error, ParseError::ZipBomb { .. }), "{error}");
    assert!(error.to_string().contains("word/document.xml"), "{error}");
    // Refused from the size the entry declares, before a byte is inflated (a bomb
    // inflated up to the limit says that it "expands past the limit").
    assert!(
        error
            .to_string()
            .contains(&format!("declares {} bytes uncompressed", 600u64 << 20)),
        "refused without inflating: {error}"
    );
}

#[test]
fn zip_bomb_with_a_lying_declared_size_is_refused() {
    let mut bomb = zip_bomb(8 << 20);
    // Make both headers declare 1,000 bytes uncompressed instead of 8 MiB.
    let declared = (8u32 << 20).to_le_bytes();
    let lie = 1000u32.to_le_bytes();
    let mut patched = 0;
    for index in 0..bomb.len().saturating_sub(4) {
        if bomb[index..index + 4] == declared {
            bomb[index..index + 4].copy_from_slice(&lie);
            patched += 1;
        }
    }
    assert!(patched >= 2, "both headers were patched");
    let limits = ParseLimits {
        max_uncompressed_bytes: 1 << 20,
        ..ParseLimits::default()
    };
    let error = parse_bytes(Format::Docx, &bomb, &limits).unwrap_err();
    assert!(
        matches!(
            error,
            ParseError::ZipBomb { .. } | ParseError::Corrupt { .. }
        ),
        "{error}"
    );
}

#[test]
fn invalid_utf8_text_is_decoded_not_refused() {
    let mut bytes = b"Statement on drug policy\n\nThe organization welcomes ".to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFE, 0x80]);
    bytes.extend_from_slice(b" the review.\n");
    let parsed = parse_bytes(Format::Text, &bytes, &ParseLimits::default()).expect("text is read");
    assert!(parsed.text().contains("The organization welcomes"));
    assert!(parsed.text().contains("the review."));
}

#[test]
fn windows_1252_french_is_decoded() {
    let text = "Déclaration présentée par Médecins du Monde à la Commission\n\nNotre organisation œuvre depuis vingt ans.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the input is not UTF-8"
    );
    let parsed = parse_bytes(Format::Text, &bytes, &ParseLimits::default()).expect("text is read");
    assert_eq!(
        parsed.text(),
        "Déclaration présentée par Médecins du Monde à la Commission\n\nNotre organisation œuvre depuis vingt ans."
    );
    let parsed = parse_file(
        &data_path("statement_fr_cp1252.txt"),
        &ParseLimits::default(),
    )
    .expect("the fixture is read");
    assert!(
        parsed
            .text()
            .contains("Les organisations de la société civile")
    );
    assert!(parsed.text().contains("mise en œuvre"));
}

#[test]
fn utf16_with_bom_is_decoded() {
    for big_endian in [false, true] {
        let text = "Заявление\n\nОрганизации гражданского общества приветствуют обзор.\n";
        let mut bytes: Vec<u8> = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        let parsed =
            parse_bytes(Format::Text, &bytes, &ParseLimits::default()).expect("text is read");
        assert_eq!(
            parsed.text(),
            "Заявление\n\nОрганизации гражданского общества приветствуют обзор."
        );
    }
}

#[test]
fn utf8_with_bom_is_decoded() {
    let parsed = parse_bytes(
        Format::Markdown,
        "\u{feff}# Título\n\nTexto.".as_bytes(),
        &ParseLimits::default(),
    )
    .expect("markdown is read");
    assert_eq!(parsed.title.as_deref(), Some("Título"));
}

#[test]
fn html_charset_is_taken_from_the_meta_tag() {
    let page = "<html><head><meta charset=\"windows-1252\"><title>Déclaration</title></head><body><p>Mise en œuvre</p></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    let parsed = parse_bytes(Format::Html, &bytes, &ParseLimits::default()).expect("html is read");
    assert_eq!(parsed.title.as_deref(), Some("Déclaration"));
    assert_eq!(parsed.text(), "Mise en œuvre");
}

#[test]
fn encrypted_pdf_is_refused() {
    let Ok(status) = Command::new("qpdf").arg("--version").output() else {
        plenary_testkit::skip("qpdf is not installed, so no encrypted pdf can be made");
        return;
    };
    assert!(status.status.success());
    let directory = tempfile::tempdir().expect("a temporary directory");
    let encrypted = directory.path().join("encrypted.pdf");
    let made = Command::new("qpdf")
        .args(["--encrypt", "secret", "owner-secret", "256", "--"])
        .arg(data_path("statement_en.pdf"))
        .arg(&encrypted)
        .status()
        .expect("qpdf runs");
    assert!(made.success());
    let error = refused(&encrypted, &ParseLimits::default());
    assert!(matches!(error, ParseError::Encrypted), "{error}");
}

#[test]
fn file_over_the_size_limit_is_refused_without_reading_it() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let path = directory.path().join("huge.txt");
    let file = std::fs::File::create(&path).expect("the file is created");
    // A sparse 200 MB file: its size is real, its blocks are never written.
    file.set_len(200_000_000).expect("the file is extended");
    let limits = ParseLimits {
        max_file_bytes: 100_000_000,
        ..ParseLimits::default()
    };
    let error = refused(&path, &limits);
    // The size is the file's own, from its metadata: a file read up to the limit would
    // be refused as one byte over it.
    assert!(
        matches!(
            error,
            ParseError::TooLarge {
                size: 200_000_000,
                limit: 100_000_000
            }
        ),
        "refused from the metadata: {error}"
    );
}

#[test]
fn unknown_extension_is_unsupported() {
    let (_directory, path) = temp_file("statement.odt", b"content");
    let error = refused(&path, &ParseLimits::default());
    assert!(matches!(error, ParseError::Unsupported { .. }), "{error}");
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let error = parse_file(
        Path::new("/nonexistent/statement.pdf"),
        &ParseLimits::default(),
    )
    .unwrap_err();
    assert!(!error.is_bad_input());
    assert!(
        error
            .to_string()
            .starts_with("/nonexistent/statement.pdf: could not read the file"),
        "{error}"
    );
}
