//! Parses every file of a format this crate reads under the shared external
//! corpus (`shared/corpus-external/`): real text nobody here wrote. Skipped
//! with a notice when the shared folder is absent.

use std::path::{Path, PathBuf};

use plenary_parse::{Format, ParseLimits, parse_file};

fn files_under(directory: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, found);
        } else if Format::from_path(&path).is_some() {
            found.push(path);
        }
    }
}

#[test]
fn every_external_corpus_file_parses() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus-external");
    if !corpus.is_dir() {
        plenary_testkit::skip(format!("{} is absent", corpus.display()));
        return;
    }
    let mut files = Vec::new();
    files_under(&corpus, &mut files);
    files.sort();
    assert!(!files.is_empty(), "the corpus holds files of our formats");
    let mut total_characters = 0;
    for path in &files {
        let parsed =
            parse_file(path, &ParseLimits::default()).unwrap_or_else(|error| panic!("{error}"));
        let text = parsed.text();
        assert!(!text.trim().is_empty(), "{} has text", path.display());
        assert!(
            !text.contains('\u{fffd}'),
            "{} decodes without replacement characters",
            path.display()
        );
        total_characters += text.chars().count();
    }
    println!(
        "parsed {} files, {total_characters} characters of body text",
        files.len()
    );
}
