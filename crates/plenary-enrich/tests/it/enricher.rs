//! Documents assembled from text: identity, language per document and per paragraph,
//! JSON Lines records whose fields override what is read.

use plenary_core::{DocType, Forum, Taxonomy};
use plenary_enrich::{Enricher, FileContext};
use plenary_parse::JsonlRecord;

const STATEMENT: &str = "United Nations\tE/CN.15/2014/NGO/2\nEconomic and Social Council\tDistr.: General\n3 March 2014\nOriginal: English\n\n\
Commission on Crime Prevention and Criminal Justice\nTwenty-third session\nVienna, 12-16 May 2014\n\n\
Statement submitted by Penal Reform International, a non-governmental organization in special consultative status with the Economic and Social Council\n\n\
Women in prison and the Bangkok Rules\n\n\
1. Prison overcrowding affects women prisoners in particular, and the Bangkok Rules on the treatment of women prisoners remain unevenly implemented in many regions of the world.\n\n\
2. Nous rappelons que les Règles de Bangkok concernant le traitement des détenues doivent être appliquées dans toutes les prisons, en particulier pour les femmes enceintes.\n\n\
3. We call on Member States to adopt non-custodial measures for women offenders and to report on the revision of the Standard Minimum Rules for the Treatment of Prisoners.\n";

#[test]
fn a_statement_becomes_one_document_with_numbered_passages_in_their_languages() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let documents =
        enricher.documents_from_text("statement.txt", STATEMENT, &FileContext::default());
    assert_eq!(documents.len(), 1);
    let document = &documents[0];
    assert_eq!(document.id, "E_CN.15_2014_NGO_2.en");
    assert_eq!(document.forum, Some(Forum::Ccpcj));
    assert_eq!(document.session, Some(23));
    assert_eq!(document.doc_type, DocType::Statement);
    assert_eq!(document.language, "en");
    assert!(
        document.topic_slugs().any(|slug| slug == "prisons"),
        "{:?}",
        document.topics
    );

    let numbered: Vec<(Option<u32>, Option<&str>)> = document
        .passages
        .iter()
        .filter(|passage| passage.number.is_some())
        .map(|passage| (passage.number, passage.language.as_deref()))
        .collect();
    assert_eq!(
        numbered,
        vec![(Some(1), None), (Some(2), Some("fr")), (Some(3), None)]
    );
    assert!(
        document
            .passages
            .iter()
            .any(|passage| passage.topics.contains(&"prisons".to_string()))
    );
}

#[test]
fn a_json_lines_record_keeps_what_it_gives_and_reads_the_rest() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let record = JsonlRecord {
        id: None,
        symbol: None,
        title: Some("Abolish the death penalty".to_string()),
        text: STATEMENT.to_string(),
        date: Some("2014-05-13".to_string()),
        organization: None,
        forum: Some("ccpcj".to_string()),
        session: None,
        doc_type: Some("side-event".to_string()),
        language: Some("EN".to_string()),
        topics: Some(vec!["femicide".to_string()]),
        line: 7,
        ..JsonlRecord::default()
    };
    let document = enricher.document_from_record("bulk.jsonl", &record);
    assert_eq!(document.title, "Abolish the death penalty");
    assert_eq!(
        document.date.map(|date| date.to_string()).as_deref(),
        Some("2014-05-13")
    );
    assert_eq!(document.doc_type, DocType::SideEvent);
    assert_eq!(document.language, "en");
    // The record states forum, date and type: its text is not read for metadata.
    assert_eq!(document.symbol, None);
    assert_eq!(document.forum, Some(Forum::Ccpcj));

    // A record that states only its text has its metadata read from it.
    let bare = JsonlRecord {
        forum: None,
        date: None,
        doc_type: None,
        ..record.clone()
    };
    let read = enricher.document_from_record("bulk.jsonl", &bare);
    assert_eq!(read.symbol.as_deref(), Some("E/CN.15/2014/NGO/2"));
    assert_eq!(
        read.organization.as_deref(),
        Some("Penal Reform International")
    );
    assert_eq!(read.doc_type, DocType::Statement);
    let topics: Vec<&str> = document.topic_slugs().collect();
    assert_eq!(
        topics,
        vec!["violence-against-women", "femicide"],
        "the record's topics, parents implied"
    );
}

