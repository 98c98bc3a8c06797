//! The search service on a real index of the fixture documents.

use crate::common;

use std::collections::HashSet;

use common::{FIXTURES, count_where};
use plenary_core::model::Forum;
use plenary_core::taxonomy::Taxonomy;
use plenary_server::search::FacetValue;
use plenary_server::{
    QueryOperator, SearchError, SearchRequest, SearchResponse, SearchService, SortOrder,
};

fn service() -> (tempfile::TempDir, SearchService) {
    let directory = tempfile::tempdir().expect("temp dir");
    common::write_index(directory.path());
    let service =
        SearchService::open(directory.path(), Taxonomy::bundled()).expect("open the index");
    (directory, service)
}

fn search(service: &SearchService, request: SearchRequest) -> SearchResponse {
    service
        .search(&request)
        .unwrap_or_else(|error| panic!("{request:?}: {error}"))
}

fn ids(response: &SearchResponse) -> Vec<&str> {
    response.hits.iter().map(|hit| hit.id.as_str()).collect()
}

fn facet<'a>(response: &'a SearchResponse, name: &str) -> &'a [FacetValue] {
    response
        .facets
        .get(name)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn count_of(values: &[FacetValue], value: &str) -> u64 {
    values
        .iter()
        .find(|facet| facet.value == value)
        .map(|facet| facet.count)
        .unwrap_or(0)
}

/// Checks that `request` fails with exactly `expected`.
fn check_error(service: &SearchService, request: SearchRequest, expected: &str) {
    match service.search(&request) {
        Ok(response) => panic!("{request:?} should fail, got {} hits", response.total),
        Err(error) => assert_eq!(error.to_string(), expected, "{request:?}"),
    }
}

#[test]
fn an_empty_query_lists_every_document_newest_first_with_undated_last() {
    let (_directory, service) = service();
    let response = search(
        &service,
        SearchRequest {
            size: Some(100),
            ..SearchRequest::default()
        },
    );
    assert_eq!(response.total, FIXTURES.len() as u64);
    assert_eq!(response.sort, SortOrder::DateDesc);
    let dates: Vec<_> = response.hits.iter().map(|hit| hit.date).collect();
    let mut dated: Vec<_> = dates.iter().flatten().copied().collect();
    dated.sort_by(|left, right| right.cmp(left));
    let expected: Vec<_> = dated
        .into_iter()
        .map(Some)
        .chain(std::iter::repeat_n(
            None,
            count_where(|f| f.date.is_none()) as usize,
        ))
        .collect();
    assert_eq!(dates, expected);
}

#[test]
fn facet_counts_match_the_labels() {
    let (_directory, service) = service();
    let response = search(&service, SearchRequest::default());
    let forums = facet(&response, "forum");
    for forum in Forum::ALL {
        assert_eq!(
            count_of(forums, forum.code()),
            count_where(|f| f.forum == Some(forum)),
            "{forum}"
        );
    }
    let topics = facet(&response, "topic");
    let taxonomy = Taxonomy::bundled();
    // Every topic the labels give at the root of the taxonomy is listed.
    let listed: Vec<&str> = topics.iter().map(|root| root.value.as_str()).collect();
    for topic in taxonomy.topics() {
        if topic.parent.is_none() && count_where(|f| f.topics.contains(&topic.slug.as_str())) > 0 {
            assert!(
                listed.contains(&topic.slug.as_str()),
                "{} in {listed:?}",
                topic.slug
            );
        }
    }
    for root in topics {
        assert_eq!(
            root.count,
            count_where(|f| f.topics.contains(&root.value.as_str())),
            "{}",
            root.value
        );
        for child in &root.children {
            assert_eq!(
                taxonomy
                    .get(&child.value)
                    .and_then(|topic| topic.parent.clone())
                    .as_deref(),
                Some(root.value.as_str())
            );
            assert_eq!(
                child.count,
                count_where(|f| f.topics.contains(&child.value.as_str())),
                "{}",
                child.value
            );
        }
    }
    assert!(
        topics
            .iter()
            .any(|root| root.value == "organized-crime" && root.children.len() == 1)
    );
    let languages = facet(&response, "lang");
    assert_eq!(
        count_of(languages, "en"),
        count_where(|f| f.language == "en")
    );
    assert_eq!(
        count_of(facet(&response, "session"), "CND/57"),
        count_where(|f| f.forum == Some(Forum::Cnd) && f.session == Some(57))
    );
    assert_eq!(
        count_of(facet(&response, "year"), "2014"),
        count_where(|f| f.date.is_some_and(|d| d.starts_with("2014")))
    );
    assert_eq!(
        count_of(facet(&response, "org"), "Harm Reduction International"),
        count_where(|f| f.organization == Some("Harm Reduction International"))
    );
    // Sorted by count, then value.
    let counts: Vec<u64> = forums.iter().map(|value| value.count).collect();
    let mut sorted = counts.clone();
    sorted.sort_by(|left, right| right.cmp(left));
    assert_eq!(counts, sorted);
}

