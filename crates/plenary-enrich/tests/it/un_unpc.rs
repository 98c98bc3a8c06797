//! Real UN symbols and text from the UN Parallel Corpus dev set (2015 documents in six
//! languages), when `/work/shared/corpus-external` is present: every symbol of a Vienna
//! body parses with the right forum, and reading the metadata of every record (in every
//! language) neither fails nor loses the symbol given as page furniture.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use flate2::read::GzDecoder;
use plenary_core::Forum;
use plenary_enrich::un::{
    DocumentSymbol, MetadataInput, number_paragraphs, read_metadata, split_items,
};
use serde_json::Value;

/// The forum a dev-set record belongs to, from its own labels (symbol prefix and body),
/// independently of the parser.
fn expected_forum(symbol: &str, body: &str) -> Option<Option<Forum>> {
    if symbol.starts_with("E/CN.7/") {
        return Some(Some(Forum::Cnd));
    }
    if symbol.starts_with("E/CN.15/") || symbol.starts_with("UNODC/CCPCJ/") {
        return Some(Some(Forum::Ccpcj));
    }
    if symbol.starts_with("CAC/COSP/IRG/") {
        return Some(Some(Forum::Irg));
    }
    if symbol.starts_with("CAC/COSP/") {
        return Some(Some(Forum::Cosp));
    }
    if symbol.starts_with("A/CONF.") {
        return Some(Some(if body.contains("Crime Congress") {
            Forum::CrimeCongress
        } else {
            Forum::GeneralAssembly
        }));
    }
    None
}

#[test]
fn vienna_symbols_of_the_dev_set_parse_with_their_forum() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus-external/unpc-devset/unpc_devset_docs.jsonl.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        plenary_testkit::skip(format!("{} is absent", path.display()));
        return;
    };
    let meta = BTreeMap::new();
    let mut checked = 0;
    let mut records = 0;
    for line in BufReader::new(GzDecoder::new(file)).lines() {
        let line = line.expect("the dev set is readable");
        let record: Value = serde_json::from_str(&line).expect("each line is JSON");
        let symbol_text = record["symbol"].as_str().unwrap_or_default();
        let body = record["body"].as_str().unwrap_or_default();
        let text = record["text"].as_str().unwrap_or_default();
        records += 1;

        // Any text, in any language, is read without failing.
        let furniture = vec![symbol_text.to_string()];
        let found = read_metadata(&MetadataInput {
            furniture: &furniture,
            text,
            title_hint: None,
            meta: &meta,
        });
        let _ = number_paragraphs(text);
        let _ = split_items(text);

        let Some(forum) = expected_forum(symbol_text, body) else {
            continue;
        };
        let symbol =
            DocumentSymbol::parse(symbol_text).unwrap_or_else(|| panic!("{symbol_text} parses"));
        assert_eq!(symbol.forum(), forum, "forum of {symbol_text} ({body})");
        assert_eq!(
            symbol.year(),
            symbol_text.contains("/2015/").then_some(2015),
            "year of {symbol_text}"
        );
        let expected_session = match forum {
            Some(Forum::Cnd) if !symbol_text.starts_with("UNODC") => Some(58),
            Some(Forum::Ccpcj) if !symbol_text.starts_with("UNODC") => Some(24),
            Some(Forum::CrimeCongress) => Some(13),
            _ => None,
        };
        assert_eq!(
            symbol.session(),
            expected_session,
            "session of {symbol_text}"
        );
        assert_eq!(
            found.symbol.as_ref().map(DocumentSymbol::as_str),
            Some(symbol.as_str()),
            "symbol read from the furniture of {symbol_text}"
        );
        assert_eq!(
            found.forum, forum,
            "forum read for {symbol_text} ({})",
            record["lang"]
        );
        checked += 1;
    }
    assert!(
        records > 4000,
        "the whole dev set was read ({records} records)"
    );
    assert!(
        checked >= 6 * 50,
        "the Vienna documents were checked in six languages ({checked})"
    );
}
