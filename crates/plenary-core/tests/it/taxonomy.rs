//! The taxonomy: the bundled file, user files from disk, and the errors of bad files.

use std::path::Path;

use plenary_core::{CoreError, Taxonomy};

const REQUIRED_TOPICS: [(&str, Option<&str>); 16] = [
    ("violence-against-women", None),
    ("femicide", Some("violence-against-women")),
    ("death-penalty", None),
    ("corruption", None),
    ("drug-policy", None),
    ("harm-reduction", Some("drug-policy")),
    ("organized-crime", None),
    ("human-trafficking", Some("organized-crime")),
    ("migrant-smuggling", Some("organized-crime")),
    ("firearms", Some("organized-crime")),
    ("environmental-crime", Some("organized-crime")),
    ("cybercrime", None),
    ("terrorism", None),
    ("prisons", None),
    ("victims", None),
    ("children", None),
];

#[test]
fn bundled_taxonomy_has_the_required_topics_in_six_languages() {
    let taxonomy = Taxonomy::bundled();
    for (slug, parent) in REQUIRED_TOPICS {
        let topic = taxonomy
            .get(slug)
            .unwrap_or_else(|| panic!("topic {slug} exists"));
        assert_eq!(topic.parent.as_deref(), parent, "parent of {slug}");
        for lang in ["en", "fr", "es", "ru", "ar", "zh"] {
            assert!(
                topic.terms.get(lang).is_some_and(|terms| !terms.is_empty()),
                "{slug} has {lang} terms"
            );
            assert!(topic.labels.contains_key(lang), "{slug} has a {lang} label");
        }
    }
    let death_penalty = taxonomy.get("death-penalty").expect("death-penalty exists");
    let english: Vec<&str> = death_penalty.terms["en"]
        .iter()
        .map(|term| term.text.as_str())
        .collect();
    for term in [
        "death penalty",
        "capital punishment",
        "executions",
        "death row",
    ] {
        assert!(english.contains(&term), "death-penalty has the term {term}");
    }
    assert_eq!(death_penalty.label_in("fr"), "Peine de mort");
    assert_eq!(death_penalty.label_in("de"), "Death penalty");
}

#[test]
fn hierarchy_queries() {
    let taxonomy = Taxonomy::bundled();
    let slugs = |topics: Vec<&plenary_core::Topic>| {
        topics
            .iter()
            .map(|topic| topic.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        slugs(taxonomy.ancestors("human-trafficking")),
        ["organized-crime"]
    );
    assert!(taxonomy.ancestors("organized-crime").is_empty());
    assert!(taxonomy.ancestors("no-such-topic").is_empty());
    assert!(taxonomy.is_within("human-trafficking", "organized-crime"));
    assert!(taxonomy.is_within("corruption", "corruption"));
    assert!(!taxonomy.is_within("organized-crime", "human-trafficking"));
    assert_eq!(
        slugs(taxonomy.descendants("organized-crime")),
        [
            "human-trafficking",
            "migrant-smuggling",
            "firearms",
            "environmental-crime"
        ]
    );
    assert_eq!(
        slugs(taxonomy.descendants("violence-against-women")),
        ["femicide"]
    );
    assert!(taxonomy.descendants("terrorism").is_empty());
    assert_eq!(
        taxonomy.facet_path("human-trafficking").as_deref(),
        Some("/organized-crime/human-trafficking")
    );
    assert_eq!(
        taxonomy.facet_path("corruption").as_deref(),
        Some("/corruption")
    );
    assert_eq!(taxonomy.facet_path("no-such-topic"), None);
}

#[test]
fn three_level_hierarchy_and_weights_from_a_file_on_disk() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("my-taxonomy.toml");
    std::fs::write(
        &path,
        r#"
[tagger]
document_threshold = 2.5

[[topic]]
slug = "crime"
label = "Crime"
[topic.terms]
en = ["crime"]

[[topic]]
slug = "wildlife"
label = "Wildlife crime"
parent = "crime"
[topic.terms]
en = ["poaching", { term = "ivory trade", weight = 2.5 }, "pangolin*"]

[[topic]]
slug = "ivory"
label = "Ivory"
parent = "wildlife"
labels = { fr = "Ivoire" }
[topic.terms]
fr = ["ivoire"]
"#,
    )
    .expect("the file is written");
    let taxonomy = Taxonomy::load(&path).expect("the file loads");
    assert_eq!(taxonomy.topics().len(), 3);
    assert_eq!(
        taxonomy.facet_path("ivory").as_deref(),
        Some("/crime/wildlife/ivory")
    );
    let ancestors: Vec<&str> = taxonomy
        .ancestors("ivory")
        .iter()
        .map(|topic| topic.slug.as_str())
        .collect();
    assert_eq!(ancestors, ["wildlife", "crime"]);
    assert_eq!(taxonomy.descendants("crime").len(), 2);
    assert_eq!(taxonomy.settings().document_threshold, 2.5);
    assert_eq!(
        taxonomy.settings().passage_threshold,
        2.0,
        "unset thresholds keep their defaults"
    );
    let wildlife = &taxonomy.get("wildlife").expect("wildlife exists").terms["en"];
    assert_eq!(
        (
            wildlife[1].text.as_str(),
            wildlife[1].weight,
            wildlife[1].prefix
        ),
        ("ivory trade", 2.5, false)
    );
    assert_eq!(
        (
            wildlife[2].text.as_str(),
            wildlife[2].weight,
            wildlife[2].prefix
        ),
        ("pangolin", 1.0, true)
    );
}

