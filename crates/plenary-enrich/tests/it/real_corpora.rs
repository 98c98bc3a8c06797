//! Metadata and paragraphs read from real corpora nobody here wrote, when
//! `/work/shared/corpus-external` is present (skipped with a notice otherwise):
//! General Assembly speeches of the General Debate corpus (a sample, every 50th
//! speech, to keep debug builds fast) and the documents of the UN Parallel Corpus dev
//! set. Each test prints what it measured before it asserts.
//!
//! The records are read as a user's JSON Lines are, through `read_jsonl`, and only the
//! fields the enricher reads today count as stated: a speech's `year` is removed, so
//! that its year must come from its text and session.

use std::io::{BufRead, BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use flate2::read::GzDecoder;
use plenary_core::{DocType, Document, Forum, Taxonomy};
use plenary_enrich::Enricher;
use plenary_parse::read_jsonl;
use regex::Regex;
use serde_json::Value;

/// Every n-th speech of the General Debate corpus is read.
const SPEECH_SAMPLE_STEP: usize = 50;

/// The longest citable unit the paragraphs may make.
const MAX_PARAGRAPH_CHARS: usize = 2_000;

/// A job number as UN documents print it ("10-55109", "GE.15-01234"), a page number
/// alone, or a bar code.
static JOB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?:\s|$|\s*\([A-Z]\))|^\d{1,3}$|^\*\d{6,8}\*$")
        .expect("job number pattern is valid")
});

fn external(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus-external")
        .join(relative);
    if path.is_file() {
        return Some(path);
    }
    plenary_testkit::skip(format!("{} is absent", path.display()));
    None
}

/// Enriches one JSON line as the indexer does.
fn enrich_line(enricher: &Enricher, source: &str, line: &str) -> Document {
    let record = read_jsonl(Cursor::new(line.as_bytes()))
        .next()
        .expect("one record")
        .expect("the record is valid");
    enricher.document_from_record(source, &record)
}

/// The Vienna bodies are the forums a speech or a document of another body must never get.
fn is_vienna(forum: Option<Forum>) -> bool {
    forum.is_some_and(Forum::is_vienna)
}

/// What the paragraphs of a set of documents look like.
#[derive(Debug, Default)]
struct ParagraphFigures {
    longest: usize,
    over_limit: usize,
    job_numbers: usize,
    /// The first job-number paragraphs found, to say what was missed.
    job_number_examples: Vec<String>,
}

impl ParagraphFigures {
    fn add(&mut self, document: &Document) {
        for passage in &document.passages {
            let chars = passage.text.chars().count();
            self.longest = self.longest.max(chars);
            self.over_limit += usize::from(chars > MAX_PARAGRAPH_CHARS);
            if JOB_NUMBER.is_match(passage.text.trim()) {
                self.job_numbers += 1;
                if self.job_number_examples.len() < 8 {
                    let example: String = passage.text.chars().take(120).collect();
                    self.job_number_examples.push(example);
                }
            }
        }
    }
}

#[derive(Debug, Default)]
struct SpeechFigures {
    speeches: usize,
    vienna_forum: usize,
    general_assembly: usize,
    speech_type: usize,
    year_right: usize,
    year_right_from_text_alone: usize,
    dated_by_the_body: usize,
    titled_by_opening_words: usize,
    paragraphs: ParagraphFigures,
}

#[test]
fn general_debate_speeches_are_general_assembly_speeches_of_their_year() {
    let Some(path) = external("ungdc/ungdc_1946-2024.jsonl.zst") else {
        return;
    };
    let enricher = Enricher::new(&Taxonomy::bundled());
    let file = std::fs::File::open(&path).expect("the corpus opens");
    let decoder = zstd::Decoder::new(file).expect("the corpus is zstd");
    let mut figures = SpeechFigures::default();
    let mut failures: Vec<String> = Vec::new();
    for (number, line) in BufReader::new(decoder).lines().enumerate() {
        if number % SPEECH_SAMPLE_STEP != 0 {
            continue;
        }
        let line = line.expect("the corpus is readable");
        let mut record: Value = serde_json::from_str(&line).expect("each line is JSON");
        let id = record["id"].as_str().unwrap_or_default().to_string();
        let year = record["year"]
            .as_i64()
            .and_then(|year| i32::try_from(year).ok());
        let opening: String = record["text"]
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        let object = record.as_object_mut().expect("a record is an object");
        object.remove("year");
        let document = enrich_line(&enricher, &id, &Value::from(object.clone()).to_string());
        object.remove("session");
        let from_text = enrich_line(&enricher, &id, &Value::from(object.clone()).to_string());

        figures.speeches += 1;
        figures.vienna_forum += usize::from(is_vienna(document.forum));
        figures.general_assembly += usize::from(document.forum == Some(Forum::GeneralAssembly));
        figures.speech_type += usize::from(document.doc_type == DocType::Speech);
        figures.year_right += usize::from(document.year == year);
        figures.year_right_from_text_alone += usize::from(from_text.year == year);
        let dated_by_body = document
            .date
            .is_some_and(|date| Some(chrono::Datelike::year(&date)) != year);
        figures.dated_by_the_body += usize::from(dated_by_body);
        let by_opening = !opening.is_empty()
            && document
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .starts_with(&opening);
        figures.titled_by_opening_words += usize::from(by_opening);
        figures.paragraphs.add(&document);
        if failures.len() < 12
            && (is_vienna(document.forum) || dated_by_body || document.year != year || by_opening)
        {
            failures.push(format!(
                "{id}: forum {:?}, date {:?}, year {:?}, title {:?}",
                document.forum, document.date, document.year, document.title
            ));
        }
    }
    println!("General Debate sample (every {SPEECH_SAMPLE_STEP}th speech): {figures:#?}");
    for failure in &failures {
        println!("  {failure}");
    }
    let speeches = figures.speeches;
    assert!(speeches > 200, "the sample was read ({speeches} speeches)");
    assert_eq!(figures.vienna_forum, 0, "no speech gets a Vienna forum");
    // Read from the text and the stated session alone, a speech that never names the
    // Assembly (4% of the corpus) is not told from any other text.
    assert!(
        figures.general_assembly * 100 >= speeches * 95,
        "speeches read as GA: {} of {speeches}",
        figures.general_assembly
    );
    assert_eq!(
        figures.speech_type, figures.general_assembly,
        "each is a speech"
    );
    assert_eq!(figures.dated_by_the_body, 0, "no speech dated by its body");
    assert!(
        figures.year_right * 100 >= speeches * 95,
        "the year follows the session: {} of {speeches}",
        figures.year_right
    );
    assert_eq!(
        figures.titled_by_opening_words, 0,
        "no title from opening words"
    );
    assert_eq!(
        figures.paragraphs.over_limit, 0,
        "no paragraph over the limit"
    );
    assert_eq!(figures.paragraphs.job_numbers, 0, "no job-number paragraph");
}

