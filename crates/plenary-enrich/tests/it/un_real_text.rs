//! Rules for real text, one `check` per concern: speeches to the General Assembly,
//! dates that are not the body's, titles made from metadata, stated symbols, and the
//! paragraphs of hard-wrapped text with its page furniture.

use std::collections::BTreeMap;

use plenary_core::{DocType, Forum};
use plenary_enrich::un::{
    MAX_PASSAGE_CHARS, MetadataInput, UnMetadata, number_paragraphs, read_metadata, speech_title,
};

fn read(text: &str, meta: &[(&str, &str)]) -> UnMetadata {
    let meta: BTreeMap<String, String> = meta
        .iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
    read_metadata(&MetadataInput {
        furniture: &[],
        text,
        title_hint: None,
        meta: &meta,
    })
}

/// What a speech's metadata are expected to be.
#[derive(Debug, PartialEq)]
struct Speech {
    doc_type: DocType,
    forum: Option<Forum>,
    session: Option<u32>,
    year: Option<i32>,
    dated: bool,
}

fn check_speech(text: &str, meta: &[(&str, &str)], expected: Speech) {
    let found = read(text, meta);
    let speech = Speech {
        doc_type: found.doc_type,
        forum: found.forum,
        session: found.session,
        year: found.year,
        dated: found.date.is_some(),
    };
    assert_eq!(speech, expected, "{text}");
}

const SPAIN_2010: &str = "Allow me to congratulate you, Mr. President, on your election to \
the presidency of the sixty-fifth session of the General Assembly.\n\n\
Nine years have passed since the attacks of 11 September 2001 in New York, and the \
Commission on Narcotic Drugs met at its fifty-third session in March.";

#[test]
fn speeches_to_the_general_assembly() {
    check_speech(
        SPAIN_2010,
        &[],
        Speech {
            doc_type: DocType::Speech,
            forum: Some(Forum::GeneralAssembly),
            session: Some(65),
            year: Some(2010),
            dated: false,
        },
    );
    // The Assembly at its session, hard-wrapped.
    check_speech(
        "I should like to join those who\nhave congratulated the President of the General Assembly at its forty-eighth session.\nMy delegation thanks him.",
        &[],
        Speech {
            doc_type: DocType::Speech,
            forum: Some(Forum::GeneralAssembly),
            session: Some(48),
            year: Some(1993),
            dated: false,
        },
    );
    // A special session is not the session the speech is given at; a session number
    // without the Assembly names no session.
    check_speech(
        "Mr. President, my delegation recalls the twentieth special session of the General Assembly and the fifty-seventh session in Vienna.",
        &[],
        Speech {
            doc_type: DocType::Speech,
            forum: Some(Forum::GeneralAssembly),
            session: None,
            year: None,
            dated: false,
        },
    );
    // The Assembly named and the session stated by the input.
    check_speech(
        "The peoples of this Assembly have waited long for peace.",
        &[("session", "3")],
        Speech {
            doc_type: DocType::Speech,
            forum: Some(Forum::GeneralAssembly),
            session: None,
            year: None,
            dated: false,
        },
    );
    // A news item naming the Assembly in passing is no speech.
    check_speech(
        "Civil society at the CND\n\n14 March 2016 - NGOs met in Vienna ahead of the special session of the General Assembly on the world drug problem.",
        &[],
        Speech {
            doc_type: DocType::News,
            forum: Some(Forum::Cnd),
            session: None,
            year: Some(2016),
            dated: true,
        },
    );
}

fn check_stated_symbol(symbol: &str, text: &str, forum: Option<Forum>, doc_type: DocType) {
    let found = read(text, &[("symbol", symbol)]);
    assert_eq!((found.forum, found.doc_type), (forum, doc_type), "{symbol}");
}

#[test]
fn a_stated_symbol_is_the_document_s_and_never_news() {
    let short_dated = "The Commission on Narcotic Drugs met on 9 March 2015 in Vienna.";
    check_stated_symbol(
        "E/CN.7/2015/13",
        short_dated,
        Some(Forum::Cnd),
        DocType::Other,
    );
    check_stated_symbol(
        "A/CONF.222/17",
        short_dated,
        Some(Forum::CrimeCongress),
        DocType::Other,
    );
    check_stated_symbol(
        "S/2015/123",
        short_dated,
        Some(Forum::SecurityCouncil),
        DocType::Other,
    );
    // A series not known here: a UN document of no Vienna body, whatever it cites.
    check_stated_symbol("ISBA/21/C/2", short_dated, None, DocType::Other);
    // The stated symbol wins over one the text cites first.
    check_stated_symbol(
        "E/CN.6/2015/NGO/12",
        "E/CN.7/2014/NGO/3\n\nA statement.",
        Some(Forum::Csw),
        DocType::Statement,
    );
}

