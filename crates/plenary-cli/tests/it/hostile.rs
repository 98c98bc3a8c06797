//! The binary against what a hostile or careless use does to it.

use crate::common;

use std::fs;

use common::{count, index, plenary};

/// A few statements to search.
fn small_corpus(folder: &std::path::Path) {
    fs::create_dir_all(folder).unwrap();
    for number in 0..5 {
        fs::write(
            folder.join(format!("statement-{number}.txt")),
            format!(
                "Statement {number} submitted by a non-governmental organization.\n\nCivil society calls for harm reduction services in prison number {number}.\n"
            ),
        )
        .unwrap();
    }
}

#[cfg(unix)]
#[test]
fn search_into_a_closed_pipe_ends_quietly() {
    use std::os::fd::{FromRawFd, OwnedFd};
    use std::process::Stdio;

    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    small_corpus(&docs);
    let index_dir = work.path().join("index");
    let (output, summary) = index(&[&docs], &index_dir, &[]);
    assert!(output.status.success(), "{summary}");
    assert_eq!(count(&summary, "documents_in_index"), 5);

    for format in [&[][..], &["--json"][..]] {
        // A pipe whose reader is gone before the first byte is written, as when `head` has
        // read its lines: every write fails with a broken pipe.
        let mut ends = [0; 2];
        // SAFETY: `pipe` fills the two descriptors, each then owned once.
        assert_eq!(unsafe { libc::pipe(ends.as_mut_ptr()) }, 0);
        let (reader, writer) =
            unsafe { (OwnedFd::from_raw_fd(ends[0]), OwnedFd::from_raw_fd(ends[1])) };
        drop(reader);
        let output = plenary()
            .arg("search")
            .arg("harm reduction")
            .args(format)
            .arg("--index")
            .arg(&index_dir)
            .stdout(Stdio::from(writer))
            .stderr(Stdio::piped())
            .output()
            .expect("plenary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{format:?}: {:?}, stderr: {stderr}",
            output.status
        );
        assert!(stderr.is_empty(), "{format:?}: nothing said: {stderr}");
    }
}