/// Parses `toml` and checks that the error names the file and contains each of `fragments`.
fn check_error(toml: &str, fragments: &[&str]) {
    let origin = Path::new("/etc/plenary/topics.toml");
    let error = Taxonomy::from_toml_str(toml, origin).expect_err("the taxonomy is rejected");
    assert!(matches!(error, CoreError::Taxonomy { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("/etc/plenary/topics.toml"),
        "the error names the file: {message}"
    );
    for fragment in fragments {
        assert!(
            message.contains(fragment),
            "`{message}` should contain `{fragment}`"
        );
    }
}

#[test]
fn bad_files_give_errors_that_name_the_file_the_topic_and_the_problem() {
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nparent = \"b\"\nterms = { en = [\"x\"] }",
        &["topic `a`", "unknown parent `b`"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { en = [\"x\"] }\n[[topic]]\nslug = \"a\"\nlabel = \"A again\"\nterms = { en = [\"y\"] }",
        &["topic `a`", "duplicate slug"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nparent = \"b\"\nterms = { en = [\"x\"] }\n[[topic]]\nslug = \"b\"\nlabel = \"B\"\nparent = \"a\"\nterms = { en = [\"y\"] }",
        &["topic `a`", "cycle"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nparent = \"a\"\nterms = { en = [\"x\"] }",
        &["topic `a`", "cycle"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"",
        &["topic `a`", "empty terms"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { en = [] }",
        &["topic `a`", "empty terms"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { en = [\"  \"] }",
        &["topic `a`", "empty term"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { de = [\"Todesstrafe\"] }",
        &["topic `a`", "unknown language `de`"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { en = [{ term = \"x\", weight = -1 }] }",
        &["topic `a`", "weight must be positive"],
    );
    check_error(
        "[[topic]]\nslug = \"A/B\"\nlabel = \"A\"\nterms = { en = [\"x\"] }",
        &["topic `A/B`", "slug"],
    );
    check_error(
        "[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { en = [\"x\"] }\ncolour = \"red\"",
        &["colour"],
    );
    check_error(
        "[tagger]\ndocument_threshold = 0\n[[topic]]\nslug = \"a\"\nlabel = \"A\"\nterms = { en = [\"x\"] }",
        &["document_threshold"],
    );
    check_error("", &["no topics"]);
    check_error("[[topic]\nslug = ", &["TOML"]);
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let error =
        Taxonomy::load(Path::new("/no/such/taxonomy.toml")).expect_err("the file is missing");
    let message = error.to_string();
    assert!(
        message.contains("/no/such/taxonomy.toml") && message.contains("cannot read"),
        "{message}"
    );
}