#[test]
fn a_long_dated_text_without_a_un_header_is_not_news_but_a_short_one_is() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let lead = "On 26 November 2012, the General Assembly met in New York at its sixty-seventh session to hear statements on the rule of law.\n\n";
    let short = format!("NGOs meet the Executive Director\n\n{lead}");
    let documents = enricher.documents_from_text("item.txt", &short, &FileContext::default());
    assert_eq!(documents[0].doc_type, DocType::News);

    let speech = format!("{lead}{}", "The delegation reaffirms its commitment to multilateral cooperation and to the Charter of the United Nations.\n\n".repeat(120));
    let documents = enricher.documents_from_text("speech.txt", &speech, &FileContext::default());
    assert_eq!(documents[0].doc_type, DocType::Other);
}

/// The bundled corpus, read as the indexer reads it: every format, six languages.
fn bundled_corpus_documents(enricher: &Enricher) -> Vec<plenary_core::Document> {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/docs");
    let mut paths: Vec<_> = std::fs::read_dir(&folder)
        .expect("the bundled corpus")
        .map(|entry| entry.expect("a corpus entry").path())
        .collect();
    paths.sort();
    let mut documents = Vec::new();
    for path in paths {
        let Ok(parsed) = plenary_parse::parse_file(&path, &plenary_parse::ParseLimits::default())
        else {
            continue;
        };
        documents.extend(enricher.documents_from_file(&path.display().to_string(), &parsed));
    }
    documents
}

#[test]
fn one_scan_tags_documents_and_paragraphs_as_separate_scans_would() {
    // The rules alone: the topic model adds to what this scan gives.
    let enricher = Enricher::with_model(&Taxonomy::bundled(), None);
    let tagger = enricher.tagger();
    let documents = bundled_corpus_documents(&enricher);
    assert!(documents.len() > 40, "{}", documents.len());
    let mut tagged_passages = 0;
    for document in &documents {
        assert_eq!(
            document.topics,
            tagger.tag_in(Some(&document.language), &document.title, &document.text),
            "{}",
            document.source
        );
        for passage in &document.passages {
            // Each paragraph is where its spans say it is.
            assert_eq!(
                plenary_core::Passage::text_from_spans(&document.text, &passage.spans).as_deref(),
                Some(passage.text.as_str()),
                "{} passage {}",
                document.source,
                passage.index
            );
            if passage.text.chars().count() >= plenary_enrich::MIN_TAGGED_PASSAGE_CHARS {
                assert_eq!(
                    passage.topics,
                    tagger.tag_passage_in(Some(&document.language), &passage.text),
                    "{} passage {}: {}",
                    document.source,
                    passage.index,
                    passage.text
                );
                tagged_passages += usize::from(!passage.topics.is_empty());
            }
        }
    }
    assert!(tagged_passages > 100, "{tagged_passages}");
}

#[test]
fn a_record_says_who_speaks_and_keeps_every_field_it_gives() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let mut fields = std::collections::BTreeMap::new();
    fields.insert(
        "source_path".to_string(),
        "Session 65 - 2010/ESP_65_2010.txt".to_string(),
    );
    let speech = JsonlRecord {
        id: Some("ESP_65_2010".to_string()),
        text: "In the first decade of this century we witnessed events that have shaped the future of international relations. On 11 September 2001, the cities of New York and Washington suffered terrorist attacks.".to_string(),
        country: Some("ESP".to_string()),
        session: Some("65".to_string()),
        year: Some("2010".to_string()),
        forum: Some("General Assembly".to_string()),
        fields,
        line: 1,
        ..JsonlRecord::default()
    };
    let document = enricher.document_from_record("ungdc.jsonl", &speech);
    assert_eq!(document.id, "ESP_65_2010");
    assert_eq!(document.meta.country.as_deref(), Some("ESP"));
    assert_eq!(
        document.meta.region,
        Some(plenary_core::Region::WesternEuropeanOthers)
    );
    assert_eq!(
        document.meta.actor_type,
        Some(plenary_core::ActorType::State)
    );
    assert_eq!(document.year, Some(2010));
    assert_eq!(document.session, Some(65));
    // The date the speech mentions is not its date: the stated year says otherwise.
    assert_eq!(document.date, None);
    // A forum this version does not know, and the corpus's own field, are kept as given.
    assert_eq!(
        document.meta.fields.get("forum").map(String::as_str),
        Some("General Assembly")
    );
    assert!(document.meta.fields.contains_key("source_path"));

    let recommendation = JsonlRecord {
        id: Some("upr000004".to_string()),
        text: "Submit its delayed reports to the Committee against Torture.".to_string(),
        country: Some("Czech Republic".to_string()),
        recipient: Some("Afghanistan".to_string()),
        tags: vec!["Treaty bodies".to_string()],
        line: 2,
        ..JsonlRecord::default()
    };
    let document = enricher.document_from_record("upr.csv", &recommendation);
    assert_eq!(document.meta.country.as_deref(), Some("CZE"));
    assert_eq!(
        document.meta.region,
        Some(plenary_core::Region::EasternEuropean)
    );
    assert_eq!(document.meta.recipient.as_deref(), Some("AFG"));
    assert_eq!(document.meta.tags, ["Treaty bodies"]);
    assert_eq!(
        document.meta.actor_type,
        Some(plenary_core::ActorType::State)
    );

    let union = JsonlRecord {
        country: Some("EU".to_string()),
        actor_type: None,
        ..speech.clone()
    };
    let document = enricher.document_from_record("ungdc.jsonl", &union);
    assert_eq!(document.meta.region, None);
    assert_eq!(
        document.meta.actor_type,
        Some(plenary_core::ActorType::Intergovernmental)
    );
    let stated = JsonlRecord {
        actor_type: Some("un-entity".to_string()),
        ..speech
    };
    let document = enricher.document_from_record("ungdc.jsonl", &stated);
    assert_eq!(
        document.meta.actor_type,
        Some(plenary_core::ActorType::UnEntity)
    );
}

