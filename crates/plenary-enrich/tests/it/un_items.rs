//! Splitting pages of news into items, and the metadata of each item.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use plenary_core::{DocType, Forum};
use plenary_enrich::un::{MetadataInput, read_metadata, split_items};

/// What an item of a page is expected to be.
struct ExpectedItem {
    title: &'static str,
    forum: Option<Forum>,
    session: Option<u32>,
    date: Option<(i32, u32, u32)>,
}

fn item(
    title: &'static str,
    forum: Option<Forum>,
    session: Option<u32>,
    date: Option<(i32, u32, u32)>,
) -> ExpectedItem {
    ExpectedItem {
        title,
        forum,
        session,
        date,
    }
}

fn check(page: &str, expected: &[ExpectedItem]) {
    let items = split_items(page).expect("the page has several items");
    let titles: Vec<&str> = items.iter().map(|item| item.title.as_str()).collect();
    let expected_titles: Vec<&str> = expected.iter().map(|item| item.title).collect();
    assert_eq!(titles, expected_titles);
    let meta: BTreeMap<String, String> = [("doc_type".to_string(), "news".to_string())].into();
    for (found, wanted) in items.iter().zip(expected) {
        assert!(
            page[found.offset..].starts_with(&found.title),
            "offset of {:?}",
            found.title
        );
        assert!(
            found.text.starts_with(&found.title),
            "text of {:?} starts with its headline",
            found.title
        );
        let metadata = read_metadata(&MetadataInput {
            furniture: &[],
            text: &found.text,
            title_hint: Some(&found.title),
            meta: &meta,
        });
        assert_eq!(metadata.forum, wanted.forum, "forum of {:?}", wanted.title);
        assert_eq!(
            metadata.session, wanted.session,
            "session of {:?}",
            wanted.title
        );
        if let Some((year, month, day)) = wanted.date {
            assert_eq!(
                metadata.date,
                NaiveDate::from_ymd_opt(year, month, day),
                "date of {:?}",
                wanted.title
            );
        }
        assert_eq!(
            metadata.doc_type,
            DocType::News,
            "type of {:?}",
            wanted.title
        );
        assert_eq!(metadata.title.as_deref(), Some(wanted.title));
    }
}

#[test]
fn page_separated_by_rules() {
    use Forum::*;
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/un/news-page.en.txt"),
    )
    .expect("page exists");
    check(
        &page,
        &[
            item(
                "Civil society at the 62nd session of the Commission on Narcotic Drugs",
                Some(Cnd),
                Some(62),
                Some((2019, 3, 14)),
            ),
            item(
                "Vingt-huitième session de la Commission pour la prévention du crime et la justice pénale",
                Some(Ccpcj),
                Some(28),
                Some((2019, 5, 20)),
            ),
            item(
                "Training for civil society on the review mechanism",
                None,
                None,
                Some((2019, 9, 2)),
            ),
            item(
                "NGO briefing at the tenth session of the Implementation Review Group",
                Some(Irg),
                Some(10),
                Some((2019, 5, 28)),
            ),
        ],
    );
}

#[test]
fn page_with_markdown_headings() {
    use Forum::*;
    let page = "# Civil society news\n\n## Record presence at the 66th session of the Commission on Narcotic Drugs\n\n\
                The Commission met from 13 to 17 March 2023.\n\n\
                ## Victims of terrorism and the Crime Commission\n\n\
                At its thirty-second session (22-26 May 2023), the Commission on Crime Prevention and Criminal Justice heard NGOs.\n";
    check(
        page,
        &[
            item(
                "Record presence at the 66th session of the Commission on Narcotic Drugs",
                Some(Cnd),
                Some(66),
                Some((2023, 3, 13)),
            ),
            item(
                "Victims of terrorism and the Crime Commission",
                Some(Ccpcj),
                Some(32),
                Some((2023, 5, 22)),
            ),
        ],
    );
}

#[test]
fn one_document_is_not_split() {
    assert_eq!(
        split_items("Statement\n\n1. A paragraph.\n\n2. Another paragraph."),
        None
    );
    // Front matter above one rule is no item.
    assert_eq!(
        split_items(
            "title: A blog post\ndate: 2018-03-15\n---\nWritten by a student.\n\nA paragraph."
        ),
        None
    );
}

#[test]
fn the_seed_page_splits_into_its_items() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seed/unodc-civil-society-news.txt");
    let Ok(page) = std::fs::read_to_string(&path) else {
        plenary_testkit::skip(format!("{} is absent", path.display()));
        return;
    };
    use Forum::*;
    check(
        &page,
        &[
            item(
                "NGO Participation at the 23rd Session of the Commission on Crime Prevention and Criminal Justice",
                Some(Ccpcj),
                Some(23),
                Some((2014, 5, 12)),
            ),
            item(
                "Civil Society Engagement at the 57 th Session of the Commission on Narcotic Drugs High-Level Review",
                Some(Cnd),
                Some(57),
                Some((2014, 3, 13)),
            ),
            item(
                "NGO Participation at the 22nd Session of the Commission on Crime Prevention and Criminal Justice",
                Some(Ccpcj),
                Some(22),
                Some((2013, 4, 22)),
            ),
            item(
                "NGO Participation at the 56th session of the Commission on Narcotic Drugs",
                Some(Cnd),
                Some(56),
                Some((2013, 3, 11)),
            ),
            item(
                "Symposium on Femicide: A Global Issue that Demands Action!",
                None,
                None,
                Some((2012, 11, 26)),
            ),
            item(
                "Encouraging African CSOs anti-corruption work with the private sector",
                None,
                None,
                None,
            ),
            item(
                "Participation of NGOs to sixth session of the Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
                Some(Cop),
                Some(6),
                Some((2012, 10, 15)),
            ),
            item(
                "One-day Training session for NGOs on 6 November in Brasilia",
                None,
                None,
                Some((2012, 11, 6)),
            ),
            item(
                "Over 100 Civil Society Organizations trained on the UN Convention against Corruption (UNCAC) and its review mechanism",
                None,
                None,
                Some((2012, 10, 9)),
            ),
            item(
                "UNCAC Implementation Review Group (IRG) holds its first NGO Briefing Session",
                Some(Irg),
                None,
                None,
            ),
            item(
                "Wrapping up CCPCJ and calling for NGO participation in 6 th CTOC",
                Some(Ccpcj),
                Some(21),
                Some((2012, 4, 23)),
            ),
            item(
                "Successful Training for Civil Society Organizations on the UN Convention against Corruption and its Review Mechanism",
                None,
                None,
                Some((2012, 3, 20)),
            ),
            item(
                "Civil society engagement at the 55th session of the Commission on Narcotic Drugs",
                Some(Cnd),
                Some(55),
                None,
            ),
        ],
    );
}
