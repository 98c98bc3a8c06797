//! Reading only the sentences that hold a trigger as stems gives the topics, scores and
//! evidence of reading every sentence: on the bundled corpus, and on the real labelled
//! texts of `../shared/labels-real` where they are present. Each text is tagged as
//! unknown language and as each stemmed language in turn, so that a trigger a stemmer
//! could miss in any language shows here.

use std::path::{Path, PathBuf};

use plenary_core::Taxonomy;
use plenary_enrich::TopicTagger;
use serde_json::Value;

const LANGUAGES: [Option<&str>; 6] = [
    None,
    Some("en"),
    Some("fr"),
    Some("es"),
    Some("ru"),
    Some("ar"),
];

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The texts of a folder's `.txt`, `.md` and `.html` files and of the `text` fields of
/// its JSON Lines files, with their names.
fn texts_under(folder: &Path) -> Vec<(String, String)> {
    let mut texts = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path.display().to_string();
            let Ok(content) = std::fs::read_to_string(&path) else {
                continue;
            };
            match path.extension().and_then(|extension| extension.to_str()) {
                Some("txt" | "md" | "html") => texts.push((name, content)),
                Some("jsonl") => {
                    for (number, line) in content.lines().enumerate() {
                        let Ok(value) = serde_json::from_str::<Value>(line) else {
                            continue;
                        };
                        if let Some(text) = value.get("text").and_then(Value::as_str) {
                            texts.push((format!("{name}:{}", number + 1), text.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    texts.sort();
    texts
}

/// Tags each text both ways in each language; returns how many comparisons were made.
fn assert_same_tags(texts: &[(String, String)]) -> usize {
    let taxonomy = Taxonomy::bundled();
    let triggered = TopicTagger::new(&taxonomy);
    let every_sentence = TopicTagger::new(&taxonomy).reading_every_sentence();
    let mut compared = 0;
    for (name, text) in texts {
        for language in LANGUAGES {
            let fast = triggered.tag_in(language, "", text);
            let full = every_sentence.tag_in(language, "", text);
            assert_eq!(
                format!("{fast:?}"),
                format!("{full:?}"),
                "{name} read as {language:?}"
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn triggered_sentences_give_the_tags_of_every_sentence_on_the_bundled_corpus() {
    let texts = texts_under(&repository().join("corpus"));
    assert!(texts.len() >= 40, "the bundled corpus has its texts");
    let compared = assert_same_tags(&texts);
    assert_eq!(compared, texts.len() * LANGUAGES.len());
}

#[test]
fn triggered_sentences_give_the_tags_of_every_sentence_on_real_texts() {
    let folder = repository().join("../shared/labels-real/texts");
    if !folder.is_dir() {
        plenary_testkit::skip("../shared/labels-real is absent: no comparison on real texts");
        return;
    }
    let texts = texts_under(&folder);
    assert!(texts.len() >= 100, "the labelled texts are readable");
    assert_same_tags(&texts);
}

#[test]
fn a_text_without_any_trigger_gets_no_stemmed_topics_and_one_with_an_inflection_does() {
    let tagger = TopicTagger::new(&Taxonomy::bundled());
    let plain =
        "The committee adopted its agenda and elected its officers. The meeting rose at noon.";
    assert!(tagger.tag_in(Some("en"), "", plain).is_empty());
    // "насилию" reaches its term only through its stem, in a sentence among others.
    let russian = "Заседание открылось в десять часов. Женщины подвергаются насилию и убийствам в семье. \
                   Комитет утвердил повестку дня.";
    let slugs: Vec<String> = tagger
        .tag_in(Some("ru"), "", russian)
        .into_iter()
        .map(|assignment| assignment.slug)
        .collect();
    assert!(
        slugs.iter().any(|slug| slug == "violence-against-women"),
        "{slugs:?}"
    );
}
