//! Language detection on short and long texts in each language, and on the six-language
//! UN Parallel Corpus dev set when it is present.

use std::io::{BufRead, BufReader};
use std::path::Path;

use plenary_enrich::language::{LanguageDetector, LanguageGuess};

const SAMPLES: [(&str, &str); 9] = [
    (
        "en",
        "We call on Member States to abolish the death penalty for drug offences and to ensure that people who use drugs have access to treatment and harm reduction services without fear of arrest.",
    ),
    (
        "fr",
        "Nous appelons les États Membres à abolir la peine de mort pour les infractions liées aux drogues et à garantir aux personnes qui consomment des drogues l’accès aux services de réduction des risques.",
    ),
    (
        "es",
        "Instamos a los Estados Miembros a abolir la pena de muerte por delitos relacionados con drogas y a garantizar que las personas que usan drogas tengan acceso a servicios de reducción de daños.",
    ),
    (
        "ru",
        "Мы призываем государства-члены отменить смертную казнь за преступления, связанные с наркотиками, и обеспечить людям, употребляющим наркотики, доступ к услугам по снижению вреда.",
    ),
    (
        "ar",
        "ندعو الدول الأعضاء إلى إلغاء عقوبة الإعدام على الجرائم المتصلة بالمخدرات وإلى ضمان حصول الأشخاص الذين يتعاطون المخدرات على خدمات الحد من الضرر دون خوف من الاعتقال.",
    ),
    (
        "zh",
        "我们呼吁各会员国废除对毒品犯罪适用死刑，并确保吸毒者能够获得减少危害服务，而不必担心被逮捕。",
    ),
    (
        "de",
        "Wir fordern die Mitgliedstaaten auf, die Todesstrafe für Drogendelikte abzuschaffen und sicherzustellen, dass Menschen, die Drogen konsumieren, Zugang zu Angeboten der Schadensminderung erhalten.",
    ),
    (
        "it",
        "Chiediamo agli Stati membri di abolire la pena di morte per i reati legati alla droga e di garantire alle persone che usano droghe l'accesso ai servizi di riduzione del danno senza timore di arresto.",
    ),
    (
        "pt",
        "Apelamos aos Estados-Membros para que aboliam a pena de morte por crimes relacionados com drogas e garantam que as pessoas que usam drogas tenham acesso a serviços de redução de danos.",
    ),
];

fn check(text: &str, expected_code: &str) {
    let guess = LanguageDetector::new().detect(text);
    assert_eq!(
        guess.code, expected_code,
        "text: {:.80}… gave {guess:?}",
        text
    );
    if expected_code == "und" {
        assert_eq!(guess.confidence, 0.0);
    } else {
        assert!(
            guess.confidence > 0.0 && guess.confidence <= 1.0,
            "confidence {guess:?}"
        );
    }
}

#[test]
fn tells_each_language_from_one_sentence() {
    for (code, text) in SAMPLES {
        check(text, code);
    }
}

#[test]
fn a_paragraph_is_told_whatever_the_language_of_its_document() {
    let detector = LanguageDetector::new();
    for (code, text) in SAMPLES {
        for (document_language, _) in SAMPLES {
            let guess = detector.detect_paragraph(text, document_language);
            assert_eq!(
                guess.code, code,
                "a {code} paragraph in a {document_language} document: {guess:?}"
            );
        }
    }
}

#[test]
fn the_shortcut_for_paragraphs_agrees_with_whatlang_on_the_unpc_dev_set() {
    let Some(documents) = unpc_documents() else {
        plenary_testkit::skip("the UN Parallel Corpus sample of ../shared is absent");
        return;
    };
    let detector = LanguageDetector::new();
    let mut checked = 0;
    for (code, text) in &documents {
        for paragraph in text.split('\n').filter(|line| line.chars().count() >= 80) {
            let full = detector.detect(paragraph);
            // Whatever the document's language, the shortcut never claims a paragraph
            // that whatlang confidently gives to another language.
            for document_language in ["en", "fr", "es"] {
                let quick = detector.detect_paragraph(paragraph, document_language);
                if full.confidence >= 0.5 && quick.code != full.code {
                    panic!(
                        "{paragraph:.80}… ({code}): shortcut {quick:?}, whatlang {full:?} in a {document_language} document"
                    );
                }
            }
            checked += 1;
        }
        if checked > 3_000 {
            break;
        }
    }
    assert!(checked > 100, "{checked} paragraphs");
}

