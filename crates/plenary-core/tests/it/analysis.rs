//! The per-language analysers: their tokens, and search in a tiny in-RAM index per language.

use plenary_core::analysis::{
    GENERIC_TOKENIZER, LANGUAGES, analyzer, normalize_for_matching, register_analyzers,
    tokenizer_name,
};
use tantivy::collector::Count;
use tantivy::query::QueryParser;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Index, doc};

fn tokens(lang: &str, text: &str) -> Vec<String> {
    let mut text_analyzer = analyzer(lang);
    let mut stream = text_analyzer.token_stream(text);
    let mut tokens = Vec::new();
    stream.process(&mut |token| tokens.push(token.text.clone()));
    tokens
}

fn check_tokens(lang: &str, text: &str, expected: &[&str]) {
    assert_eq!(tokens(lang, text), expected, "{lang}: {text}");
}

/// Two texts analyse to the same tokens.
fn check_same_tokens(lang: &str, left: &str, right: &str) {
    assert_eq!(
        tokens(lang, left),
        tokens(lang, right),
        "{lang}: {left} ↔ {right}"
    );
}

/// Indexes `document` with the analyser of `lang` and counts the hits of `query`.
fn hits(lang: &str, document: &str, query: &str) -> usize {
    let mut schema_builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer_name(lang))
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema_builder.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = Index::create_in_ram(schema_builder.build());
    register_analyzers(index.tokenizers());
    let mut writer = index.writer(15_000_000).expect("an index writer in RAM");
    writer
        .add_document(doc!(body => document))
        .expect("the document is added");
    writer
        .add_document(doc!(body => "unrelated filler text 无关 نص"))
        .expect("the filler is added");
    writer.commit().expect("the commit succeeds");
    let searcher = index.reader().expect("a reader").searcher();
    let parsed = QueryParser::for_index(&index, vec![body])
        .parse_query(query)
        .expect("the query parses");
    searcher.search(&parsed, &Count).expect("the search runs")
}

fn check_found(lang: &str, document: &str, query: &str) {
    assert_eq!(
        hits(lang, document, query),
        1,
        "{lang}: `{query}` should find `{document}`"
    );
}

fn check_not_found(lang: &str, document: &str, query: &str) {
    assert_eq!(
        hits(lang, document, query),
        0,
        "{lang}: `{query}` should not find `{document}`"
    );
}

#[test]
fn tokenizer_names() {
    for lang in LANGUAGES {
        assert_eq!(tokenizer_name(lang), format!("plenary_{lang}"));
    }
    assert_eq!(tokenizer_name("de"), GENERIC_TOKENIZER);
    assert_eq!(tokenizer_name("und"), "plenary_generic");
    let manager = TokenizerManager::default();
    register_analyzers(&manager);
    for lang in LANGUAGES.iter().copied().chain(["und"]) {
        assert!(
            manager.get(tokenizer_name(lang)).is_some(),
            "{lang} is registered"
        );
    }
}

#[test]
fn english_stems_and_drops_stop_words() {
    check_tokens("en", "The executions of prisoners", &["execut", "prison"]);
    check_same_tokens("en", "executions", "execution");
    check_found(
        "en",
        "A moratorium on executions was declared.",
        "execution",
    );
    check_found("en", "The Death Penalty must end.", "\"death penalty\"");
}

#[test]
fn french_inflections_and_accents() {
    check_same_tokens("fr", "exécutions", "exécution");
    check_same_tokens("fr", "Peine de Mort", "peine de mort");
    check_same_tokens("fr", "péine de mórt", "peine de mort");
    check_found(
        "fr",
        "Les exécutions se poursuivent dans la région.",
        "exécution",
    );
    check_found(
        "fr",
        "Abolir la Peine de Mort partout.",
        "\"peine de mort\"",
    );
    check_found(
        "fr",
        "Abolir la peine de mort partout.",
        "\"péine de mórt\"",
    );
    check_not_found("fr", "Abolir la peine de prison.", "\"peine de mort\"");
}

#[test]
fn spanish_accent_folding() {
    check_same_tokens("es", "pena de muérte", "pena de muerte");
    check_same_tokens("es", "corrupción", "corrupcion");
    check_found(
        "es",
        "Pedimos abolir la pena de muerte.",
        "\"pena de muérte\"",
    );
    check_found("es", "Las ejecuciones continúan.", "ejecución");
}

#[test]
fn russian_case_forms_and_yo() {
    check_same_tokens("ru", "смертной казни", "смертная казнь");
    check_same_tokens("ru", "ещё", "еще");
    check_found(
        "ru",
        "Мы призываем к отмене смертной казни.",
        "\"смертная казнь\"",
    );
    check_found(
        "ru",
        "Смертная казнь должна быть отменена.",
        "\"смертной казни\"",
    );
}

#[test]
fn arabic_spelling_variants_and_light_stemming() {
    check_same_tokens("ar", "أعدام", "اعدام");
    check_same_tokens("ar", "إعدام", "اعدام");
    check_same_tokens("ar", "عقوبة", "عقوبه");
    check_same_tokens("ar", "عُقُوبَة", "عقوبة");
    check_same_tokens("ar", "الإعدام", "إعدام");
    check_same_tokens("ar", "مصطفى", "مصطفي");
    check_same_tokens("ar", "عقوبــة", "عقوبة");
    check_tokens("ar", "والمخدرات", &["مخدر"]);
    // A lone ب is part of the root, not a prefix.
    check_tokens("ar", "بلد", &["بلد"]);
    check_found("ar", "ندعو إلى إلغاء عقوبة الإعدام.", "\"عقوبه اعدام\"");
    check_found("ar", "ندعو إلى إلغاء عقوبه أعدام.", "\"عقوبة الإعدام\"");
}

