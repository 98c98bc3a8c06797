//! Floors on topic tagging measured on real text that nobody here wrote: the labelled
//! texts of `shared/labels-real/` and UPR Info's issue tags. Skipped with a notice when
//! the shared folder is absent. The floors sit a little below what the bundled taxonomy
//! reaches, so a change that loses recall or precision on real text fails here.

use std::path::PathBuf;

use plenary_core::Taxonomy;
use plenary_enrich::Enricher;
use plenary_eval::topic_train::is_upr_held_out;
use plenary_eval::{evaluate_real, evaluate_upr, evaluate_upr_rows};

fn shared() -> Option<PathBuf> {
    plenary_testkit::shared_dir()
}

#[test]
fn labelled_real_texts_keep_their_floors() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("labels-real");
    let enricher = Enricher::new(&Taxonomy::bundled());
    let evaluation = evaluate_real(&dir, &enricher).unwrap();
    assert!(evaluation.unread.is_empty(), "{:?}", evaluation.unread);
    assert_eq!(evaluation.overall.items, 121);
    let overall = &evaluation.overall;
    assert!(overall.precision >= 0.90, "micro precision {overall:?}");
    assert!(overall.recall >= 0.80, "micro recall {overall:?}");
    assert!(overall.macro_f1 >= 0.87, "macro-F1 {overall:?}");
    // The weakest languages, Russian and Arabic, were at 0.23 and 0.21 before stems and
    // near rules; the set is the one the rules were written against, so these floors
    // guard against regressions, they do not measure what real text will get.
    for (language, floor) in [
        ("en", 0.80),
        ("fr", 0.82),
        ("es", 0.78),
        ("ar", 0.78),
        ("zh", 0.78),
        ("ru", 0.85),
    ] {
        let group = &evaluation.languages[language];
        assert!(group.macro_f1 >= floor, "{language}: {group:?}");
    }
    assert!(
        evaluation.agreement.pairs >= 60,
        "{:?}",
        evaluation.agreement
    );
    // Indexed together, the versions of a symbol agree; tagged alone, most already do
    // (0.82 by the rules alone; the topic model, surer in English, where it learnt from
    // the most examples, than in the other languages, brings it to 0.72).
    assert!(
        evaluation.agreement.tagged >= 0.99,
        "{:?}",
        evaluation.agreement
    );
    assert!(
        evaluation.agreement.tagged_alone >= 0.70,
        "{:?}",
        evaluation.agreement
    );
}

#[test]
fn upr_issue_tags_keep_their_floors() {
    let Some(shared) = shared() else { return };
    let path = shared
        .join("corpus-external/upr-info-recommendations/upr_info_recommendations_s1-20.csv.gz");
    let enricher = Enricher::new(&Taxonomy::bundled());
    let evaluation = evaluate_upr(&path, &enricher, None).unwrap();
    assert!(evaluation.overall.items > 40_000);
    for (topic, floor) in [
        ("death-penalty", 0.90),
        ("corruption", 0.92),
        ("human-trafficking", 0.82),
    ] {
        let score = &evaluation.topics[topic];
        assert!(score.f1 >= floor, "{topic}: {score:?}");
    }
}

/// The rows the topic model never saw: the targets for the three topics UPR Info tags
/// most reliably.
#[test]
fn held_out_upr_rows_reach_the_targets_for_death_penalty_corruption_and_trafficking() {
    let Some(shared) = shared() else { return };
    let path = shared
        .join("corpus-external/upr-info-recommendations/upr_info_recommendations_s1-20.csv.gz");
    let enricher = Enricher::new(&Taxonomy::bundled());
    let evaluation = evaluate_upr_rows(&path, &enricher, None, &is_upr_held_out).unwrap();
    assert!(evaluation.overall.items > 8_000);
    for topic in ["death-penalty", "corruption", "human-trafficking"] {
        let score = &evaluation.topics[topic];
        assert!(score.f1 >= 0.90, "{topic}: {score:?}");
    }
}
