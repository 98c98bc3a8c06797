//! `plenary index` end to end: the real binary on real files.

use crate::common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::{corpus_docs, count, expected_document_count, index, plenary, stderr_of_failure};

#[test]
fn indexes_the_bundled_corpus_and_never_duplicates_on_rerun() {
    let work = tempfile::tempdir().unwrap();
    let index_dir = work.path().join("index");
    let (output, summary) = index(&[&corpus_docs()], &index_dir, &[]);
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let expected = expected_document_count();
    assert_eq!(count(&summary, "documents"), expected);
    assert_eq!(count(&summary, "documents_in_index"), expected);
    assert!(
        summary["skipped"].as_array().unwrap().is_empty(),
        "{summary}"
    );
    assert!(count(&summary, "passages") > expected * 3);

    let (output, again) = index(&[&corpus_docs()], &index_dir, &[]);
    assert!(output.status.success());
    assert_eq!(
        count(&again, "files_indexed"),
        0,
        "nothing changed: {again}"
    );
    assert_eq!(
        count(&again, "files_unchanged"),
        count(&summary, "files_found")
    );
    assert_eq!(count(&again, "documents_in_index"), expected);

    let (output, full) = index(&[&corpus_docs()], &index_dir, &["--full"]);
    assert!(output.status.success());
    assert_eq!(
        count(&full, "files_indexed"),
        count(&summary, "files_found")
    );
    assert_eq!(count(&full, "documents_in_index"), expected);

    // Search from the command line: readable by default, the API's JSON with --json.
    let search = |args: &[&str]| {
        plenary()
            .arg("search")
            .args(args)
            .arg("--index")
            .arg(&index_dir)
            .output()
            .unwrap()
    };
    let readable = search(&["femicidio", "--lang", "es"]);
    assert!(readable.status.success());
    let readable = String::from_utf8(readable.stdout).unwrap();
    assert!(
        readable.contains("documents match \"femicidio\""),
        "{readable}"
    );
    assert!(
        readable.contains("[feminicidio]") || readable.contains("[femicidio]"),
        "highlighted: {readable}"
    );
    let json = search(&["", "--topic", "femicide", "--json", "--size", "0"]);
    let response: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let labelled = std::fs::read_to_string(common::workspace_dir().join("corpus/expected.jsonl"))
        .unwrap()
        .lines()
        .filter(|line| line.contains("\"femicide\""))
        .count() as u64;
    assert_eq!(response["total"].as_u64(), Some(labelled));
    // One query across six languages, from the command line as from the API.
    let json_total = |args: &[&str]| -> u64 {
        let output = search(&[args, &["--json", "--size", "0"]].concat());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        response["total"].as_u64().expect("total")
    };
    let one_language = json_total(&["femicide"]);
    let every_language = json_total(&["femicide", "--xlang"]);
    assert_eq!(
        every_language, labelled,
        "--xlang finds every femicide document"
    );
    assert!(one_language < every_language);
    assert_eq!(
        json_total(&["", "--year-from", "2015", "--year-to", "2015"]),
        json_total(&["", "--year", "2015"])
    );
    // Paging on: the line after the hits gives the flag that continues.
    let first = String::from_utf8(search(&["", "--size", "3"]).stdout).unwrap();
    let cursor = first
        .lines()
        .find_map(|line| line.strip_prefix("more: --cursor "))
        .unwrap_or_else(|| panic!("a cursor to continue with: {first}"))
        .to_string();
    let next = search(&["", "--size", "3", "--cursor", &cursor]);
    assert!(next.status.success());
    let next = String::from_utf8(next.stdout).unwrap();
    let titles = |page: &str| -> Vec<String> {
        // "  1. E/CN.7/2014/NGO/3 — title": the hit without its rank.
        page.lines()
            .filter(|line| line.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .filter_map(|line| line.split_once(". ").map(|(_, hit)| hit.to_string()))
            .collect()
    };
    assert_eq!(titles(&first).len(), 3, "{first}");
    assert_eq!(titles(&next).len(), 3, "{next}");
    assert!(
        titles(&next)
            .iter()
            .all(|title| !titles(&first).contains(title)),
        "the next page holds other hits: {first}\n{next}"
    );
    let bad = search(&["\"unclosed"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("q: syntax error at position "),
        "the error names the query"
    );

    // A brief on the index, from the command line; it prints how to run it again.
    let run_brief = || {
        plenary()
            .args([
                "brief",
                "--topic",
                "death-penalty",
                "--since",
                "2012",
                "--format",
                "md",
                "--index",
            ])
            .arg(&index_dir)
            .output()
            .unwrap()
    };
    let brief = run_brief();
    assert!(
        brief.status.success(),
        "{}",
        String::from_utf8_lossy(&brief.stderr)
    );
    let markdown = String::from_utf8(brief.stdout).unwrap();
    assert!(
        markdown.contains("plenary brief --topic death-penalty --since 2012"),
        "{markdown}"
    );
    assert!(
        markdown.contains("para."),
        "quoted passages carry citations: {markdown}"
    );
    assert_eq!(
        String::from_utf8(run_brief().stdout).unwrap(),
        markdown,
        "briefs are deterministic"
    );
}

const STATEMENT: &str = "United Nations\tE/CN.7/2014/NGO/3\nEconomic and Social Council\tDistr.: General\n10 February 2014\nOriginal: English\n\n\
Commission on Narcotic Drugs\nFifty-seventh session\nVienna, 13-21 March 2014\n\n\
Statement submitted by Harm Reduction International, a non-governmental organization in special consultative status with the Economic and Social Council\n\n\
Ending the death penalty for drug offences\n\n\
1. Thirty-three countries retain the death penalty for drug offences. Executions for drug offences violate international law.\n\n\
2. We call on the Commission to support a moratorium on the use of the death penalty and the abolition of capital punishment for drug crimes.\n";

#[test]
fn a_re_run_indexes_what_changed_and_removes_what_disappeared() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("statement.txt"), STATEMENT).unwrap();
    fs::write(docs.join("note.md"), "# Side event on prison reform\n\nThe side event discussed the Nelson Mandela Rules, prison overcrowding and the treatment of prisoners in pre-trial detention across the region.\n").unwrap();
    let index_dir = work.path().join("index");

    let (_, first) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&first, "documents_in_index"), 2, "{first}");

    // Same bytes, new modification time: nothing to re-index.
    fs::write(
        docs.join("note.md"),
        fs::read(docs.join("note.md")).unwrap(),
    )
    .unwrap();
    let (_, touched) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&touched, "files_indexed"), 0, "{touched}");
    assert_eq!(count(&touched, "documents_in_index"), 2);

    // A changed file replaces its document; a new file adds one.
    fs::write(
        docs.join("statement.txt"),
        STATEMENT.replace("Thirty-three", "Thirty-four"),
    )
    .unwrap();
    fs::write(docs.join("extra.txt"), "Cybercrime and online child sexual exploitation were the subject of a long debate on electronic evidence and the new cybercrime convention.\n").unwrap();
    let (_, changed) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&changed, "files_indexed"), 2, "{changed}");
    assert_eq!(count(&changed, "documents_in_index"), 3);

    fs::remove_file(docs.join("note.md")).unwrap();
    let (_, removed) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&removed, "files_removed"), 1, "{removed}");
    assert_eq!(count(&removed, "documents_in_index"), 2);
}