#[test]
fn a_symbol_alone_titles_its_document() {
    let found = read(
        "Plain sentences of a document.\nAnother one.",
        &[("symbol", "E/CN.7/2015/13")],
    );
    assert_eq!(
        found.title.as_deref(),
        Some("E/CN.7/2015/13 — Commission on Narcotic Drugs, 2015")
    );
}

fn check_title(country: Option<&str>, session: Option<u32>, year: Option<i32>, expected: &str) {
    assert_eq!(
        speech_title(country, Some(Forum::GeneralAssembly), session, year),
        expected
    );
}

#[test]
fn speech_titles_from_metadata() {
    check_title(
        Some("Spain"),
        Some(65),
        Some(2010),
        "Spain — General Debate, 65th session of the General Assembly, 2010",
    );
    check_title(
        None,
        Some(1),
        Some(1946),
        "General Debate, 1st session of the General Assembly, 1946",
    );
    check_title(
        None,
        Some(42),
        None,
        "General Debate, 42nd session of the General Assembly",
    );
    check_title(None, None, None, "General Debate");
}

fn check_paragraphs(text: &str, expected: &[(Option<u32>, &str)]) {
    let found: Vec<(Option<u32>, String)> = number_paragraphs(text)
        .into_iter()
        .map(|passage| (passage.number, passage.text))
        .collect();
    let expected: Vec<(Option<u32>, String)> = expected
        .iter()
        .map(|(number, text)| (*number, text.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn hard_wrapped_text_is_reflowed_into_its_paragraphs() {
    check_paragraphs(
        "It is an honour for me to stand here\ntoday to address the General Assembly\nat its fifty-ninth session.\nWhen, in 1945, Liberia joined the\nefforts to establish this Organization,\nlittle did we know what it would bring.",
        &[
            (
                None,
                "It is an honour for me to stand here today to address the General Assembly at its fifty-ninth session.",
            ),
            (
                None,
                "When, in 1945, Liberia joined the efforts to establish this Organization, little did we know what it would bring.",
            ),
        ],
    );
    // One sentence a line, as a corpus of sentences prints them.
    check_paragraphs(
        "First sentence of the report.\nSecond sentence, which is a good deal longer than the first one.\nThird.",
        &[
            (None, "First sentence of the report."),
            (
                None,
                "Second sentence, which is a good deal longer than the first one.",
            ),
            (None, "Third."),
        ],
    );
}

#[test]
fn page_furniture_is_removed_and_a_broken_sentence_joined() {
    check_paragraphs(
        "We put the greatest emphasis on the right of victims to justice\n30/51 15-29431\n\u{c}\n29/09/2015 A/70/PV.16\nand on truth and reparations.\n\n10-55109 20\n\nA new paragraph.",
        &[
            (
                None,
                "We put the greatest emphasis on the right of victims to justice and on truth and reparations.",
            ),
            (None, "A new paragraph."),
        ],
    );
}

#[test]
fn numbering_of_the_six_languages_starts_paragraphs() {
    check_paragraphs(
        "٦ - تلاحظ اللجنة التقرير.\n٧ - وتوصي الدولة الطرف.",
        &[
            (Some(6), "تلاحظ اللجنة التقرير."),
            (Some(7), "وتوصي الدولة الطرف."),
        ],
    );
    check_paragraphs(
        "一、委员会注意到报告。\n二、委员会建议缔约国。",
        &[
            (Some(1), "委员会注意到报告。"),
            (Some(2), "委员会建议缔约国。"),
        ],
    );
    check_paragraphs(
        "6 - Le Comité prend note du rapport.\n7 - Il recommande à l’État partie.",
        &[
            (Some(6), "Le Comité prend note du rapport."),
            (Some(7), "Il recommande à l’État partie."),
        ],
    );
}

#[test]
fn a_long_paragraph_is_cut_at_sentence_ends_and_keeps_its_number() {
    let sentence = "The Assembly heard every delegation on the questions before it. ";
    let text = format!("12. {}", sentence.repeat(80));
    let passages = number_paragraphs(&text);
    assert!(passages.len() >= 3, "{} pieces", passages.len());
    for passage in &passages {
        assert_eq!(passage.number, Some(12));
        assert!(passage.text.chars().count() <= MAX_PASSAGE_CHARS);
        assert!(passage.text.ends_with("before it."), "{}", passage.text);
    }
    let joined: Vec<&str> = passages
        .iter()
        .map(|passage| passage.text.as_str())
        .collect();
    assert_eq!(joined.join(" "), sentence.repeat(80).trim());
}