#[test]
fn chinese_bigrams_match_inside_sentences() {
    check_tokens("zh", "废除死刑", &["废除", "除死", "死刑"]);
    check_tokens("zh", "刑", &["刑"]);
    check_tokens("zh", "UNODC的报告", &["unodc", "的报", "报告"]);
    check_found("zh", "我们呼吁废除死刑并暂停执行", "死刑");
    check_found("zh", "我们呼吁废除死刑并暂停执行", "废除死刑");
    check_not_found("zh", "我们呼吁废除死刑并暂停执行", "腐败");
}

#[test]
fn generic_analyser_folds_without_stemming() {
    check_tokens(
        "und",
        "Peine de MORT, 死刑判决",
        &["peine", "de", "mort", "死刑", "刑判", "判决"],
    );
    check_found("und", "Abolir la Peine de Mort", "\"peine de mort\"");
    check_not_found("und", "executions", "execution");
    check_found("und", "pena de muérte", "muerte");
}

#[test]
fn normalization_for_matching() {
    let check = |input: &str, expected: &str| {
        assert_eq!(normalize_for_matching(input), expected, "{input}")
    };
    check("Peine de MORT", "peine de mort");
    check("  exécutions\t\u{a0}capitales ", "executions capitales");
    check(
        "first\nline\n\nsecond paragraph",
        "first line\nsecond paragraph",
    );
    check("gender-related killing", "gender related killing");
    check("victims’ rights", "victims' rights");
    check("ЁЛКА", "елка");
    check("الإعدام", "الاعدام");
    check("أعدام", "اعدام");
    check("عقوبة", "عقوبه");
    check("مصطفى", "مصطفي");
    check("عُقُوبَة", "عقوبه");
    check("عقوبــة", "عقوبه");
    check("死刑　判决", "死刑 判决");
    check("ＵＮＯＤＣ", "unodc");
}

/// The analyser of a stemmed language built without the cache of words: Tantivy's
/// filters on every token.
fn uncached_analyzer(lang: &str) -> tantivy::tokenizer::TextAnalyzer {
    use plenary_core::analysis::WordTokenizer;
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, Stemmer, StopWordFilter, TextAnalyzer,
    };
    let language = match lang {
        "en" => Language::English,
        "fr" => Language::French,
        "es" => Language::Spanish,
        _ => Language::Russian,
    };
    let mut builder = TextAnalyzer::builder(WordTokenizer::default())
        .filter(LowerCaser)
        .dynamic();
    if lang == "ru" {
        builder = builder.filter_dynamic(plenary_core::analysis::CyrillicYoFolding);
    }
    builder = builder
        .filter_dynamic(StopWordFilter::new(language).expect("stop words"))
        .filter_dynamic(Stemmer::new(language));
    if lang != "ru" {
        builder = builder.filter_dynamic(AsciiFoldingFilter);
    }
    builder.build()
}

/// Every token of `text`: term, position and offsets.
fn all_tokens(
    analyzer: &mut tantivy::tokenizer::TextAnalyzer,
    text: &str,
) -> Vec<(String, usize, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    stream.process(&mut |token| {
        tokens.push((
            token.text.clone(),
            token.position,
            token.offset_from,
            token.offset_to,
        ))
    });
    tokens
}

#[test]
fn cached_words_give_the_tokens_of_the_filters_from_the_first_word_to_beyond_the_cache() {
    let cases = [
        (
            "en",
            "The States abolished EXECUTIONS for drug offences; the abolition of capital \
             punishment is an obligation, and the death penalty a violation of human rights. \
             Organizations\u{2019} reports: the STATES' obligations",
        ),
        (
            "fr",
            "Les États ont aboli la peine de mort pour les infractions liées aux drogues. \
             Une Peine, des peines : l'abolition et les exécutions",
        ),
        (
            "es",
            "Los Estados abolieron la pena de muerte por delitos relacionados con las drogas, \
             y la Información sobre las ejecuciones",
        ),
        (
            "ru",
            "Государства отменили смертную казнь за преступления, связанные с наркотиками; \
             её отменили, ЕЁ отменят, и ещё",
        ),
    ];
    for (lang, text) in cases {
        let expected = all_tokens(&mut uncached_analyzer(lang), text);
        assert!(expected.len() > 6, "{lang}: {expected:?}");
        // Twice: the second pass is served by the cache.
        let mut cached = analyzer(lang);
        for _ in 0..2 {
            assert_eq!(all_tokens(&mut cached, text), expected, "{lang}");
        }
    }
    // More distinct words than the cache holds, then the first ones again, and a word
    // too long to be cached.
    let text: String = (0..25_000)
        .chain(0..100)
        .map(|n| format!("Organizations{n}ing the "))
        .chain(std::iter::once(
            "internationalizationsorganizationalizations".to_string(),
        ))
        .collect();
    assert_eq!(
        all_tokens(&mut analyzer("en"), &text),
        all_tokens(&mut uncached_analyzer("en"), &text)
    );
}

#[test]
fn decomposed_and_composed_accents_give_the_same_tokens() {
    // "é" typed as e + combining acute (as some PDFs and Macs write it) and as one character.
    check_same_tokens(
        "fr",
        "Peine de mort exe\u{301}cutions",
        "Peine de mort exécutions",
    );
    check_same_tokens("es", "informacio\u{301}n", "información");
    check_same_tokens("ru", "и\u{306}од", "йод");
    assert_eq!(tokens("ru", "и\u{306}од"), ["йод"]);
}
