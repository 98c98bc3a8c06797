//! Language versions of one UN document, indexed together, get one set of topics.

use crate::common;

use common::stored_documents;
use plenary_indexer::{IndexOptions, NoProgress, run_index};

#[test]
fn the_versions_of_one_symbol_agree_and_other_documents_keep_their_own() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("versions.jsonl");
    // Two versions say plainly that the document is about the death penalty; the third
    // says it in words no term of its language lists. A fourth document, of another
    // symbol, is about something else.
    let lines = [
        r#"{"id": "v-en", "symbol": "E/CN.15/2015/99", "lang": "en", "text": "The Commission heard calls to abolish the death penalty and to establish a moratorium on the death penalty for drug offences."}"#,
        r#"{"id": "v-fr", "symbol": "E/CN.15/2015/99", "lang": "fr", "text": "La Commission a entendu des appels à abolir la peine de mort et à instaurer un moratoire sur la peine capitale pour les infractions liées aux drogues."}"#,
        r#"{"id": "v-es", "symbol": "E/CN.15/2015/99", "lang": "es", "text": "La Comisión escuchó llamamientos a poner fin a la práctica de quitar la vida a los condenados por delitos de drogas."}"#,
        r#"{"id": "other", "symbol": "E/CN.15/2015/98", "lang": "en", "text": "The Commission discussed the rising number of prisoners held in pretrial detention and prison overcrowding in many countries."}"#,
    ];
    std::fs::write(&input, lines.join("\n")).unwrap();
    let index_dir = work.path().join("index");
    let mut options = IndexOptions::new(index_dir.clone());
    options.threads = 1;
    options.writer_threads = 1;
    options.writer_memory_bytes = 30_000_000;
    run_index(&[input], &options, &NoProgress).expect("the run");
    let documents = stored_documents(&index_dir);
    let topics = |id: &str| -> Vec<String> {
        let mut slugs: Vec<String> = documents[id]
            .topics
            .iter()
            .map(|assignment| assignment.slug.clone())
            .collect();
        slugs.sort();
        slugs
    };
    assert!(
        topics("v-en").contains(&"death-penalty".to_string()),
        "{:?}",
        topics("v-en")
    );
    assert_eq!(topics("v-fr"), topics("v-en"));
    assert_eq!(topics("v-es"), topics("v-en"));
    assert!(!topics("other").contains(&"death-penalty".to_string()));
    assert!(
        topics("other").contains(&"prisons".to_string()),
        "{:?}",
        topics("other")
    );
}