#[test]
fn bad_input_is_reported_and_everything_else_is_indexed() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("good.txt"), STATEMENT).unwrap();
    fs::write(docs.join("empty.txt"), "").unwrap();
    fs::write(
        docs.join("binary.txt"),
        (0u8..=255).cycle().take(4096).collect::<Vec<u8>>(),
    )
    .unwrap();
    fs::write(
        docs.join("random.docx"),
        (0..2048u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    fs::write(
        docs.join("random.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog".repeat(3),
    )
    .unwrap();
    let real_pdf = fs::read(common::corpus_docs().join("cnd-2014-ngo-3.en.pdf")).unwrap();
    fs::write(docs.join("truncated.pdf"), &real_pdf[..real_pdf.len() / 3]).unwrap();
    fs::write(docs.join("bomb.docx"), zip_bomb()).unwrap();
    fs::write(docs.join("lines.jsonl"), "{\"text\": \"A statement on the death penalty for drug offences and executions in the region, with a call for a moratorium.\"}\nnot json\n{\"title\": \"no text\"}\n").unwrap();
    // Windows-1252, as older French files come: decoded, not refused.
    fs::write(docs.join("ancien.txt"), b"D\xe9claration sur la peine de mort et les ex\xe9cutions pour infractions li\xe9es \xe0 la drogue dans la r\xe9gion.\n").unwrap();

    let index_dir = work.path().join("index");
    let report = work.path().join("report.jsonl");
    let report_arg = report.display().to_string();
    let (output, summary) = index(&[&docs], &index_dir, &["--report", &report_arg]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "exit code says something was skipped"
    );

    let skipped: Vec<String> = summary["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            entry["path"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    for name in [
        "empty.txt",
        "binary.txt",
        "random.docx",
        "random.pdf",
        "bomb.docx",
        "lines.jsonl",
    ] {
        assert!(
            skipped.contains(&name.to_string()),
            "{name} reported: {summary}"
        );
    }
    assert!(!skipped.contains(&"good.txt".to_string()));
    assert!(!skipped.contains(&"ancien.txt".to_string()));
    // good.txt, ancien.txt and the one good JSON line; the truncated PDF may keep its first page.
    let in_index = count(&summary, "documents_in_index");
    assert!((3..=4).contains(&in_index), "{summary}");

    let report_lines: Vec<serde_json::Value> = fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let (report_lines, warning_lines): (Vec<serde_json::Value>, Vec<serde_json::Value>) =
        report_lines
            .into_iter()
            .partition(|line| line["kind"] == "skipped");
    assert_eq!(report_lines.len(), skipped.len());
    assert_eq!(
        warning_lines.len(),
        summary["warnings"].as_array().unwrap().len(),
        "{warning_lines:?}"
    );
    for line in &report_lines {
        assert!(!line["reason"].as_str().unwrap().is_empty(), "{line}");
    }
    let bomb = report_lines
        .iter()
        .find(|line| line["path"].as_str().unwrap().ends_with("bomb.docx"))
        .unwrap();
    assert!(
        bomb["reason"].as_str().unwrap().contains("uncompressed")
            || bomb["reason"].as_str().unwrap().contains("bomb"),
        "{bomb}"
    );
}

/// A DOCX-named zip whose one entry inflates to 1 GiB of zeros.
fn zip_bomb() -> Vec<u8> {
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        writer.start_file("word/document.xml", options).unwrap();
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            writer.write_all(&zeros).unwrap();
        }
        writer.finish().unwrap();
    }
    buffer.into_inner()
}

