//! The indexing run through the library: how it behaves when writing fails.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use plenary_indexer::{IndexError, IndexOptions, NoProgress, run_index};

/// Options of a small run: `threads` reading, one writer thread with Tantivy's least memory.
fn small_options(index_dir: impl Into<std::path::PathBuf>, threads: usize) -> IndexOptions {
    let mut options = IndexOptions::new(index_dir.into());
    options.threads = threads;
    options.writer_threads = 1;
    options.writer_memory_bytes = 15_000_000;
    options
}

/// Writes a JSON Lines file of `records` short statements.
fn write_statements(path: &Path, records: u64) {
    let mut file = std::io::BufWriter::new(fs::File::create(path).unwrap());
    for number in 0..records {
        let line = serde_json::json!({
            "id": format!("statement-{number}"),
            "title": format!("Statement {number}"),
            "text": format!("Statement number {number} on drug policy and harm reduction."),
            "language": "en",
        });
        writeln!(file, "{line}").unwrap();
    }
}

#[test]
fn a_failed_commit_stops_the_run_with_its_error_instead_of_hanging() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("bulk.jsonl");
    // Several batches, so that enrichment is still going when writing fails.
    write_statements(&input, 8_000);
    let index_dir = work.path().join("index");
    fs::create_dir(&index_dir).unwrap();
    // The manifest is written through this temporary path: a directory there makes the
    // first commit fail.
    fs::create_dir(index_dir.join("plenary-manifest.json.tmp")).unwrap();

    let mut options = small_options(index_dir, 2);
    options.commit_every_documents = 1;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let result = run_index(&[input], &options, &NoProgress);
        let _ = sender.send(result);
    });
    let result = receiver
        .recv_timeout(Duration::from_secs(300))
        .expect("the run ends instead of hanging");
    match result {
        Err(IndexError::IndexDirectory { .. }) => {}
        other => panic!("the commit's error, not {other:?}"),
    }
}

#[test]
fn a_json_lines_file_is_indexed_whole_across_batches_with_its_bad_lines_reported() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("bulk.jsonl");
    // Good records up to a batch boundary (for any batch size dividing 4096), then more
    // bad lines in a row than a batch holds: the file goes on after them.
    write_statements(&input, 4_096);
    let mut file = fs::OpenOptions::new().append(true).open(&input).unwrap();
    for _ in 0..4_200 {
        writeln!(file, "{{not json").unwrap();
    }
    writeln!(
        file,
        "{}",
        serde_json::json!({"id": "last", "text": "The last statement, after the bad lines.", "language": "en"})
    )
    .unwrap();
    drop(file);

    let mut options = small_options(work.path().join("index"), 2);
    options.commit_every_documents = 1_000;
    let inputs = [input];
    let summary = run_index(&inputs, &options, &NoProgress).unwrap();
    assert_eq!(summary.documents, 4_097);
    assert_eq!(summary.documents_in_index, 4_097);
    assert!(summary.commits > 1, "{summary:?}");
    assert_eq!(summary.skipped.len(), 1, "{summary:?}");
    assert!(
        summary.skipped[0]
            .reason
            .starts_with("4200 bad line(s) left out"),
        "{summary:?}"
    );

    let again = run_index(&inputs, &options, &NoProgress).unwrap();
    assert_eq!(again.files_indexed, 0, "{again:?}");
    assert_eq!(again.documents_in_index, 4_097);
}

#[test]
fn a_document_replaces_the_one_with_its_id_within_a_run_and_across_runs() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("bulk.jsonl");
    let record = |id: &str, text: &str| {
        serde_json::json!({"id": id, "title": id, "text": text, "language": "en"}).to_string()
    };
    let lines = [
        record("a", "The first version of statement a, on drug policy."),
        record("b", "Statement b, on harm reduction."),
        record(
            "a",
            "The second version of statement a, on the death penalty.",
        ),
    ];
    fs::write(&input, lines.join("\n")).unwrap();
    let mut options = small_options(work.path().join("index"), 1);
    let inputs = [input.clone()];
    // A fresh index: the second "a" of the file replaces the first, which is reported
    // with where both were read.
    let summary = run_index(&inputs, &options, &NoProgress).unwrap();
    assert_eq!(summary.documents, 3);
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
    let replaced: Vec<_> = summary
        .warnings
        .iter()
        .filter(|warning| warning.reason.contains("is replaced by"))
        .collect();
    assert_eq!(replaced.len(), 1, "{:?}", summary.warnings);
    assert_eq!(replaced[0].path, input.display().to_string());
    assert_eq!(replaced[0].line, Some(1));
    assert!(
        replaced[0].reason.contains("document `a`") && replaced[0].reason.contains("line 3"),
        "{}",
        replaced[0].reason
    );

    // The next run, on an index that holds documents, replaces them too.
    let other = work.path().join("more.jsonl");
    fs::write(&other, record("b", "Statement b again, on trafficking.")).unwrap();
    let summary = run_index(&[input, other], &options, &NoProgress).unwrap();
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");

    // Rebuilt from scratch, the same holds.
    options.full = true;
    let summary = run_index(&inputs, &options, &NoProgress).unwrap();
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
}

