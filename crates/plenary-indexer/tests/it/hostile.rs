//! Hostile input to a run: names, links and files made to stop it or to reach
//! what was not given. Each costs its own file at most, reported with its reason.

use std::fs;
use std::path::{Path, PathBuf};

use plenary_indexer::{IndexOptions, IndexSummary, NoProgress, run_index};

const STATEMENT: &str = "Statement submitted by a non-governmental organization in consultative status.\n\nCivil society calls for harm reduction services in every prison.\n";

fn small_options(index_dir: PathBuf) -> IndexOptions {
    let mut options = IndexOptions::new(index_dir);
    options.threads = 2;
    options.writer_threads = 1;
    options.writer_memory_bytes = 15_000_000;
    options
}

fn index(inputs: &[PathBuf], options: &IndexOptions) -> IndexSummary {
    run_index(inputs, options, &NoProgress).expect("the run completes")
}

/// The reason the run gives for skipping `path`, if it skipped it.
fn skip_reason<'a>(summary: &'a IndexSummary, path: &Path) -> Option<&'a str> {
    let shown = path.display().to_string();
    summary
        .skipped
        .iter()
        .find(|skipped| skipped.path == shown)
        .map(|skipped| skipped.reason.as_str())
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_costs_that_file_only() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("input");
    fs::create_dir(&input).unwrap();
    // Latin-1 "déclaration.txt", as an old archive would name it.
    let latin1 = input.join(OsStr::from_bytes(b"d\xe9claration.txt"));
    fs::write(&latin1, STATEMENT).unwrap();
    fs::write(input.join("statement.txt"), STATEMENT).unwrap();
    let inputs = [input.canonicalize().unwrap()];

    for full in [false, true] {
        let mut options = small_options(work.path().join("index"));
        options.full = full;
        let summary = index(&inputs, &options);
        let bad_name = inputs[0].join(OsStr::from_bytes(b"d\xe9claration.txt"));
        let reason = skip_reason(&summary, &bad_name).expect("the file is reported");
        assert!(reason.contains("not valid UTF-8"), "{reason}");
        assert!(
            summary
                .skipped
                .iter()
                .any(|skipped| skipped.path.contains("d\u{fffd}claration.txt")),
            "the path is named, lossily: {:?}",
            summary.skipped
        );
        assert_eq!(summary.files_found, 1, "full: {full}");
        assert_eq!(summary.documents_in_index, 1, "full: {full}");
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_given_paths_are_not_followed_unless_asked() {
    use std::os::unix::fs::symlink;

    let work = tempfile::tempdir().unwrap();
    let outside = work.path().join("outside");
    fs::create_dir(&outside).unwrap();
    let secret = outside.join("secret.txt");
    fs::write(
        &secret,
        "Private words that nobody gave to index: swordfish.\n",
    )
    .unwrap();
    fs::create_dir(outside.join("folder")).unwrap();
    fs::write(outside.join("folder").join("more.txt"), STATEMENT).unwrap();

    let input = work.path().join("input");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("statement.txt"), STATEMENT).unwrap();
    symlink(&secret, input.join("passwd.txt")).unwrap();
    symlink(outside.join("folder"), input.join("linked-folder")).unwrap();
    // A link inside the given folder: what it points to is indexed once, under its own path.
    symlink(input.join("statement.txt"), input.join("again.txt")).unwrap();
    symlink(work.path().join("nowhere.txt"), input.join("dangling.txt")).unwrap();
    // A loop, named as no format: still named in the report.
    symlink(input.join("selfloop"), input.join("selfloop")).unwrap();
    let inputs = [input.canonicalize().unwrap()];
    let input = &inputs[0];

    let summary = index(&inputs, &small_options(work.path().join("index")));
    assert_eq!(summary.files_found, 1);
    assert_eq!(summary.documents_in_index, 1);
    let reason = skip_reason(&summary, &input.join("passwd.txt")).expect("the link is reported");
    assert!(reason.contains("outside the paths given"), "{reason}");
    assert!(
        reason.contains(&secret.canonicalize().unwrap().display().to_string()),
        "{reason}"
    );
    let reason =
        skip_reason(&summary, &input.join("linked-folder")).expect("the folder link is reported");
    assert!(reason.contains("outside the paths given"), "{reason}");
    let reason =
        skip_reason(&summary, &input.join("dangling.txt")).expect("the dangling link is reported");
    assert!(reason.contains("cannot be followed"), "{reason}");
    let reason =
        skip_reason(&summary, &input.join("selfloop")).expect("the looping link is reported");
    assert!(reason.contains("cannot be followed"), "{reason}");
    assert_eq!(skip_reason(&summary, &input.join("again.txt")), None);
    assert_eq!(summary.skipped.len(), 4, "{:?}", summary.skipped);

    let mut following = small_options(work.path().join("index-following"));
    following.follow_symlinks = true;
    let summary = run_index(&inputs, &following, &NoProgress).expect("the run completes");
    // statement.txt, again.txt, passwd.txt and linked-folder/more.txt; the dangling link is reported.
    assert_eq!(summary.files_found, 4, "{:?}", summary.skipped);
}

