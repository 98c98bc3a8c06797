//! The `corpus` and `bench` subcommands run end to end on a tiny generated corpus.
//! No timing is asserted: only that each command runs and reports what it measured.

use std::path::Path;
use std::process::Command;

fn plenary(arguments: &[&str], directory: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(arguments)
        .current_dir(directory)
        .output()
        .expect("the plenary binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "plenary {arguments:?} failed\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The number that ends just before `marker` in `line`: `number_before("in 2.5 s", " s")` is 2.5.
fn number_before(line: &str, marker: &str) -> f64 {
    let end = line
        .find(marker)
        .unwrap_or_else(|| panic!("`{marker}` in {line}"));
    let start = line[..end].rfind(' ').map_or(0, |space| space + 1);
    line[start..end]
        .parse()
        .unwrap_or_else(|_| panic!("a number before `{marker}` in {line}"))
}

#[test]
fn corpus_generate_is_deterministic_and_bench_index_and_query_run_on_it() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let work = directory.path();

    plenary(
        &[
            "corpus", "generate", "--docs", "60", "--out", "a.jsonl", "--seed", "5",
        ],
        work,
    );
    plenary(
        &[
            "corpus", "generate", "--docs", "60", "--out", "b.jsonl", "--seed", "5",
        ],
        work,
    );
    let first = std::fs::read(work.join("a.jsonl")).expect("the corpus was written");
    assert_eq!(
        first,
        std::fs::read(work.join("b.jsonl")).expect("the corpus was written")
    );
    assert_eq!(first.iter().filter(|&&byte| byte == b'\n').count(), 60);

    let report = plenary(
        &[
            "bench",
            "index",
            "--input",
            "a.jsonl",
            "--threads",
            "1,2",
            "--sample",
            "20",
            "--keep",
            "index",
        ],
        work,
    );
    assert!(report.contains("threads 1: 60 docs"), "{report}");
    assert!(report.contains("threads 2: 60 docs"), "{report}");
    assert!(
        report.contains("| threads | cores allowed | docs |"),
        "a scaling table: {report}"
    );
    for threads in ["1", "2"] {
        let line = report
            .lines()
            .find(|line| line.starts_with(&format!("threads {threads}: ")))
            .unwrap();
        assert!(number_before(line, " s, ") > 0.0, "cpu s: {line}");
        assert!(number_before(line, " cores used") > 0.0, "{line}");
        assert!(number_before(line, " MB per cpu-second") > 0.0, "{line}");
    }
    let table: Vec<Vec<&str>> = report
        .lines()
        .skip_while(|line| !line.starts_with("| threads | cores allowed | docs |"))
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert_eq!(table.len(), 4, "a header, a rule and two rows: {report}");
    for column in ["cpu s", "cores used", "MB per cpu-second"] {
        let position = table[0]
            .iter()
            .position(|name| *name == column)
            .unwrap_or_else(|| panic!("a `{column}` column: {report}"));
        for row in &table[2..] {
            let value: f64 = row[position].parse().unwrap();
            assert!(value > 0.0, "{column} is positive: {report}");
        }
    }
    assert!(
        report.contains("where the time goes: 20 records"),
        "{report}"
    );
    assert!(report.contains("language detection"), "{report}");
    assert!(work.join("index").is_dir(), "--keep keeps the index");

    let report = plenary(
        &[
            "bench",
            "query",
            "--index",
            "index",
            "--seconds",
            "0.2",
            "--threads",
            "1,2",
        ],
        work,
    );
    assert!(report.contains("index: index (60 documents)"), "{report}");
    assert!(report.contains("| threads | queries |"), "{report}");
    assert!(report.contains("per query, one thread:"), "{report}");
    assert!(
        report.contains("| aggregation: timeline by year |"),
        "{report}"
    );

    // The HTTP load driver against the real server on the same index, with the
    // server's answer cache and without it.
    let server = Server::start(work, "index");
    let bench_http = |extra: &[&str]| {
        let mut arguments = vec![
            "bench",
            "http",
            "--url",
            &server.url,
            "--seconds",
            "0.5",
            "--concurrency",
            "2",
        ];
        arguments.extend_from_slice(extra);
        plenary(&arguments, work)
    };
    let cached = bench_http(&[]);
    let computed = bench_http(&["--no-cache"]);
    let from_cache = |report: &str| -> (f64, f64) {
        let table: Vec<Vec<&str>> = report
            .lines()
            .skip_while(|line| !line.starts_with("| clients |"))
            .take_while(|line| line.starts_with('|'))
            .map(|line| line.trim_matches('|').split('|').map(str::trim).collect())
            .collect();
        assert_eq!(table.len(), 3, "{report}");
        let column = |name: &str| {
            let position = table[0].iter().position(|column| *column == name).unwrap();
            table[2][position]
                .trim_end_matches('%')
                .parse::<f64>()
                .unwrap()
        };
        assert_eq!(column("errors"), 0.0, "{report}");
        assert!(column("requests") > 0.0, "{report}");
        (column("from cache"), column("req/s"))
    };
    let (cached_share, _) = from_cache(&cached);
    assert!(cached_share > 50.0, "the mix repeats: {cached}");
    let (computed_share, _) = from_cache(&computed);
    assert_eq!(computed_share, 0.0, "{computed}");
}

/// A running `plenary serve`, killed when dropped.
struct Server {
    child: std::process::Child,
    url: String,
}

impl Server {
    fn start(directory: &Path, index: &str) -> Server {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_plenary"))
            .args(["serve", "--port", "0", "--index", index])
            .current_dir(directory)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("plenary serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().expect("serve prints its URL").expect("a line");
            if let Some(start) = line.find("http://") {
                break line[start..].trim().trim_end_matches('/').to_string();
            }
        };
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn bench_http_refuses_addresses_other_than_loopback() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let output = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args([
            "bench",
            "http",
            "--url",
            "http://192.0.2.1:8470",
            "--seconds",
            "0.1",
        ])
        .current_dir(directory.path())
        .output()
        .expect("the plenary binary runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("only targets loopback"));
}

/// With `--pin`, a run of one thread is a run on one core: Tantivy's writer thread
/// included, it never keeps more than that core busy.
#[cfg(target_os = "linux")]
#[test]
fn bench_index_pin_confines_each_run_to_as_many_cores_as_threads() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let work = directory.path();
    plenary(
        &[
            "corpus", "generate", "--docs", "200", "--out", "c.jsonl", "--seed", "3",
        ],
        work,
    );
    let report = plenary(
        &[
            "bench",
            "index",
            "--input",
            "c.jsonl",
            "--threads",
            "1",
            "--sample",
            "0",
            "--pin",
        ],
        work,
    );
    assert!(
        report.contains("each run confined to as many cores as threads"),
        "{report}"
    );
    let line = report
        .lines()
        .find(|line| line.starts_with("threads 1: "))
        .unwrap_or_else(|| panic!("a run line: {report}"));
    assert!(line.contains(" of 1 cores used"), "{line}");
    let cores_used = number_before(line, " of 1 cores used");
    assert!(
        cores_used > 0.0 && cores_used <= 1.05,
        "one core's time at most: {line}"
    );

    let too_many = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args([
            "bench", "index", "--input", "c.jsonl", "--sample", "0", "--pin",
        ])
        .args(["--threads", "100000"])
        .current_dir(work)
        .output()
        .expect("the plenary binary runs");
    assert!(!too_many.status.success());
    let stderr = String::from_utf8_lossy(&too_many.stderr);
    assert!(stderr.contains("needs 100000 cores"), "{stderr}");
}

#[test]
fn bench_index_names_a_missing_input() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let output = Command::new(env!("CARGO_BIN_EXE_plenary"))
        .args(["bench", "index", "--input", "missing.jsonl"])
        .current_dir(directory.path())
        .output()
        .expect("the plenary binary runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("missing.jsonl: no such file"));
}