#[test]
fn files_of_the_same_text_are_indexed_once_and_each_replaced_one_is_reported() {
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("same");
    fs::create_dir(&folder).unwrap();
    let text =
        "The Human Rights Council adopted a resolution on freedom of expression in Geneva.\n";
    for name in ["a.txt", "b.txt", "c.txt"] {
        fs::write(folder.join(name), text).unwrap();
    }
    fs::write(folder.join("other.txt"), "Another statement, on prisons.\n").unwrap();
    let options = small_options(work.path().join("index"), 2);
    let summary = run_index(std::slice::from_ref(&folder), &options, &NoProgress).unwrap();
    assert_eq!(summary.documents, 4);
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
    // Two of the three are replaced by another, each named once.
    let mut replaced: Vec<&str> = summary
        .warnings
        .iter()
        .filter(|warning| warning.reason.contains("is replaced by"))
        .map(|warning| warning.path.as_str())
        .collect();
    replaced.sort_unstable();
    replaced.dedup();
    assert_eq!(replaced.len(), 2, "{:?}", summary.warnings);
    for path in replaced {
        let name = Path::new(path).file_name().and_then(|name| name.to_str());
        assert!(matches!(name, Some("a.txt" | "b.txt" | "c.txt")), "{path}");
    }
}

#[test]
fn a_document_two_files_hold_stays_while_either_does() {
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("statements");
    fs::create_dir(&folder).unwrap();
    let shared = "Statement on the Grimbleshanks programme.\n\nThe programme concerns drug policy and prisons.\n";
    fs::write(folder.join("p.txt"), shared).unwrap();
    fs::write(
        folder.join("other.txt"),
        "Another statement, on trafficking.\n",
    )
    .unwrap();
    let options = small_options(work.path().join("index"), 1);
    let run = |options: &IndexOptions| {
        run_index(std::slice::from_ref(&folder), options, &NoProgress).unwrap()
    };
    assert_eq!(run(&options).documents_in_index, 2);

    // A copy in a later run takes the document over, and says so.
    fs::write(folder.join("q.txt"), shared).unwrap();
    let summary = run(&options);
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
    let p = folder.canonicalize().unwrap().join("p.txt");
    assert!(
        summary
            .warnings
            .iter()
            .any(|warning| warning.path == p.display().to_string()
                && warning.reason.contains("is replaced by")
                && warning.reason.contains("q.txt")),
        "{:?}",
        summary.warnings
    );

    // The copy goes: the document comes back from the file that still holds it.
    fs::remove_file(folder.join("q.txt")).unwrap();
    let summary = run(&options);
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
    assert_eq!(summary.files_indexed, 1, "p.txt read again: {summary:?}");
    let summary = run(&options);
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
    assert_eq!(summary.files_indexed, 0);

    // The same when the copy changes instead of going.
    fs::write(folder.join("q.txt"), shared).unwrap();
    assert_eq!(run(&options).documents_in_index, 2);
    fs::write(folder.join("q.txt"), "A new text, on cybercrime.\n").unwrap();
    let summary = run(&options);
    assert_eq!(summary.documents_in_index, 3, "{summary:?}");
}

#[test]
fn an_index_whose_list_of_segments_is_lost_or_torn_is_rebuilt_not_trusted() {
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("statements");
    fs::create_dir(&folder).unwrap();
    for (name, text) in [
        ("a.txt", "A statement on drug policy.\n"),
        ("b.txt", "A statement on prisons.\n"),
    ] {
        fs::write(folder.join(name), text).unwrap();
    }
    let index_dir = work.path().join("index");
    let mut options = small_options(index_dir.clone(), 1);
    let inputs = [folder];
    assert_eq!(
        run_index(&inputs, &options, &NoProgress)
            .unwrap()
            .documents_in_index,
        2
    );
    let meta = index_dir.join("meta.json");

    // Lost: the manifest beside a new, empty index is not believed.
    fs::remove_file(&meta).unwrap();
    let summary = run_index(&inputs, &options, &NoProgress).unwrap();
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
    assert_eq!(summary.files_indexed, 2);

    // Torn: the run says so and how to rebuild; a run from scratch does.
    fs::write(&meta, "{").unwrap();
    let error = run_index(&inputs, &options, &NoProgress).unwrap_err();
    assert!(matches!(error, IndexError::Corrupt { .. }), "{error}");
    assert!(error.to_string().contains("--full"), "{error}");
    options.full = true;
    let summary = run_index(&inputs, &options, &NoProgress).unwrap();
    assert_eq!(summary.documents_in_index, 2, "{summary:?}");
}

#[test]
fn an_index_path_that_is_a_file_is_refused_as_such() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("a.txt");
    fs::write(&input, "A statement on drug policy.\n").unwrap();
    let not_a_folder = work.path().join("afile");
    fs::write(&not_a_folder, "notes").unwrap();
    let options = IndexOptions::new(not_a_folder.clone());
    let error = run_index(&[input], &options, &NoProgress).unwrap_err();
    assert!(
        error.to_string().contains("a file, not a folder"),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&not_a_folder).unwrap(), "notes");
}