/// Writes `lines` to a gzip file.
fn write_gzip(path: &Path, lines: &[&[u8]]) {
    use std::io::Write;
    let mut encoder =
        flate2::write::GzEncoder::new(fs::File::create(path).unwrap(), flate2::Compression::best());
    for line in lines {
        encoder.write_all(line).unwrap();
    }
    encoder.finish().unwrap();
}

#[test]
fn a_compressed_json_lines_file_is_read_only_until_it_decompresses_past_its_limit() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("bomb.jsonl.gz");
    // One good record, then a line of 8 MiB of zeros inside a string: 8 KB compressed.
    let mut bomb = b"{\"text\": \"".to_vec();
    bomb.resize(bomb.len() + (8 << 20), b'0');
    bomb.extend_from_slice(b"\"}\n");
    write_gzip(
        &input,
        &[
            b"{\"id\": \"first\", \"text\": \"The first statement, on prisons.\", \"language\": \"en\"}\n",
            &bomb,
            b"{\"id\": \"never\", \"text\": \"Never reached.\", \"language\": \"en\"}\n",
        ],
    );
    let compressed = fs::metadata(&input).unwrap().len();
    assert!(compressed < 64 * 1024, "{compressed} bytes");
    let mut options = small_options(work.path().join("index"));
    options.limits.max_uncompressed_bytes = 1 << 20;
    options.limits.max_expansion = 100;
    let summary = index(std::slice::from_ref(&input), &options);
    let reason = skip_reason(&summary, &input).expect("the file is reported");
    assert!(
        reason.contains("decompresses past the limit of 1048576 bytes"),
        "{reason}"
    );
    assert_eq!(
        summary.documents_in_index, 1,
        "the record before the limit is kept"
    );
}

#[test]
fn a_json_line_longer_than_its_limit_is_reported_and_the_next_line_indexed() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("bulk.jsonl.gz");
    let mut long = b"{\"text\": \"".to_vec();
    long.resize(long.len() + (2 << 20), b'a');
    long.extend_from_slice(b"\"}\n");
    write_gzip(
        &input,
        &[
            &long,
            b"{\"id\": \"next\", \"text\": \"The statement after the long line.\", \"language\": \"en\"}\n",
        ],
    );
    let mut options = small_options(work.path().join("index"));
    options.limits.max_line_bytes = 1 << 20;
    let summary = index(std::slice::from_ref(&input), &options);
    let reason = skip_reason(&summary, &input).expect("the line is reported");
    assert!(
        reason.contains("line 1: the line is longer than the limit of 1048576 bytes"),
        "{reason}"
    );
    assert_eq!(summary.documents_in_index, 1);
}

#[test]
fn a_record_file_without_records_is_named_and_the_others_indexed() {
    let work = tempfile::tempdir().expect("temporary directory");
    let folder = work.path().join("records");
    std::fs::create_dir(&folder).expect("folder");
    let empty_files = [
        ("empty.csv", ""),
        ("header.csv", "title,text\n"),
        ("blank.jsonl", "\n\n  \n"),
    ];
    for (name, content) in empty_files {
        std::fs::write(folder.join(name), content).expect("write");
    }
    std::fs::write(folder.join("good.txt"), STATEMENT).expect("write");
    let summary = index(
        std::slice::from_ref(&folder),
        &small_options(work.path().join("index")),
    );
    assert_eq!(summary.documents_in_index, 1, "{summary:?}");
    for (name, _) in empty_files {
        let reason = skip_reason(&summary, &folder.join(name));
        assert!(
            reason.is_some_and(|reason| reason.contains("no record")),
            "{name}: {reason:?} in {:?}",
            summary.skipped
        );
    }
}

#[test]
fn enriching_reports_what_the_parser_left_out_of_a_file_as_indexing_does() {
    let work = tempfile::tempdir().expect("temporary directory");
    // Latin-1 bytes, decoded with a warning.
    let path = work.path().join("latin1.txt");
    std::fs::write(
        &path,
        b"D\xe9claration sur la peine de mort et les prisons.\n".as_slice(),
    )
    .expect("write");
    let options = small_options(work.path().join("index"));
    let mut out = Vec::new();
    let enriched = plenary_indexer::enrich_paths(std::slice::from_ref(&path), &options, &mut out)
        .expect("enriched");
    let indexed = index(std::slice::from_ref(&path), &options);
    let reasons = |warnings: &[plenary_indexer::InputWarning]| -> Vec<String> {
        warnings
            .iter()
            .filter(|warning| warning.path == path.display().to_string())
            .map(|warning| warning.reason.clone())
            .collect()
    };
    assert_eq!(enriched.documents, 1);
    assert!(!reasons(&indexed.warnings).is_empty(), "{indexed:?}");
    assert_eq!(reasons(&enriched.warnings), reasons(&indexed.warnings));
}