/// The Vienna body a dev-set symbol belongs to, from the symbol's prefix and the
/// corpus's own label, independently of the parser.
fn expected_vienna_forum(symbol: &str, body: &str) -> Option<Forum> {
    let prefixes = [
        ("E/CN.7/", Forum::Cnd),
        ("E/CN.15/", Forum::Ccpcj),
        ("UNODC/CCPCJ/", Forum::Ccpcj),
        ("CAC/COSP/IRG/", Forum::Irg),
        ("CAC/COSP/", Forum::Cosp),
        ("CTOC/COP/", Forum::Cop),
    ];
    if let Some((_, forum)) = prefixes
        .iter()
        .find(|(prefix, _)| symbol.starts_with(prefix))
    {
        return Some(*forum);
    }
    (symbol.starts_with("A/CONF.") && body.contains("Crime Congress"))
        .then_some(Forum::CrimeCongress)
}

#[derive(Debug, Default)]
struct ParallelCorpusFigures {
    documents: usize,
    vienna_documents: usize,
    vienna_forum_right: usize,
    false_vienna_forum: usize,
    typed_news: usize,
    paragraphs: ParagraphFigures,
}

#[test]
fn parallel_corpus_documents_get_the_forum_of_their_symbol_and_are_never_news() {
    let Some(path) = external("unpc-devset/unpc_devset_docs.jsonl.gz") else {
        return;
    };
    let enricher = Enricher::new(&Taxonomy::bundled());
    let file = std::fs::File::open(&path).expect("the dev set opens");
    let mut figures = ParallelCorpusFigures::default();
    let mut failures: Vec<String> = Vec::new();
    for line in BufReader::new(GzDecoder::new(file)).lines() {
        let line = line.expect("the dev set is readable");
        let record: Value = serde_json::from_str(&line).expect("each line is JSON");
        let id = record["id"].as_str().unwrap_or_default();
        let symbol = record["symbol"].as_str().unwrap_or_default();
        let body = record["body"].as_str().unwrap_or_default();
        let document = enrich_line(&enricher, id, &line);
        let expected = expected_vienna_forum(symbol, body);

        figures.documents += 1;
        figures.paragraphs.add(&document);
        figures.typed_news += usize::from(document.doc_type == DocType::News);
        let wrong = match expected {
            Some(forum) => {
                figures.vienna_documents += 1;
                figures.vienna_forum_right += usize::from(document.forum == Some(forum));
                document.forum != Some(forum)
            }
            None => {
                figures.false_vienna_forum += usize::from(is_vienna(document.forum));
                is_vienna(document.forum)
            }
        };
        if failures.len() < 12 && (wrong || document.doc_type == DocType::News) {
            failures.push(format!(
                "{id} ({body}): forum {:?}, expected {expected:?}, type {:?}",
                document.forum, document.doc_type
            ));
        }
    }
    println!("UN Parallel Corpus dev set: {figures:#?}");
    for failure in &failures {
        println!("  {failure}");
    }
    assert!(figures.documents > 4000, "the dev set was read");
    assert!(
        figures.vienna_documents >= 200,
        "the Vienna documents were found"
    );
    assert_eq!(
        figures.vienna_forum_right, figures.vienna_documents,
        "every Vienna symbol gives its forum"
    );
    assert_eq!(figures.false_vienna_forum, 0, "no other document is Vienna");
    assert_eq!(figures.typed_news, 0, "no UN document is news");
}