/// Runs `plenary index` with writes limited to `limit_bytes` per file (`RLIMIT_FSIZE`, as
/// `ulimit -f` sets it): a write past it fails with `EFBIG` as a full disk fails with
/// `ENOSPC`, deterministically and without root.
#[cfg(unix)]
fn index_with_file_size_limit(
    docs: &std::path::Path,
    index_dir: &std::path::Path,
    limit_bytes: u64,
    extra: &[&str],
) -> std::process::Output {
    use std::os::unix::process::CommandExt;

    let mut command = plenary();
    command
        .arg("index")
        .arg(docs)
        .arg("--index")
        .arg(index_dir)
        .arg("--json")
        .args(extra);
    // SAFETY: between fork and exec only async-signal-safe calls are made.
    unsafe {
        command.pre_exec(move || {
            // Ignored, the signal a write past the limit raises becomes an error of the write.
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: limit_bytes as libc::rlim_t,
                rlim_max: limit_bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    command.output().expect("plenary runs")
}

/// Files in the index directory that belong to no segment of its last commit.
fn files_of_no_segment(index_dir: &std::path::Path) -> Vec<String> {
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(index_dir.join("meta.json")).unwrap()).unwrap();
    let segments: Vec<String> = meta["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|segment| segment["segment_id"].as_str().unwrap().replace('-', ""))
        .collect();
    fs::read_dir(index_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| {
            let stem = name.split('.').next().unwrap_or_default();
            stem.len() == 32 && !segments.iter().any(|segment| segment == stem)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_write_failure_while_indexing_stops_the_run_naming_the_index_and_the_report_is_written() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let mut bulk = String::new();
    for number in 0..4_000 {
        bulk.push_str(&serde_json::json!({
            "id": format!("s{number}"),
            "text": format!("Statement {number} on drug policy and harm reduction in prisons, {}.", number * 7919),
            "language": "en",
        }).to_string());
        bulk.push('\n');
    }
    fs::write(docs.join("bulk.jsonl"), bulk).unwrap();
    // A file that is skipped, so that the report has something to say.
    fs::write(
        docs.join("binary.txt"),
        [0u8, 1, 2, 3, 255, 254].repeat(200),
    )
    .unwrap();
    let index_dir = work.path().join("index");
    let report = work.path().join("report.jsonl");
    let report_argument = report.display().to_string();
    let output = index_with_file_size_limit(
        &docs,
        &index_dir,
        64 * 1024,
        &["--report", &report_argument],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot write the index in {}",
            index_dir.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(stderr.contains("no room left to write"), "{stderr}");
    let report = fs::read_to_string(&report).expect("the report is written");
    assert_eq!(report.lines().count(), 1, "{report}");
    assert!(report.contains("binary.txt"), "{report}");
    assert_eq!(files_of_no_segment(&index_dir), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_write_failure_in_a_merge_fails_the_run_and_leaves_no_merge_output() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    fs::create_dir(&docs).unwrap();
    let words = [
        "drug",
        "policy",
        "harm",
        "reduction",
        "prison",
        "civil",
        "society",
        "health",
        "rights",
        "women",
        "youth",
        "treatment",
        "prevention",
        "justice",
        "victims",
    ];
    let mut state = 7u64;
    for number in 0..640 {
        let mut text = format!("Statement {number} submitted by an organization.\n\n");
        for _ in 0..200 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(words[(state >> 33) as usize % words.len()]);
            text.push(' ');
        }
        fs::write(docs.join(format!("s{number:04}.txt")), text).unwrap();
    }
    let index_dir = work.path().join("index");
    // A commit per batch of files makes segments under the limit; merging eight of them
    // makes one over it.
    let output =
        index_with_file_size_limit(&docs, &index_dir, 128 * 1024, &["--commit-every", "1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains(&format!(
            "cannot write the index in {}",
            index_dir.display()
        )),
        "{stderr}"
    );
    assert_eq!(
        files_of_no_segment(&index_dir),
        Vec::<String>::new(),
        "the merge's output is removed"
    );

    let (output, summary) = index(&[&docs], &index_dir, &[]);
    assert!(output.status.success(), "{summary}");
    assert_eq!(count(&summary, "documents_in_index"), 640);
}

/// A one-page PDF whose font names an encoding the PDF library cannot read: it falls back
/// to the standard one, and logs the font.
fn pdf_with_an_unreadable_encoding() -> Vec<u8> {
    plenary_testkit::one_page_pdf(
        b"BT /F1 12 Tf 72 720 Td (Statement on prisons and drug policy.) Tj ET",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 42 >>",
    )
}

#[test]
fn a_library_warning_names_its_file_and_the_pdf_library_keeps_its_fallbacks_to_itself() {
    let work = tempfile::tempdir().unwrap();
    let pdf = work.path().join("statement.pdf");
    fs::write(&pdf, pdf_with_an_unreadable_encoding()).unwrap();
    let enrich = |log: Option<&str>| {
        let mut command = plenary();
        command.env_remove("PLENARY_LOG");
        if let Some(log) = log {
            command.env("PLENARY_LOG", log);
        }
        let output = command
            .arg("enrich")
            .arg(&pdf)
            .arg("-o")
            .arg(work.path().join("out.jsonl"))
            .output()
            .expect("the plenary binary runs");
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).to_string()
    };
    // By default the fallback is not shown: the text is read.
    let quiet = enrich(None);
    assert!(!quiet.contains("lopdf"), "{quiet}");
    assert!(quiet.contains("enriched 1 documents"), "{quiet}");
    // Asked for, it names the file it came from.
    let told = enrich(Some("warn"));
    assert!(told.contains("lopdf"), "{told}");
    assert!(told.contains(&format!("path={}", pdf.display())), "{told}");
}