#[test]
fn tells_each_language_from_a_long_document_with_a_un_header() {
    for (code, text) in SAMPLES {
        // An English header, as on every UN document whatever its language, then many paragraphs.
        let mut document = String::from(
            "United Nations\nE/CN.7/2020/NGO/4\nEconomic and Social Council\nDistr.: General\n12 February 2020\nOriginal: English\n\nV.20-01234 (E)\n\n",
        );
        for paragraph in 1..=60 {
            document.push_str(&format!("{paragraph}. {text}\n\n"));
        }
        check(&document, code);
    }
}

#[test]
fn too_little_text_is_undetermined() {
    check("", "und");
    check("E/CN.7/2020/NGO/4 — 12.02.2020 — 1234", "und");
    check("Death penalty", "und");
    check("  \n\n ***  \n", "und");
}

#[test]
fn a_language_outside_the_allowlist_is_not_guessed_as_one_of_them_confidently() {
    // Dutch is not in the allowlist: whatever comes back must not be a confident UN language.
    let dutch = "Wij roepen de lidstaten op om de doodstraf voor drugsdelicten af te schaffen en ervoor te zorgen dat mensen die drugs gebruiken toegang hebben tot schadebeperkende diensten.";
    let guess: LanguageGuess = LanguageDetector::new().detect(dutch);
    // Read as a neighbour (German) or undetermined, never as one of the six.
    assert!(
        !["ar", "zh", "en", "fr", "ru", "es"].contains(&guess.code.as_str()),
        "Dutch read as a UN language: {guess:?}"
    );
}

#[test]
fn detection_reads_a_bounded_sample_of_a_large_document() {
    let mut document = String::new();
    while document.len() < 8_000_000 {
        document.push_str(SAMPLES[1].1);
        document.push_str("\n\n");
    }
    let detector = LanguageDetector::new();
    let guess = detector.detect(&document);
    assert_eq!(guess.code, "fr");
    // What whatlang reads is a few kilobytes, however long the document: detection cost
    // does not grow with the text (its speed is measured in the benches, not here).
    let sample = detector.sample(&document);
    assert!(!sample.is_empty());
    assert!(
        sample.len() <= 16 * 1024,
        "sample of {} bytes",
        sample.len()
    );
}

/// Reads `unpc_devset_docs.jsonl.gz` of the shared external corpus, if present.
fn unpc_documents() -> Option<Vec<(String, String)>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus-external/unpc-devset/unpc_devset_docs.jsonl.gz");
    let file = std::fs::File::open(&path).ok()?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut documents = Vec::new();
    for line in reader.lines() {
        let line = line.expect("the dev set is valid gzip");
        let value: serde_json::Value = serde_json::from_str(&line).expect("each line is JSON");
        let lang = value["lang"].as_str().unwrap_or_default().to_string();
        let text = value["text"].as_str().unwrap_or_default().to_string();
        documents.push((lang, text));
    }
    Some(documents)
}

#[test]
fn unpc_dev_set_accuracy_is_at_least_98_percent() {
    let Some(documents) = unpc_documents() else {
        plenary_testkit::skip(
            "shared/corpus-external/unpc-devset is absent: no UN Parallel Corpus measurement",
        );
        return;
    };
    let detector = LanguageDetector::new();
    let mut per_language: std::collections::BTreeMap<String, (u32, u32)> = Default::default();
    let mut undetermined = 0;
    for (lang, text) in documents
        .iter()
        .filter(|(_, text)| text.chars().count() >= 200)
    {
        let guess = detector.detect(text);
        let entry = per_language.entry(lang.clone()).or_default();
        entry.1 += 1;
        if guess.code == *lang {
            entry.0 += 1;
        } else {
            if guess.code == "und" {
                undetermined += 1;
            }
            println!(
                "{lang} → {} ({:.2}): {:.100}",
                guess.code,
                guess.confidence,
                text.replace('\n', " ")
            );
        }
    }
    let (correct, total) = per_language
        .values()
        .fold((0, 0), |(c, t), (pc, pt)| (c + pc, t + pt));
    for (lang, (lang_correct, lang_total)) in &per_language {
        println!("{lang}: {lang_correct}/{lang_total}");
    }
    let accuracy = f64::from(correct) / f64::from(total);
    println!(
        "UNPC dev set, documents ≥ 200 chars: {correct}/{total} = {accuracy:.4} ({undetermined} und)"
    );
    assert!(accuracy >= 0.98, "accuracy {accuracy:.4}");
}