/// One JSON Lines record of the bulk input of the killed run.
fn bulk_line(number: u64) -> String {
    serde_json::json!({
        "id": format!("bulk-{number}"),
        "title": format!("Statement {number}"),
        "text": format!("Statement number {number} on drug policy, harm reduction and the death penalty for drug offences; paragraph about prisons and victims of crime."),
        "language": "en",
    })
    .to_string()
        + "\n"
}

/// The run reads a named pipe the test writes: once it has committed what the test wrote,
/// it waits for more and cannot finish, so it is killed mid-run whatever the machine's speed.
#[cfg(unix)]
#[test]
fn a_killed_run_leaves_an_index_at_its_last_commit_and_the_next_run_completes_it() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;

    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("bulk.jsonl");
    let c_path = std::ffi::CString::new(input.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo reads nothing else.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    // Two batches of records (2,048 each) with a commit every 2,000 documents: at least one
    // commit falls before the run waits for a third.
    let written = 4096u64;
    let documents = 6000u64;

    let index_dir = work.path().join("index");
    let stderr_path = work.path().join("stderr.txt");
    let mut child = plenary()
        .arg("index")
        .arg(&input)
        .arg("--index")
        .arg(&index_dir)
        // Commits by count only: one by the clock could hold no record yet.
        .args([
            "--commit-every",
            "2000",
            "--commit-seconds",
            "86400",
            "--json",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    // Opening the pipe to write waits for the run to open it to read.
    let writer = {
        let input = input.clone();
        std::thread::spawn(move || -> std::io::Result<fs::File> {
            let mut pipe = fs::OpenOptions::new().write(true).open(&input)?;
            for number in 0..written {
                pipe.write_all(bulk_line(number).as_bytes())?;
            }
            Ok(pipe) // held open: the run waits for more
        })
    };
    // A run that ended without reading the pipe fails the test; the writing thread, which
    // would wait for it for ever, is freed first by a reader that opens and goes.
    let ended = |status: std::process::ExitStatus, when: &str| -> ! {
        let _unblock = fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&input);
        panic!(
            "the run ended ({status}) {when}: {}",
            fs::read_to_string(&stderr_path).unwrap_or_default()
        );
    };
    let manifest = index_dir.join("plenary-manifest.json");
    // Waits for the first commit (the manifest is written with it), or for the run to end.
    while !manifest.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            ended(status, "before its first commit");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    if let Some(status) = child.try_wait().unwrap() {
        ended(
            status,
            "while the pipe was open, which it cannot have read to its end",
        );
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    drop(writer.join().unwrap().expect("the records are written"));

    // The index opens at its last commit: one or both batches, not a record more.
    let output = plenary()
        .args(["search", "", "--json", "--size", "1", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let committed = response["total"].as_u64().unwrap();
    assert!(
        committed == 2048 || committed == written,
        "the index holds what a commit held: {committed}"
    );

    // The next run, on the whole input as a file, completes the index.
    fs::remove_file(&input).unwrap();
    let mut file = std::io::BufWriter::new(fs::File::create(&input).unwrap());
    for number in 0..documents {
        file.write_all(bulk_line(number).as_bytes()).unwrap();
    }
    file.into_inner().unwrap();
    let (output, summary) = index(&[&input], &index_dir, &[]);
    assert!(output.status.success(), "{summary}");
    assert_eq!(
        count(&summary, "documents_in_index"),
        documents,
        "{summary}"
    );
}

#[cfg(unix)]
#[test]
fn a_named_pipe_inside_a_folder_is_reported_not_passed_over() {
    use std::os::unix::ffi::OsStrExt;

    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("statement.txt"), STATEMENT).unwrap();
    let pipe = docs.join("stream.jsonl");
    let c_path = std::ffi::CString::new(pipe.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo reads nothing else.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    let (output, summary) = index(&[&docs], &work.path().join("index"), &[]);
    assert_eq!(output.status.code(), Some(2), "{summary}");
    let skipped = summary["skipped"].as_array().unwrap();
    assert!(
        skipped.iter().any(
            |entry| entry["path"].as_str().unwrap().ends_with("stream.jsonl")
                && entry["reason"]
                    .as_str()
                    .unwrap()
                    .contains("not a regular file")
        ),
        "{summary}"
    );
    assert_eq!(count(&summary, "documents_in_index"), 1);
}

/// Writes in `index_dir` a Tantivy index whose schema is not Plenary's, as an earlier
/// version with another schema would have left it, holding `documents` documents.
fn write_an_index_with_another_schema(index_dir: &Path, documents: u64) {
    use tantivy::schema::{STORED, Schema, TEXT};
    let mut builder = Schema::builder();
    let title = builder.add_text_field("old_title", TEXT | STORED);
    let index = tantivy::Index::create_in_dir(index_dir, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    for number in 0..documents {
        writer
            .add_document(tantivy::doc!(title => format!("old document {number}")))
            .unwrap();
    }
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
}

#[test]
fn an_index_built_with_another_schema_is_rebuilt_from_scratch() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("statement.txt"), STATEMENT).unwrap();
    fs::write(docs.join("note.md"), "# Side event on prison reform\n\nThe side event discussed the Nelson Mandela Rules and prison overcrowding.\n").unwrap();
    let index_dir = work.path().join("index");
    let (_, first) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&first, "documents_in_index"), 2, "{first}");

    // Swap the index for one with another schema and keep the manifest, which says both
    // files are indexed and unchanged: only a rebuild that drops it indexes them again.
    let manifest = index_dir.join("plenary-manifest.json");
    let manifest_bytes = fs::read(&manifest).unwrap();
    fs::remove_dir_all(&index_dir).unwrap();
    fs::create_dir(&index_dir).unwrap();
    write_an_index_with_another_schema(&index_dir, 5);
    fs::write(&manifest, manifest_bytes).unwrap();

    let (output, rebuilt) = index(&[&docs], &index_dir, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("another schema"),
        "a warning says why: {stderr}"
    );
    assert_eq!(count(&rebuilt, "files_indexed"), 2, "{rebuilt}");
    assert_eq!(count(&rebuilt, "documents"), 2, "{rebuilt}");
    assert_eq!(count(&rebuilt, "documents_in_index"), 2, "{rebuilt}");

    let output = plenary()
        .args(["search", "", "--json", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(response["total"], 2, "{response}");

    // The next run is incremental again.
    let (_, again) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&again, "files_indexed"), 0, "{again}");
    assert_eq!(count(&again, "documents_in_index"), 2, "{again}");
}

#[test]
fn an_index_with_another_schema_not_built_by_plenary_is_left_alone() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("statement.txt"), STATEMENT).unwrap();
    let index_dir = work.path().join("someone-elses-index");
    fs::create_dir(&index_dir).unwrap();
    write_an_index_with_another_schema(&index_dir, 3);
    let files_before = fs::read_dir(&index_dir).unwrap().count();

    let output = plenary()
        .arg("index")
        .arg(&docs)
        .arg("--index")
        .arg(&index_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("someone-elses-index") && stderr.contains("another schema"),
        "the error names the directory and why: {stderr}"
    );
    assert!(index_dir.join("meta.json").is_file());
    assert_eq!(fs::read_dir(&index_dir).unwrap().count(), files_before);
}

