//! The Spark job of `deploy/spark/` in local mode (`local[2]`): its merged index answers
//! as the index `plenary index` builds alone from the same files. It needs Java and
//! PySpark: `PLENARY_PYSPARK_PYTHON` names a Python that imports `pyspark` (as `.ci/run`
//! sets it), else `python3` is tried; without either the test skips with a notice.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{answers, corpus_docs, count, index, stored_documents, workspace_dir};

/// A Python that imports pyspark, or why there is none.
fn pyspark_python() -> Result<PathBuf, String> {
    let java = Command::new("java").arg("-version").output();
    if !java.is_ok_and(|output| output.status.success()) {
        return Err("no java on PATH (Spark needs Java 17)".into());
    }
    let python = std::env::var_os("PLENARY_PYSPARK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("python3"));
    let imports = Command::new(&python)
        .args(["-c", "import pyspark"])
        .output();
    match imports {
        Ok(output) if output.status.success() => Ok(python),
        _ => Err(format!(
            "{} cannot import pyspark (set PLENARY_PYSPARK_PYTHON to a Python that can)",
            python.display()
        )),
    }
}

/// The bundled corpus, and a sample of the external corpora when `../shared` is there.
fn sample_inputs() -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(corpus_docs())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    if let Some(shared) = plenary_testkit::shared_dir() {
        let external = shared.join("corpus-external");
        for (folder, extension, take) in [("ssdp-blog", "txt", 5), ("upr-slovenia", "md", 8)] {
            let mut files: Vec<PathBuf> = std::fs::read_dir(external.join(folder))
                .map(|entries| {
                    entries
                        .filter_map(|entry| Some(entry.ok()?.path()))
                        .collect()
                })
                .unwrap_or_default();
            files.retain(|path| path.extension().is_some_and(|found| found == extension));
            files.sort();
            inputs.extend(files.into_iter().take(take));
        }
    }
    inputs.sort();
    inputs
}

fn run_job(python: &Path, inputs: &Path, out: &Path) -> serde_json::Value {
    let output = Command::new(python)
        .arg(workspace_dir().join("deploy/spark/plenary_spark.py"))
        .args(["--master", "local[2]", "--partitions", "3", "--parquet"])
        .arg("--inputs")
        .arg(inputs)
        .arg("--out")
        .arg(out)
        .arg("--plenary")
        .arg(env!("CARGO_BIN_EXE_plenary"))
        .env("PYSPARK_PYTHON", python)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "the Spark job failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).unwrap_or_else(|error| panic!("{error}: {stdout}"))
}

#[test]
fn spark_job_in_local_mode_builds_the_index_plenary_index_builds() {
    let python = match pyspark_python() {
        Ok(python) => python,
        Err(reason) => return plenary_testkit::skip(reason),
    };
    let work = tempfile::tempdir().unwrap();
    let inputs = sample_inputs();
    let list = work.path().join("inputs.txt");
    let lines: Vec<String> = inputs
        .iter()
        .map(|path| path.display().to_string())
        .collect();
    std::fs::write(&list, lines.join("\n")).unwrap();

    let direct = work.path().join("direct");
    let paths: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let (output, direct_summary) = index(&paths, &direct, &[]);
    assert!(output.status.code().is_some_and(|code| code <= 2));

    let out = work.path().join("spark");
    let first = run_job(&python, &list, &out);
    let merged = out.join("index");
    assert_eq!(
        count(&first["merge"], "documents"),
        count(&direct_summary, "documents_in_index")
    );
    let (one, from_spark) = (stored_documents(&direct), stored_documents(&merged));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        from_spark.keys().collect::<Vec<_>>()
    );
    for (id, document) in &one {
        assert_eq!(document, &from_spark[id], "document {id}");
    }
    for query in crate::merge::QUERIES {
        assert_eq!(
            answers(&direct, query),
            answers(&merged, query),
            "query {query:?}"
        );
    }
    let parquet = std::fs::read_dir(out.join("parquet"))
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .is_ok_and(|entry| entry.path().extension().is_some_and(|ext| ext == "parquet"))
        })
        .count();
    assert!(parquet > 0, "the records are written as Parquet too");

    // Nothing changed: no partition is enriched again, no shard indexes anything.
    let second = run_job(&python, &list, &out);
    for partition in second["partitions"].as_array().unwrap() {
        assert_eq!(partition["enriched"], false, "{partition}");
        assert_eq!(
            count(&partition["index"], "files_indexed"),
            0,
            "{partition}"
        );
    }
    assert_eq!(
        count(&second["merge"], "documents"),
        count(&direct_summary, "documents_in_index")
    );
}