#[test]
fn a_facet_ignores_its_own_filter_but_not_the_others() {
    let (_directory, service) = service();
    let unfiltered = search(&service, SearchRequest::default());
    let cnd = search(
        &service,
        SearchRequest {
            forum: vec!["CND".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(cnd.total, count_where(|f| f.forum == Some(Forum::Cnd)));
    // The forum facet still shows every forum, so a second one can be ticked.
    assert_eq!(facet(&cnd, "forum"), facet(&unfiltered, "forum"));
    assert_eq!(
        count_of(facet(&cnd, "lang"), "fr"),
        count_where(|f| f.forum == Some(Forum::Cnd) && f.language == "fr")
    );
    let two = search(
        &service,
        SearchRequest {
            forum: vec!["CND".into(), "ccpcj".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(
        two.total,
        count_where(|f| matches!(f.forum, Some(Forum::Cnd | Forum::Ccpcj)))
    );
    // AND across facets.
    let both = search(
        &service,
        SearchRequest {
            forum: vec!["CND".into()],
            lang: vec!["fr".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(
        both.total,
        count_where(|f| f.forum == Some(Forum::Cnd) && f.language == "fr")
    );
    assert_eq!(
        count_of(facet(&both, "forum"), "CCPCJ"),
        count_where(|f| f.forum == Some(Forum::Ccpcj) && f.language == "fr")
    );
}

#[test]
fn a_parent_topic_filter_includes_its_children() {
    let (_directory, service) = service();
    let response = search(
        &service,
        SearchRequest {
            topic: vec!["organized-crime".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(
        response.total,
        count_where(|f| f.topics.contains(&"organized-crime"))
    );
    let child = search(
        &service,
        SearchRequest {
            topic: vec!["femicide".into()],
            year_from: Some(2015),
            ..SearchRequest::default()
        },
    );
    assert_eq!(ids(&child), vec!["E_CN.15_2019_NGO_1.en"]);
    let session = search(
        &service,
        SearchRequest {
            session: vec!["57".into()],
            ..SearchRequest::default()
        },
    );
    assert_eq!(session.total, count_where(|f| f.session == Some(57)));
    let dates = search(
        &service,
        SearchRequest {
            date_from: chrono::NaiveDate::from_ymd_opt(2014, 3, 2),
            date_to: chrono::NaiveDate::from_ymd_opt(2016, 3, 10),
            ..SearchRequest::default()
        },
    );
    assert_eq!(
        dates.total,
        count_where(|f| f
            .date
            .is_some_and(|d| ("2014-03-02"..="2016-03-10").contains(&d)))
    );
}

#[test]
fn query_syntax() {
    let (_directory, service) = service();
    let check = |q: &str, expected: &[&str]| {
        let response = search(
            &service,
            SearchRequest {
                size: Some(100),
                passages: Some(0),
                ..SearchRequest::query(q)
            },
        );
        let mut found = ids(&response);
        found.sort();
        let mut expected = expected.to_vec();
        expected.sort();
        assert_eq!(found, expected, "{q}");
    };
    check("femicide", &["E_CN.15_2019_NGO_1.en"]);
    check("femicde~1", &["E_CN.15_2019_NGO_1.en"]);
    // A fuzzy word is read whole: a second `~` or a distance that is not a number is
    // an error, not other words.
    for q in ["femicde~1~2", "femicde~1~", "femicde~abc", "femicde~-1"] {
        match service.search(&SearchRequest::query(q)) {
            Err(SearchError::BadQuery { message, .. }) => {
                assert!(message.contains("edit distance"), "{q}: {message}")
            }
            other => panic!("{q}: {other:?}"),
        }
    }
    // A short word is searched with fewer edits: two edits of a two-letter word would
    // match nearly every short word of the index.
    let exact = |q: &str| {
        let mut found: Vec<String> = ids(&search(
            &service,
            SearchRequest {
                size: Some(100),
                passages: Some(0),
                ..SearchRequest::query(q)
            },
        ))
        .into_iter()
        .map(str::to_string)
        .collect();
        found.sort();
        found
    };
    assert_eq!(exact("un~2"), exact("un~0"));
    assert_ne!(exact("un~0"), Vec::<String>::new());
    assert_eq!(exact("drug~2"), exact("drug~1"));
    assert_ne!(exact("drog~1"), Vec::<String>::new());
    // A fuzzy word is compared with words as written: "corruption" is stemmed to
    // "corrupt", three edits from the typo, but one from the word itself.
    let with_the_word = ids(&search(
        &service,
        SearchRequest {
            size: Some(100),
            ..SearchRequest::query("corruption")
        },
    ))
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>();
    assert!(!with_the_word.is_empty());
    let typo = search(
        &service,
        SearchRequest {
            size: Some(100),
            ..SearchRequest::query("corruptoin~1")
        },
    );
    for id in &with_the_word {
        assert!(
            ids(&typo).contains(&id.as_str()),
            "{id} missing for corruptoin~1"
        );
    }
    check("beneficial ownership", &["CAC_COSP_2019_NGO_2.en"]);
    check("\"ownership is hidden\"", &["CAC_COSP_2019_NGO_2.en"]);
    check("\"ownership hidden\"~1", &["CAC_COSP_2019_NGO_2.en"]);
    check(
        "femicide OR ransomware",
        &["E_CN.15_2019_NGO_1.en", common::documents()[9].id.as_str()],
    );
    check(
        "femicide || ransomware",
        &["E_CN.15_2019_NGO_1.en", common::documents()[9].id.as_str()],
    );
    check("femicide && ransomware", &[]);
    check(
        "+death +prisons",
        &["E_CN.15_2014_NGO_2.en", "E_CN.7_2014_NGO_3.en"],
    );
    check("death AND penalty AND NOT prison", &[]);
    // "deaths" meets "death" through the English stemmer.
    check(
        "death -overcrowded",
        &["E_CN.7_2014_NGO_3.en", "E_CN.7_2016_NGO_5.en"],
    );
    check("traffick*", &[common::documents()[7].id.as_str()]);
    check("symbol:\"E/CN.7/2016/NGO/5\"", &["E_CN.7_2016_NGO_5.en"]);
    // A symbol's prefix finds the symbols that start with it, as written.
    let documents = common::documents();
    let mut of_2016: Vec<&str> = documents
        .iter()
        .filter(|document| {
            document
                .symbol
                .as_deref()
                .is_some_and(|symbol| symbol.starts_with("E/CN.7/2016/"))
        })
        .map(|document| document.id.as_str())
        .collect();
    of_2016.sort();
    assert!(!of_2016.is_empty());
    check("symbol:E/CN.7/2016/*", &of_2016);
    check("symbol:\"E/CN.7/2016/\"*", &of_2016);
    check("title:femicide", &["E_CN.15_2019_NGO_1.en"]);
    check("forum:COSP", &["CAC_COSP_2019_NGO_2.en"]);
    // Words side by side are all required; OR asks for either.
    check("harm topic:femicide", &[]);
    check(
        "harm OR topic:femicide",
        &[
            "E_CN.15_2019_NGO_1.en",
            "E_CN.7_2014_NGO_3.en",
            "E_CN.7_2016_NGO_5.en",
            "E_CN.7_2016_NGO_5_Corr.1.en",
        ],
    );
    // French inflections meet through the French analyser: "exécution" finds "exécutions".
    // (and the English field's folding meets "executions" too).
    check(
        "exécution",
        &["E_CN.7_2014_NGO_3.en", "E_CN.7_2014_NGO_3.fr"],
    );
    check("exécution AND lang:fr", &["E_CN.7_2014_NGO_3.fr"]);
    check("trata AND lang:es", &["CTOC_COP_2018_NGO_1.es"]);
    let excluded = search(
        &service,
        SearchRequest {
            size: Some(100),
            ..SearchRequest::query("-harm")
        },
    );
    assert_eq!(
        excluded.total,
        count_where(
            |f| !f.text.to_lowercase().contains("harm") && !f.title.to_lowercase().contains("harm")
        )
    );
}

#[test]
fn snippets_are_escaped_and_marked() {
    let (_directory, service) = service();
    let response = search(&service, SearchRequest::query("smuggling"));
    assert_eq!(
        response.hits[0].snippet,
        "Trafficking in persons &amp; <mark>smuggling</mark> of migrants &lt;b&gt;discussed&lt;/b&gt; at a side event in Doha",
        "the snippet is the best fragment of the best matching paragraph"
    );
}

#[test]
fn passage_hits_cite_symbol_paragraph_organization_and_date() {
    let (_directory, service) = service();
    let response = search(
        &service,
        SearchRequest {
            lang: vec!["en".into()],
            ..SearchRequest::query("executions")
        },
    );
    assert_eq!(ids(&response), vec!["E_CN.7_2014_NGO_3.en"]);
    let passages = &response.hits[0].passages;
    assert_eq!(passages.len(), 1);
    assert_eq!(passages[0].paragraph, Some(2));
    assert_eq!(passages[0].passage_index, 1);
    assert_eq!(
        passages[0].citation,
        "Harm Reduction International, E/CN.7/2014/NGO/3, para. 2, 2014-03-01"
    );
    assert_eq!(
        passages[0].snippet,
        "2. <mark>Executions</mark> for drug offences violate international law &amp; the Covenant"
    );
    let news = search(&service, SearchRequest::query("survivors"));
    assert_eq!(
        news.hits[0].passages[0].citation,
        "“NGOs at the Crime Congress discuss trafficking”, CONGRESS session 13, paragraph 2 (unnumbered), 2015-04-12"
    );
}

fn hit_with_id<'a>(
    response: &'a SearchResponse,
    id: &str,
) -> &'a plenary_server::search::SearchHit {
    response
        .hits
        .iter()
        .find(|hit| hit.id == id)
        .unwrap_or_else(|| panic!("{id} is among the hits"))
}

#[test]
fn passages_are_the_paragraphs_holding_query_terms_best_first() {
    let (_directory, service) = service();
    let response = search(
        &service,
        SearchRequest {
            lang: vec!["en".into()],
            passages: Some(3),
            ..SearchRequest::query("executions prison")
        },
    );
    let hit = hit_with_id(&response, "E_CN.7_2014_NGO_3.en");
    let paragraphs: Vec<Option<u32>> = hit.passages.iter().map(|p| p.paragraph).collect();
    // Paragraph 1 holds neither word, so it is not a passage of the hit.
    assert_eq!(paragraphs.len(), 2, "{paragraphs:?}");
    assert!(paragraphs.contains(&Some(2)) && paragraphs.contains(&Some(3)));
    assert!(hit.passages[0].score >= hit.passages[1].score);
    assert!(hit.passages.iter().all(|p| p.snippet.contains("<mark>")));

    // Stemming applies to passages as to documents: "prisons" finds "prison".
    let inflected = search(
        &service,
        SearchRequest {
            lang: vec!["en".into()],
            ..SearchRequest::query("prisons")
        },
    );
    let hit = hit_with_id(&inflected, "E_CN.7_2014_NGO_3.en");
    assert_eq!(hit.passages[0].paragraph, Some(3));
    assert!(hit.passages[0].snippet.contains("<mark>prison</mark>"));
}

/// A statement whose first paragraph repeats the words of the queries below apart,
/// and whose later paragraphs hold them as asked.
const PASSAGE_FIXTURE: common::Fixture = common::Fixture {
    symbol: Some("E/CN.7/2020/NGO/9"),
    title: "Health in prisons",
    forum: Some(Forum::Cnd),
    session: Some(63),
    date: Some("2020-03-02"),
    organization: Some("Penal Reform International"),
    status: None,
    doc_type: plenary_core::model::DocType::Statement,
    language: "en",
    topics: &[],
    text: "1. Harm, harm and more harm: prison after prison adds to the harm of            punishment, and prison budgets see no reduction.

           2. We call for harm reduction in every country.

           3. Women in prison need health care.",
};

#[test]
fn passages_holding_the_phrase_or_every_required_word_come_first() {
    let directory = tempfile::tempdir().expect("temp dir");
    common::write_documents(directory.path(), &[common::document(0, &PASSAGE_FIXTURE)]);
    let service =
        SearchService::open(directory.path(), Taxonomy::bundled()).expect("open the index");
    let first_paragraphs = |q: &str| -> Vec<Option<u32>> {
        let response = search(
            &service,
            SearchRequest {
                passages: Some(3),
                ..SearchRequest::query(q)
            },
        );
        assert_eq!(response.total, 1, "{q}");
        response.hits[0]
            .passages
            .iter()
            .map(|passage| passage.paragraph)
            .collect()
    };
    // Paragraph 1 holds "harm" four times and "reduction" once, apart: it scores
    // highest on the words, but paragraph 2 holds the phrase.
    assert_eq!(first_paragraphs("\"harm reduction\"")[0], Some(2));
    assert_eq!(first_paragraphs("harm reduction")[0], Some(1));
    // Paragraph 1 says "prison" three times; paragraph 3 holds both words.
    assert_eq!(first_paragraphs("prison AND women")[0], Some(3));
    assert_eq!(first_paragraphs("+prison +women")[0], Some(3));
    let either = first_paragraphs("prison women");
    assert!(
        either.contains(&Some(1)) && either.contains(&Some(3)),
        "{either:?}"
    );
    // The phrase is marked where it stands, and only there.
    let response = search(
        &service,
        SearchRequest {
            passages: Some(3),
            ..SearchRequest::query("\"harm reduction\"")
        },
    );
    let hit = &response.hits[0];
    assert_eq!(
        hit.passages[0].snippet,
        "2. We call for <mark>harm</mark> <mark>reduction</mark> in every country"
    );
    assert_eq!(hit.snippet, hit.passages[0].snippet);
    for passage in &hit.passages[1..] {
        assert!(!passage.snippet.contains("<mark>"), "{}", passage.snippet);
    }
    // A phrase within a boolean query: paragraph 1 holds "punishment" and both words of
    // the phrase apart, paragraph 2 the phrase alone.
    let paragraphs = first_paragraphs("\"harm reduction\" OR punishment");
    assert_eq!(
        paragraphs,
        [Some(1), Some(2)],
        "both satisfy; the words decide"
    );
    let paragraphs = first_paragraphs("\"harm reduction\" AND (punishment OR country)");
    assert_eq!(paragraphs.first(), Some(&Some(2)), "{paragraphs:?}");
}

#[test]
fn cursor_pages_through_every_hit_without_duplicates_or_gaps() {
    let (_directory, service) = service();
    for (q, sort) in [
        ("", SortOrder::DateDesc),
        ("", SortOrder::DateAsc),
        ("harm death drug", SortOrder::Relevance),
    ] {
        let everything = search(
            &service,
            SearchRequest {
                size: Some(100),
                sort,
                ..SearchRequest::query(q)
            },
        );
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let page = search(
                &service,
                SearchRequest {
                    size: Some(3),
                    sort,
                    cursor: cursor.clone(),
                    ..SearchRequest::query(q)
                },
            );
            assert_eq!(page.total, everything.total);
            seen.extend(page.hits.iter().map(|hit| hit.id.clone()));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, ids(&everything), "{q} {sort:?}");
        assert_eq!(seen.iter().collect::<HashSet<_>>().len(), seen.len());
        let offset = search(
            &service,
            SearchRequest {
                from: 3,
                size: Some(3),
                sort,
                ..SearchRequest::query(q)
            },
        );
        assert_eq!(
            ids(&offset),
            ids(&everything)
                .into_iter()
                .skip(3)
                .take(3)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn bad_input_names_what_and_where() {
    let (_directory, service) = service();
    check_error(
        &service,
        SearchRequest::query("death AND (penalty"),
        "q: syntax error at position 18: expected ')'",
    );
    check_error(
        &service,
        SearchRequest::query("colour:red"),
        "q: unknown field `colour`: search in title, text, symbol, text_<lang>, or a facet (topic, forum, session, year, lang, doc_type, org, status, country, region, actor_type, passage_topic)",
    );
    check_error(
        &service,
        SearchRequest::query("text:*"),
        "q: `text:*` (does the field have a value) cannot be asked; search for a word, or filter with text:value",
    );
    check_error(
        &service,
        SearchRequest {
            forum: vec!["XYZ".into()],
            ..SearchRequest::default()
        },
        "forum: unknown forum `XYZ`: expected one of CND, CCPCJ, COSP, IRG, COP, CONGRESS, GA, GA1, GA2, GA3, GA4, GA5, GA6, SC, ECOSOC, HRC, UPR, CSW, CEDAW, CRC, CCPR, CAT, CERD, CESCR, CMW, CRPD, CED",
    );
    check_error(
        &service,
        SearchRequest {
            session: vec!["-1".into()],
            ..SearchRequest::default()
        },
        "session: unknown session `-1`: expected FORUM/NUMBER, such as CND/57, or a number",
    );
    check_error(
        &service,
        SearchRequest {
            size: Some(101),
            ..SearchRequest::default()
        },
        "size: at most 100, not 101; page further with `cursor`",
    );
    check_error(
        &service,
        SearchRequest {
            topic: vec!["weather".into()],
            ..SearchRequest::default()
        },
        &format!(
            "topic: unknown topic `weather`: expected one of {}",
            Taxonomy::bundled()
                .topics()
                .iter()
                .map(|t| t.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    check_error(
        &service,
        SearchRequest {
            cursor: Some("00".into()),
            ..SearchRequest::default()
        },
        "cursor: not a cursor returned by this server",
    );
    assert!(matches!(
        service.search(&SearchRequest::query("a AND (b")),
        Err(SearchError::BadQuery {
            position: Some(_),
            ..
        })
    ));
}

#[test]
fn a_document_shows_its_paragraphs_language_versions_and_corrigenda() {
    let (_directory, service) = service();
    let document = service
        .document("E_CN.7_2014_NGO_3.en")
        .unwrap()
        .expect("the document exists");
    assert_eq!(document.paragraphs.len(), 3);
    assert_eq!(document.paragraphs[2].number, Some(3));
    assert_eq!(
        document.paragraphs[2].citation,
        "Harm Reduction International, E/CN.7/2014/NGO/3, para. 3, 2014-03-01"
    );
    assert_eq!(
        document
            .language_versions
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        vec!["E_CN.7_2014_NGO_3.fr"]
    );
    assert!(document.versions.is_empty());
    assert_eq!(
        document
            .topics
            .iter()
            .map(|t| t.slug.as_str())
            .collect::<Vec<_>>(),
        vec!["drug-policy", "harm-reduction", "death-penalty"]
    );
    assert_eq!(document.topics[1].parent.as_deref(), Some("drug-policy"));
    let original = service
        .document("E_CN.7_2016_NGO_5.en")
        .unwrap()
        .expect("the document exists");
    assert_eq!(
        original
            .versions
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        vec!["E_CN.7_2016_NGO_5_Corr.1.en"]
    );
    let corrigendum = service
        .document("E_CN.7_2016_NGO_5_Corr.1.en")
        .unwrap()
        .expect("the document exists");
    assert_eq!(
        corrigendum
            .versions
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        vec!["E_CN.7_2016_NGO_5.en"]
    );
    assert!(service.document("nothing-here").unwrap().is_none());
}

#[test]
fn similar_documents_share_vocabulary() {
    let (_directory, service) = service();
    let similar = service
        .similar("E_CN.7_2016_NGO_5.en", 3, &SearchRequest::default())
        .unwrap()
        .expect("the document exists");
    assert!(!similar.is_empty());
    assert!(similar.iter().all(|hit| hit.id != "E_CN.7_2016_NGO_5.en"));
    assert_eq!(similar[0].id, "E_CN.7_2016_NGO_5_Corr.1.en");
    assert!(
        service
            .similar("nothing-here", 3, &SearchRequest::default())
            .unwrap()
            .is_none()
    );
}

/// The ids of every document `q` finds with `op`, sorted.
fn found(service: &SearchService, q: &str, op: QueryOperator) -> Vec<String> {
    let response = search(
        service,
        SearchRequest {
            size: Some(100),
            passages: Some(0),
            op,
            ..SearchRequest::query(q)
        },
    );
    let mut ids: Vec<String> = ids(&response).into_iter().map(str::to_string).collect();
    ids.sort();
    ids
}

#[test]
fn every_word_is_required_in_the_documents_language_its_stop_words_aside() {
    let (_directory, service) = service();
    let and = QueryOperator::And;
    // "de" is a French and Spanish stop word: it is not required there, and English
    // documents are not found for it.
    assert_eq!(
        found(&service, "peine de mort", and),
        ["E_CN.7_2014_NGO_3.fr"]
    );
    let trafficking_es: Vec<String> = FIXTURES
        .iter()
        .filter(|fixture| fixture.language == "es" && fixture.text.contains("trata de personas"))
        .map(|fixture| fixture.symbol.unwrap_or_default().replace('/', "_") + ".es")
        .collect();
    assert_eq!(trafficking_es.len(), 1);
    assert_eq!(found(&service, "trata de personas", and), trafficking_es);
    // Each word must be there: "overdose deaths" alone is not "death penalty".
    let both = found(&service, "death penalty", and);
    let either = found(&service, "death penalty", QueryOperator::Or);
    assert!(both.len() < either.len(), "{both:?} {either:?}");
    let expected_both: Vec<&str> = FIXTURES
        .iter()
        .filter(|fixture| {
            let text = format!("{} {}", fixture.title, fixture.text).to_lowercase();
            fixture.language == "en" && text.contains("death") && text.contains("penalty")
        })
        .filter_map(|fixture| fixture.symbol)
        .collect();
    assert_eq!(
        both.len(),
        expected_both.len(),
        "{both:?} {expected_both:?}"
    );
    // An exclusion holds for the whole document, whatever field the words are in.
    assert!(
        found(&service, "death penalty -prison", and)
            .iter()
            .all(|id| id != "E_CN.7_2014_NGO_3.en")
    );
}

#[test]
fn ranges_on_year_and_date_and_clear_errors_for_other_fields() {
    let (_directory, service) = service();
    let years = |from: i32, to: i32| {
        count_where(|fixture| {
            fixture
                .date
                .and_then(|date| date[..4].parse::<i32>().ok())
                .is_some_and(|year| (from..=to).contains(&year))
        })
    };
    let total = |q: &str| search(&service, SearchRequest::query(q)).total;
    assert_eq!(total("year:[2014 TO 2016]"), years(2014, 2016));
    assert!(years(2014, 2016) > 0);
    assert_eq!(total("year:>=2017"), years(2017, 9999));
    assert_eq!(
        total("date:>=2016-01-01"),
        count_where(|fixture| fixture.date.is_some_and(|date| date >= "2016-01-01"))
    );
    assert_eq!(
        total("date:[2014-03-01 TO 2014-05-12]"),
        count_where(|fixture| fixture
            .date
            .is_some_and(|date| ("2014-03-01"..="2014-05-12").contains(&date)))
    );
    // One day, written as a date alone.
    assert_eq!(
        total("date:2014-03-01"),
        count_where(|fixture| fixture.date == Some("2014-03-01"))
    );
    assert!(total("date:2014-03-01") > 0);
    // Dates beyond the years an index can hold keep the range the right way round, in
    // the query and in the filters.
    let dated = count_where(|fixture| fixture.date.is_some());
    assert!(dated > 0);
    assert_eq!(total("date:>=9999-01-01"), 0);
    assert_eq!(total("date:<=9999-01-01"), dated);
    assert_eq!(total("date:>=1000-01-01"), dated);
    assert_eq!(total("date:<1000-01-01"), 0);
    let filtered = |from: Option<&str>, to: Option<&str>| {
        let day = |text: &str| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        search(
            &service,
            SearchRequest {
                date_from: from.and_then(day),
                date_to: to.and_then(day),
                ..SearchRequest::default()
            },
        )
        .total
    };
    assert_eq!(filtered(Some("9999-12-31"), None), 0);
    assert_eq!(filtered(Some("2262-04-12"), None), 0);
    assert_eq!(filtered(None, Some("9999-12-31")), dated);
    assert_eq!(filtered(Some("1000-01-01"), None), dated);
    assert_eq!(filtered(Some("1677-09-20"), Some("9999-12-31")), dated);
    for (q, says) in [
        ("year:[abc TO 2010]", "`abc` is not a year"),
        ("date:>=2015-13-45", "is not a date as YYYY-MM-DD"),
        ("date:2015-02-30", "is not a date as YYYY-MM-DD"),
        ("title:[a TO b]", "ranges are on year"),
    ] {
        match service.search(&SearchRequest::query(q)) {
            Err(SearchError::BadQuery { message, .. }) => {
                assert!(message.contains(says), "{q}: {message}")
            }
            other => panic!("{q}: {other:?}"),
        }
    }
}
