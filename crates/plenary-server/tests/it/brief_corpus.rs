//! Briefs over the bundled corpus (`corpus/docs/`), indexed with the real indexer: the
//! brief agrees with the search service, cites real paragraphs, and two indexes of the
//! same files give the same bytes.

use std::path::{Path, PathBuf};

use plenary_core::schema::FacetField;
use plenary_core::taxonomy::Taxonomy;
use plenary_indexer::{IndexOptions, NoProgress, run_index};
use plenary_server::brief::{Brief, BriefRequest, build_brief};
use plenary_server::{SearchRequest, SearchService};

fn corpus_docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/docs")
}

fn index_corpus(directory: &Path) -> SearchService {
    let mut options = IndexOptions::new(directory.to_path_buf());
    options.threads = 2;
    run_index(&[corpus_docs()], &options, &NoProgress).expect("index the bundled corpus");
    SearchService::open(directory, Taxonomy::bundled()).expect("open the index")
}

fn topic_request(topic: &str) -> BriefRequest {
    BriefRequest {
        search: SearchRequest {
            topic: vec![topic.to_string()],
            ..SearchRequest::default()
        },
        passages: None,
    }
}

fn check_consistent(service: &SearchService, brief: &Brief, request: &BriefRequest) {
    let search = service
        .search(&SearchRequest {
            size: Some(0),
            ..request.search.clone()
        })
        .expect("search");
    assert_eq!(brief.total_documents, search.total, "{}", brief.title);
    assert_eq!(brief.documents.len() as u64, brief.total_documents);
    let per_year: u64 = brief.timeline.iter().map(|year| year.documents).sum();
    assert_eq!(per_year + brief.undated_documents, brief.total_documents);
    for year in &brief.timeline {
        assert!(year.documents <= year.index_documents, "{}", year.year);
    }
    let listed: Vec<&str> = brief
        .documents
        .iter()
        .map(|document| document.id.as_str())
        .collect();
    for passage in &brief.passages {
        assert!(
            listed.contains(&passage.document_id.as_str()),
            "{}",
            passage.citation
        );
        // A citation names who speaks, the symbol, and the date or year.
        if let Some(symbol) = &passage.symbol {
            assert!(
                passage.citation.contains(&format!("{symbol}, ")),
                "{}",
                passage.citation
            );
        }
        if let Some(organization) = &passage.organization {
            assert!(
                passage.citation.starts_with(&format!("{organization}, ")),
                "{}",
                passage.citation
            );
        }
        if let Some(date) = passage.date {
            assert!(
                passage.citation.ends_with(&date.to_string()),
                "{}",
                passage.citation
            );
        }
        assert!(
            passage.quote.iter().any(|run| run.marked),
            "the quote shows what matched: {}",
            passage.citation
        );
    }
}

#[test]
fn topic_briefs_of_the_bundled_corpus_agree_with_search_and_are_reproducible() {
    let first_dir = tempfile::tempdir().expect("temp dir");
    let second_dir = tempfile::tempdir().expect("temp dir");
    let first = index_corpus(first_dir.path());
    let second = index_corpus(second_dir.path());
    for topic in [
        "death-penalty",
        "corruption",
        "human-trafficking",
        "femicide",
    ] {
        let request = topic_request(topic);
        let brief = build_brief(&first, &request).expect("brief");
        assert!(
            brief.total_documents >= 3,
            "{topic}: every topic is in three documents or more"
        );
        assert!(!brief.passages.is_empty(), "{topic}: passages quoted");
        check_consistent(&first, &brief, &request);
        // Set PLENARY_BRIEF_DUMP=<dir> to read the briefs.
        if let Some(directory) = std::env::var_os("PLENARY_BRIEF_DUMP") {
            let directory = Path::new(&directory);
            let _ = std::fs::write(directory.join(format!("{topic}.md")), brief.to_markdown());
            let _ = std::fs::write(directory.join(format!("{topic}.html")), brief.to_html());
        }
        let again = build_brief(&second, &request).expect("brief");
        assert_eq!(brief.to_markdown(), again.to_markdown(), "{topic}");
        assert_eq!(brief.to_html(), again.to_html(), "{topic}");
    }
}

#[test]
fn paragraph_topics_are_tabulated_by_their_slugs_as_topics_are() {
    let directory = tempfile::tempdir().expect("temp dir");
    let service = index_corpus(directory.path());
    let table = |rows| {
        service
            .crosstab(&SearchRequest::default(), rows, FacetField::Forum, 50)
            .expect("crosstab")
            .rows
    };
    let by_paragraph = table(FacetField::PassageTopic);
    let by_document = table(FacetField::Topic);
    // Subtopics (harm reduction under drug policy) are named by their slugs alone.
    assert!(
        by_paragraph.contains(&"harm-reduction".to_string()),
        "{by_paragraph:?}"
    );
    assert!(
        by_paragraph.iter().all(|slug| !slug.contains('/')),
        "{by_paragraph:?}"
    );
    assert!(
        by_paragraph
            .iter()
            .all(|slug| Taxonomy::bundled().get(slug).is_some()),
        "{by_paragraph:?} {by_document:?}"
    );
}