#[test]
fn a_user_taxonomy_re_tags_on_the_next_run_without_recompiling() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("statement.txt"), STATEMENT).unwrap();
    let index_dir = work.path().join("index");
    let (_, bundled) = index(&[&docs], &index_dir, &[]);
    assert_eq!(count(&bundled, "documents_in_index"), 1);

    let taxonomy = work.path().join("taxonomy.toml");
    fs::write(
        &taxonomy,
        r#"
[[topic]]
slug = "capital-punishment"
label = "Capital punishment"
labels = { en = "Capital punishment" }

[topic.terms]
en = [{ term = "death penalty", weight = 2 }, { term = "capital punishment", weight = 2 }, { term = "moratorium", weight = 2 }]
"#,
    )
    .unwrap();
    let taxonomy_arg = taxonomy.display().to_string();
    let (output, retagged) = index(&[&docs], &index_dir, &["--taxonomy", &taxonomy_arg]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        count(&retagged, "files_indexed"),
        1,
        "a new taxonomy re-tags every file: {retagged}"
    );

    let output = plenary()
        .args(["search", "", "--json", "--index"])
        .arg(&index_dir)
        .output()
        .unwrap();
    let response: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        response["hits"][0]["topics"],
        serde_json::json!(["capital-punishment"]),
        "{response}"
    );

    let bad = work.path().join("bad.toml");
    fs::write(&bad, "[[topic]]\nslug = \"x\"\nparent = \"nowhere\"\n").unwrap();
    let bad_arg = bad.display().to_string();
    let output = plenary()
        .args(["index", "--taxonomy", &bad_arg, "--index"])
        .arg(&index_dir)
        .arg(&docs)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("bad.toml"),
        "the error names the file"
    );
}