#[test]
fn an_ngo_statement_is_spoken_by_an_ngo() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let documents =
        enricher.documents_from_text("statement.txt", STATEMENT, &FileContext::default());
    assert_eq!(documents[0].doc_type, DocType::Statement);
    assert_eq!(
        documents[0].meta.actor_type,
        Some(plenary_core::ActorType::Ngo)
    );
}

#[test]
fn a_text_too_short_to_tell_takes_the_language_of_its_file_name() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let short = JsonlRecord {
        text: "Continue a dialogue with minority religions".to_string(),
        line: 1,
        ..JsonlRecord::default()
    };
    let named = enricher.document_from_record("upr/recommendations.en.csv", &short);
    assert_eq!(named.language, "en");
    let french = enricher.document_from_record("upr/recommandations.fr.csv.gz", &short);
    assert_eq!(french.language, "fr");
    // A name without one of the six languages gives none, and the text stays undetermined.
    let unnamed = enricher.document_from_record("upr/final.version.csv", &short);
    assert_eq!(unnamed.language, "und");
    // A text long enough to tell keeps the language it is written in, whatever its name.
    let spanish = JsonlRecord {
        text: "La sociedad civil pide a los Estados que abolan la pena de muerte para los delitos de drogas y que garanticen el acceso a la justicia de las víctimas.".to_string(),
        line: 2,
        ..JsonlRecord::default()
    };
    assert_eq!(
        enricher
            .document_from_record("statements.en.jsonl", &spanish)
            .language,
        "es"
    );
}

#[test]
fn stated_values_that_cannot_be_read_are_named_and_kept_not_dropped() {
    let enricher = Enricher::new(&Taxonomy::bundled());
    let record = JsonlRecord {
        text: STATEMENT.to_string(),
        forum: Some("Vienna Council".to_string()),
        session: Some("spring".to_string()),
        date: Some("sometime in March".to_string()),
        doc_type: Some("pamphlet".to_string()),
        line: 3,
        ..JsonlRecord::default()
    };
    let (document, unread) = enricher.read_record("bulk.jsonl", &record);
    let named: Vec<(&str, &str)> = unread
        .iter()
        .map(|value| (value.field, value.value.as_str()))
        .collect();
    for expected in [
        ("forum", "Vienna Council"),
        ("session", "spring"),
        ("date", "sometime in March"),
        ("doc_type", "pamphlet"),
    ] {
        assert!(named.contains(&expected), "{expected:?} in {named:?}");
        // Kept with the document's fields, so that the value is not lost.
        assert_eq!(
            document.meta.fields.get(expected.0).map(String::as_str),
            Some(expected.1)
        );
    }
    assert_eq!(named.len(), 4, "{named:?}");
    assert!(
        unread[0].to_string().contains("cannot be read"),
        "{}",
        unread[0]
    );

    // Values that read give no word.
    let readable = JsonlRecord {
        forum: Some("CCPCJ".to_string()),
        session: Some("23".to_string()),
        date: Some("2014-05-13".to_string()),
        doc_type: Some("statement".to_string()),
        ..record
    };
    let (document, unread) = enricher.read_record("bulk.jsonl", &readable);
    assert!(unread.is_empty(), "{unread:?}");
    assert_eq!(document.forum, Some(Forum::Ccpcj));
}
