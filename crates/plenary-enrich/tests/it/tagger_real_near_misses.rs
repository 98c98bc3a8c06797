//! Near-misses from real texts: sentences of `../shared/labels-real` that use a word of a
//! topic (victims, execution, ivory, firearms, the Internet, terror, abuse) in a sense a
//! careful reader did not label as that topic. They were not written for the exclusion
//! list, so they test the tagger: each sentence alone, and where `../shared` is present
//! the whole text it comes from.

use std::path::Path;

use plenary_core::Taxonomy;
use plenary_enrich::TopicTagger;

/// (text number in `labels-real/texts`, topic it is not about, language, the sentence)
const NEAR_MISSES: &[(u32, &str, &str, &str)] = &[
    (
        48,
        "victims",
        "en",
        "While women are disproportionately impacted by these issues, they are not just victims.",
    ),
    (
        74,
        "victims",
        "es",
        "Aunque las mujeres sufren las consecuencias de estos problemas en grado desproporcionado, no son meras víctimas.",
    ),
    (
        194,
        "victims",
        "en",
        "We should continue aiding international organizations and agencies which give assistance to refugees and victims of natural disasters.",
    ),
    (
        65,
        "death-penalty",
        "es",
        "Observa que en el informe del Director Ejecutivo sobre la ejecución del presupuesto consolidado de la Oficina de las Naciones Unidas contra la Droga y el Delito para el bienio 2014-2015",
    ),
    (
        96,
        "death-penalty",
        "fr",
        "Invite les mécanismes intergouvernementaux à poursuivre les efforts qu'ils font pour améliorer la cohérence et l'efficacité de l'action menée par les organismes des Nations Unies en appui à l'Afrique et à continuer de soutenir la Commission économique pour l'Afrique dans l'exécution de son mandat",
    ),
    (
        179,
        "death-penalty",
        "en",
        "We still remember too well the hundreds of Khmer patriots who were summarily and savagely executed on his orders, accused solely of being Communists",
    ),
    (
        172,
        "environmental-crime",
        "en",
        "The Ivory Coast is pleased with the progress achieved since the last session of the General Assembly in the sphere of decolonization.",
    ),
    (
        223,
        "cybercrime",
        "en",
        "Fulfil its obligation under ICCPR and fully guarantee the freedom of assembly and freedom of expression on the Internet as well as offline to all its citizens",
    ),
    (
        231,
        "violence-against-women",
        "en",
        "stated that elder abuse was a recognized problem in Slovenia and that the most common forms of violence were neglect and physical and psychological abuse.",
    ),
];

/// Near-misses of the same kind that the tagger still gets wrong: police training on
/// firearms is not illicit firearms, and rhetoric about a "campaign of terror" is not
/// terrorism. Kept here so that they are seen; when the tagger learns them, the test
/// below fails and they move to [`NEAR_MISSES`].
const STILL_TAGGED: &[(u32, &str, &str, &str)] = &[
    (
        203,
        "firearms",
        "en",
        "Ensure that members of the Guyana Police Force are adequately trained on the appropriate use of force and firearms in accordance with international standards",
    ),
    (
        175,
        "terrorism",
        "en",
        "International imperialism has over the past year unleashed a campaign of terror and destruction around the globe in order to halt the gradual diminution of its domain",
    ),
];

fn tagged(tagger: &TopicTagger, text: &str) -> Vec<String> {
    tagger
        .tag(text)
        .into_iter()
        .map(|assignment| assignment.slug)
        .collect()
}

#[test]
fn real_sentences_using_a_topics_words_in_another_sense_are_not_tagged_with_it() {
    let tagger = TopicTagger::new(&Taxonomy::bundled());
    let mut wrong = Vec::new();
    for (number, slug, lang, sentence) in NEAR_MISSES {
        assert!(
            tagger.taxonomy().get(slug).is_some(),
            "{slug} is a topic of the taxonomy"
        );
        let found = tagged(&tagger, sentence);
        if found.iter().any(|found| found == slug) {
            wrong.push(format!("{number} ({lang}) {slug} in {found:?}: {sentence}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "near-misses tagged:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_near_misses_still_tagged_are_listed_as_such() {
    let tagger = TopicTagger::new(&Taxonomy::bundled());
    for (number, slug, lang, sentence) in STILL_TAGGED {
        let found = tagged(&tagger, sentence);
        assert!(
            found.iter().any(|found| found == slug),
            "{number} ({lang}) is no longer tagged {slug}: move it to NEAR_MISSES"
        );
    }
}

#[test]
fn the_whole_real_texts_of_the_near_misses_are_not_tagged_with_them_either() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/labels-real/texts");
    if !folder.is_dir() {
        plenary_testkit::skip(
            "../shared/labels-real is absent: near-misses checked on their sentences only",
        );
        return;
    }
    let tagger = TopicTagger::new(&Taxonomy::bundled());
    let mut wrong = Vec::new();
    for (number, slug, lang, sentence) in NEAR_MISSES {
        let path = folder.join(format!("{number:03}.txt"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        // The quotation is the text's own (line breaks and cuts aside).
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let words: Vec<&str> = sentence.split_whitespace().take(8).collect();
        assert!(
            flat.contains(&words.join(" ")),
            "{number}: the quotation is from the text: {sentence}"
        );
        if sentence.len() > 40 && !flat.contains(sentence) {
            panic!("{number}: the quotation is the text's, word for word: {sentence}");
        }
        let found = tagged(&tagger, &text);
        if found.iter().any(|found| found == slug) {
            wrong.push(format!("{number} ({lang}) {slug} in {found:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "near-miss texts tagged:\n{}",
        wrong.join("\n")
    );
}