#[test]
fn search_without_an_index_says_so_once() {
    let missing = tempfile::tempdir().unwrap();
    let index_dir = missing.path().join("no-index-here");
    let stderr = stderr_of_failure(
        plenary()
            .args(["search", "death penalty", "--index"])
            .arg(&index_dir),
    );
    assert_eq!(
        stderr.trim(),
        format!(
            "error: no index in {} (build one with `plenary index`)",
            index_dir.display()
        )
    );
}

#[test]
fn a_log_written_to_a_file_has_no_colour_codes() {
    let folder = tempfile::tempdir().unwrap();
    let docs = one_statement(folder.path());
    let output = plenary()
        .env("PLENARY_LOG", "debug")
        .arg("index")
        .arg(&docs)
        .arg("--index")
        .arg(folder.path().join("index"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let log = String::from_utf8(output.stderr).unwrap();
    assert!(
        log.contains("DEBUG"),
        "the run logged at debug level: {log}"
    );
    assert!(!log.contains('\u{1b}'), "no escape codes: {log}");
}

#[test]
fn a_record_whose_stated_values_cannot_be_read_is_indexed_and_each_value_reported() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let text = "A statement on the death penalty for drug offences and executions in the region, with a call for a moratorium.";
    let good = serde_json::json!({"id": "good", "text": text, "forum": "CND", "session": "62", "date": "2019-03-14", "doc_type": "statement"});
    let odd = serde_json::json!({"id": "odd", "text": text, "forum": "Vienna Council", "session": "spring", "date": "sometime in March", "doc_type": "pamphlet"});
    fs::write(docs.join("records.jsonl"), format!("{good}\n{odd}\n")).unwrap();
    // Every record of a large export stating the same unknown forum: the first values
    // are listed, the rest counted, not a report line each.
    let many = (0..150)
        .map(|number| serde_json::json!({"id": format!("many-{number}"), "text": text, "forum": "Vienna Council"}).to_string())
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(docs.join("many.jsonl"), many).unwrap();

    let index_dir = work.path().join("index");
    let report = work.path().join("report.jsonl");
    let report_arg = report.display().to_string();
    let (output, summary) = index(&[&docs], &index_dir, &["--report", &report_arg]);
    assert!(
        output.status.success(),
        "nothing was skipped: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(count(&summary, "documents_in_index"), 152, "{summary}");

    let warnings = summary["warnings"].as_array().expect("warnings listed");
    let of_records: Vec<&serde_json::Value> = warnings
        .iter()
        .filter(|warning| warning["path"].as_str().unwrap().ends_with("records.jsonl"))
        .collect();
    for (field, value) in [
        ("forum", "Vienna Council"),
        ("session", "spring"),
        ("date", "sometime in March"),
        ("doc_type", "pamphlet"),
    ] {
        assert!(
            of_records.iter().any(|warning| warning["line"] == 2
                && warning["field"] == field
                && warning["value"] == value
                && warning["reason"].as_str().unwrap().contains(value)),
            "{field} {value} reported: {summary}"
        );
    }
    assert_eq!(of_records.len(), 4, "only the odd line: {summary}");
    let of_many = warnings
        .iter()
        .filter(|warning| warning["path"].as_str().unwrap().ends_with("many.jsonl"))
        .count();
    assert_eq!(
        of_many, 101,
        "100 listed and one counting the rest: {summary}"
    );
    assert!(
        warnings
            .iter()
            .any(|warning| warning["reason"].as_str().unwrap().starts_with("50 more")),
        "{summary}"
    );

    // The report holds them too, each marked a warning.
    let report_lines: Vec<serde_json::Value> = fs::read_to_string(&report)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(report_lines.len(), warnings.len());
    assert!(report_lines.iter().all(|line| line["kind"] == "warning"));
    assert!(report_lines.iter().any(|line| line["field"] == "forum"
        && line["line"] == 2
        && line["path"].as_str().unwrap().ends_with("records.jsonl")));
}

/// A folder holding one statement, for the runs below.
fn one_statement(folder: &Path) -> std::path::PathBuf {
    let docs = folder.join("docs");
    fs::create_dir(&docs).unwrap();
    fs::write(
        docs.join("statement.txt"),
        "Statement on the death penalty for drug offences.\n\nWe call for its abolition.",
    )
    .unwrap();
    docs
}

#[test]
fn a_missing_path_is_reported_once_and_the_other_paths_are_indexed() {
    let work = tempfile::tempdir().unwrap();
    let docs = one_statement(work.path());
    let missing = work.path().join("no-such-folder");
    let index_dir = work.path().join("index");
    let (output, summary) = index(&[missing.as_path(), docs.as_path()], &index_dir, &[]);
    // Skipped input: exit code 2, the rest indexed.
    assert_eq!(output.status.code(), Some(2), "{summary}");
    assert_eq!(count(&summary, "documents"), 1, "{summary}");
    let skipped = summary["skipped"].to_string();
    assert!(
        skipped.contains(&missing.display().to_string()),
        "{skipped}"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        format!("{stderr}{skipped}").matches("os error 2").count(),
        1,
        "said once: {stderr}{skipped}"
    );
}

#[test]
fn a_run_whose_paths_are_all_missing_says_so_once_and_makes_no_index_directory() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("no-such-folder");
    let index_dir = work.path().join("index");
    let stderr = stderr_of_failure(
        plenary()
            .arg("index")
            .arg(&missing)
            .arg("--index")
            .arg(&index_dir),
    );
    assert_eq!(
        stderr.trim(),
        format!(
            "error: indexing into {}: cannot read {}: No such file or directory (os error 2)",
            index_dir.display(),
            missing.display()
        )
    );
    assert!(!index_dir.exists(), "no index directory is left behind");
}

#[test]
fn an_index_directory_that_is_a_file_is_said_once() {
    let work = tempfile::tempdir().unwrap();
    let docs = one_statement(work.path());
    let not_a_folder = work.path().join("index");
    fs::write(&not_a_folder, "a file").unwrap();
    let stderr = stderr_of_failure(
        plenary()
            .arg("index")
            .arg(&docs)
            .arg("--index")
            .arg(&not_a_folder),
    );
    assert!(
        stderr.contains(&not_a_folder.display().to_string()),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("a file, not a folder").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn a_port_in_use_is_said_once_with_how_to_choose_another() {
    let work = tempfile::tempdir().unwrap();
    let docs = one_statement(work.path());
    let index_dir = work.path().join("index");
    index(&[docs.as_path()], &index_dir, &[]);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let stderr = stderr_of_failure(
        plenary()
            .args(["serve", "--host", "127.0.0.1", "--port", &port, "--index"])
            .arg(&index_dir),
    );
    assert!(stderr.contains("choose another with --port"), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    assert_eq!(stderr.matches("(os error").count(), 1, "{stderr}");
}
