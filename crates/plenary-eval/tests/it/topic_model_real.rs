//! The statistical topic model, trained as `plenary taxonomy train` trains it, from the
//! public corpora of `shared/corpus-external/`, and measured by cross-validation on the
//! real labelled texts of `shared/labels-real/`. Skipped with a notice when the shared
//! folder is absent.

use std::path::PathBuf;

use plenary_core::Taxonomy;
use plenary_enrich::topic_model::train::TrainSettings;
use plenary_eval::topic_train::train_topic_model;

fn shared() -> Option<PathBuf> {
    plenary_testkit::shared_dir()
}

#[test]
fn the_model_trains_reproducibly_and_keeps_its_cross_validated_floors() {
    let Some(shared) = shared() else { return };
    let report = train_topic_model(
        &shared.join("corpus-external"),
        &shared.join("labels-real"),
        &Taxonomy::bundled(),
        &TrainSettings::default(),
    )
    .unwrap();
    // The shipped file is what this training writes.
    let trained = serde_json::to_string(&report.model).unwrap();
    let shipped = include_str!("../../../plenary-enrich/data/topic_model.json");
    assert!(
        trained == shipped.trim_end(),
        "the shipped topic model differs from what `plenary taxonomy train` makes of the shared data"
    );
    let cv = &report.cross_validated;
    assert_eq!(cv.overall.items, 121);
    assert!(
        cv.overall.precision >= 0.88,
        "micro precision {:?}",
        cv.overall
    );
    assert!(cv.overall.macro_f1 >= 0.86, "macro-F1 {:?}", cv.overall);
    for (language, group) in &cv.languages {
        assert!(group.macro_f1 >= 0.75, "language {language}: {group:?}");
    }
    // Never worse than the rules alone by more than one item's worth.
    assert!(
        cv.overall.f1 >= report.rules.overall.f1 - 0.01,
        "{:?} against {:?}",
        cv.overall,
        report.rules.overall
    );
}
