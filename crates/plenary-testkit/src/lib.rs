//! What the test suites of the workspace share, and nothing the product links.
//!
//! A test that cannot run here (no `../shared`, no Chromium, no qpdf) calls [`skip`]: it
//! prints why, and when `PLENARY_SKIP_LOG` names a file (as `.ci/run` does), adds a line
//! to it, so that CI ends with one line counting the skipped tests and never skips in
//! silence.

use std::io::Write;

/// The environment variable naming the file skips are recorded in.
pub const SKIP_LOG_VARIABLE: &str = "PLENARY_SKIP_LOG";

/// Records that the calling test skipped, and why.
pub fn skip(reason: impl std::fmt::Display) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    println!("skipped {test}: {reason}");
    if let Some(path) = std::env::var_os(SKIP_LOG_VARIABLE) {
        let line = format!("{test}: {reason}\n");
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut file| file.write_all(line.as_bytes()));
        if let Err(error) = written {
            eprintln!(
                "cannot record the skip in {}: {error}",
                path.to_string_lossy()
            );
        }
    }
}

/// The `shared` folder beside the checkout (real corpora and labels), or `None` after a
/// [`skip`] naming it when it is absent.
pub fn shared_dir() -> Option<std::path::PathBuf> {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if shared.is_dir() {
        Some(shared)
    } else {
        skip(format!("{} is absent", shared.display()));
        None
    }
}

/// A file of the shared external corpora (`shared/corpus-external/<relative>`), or
/// `None` after a [`skip`] naming it when it is absent.
pub fn external_corpus_file(relative: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus-external")
        .join(relative);
    if path.is_file() {
        Some(path)
    } else {
        skip(format!("{} is absent", path.display()));
        None
    }
}

/// Every 40th speech of the UN General Debate corpus (`ungdc/ungdc_1946-2024.jsonl.zst`),
/// as JSON lines, or `None` after a [`skip`] when the corpus is absent.
pub fn general_debate_sample() -> Option<Vec<String>> {
    use std::io::BufRead;
    let corpus = external_corpus_file("ungdc/ungdc_1946-2024.jsonl.zst")?;
    let file = std::fs::File::open(corpus).expect("the General Debate corpus opens");
    let reader = zstd::stream::read::Decoder::new(file).expect("a zstd stream");
    Some(
        std::io::BufReader::new(reader)
            .lines()
            .step_by(40)
            .map(|line| line.expect("a line"))
            .collect(),
    )
}

/// A PDF file of `objects`, numbered from 1 in order, the first its catalog: the
/// header, each object, the cross-reference table and the trailer, as a writer makes them.
pub fn pdf_of_objects(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// A one-page PDF whose page shows `content` (a content stream) in the font `font` (a
/// font dictionary), named `/F1`.
pub fn one_page_pdf(content: &[u8], font: &str) -> Vec<u8> {
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        [
            format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(),
            content,
            b"\nendstream",
        ]
        .concat(),
        font.as_bytes().to_vec(),
    ];
    pdf_of_objects(&objects)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skip_is_recorded_in_the_log_named_by_the_environment() {
        let directory =
            std::env::temp_dir().join(format!("plenary-testkit-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let log = directory.join("skips.log");
        // SAFETY: this test is the only one in its process that reads or writes the variable.
        unsafe { std::env::set_var(SKIP_LOG_VARIABLE, &log) };
        skip("the tool is absent");
        skip("the folder is absent");
        unsafe { std::env::remove_var(SKIP_LOG_VARIABLE) };
        let text = std::fs::read_to_string(&log).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].ends_with(": the tool is absent"), "{text}");
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
