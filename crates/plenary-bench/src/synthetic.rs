//! A deterministic synthetic corpus in the JSON Lines input format, for benchmarks.
//!
//! The corpus is built to stress the pipeline the way real UN civil-society text does,
//! not to read well: each of the six UN languages has a vocabulary of 100k+ pseudo-words
//! made from that language's syllables in its own script, drawn with a Zipf law and
//! mixed with real function words; the taxonomy's real topic terms appear at the rates
//! of on-topic statements, so the topic tagger has work to do; document lengths are
//! log-normal around 4 KB (300 B – 60 KB); about 70% of the documents are English. Every
//! metadata field is filled: symbols of the right shape per forum, sessions, dates of the
//! session's year and organizations from a Zipf-distributed pool of a few thousand names.
//!
//! Generation streams: one record is built, written and dropped at a time, so memory
//! stays constant whatever the number of documents. The same seed gives the same bytes
//! (ChaCha8 is reproducible across platforms and versions of `rand_chacha`).

use std::collections::HashSet;
use std::io::{self, Write};

use plenary_core::Taxonomy;
use plenary_core::analysis::LANGUAGES;
use plenary_core::model::Forum;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// Pseudo-words per language.
pub const VOCABULARY_SIZE: usize = 120_000;
/// Organizations in the pool that documents are attributed to.
pub const ORGANIZATION_POOL_SIZE: usize = 3_000;
/// The smallest and largest text of a document, in bytes.
pub const MIN_TEXT_BYTES: usize = 300;
pub const MAX_TEXT_BYTES: usize = 60_000;
/// The median text length in bytes; with [`LENGTH_SIGMA`] the mean is about 4.2 KB.
const MEDIAN_TEXT_BYTES: f64 = 3_500.0;
/// The spread of the log-normal length distribution.
const LENGTH_SIGMA: f64 = 0.6;
/// The Zipf exponent of content words (about 1 in natural language).
const ZIPF_EXPONENT: f64 = 1.05;
/// The share of running words that are function words.
const FUNCTION_WORD_SHARE: f64 = 0.42;
/// The chance that a sentence of a document carries one of the document's topic terms.
const TOPIC_SENTENCE_RATE: f64 = 0.3;
/// The chance that a sentence carries a term of some unrelated topic (noise the tagger must ignore).
const STRAY_TOPIC_RATE: f64 = 0.02;

/// Language shares in per mille, in the order of [`LANGUAGES`] (en, fr, es, ru, ar, zh).
const LANGUAGE_SHARES: [u32; 6] = [700, 80, 80, 50, 40, 50];

/// How the corpus is generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusOptions {
    pub seed: u64,
    /// Also write the topics the generator meant (the tagger's output is then replaced
    /// by them at indexing, as for labelled input).
    pub include_topics: bool,
    /// Also write each document's language (detection is then skipped at indexing, as
    /// for any record that states its language). Off by default, so that an indexing
    /// benchmark on the corpus includes language detection.
    pub include_language: bool,
}

impl CorpusOptions {
    pub fn with_seed(seed: u64) -> CorpusOptions {
        CorpusOptions {
            seed,
            include_topics: false,
            include_language: false,
        }
    }
}

/// One generated record; serialises to one line of the JSON Lines input format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyntheticRecord {
    pub id: String,
    pub symbol: String,
    pub title: String,
    pub text: String,
    pub date: String,
    pub organization: String,
    pub forum: &'static str,
    pub session: u32,
    pub doc_type: &'static str,
    /// The language the text is written in (written out only as `stated_language`).
    #[serde(skip_serializing)]
    pub language: &'static str,
    #[serde(rename = "language", skip_serializing_if = "Option::is_none")]
    pub stated_language: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topics: Option<Vec<String>>,
}

/// What a generation wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeneratedCorpus {
    pub documents: u64,
    /// Bytes written, newlines included.
    pub bytes: u64,
    /// Documents per language, in the order of [`LANGUAGES`].
    pub documents_by_language: [u64; 6],
}

/// A sampler of ranks 0..n with probability proportional to 1 / (rank + 1)^s.
struct ZipfTable {
    cumulative: Vec<f64>,
}

impl ZipfTable {
    fn new(size: usize, exponent: f64) -> ZipfTable {
        let mut cumulative = Vec::with_capacity(size);
        let mut total = 0.0;
        for rank in 0..size {
            total += 1.0 / ((rank + 1) as f64).powf(exponent);
            cumulative.push(total);
        }
        for value in &mut cumulative {
            *value /= total;
        }
        ZipfTable { cumulative }
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> usize {
        let target: f64 = rng.random();
        let rank = self.cumulative.partition_point(|&value| value < target);
        rank.min(self.cumulative.len() - 1)
    }
}

/// How a language writes: its syllables, function words, punctuation and boilerplate.
struct Script {
    onsets: &'static [&'static str],
    nuclei: &'static [&'static str],
    codas: &'static [&'static str],
    function_words: &'static [&'static str],
    /// Words are written without spaces between them (Chinese).
    unspaced: bool,
    full_stop: &'static str,
    comma: &'static str,
    /// The opening line of a statement; `{org}` is replaced by the organization.
    statement_header: &'static str,
}

const LATIN_ONSETS: &[&str] = &[
    "", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
    "st", "tr", "pr", "ch", "sh", "th", "br", "gr", "pl", "cl", "fr", "sp",
];

const SCRIPTS: [Script; 6] = [
    Script {
        onsets: LATIN_ONSETS,
        nuclei: &["a", "e", "i", "o", "u", "ea", "ou", "io", "ai", "ee", "y"],
        codas: &[
            "", "", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "ck", "m", "tion",
        ],
        function_words: &[
            "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by",
            "be", "are", "this", "it", "from", "at", "which", "or", "an", "not", "have", "has",
            "their", "its", "we", "our", "all", "also", "been", "these", "States", "Member",
            "should", "would", "must",
        ],
        unspaced: false,
        full_stop: ".",
        comma: ",",
        statement_header: "Statement submitted by {org}, a non-governmental organization in consultative status with the Economic and Social Council",
    },
    Script {
        onsets: LATIN_ONSETS,
        nuclei: &[
            "a", "e", "i", "o", "u", "é", "è", "ou", "ai", "eau", "oi", "eu", "ê",
        ],
        codas: &[
            "", "", "", "n", "s", "t", "r", "l", "nt", "que", "re", "ment",
        ],
        function_words: &[
            "de", "la", "le", "les", "et", "à", "des", "du", "en", "un", "une", "est", "que",
            "pour", "dans", "par", "sur", "qui", "au", "avec", "ce", "il", "sont", "aux", "ne",
            "pas", "plus", "nous", "leur", "été", "États", "membres",
        ],
        unspaced: false,
        full_stop: ".",
        comma: ",",
        statement_header: "Déclaration présentée par {org}, organisation non gouvernementale dotée du statut consultatif auprès du Conseil économique et social",
    },
    Script {
        onsets: &[
            "", "", "b", "c", "d", "f", "g", "j", "l", "ll", "m", "n", "ñ", "p", "r", "rr", "s",
            "t", "v", "z", "ch", "tr", "pr", "br", "gr", "pl",
        ],
        nuclei: &[
            "a", "e", "i", "o", "u", "á", "é", "í", "ó", "ia", "ue", "io", "ie",
        ],
        codas: &["", "", "", "n", "s", "r", "l", "d", "ción", "dad"],
        function_words: &[
            "de", "la", "el", "en", "y", "a", "los", "las", "del", "que", "por", "con", "para",
            "un", "una", "es", "se", "al", "lo", "su", "como", "más", "sus", "o", "ha", "sido",
            "Estados", "miembros",
        ],
        unspaced: false,
        full_stop: ".",
        comma: ",",
        statement_header: "Declaración presentada por {org}, organización no gubernamental reconocida como entidad consultiva por el Consejo Económico y Social",
    },
    Script {
        onsets: &[
            "", "", "б", "в", "г", "д", "ж", "з", "к", "л", "м", "н", "п", "р", "с", "т", "ф", "х",
            "ц", "ч", "ш", "щ", "ст", "пр", "тр", "кр",
        ],
        nuclei: &["а", "е", "и", "о", "у", "ы", "я", "ю", "ё", "э", "о", "а"],
        codas: &[
            "", "", "", "н", "с", "т", "р", "л", "й", "ть", "ск", "ия", "ость",
        ],
        function_words: &[
            "и",
            "в",
            "на",
            "не",
            "что",
            "с",
            "по",
            "для",
            "как",
            "о",
            "к",
            "из",
            "от",
            "это",
            "за",
            "его",
            "также",
            "которые",
            "государств",
            "членов",
            "мы",
            "их",
        ],
        unspaced: false,
        full_stop: ".",
        comma: ",",
        statement_header: "Заявление, представленное организацией {org}, неправительственной организацией, имеющей консультативный статус при Экономическом и Социальном Совете",
    },
    Script {
        onsets: &[
            "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع",
            "غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي",
        ],
        nuclei: &["", "", "ا", "و", "ي"],
        codas: &["", "", "", "ة", "ن", "ت", "ات", "ين"],
        function_words: &[
            "في",
            "من",
            "على",
            "إلى",
            "أن",
            "التي",
            "الذي",
            "عن",
            "مع",
            "هذا",
            "هذه",
            "ما",
            "و",
            "كما",
            "قد",
            "بين",
            "أو",
            "كان",
            "الدول",
            "الأعضاء",
        ],
        unspaced: false,
        full_stop: ".",
        comma: "،",
        statement_header: "بيان مقدم من {org}، وهي منظمة غير حكومية ذات مركز استشاري لدى المجلس الاقتصادي والاجتماعي",
    },
    Script {
        onsets: &[],
        nuclei: &[],
        codas: &[],
        function_words: &[
            "的",
            "和",
            "在",
            "是",
            "了",
            "与",
            "对",
            "为",
            "等",
            "中",
            "有",
            "及",
            "将",
            "我们",
            "以",
            "上",
            "这",
            "其",
            "各",
            "国",
            "会员国",
        ],
        unspaced: true,
        full_stop: "。",
        comma: "，",
        statement_header: "具有经济及社会理事会咨商地位的非政府组织{org}提交的声明",
    },
];

/// Common CJK ideographs start here; pseudo-words draw from the first block of them.
const CJK_FIRST: u32 = 0x4E00;
const CJK_CHARACTERS: u32 = 6_000;

/// The vocabulary of one language: pseudo-words by frequency rank, and the topic terms.
struct LanguageVocabulary {
    words: Vec<String>,
    function_word_table: ZipfTable,
    /// Topic terms per topic (index into the taxonomy's topics); empty for topics without
    /// terms in this language.
    topic_terms: Vec<Vec<String>>,
    /// Topics with at least one term in this language.
    topics_with_terms: Vec<usize>,
}

impl LanguageVocabulary {
    fn new(language: usize, taxonomy: &Taxonomy, rng: &mut ChaCha8Rng) -> LanguageVocabulary {
        let script = &SCRIPTS[language];
        let mut seen: HashSet<String> = script
            .function_words
            .iter()
            .map(|word| word.to_string())
            .collect();
        let mut words = Vec::with_capacity(VOCABULARY_SIZE);
        let cjk_table = ZipfTable::new(CJK_CHARACTERS as usize, 0.9);
        while words.len() < VOCABULARY_SIZE {
            let rank = words.len();
            let word = if script.unspaced {
                cjk_word(rank, &cjk_table, rng)
            } else {
                syllable_word(script, rank, rng)
            };
            if seen.insert(word.clone()) {
                words.push(word);
            }
        }
        let code = LANGUAGES[language];
        let topic_terms: Vec<Vec<String>> = taxonomy
            .topics()
            .iter()
            .map(|topic| {
                topic
                    .terms
                    .get(code)
                    .map(|terms| terms.iter().map(|term| term.text.clone()).collect())
                    .unwrap_or_default()
            })
            .collect();
        let topics_with_terms = (0..topic_terms.len())
            .filter(|&topic| !topic_terms[topic].is_empty())
            .collect();
        LanguageVocabulary {
            words,
            function_word_table: ZipfTable::new(script.function_words.len(), 1.0),
            topic_terms,
            topics_with_terms,
        }
    }
}

/// A pseudo-word of `rank`: frequent words are short, as in natural language.
fn syllable_word(script: &Script, rank: usize, rng: &mut ChaCha8Rng) -> String {
    let syllables = match rank {
        0..200 => rng.random_range(1..=2),
        200..5_000 => rng.random_range(2..=3),
        _ => rng.random_range(2..=4),
    };
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(pick(script.onsets, rng));
        word.push_str(pick(script.nuclei, rng));
    }
    word.push_str(pick(script.codas, rng));
    if word.is_empty() {
        word.push_str(pick(&script.onsets[2..], rng));
    }
    word
}

/// A pseudo-word of one to three ideographs, frequent ideographs more often.
fn cjk_word(rank: usize, table: &ZipfTable, rng: &mut ChaCha8Rng) -> String {
    let length = match rank {
        0..500 => rng.random_range(1..=2),
        _ => rng.random_range(2..=3),
    };
    (0..length)
        .filter_map(|_| char::from_u32(CJK_FIRST + table.sample(rng) as u32))
        .collect()
}

fn pick<'a>(choices: &[&'a str], rng: &mut ChaCha8Rng) -> &'a str {
    if choices.is_empty() {
        return "";
    }
    choices[rng.random_range(0..choices.len())]
}

/// A forum, the range of its sessions and the year of a session.
struct ForumShape {
    forum: Forum,
    /// Share in per mille.
    share: u32,
    sessions: std::ops::RangeInclusive<u32>,
    /// The month its sessions usually meet.
    month: u32,
}

const FORUMS: [ForumShape; 6] = [
    ForumShape {
        forum: Forum::Cnd,
        share: 350,
        sessions: 50..=68,
        month: 3,
    },
    ForumShape {
        forum: Forum::Ccpcj,
        share: 250,
        sessions: 20..=34,
        month: 5,
    },
    ForumShape {
        forum: Forum::Cosp,
        share: 120,
        sessions: 4..=11,
        month: 12,
    },
    ForumShape {
        forum: Forum::Irg,
        share: 80,
        sessions: 6..=16,
        month: 6,
    },
    ForumShape {
        forum: Forum::Cop,
        share: 100,
        sessions: 5..=12,
        month: 10,
    },
    ForumShape {
        forum: Forum::CrimeCongress,
        share: 100,
        sessions: 12..=15,
        month: 4,
    },
];

/// The year a forum's session met.
fn session_year(forum: Forum, session: u32) -> i32 {
    let session = session as i32;
    match forum {
        Forum::Cnd => 1957 + session,
        Forum::Ccpcj => 1991 + session,
        Forum::Cosp => 2004 + 2 * session - 1,
        Forum::Irg => 2009 + session,
        Forum::Cop => 2000 + 2 * session,
        _ => match session {
            12 => 2010,
            13 => 2015,
            14 => 2021,
            _ => 2026,
        },
    }
}

/// The symbol of a document of `doc_type` at a forum's session, shaped as the UN writes them.
fn document_symbol(forum: Forum, session: u32, year: i32, doc_type: &str, number: u32) -> String {
    let crp = doc_type == "crp" || doc_type == "side_event";
    match (forum, crp) {
        (Forum::Cnd, false) => format!("E/CN.7/{year}/NGO/{number}"),
        (Forum::Cnd, true) => format!("E/CN.7/{year}/CRP.{number}"),
        (Forum::Ccpcj, false) => format!("E/CN.15/{year}/NGO/{number}"),
        (Forum::Ccpcj, true) => format!("E/CN.15/{year}/CRP.{number}"),
        (Forum::Cosp, false) => format!("CAC/COSP/{session}/NGO/{number}"),
        (Forum::Cosp, true) => format!("CAC/COSP/{session}/CRP.{number}"),
        (Forum::Irg, _) => format!("CAC/COSP/IRG/{year}/CRP.{number}"),
        (Forum::Cop, false) => format!("CTOC/COP/{year}/NGO/{number}"),
        (Forum::Cop, true) => format!("CTOC/COP/{year}/CRP.{number}"),
        (_, false) => format!("A/CONF.{}/NGO/{number}", 210 + 6 * (session - 11)),
        (_, true) => format!("A/CONF.{}/CRP.{number}", 210 + 6 * (session - 11)),
    }
}

const DOC_TYPES: [(&str, u32); 5] = [
    ("statement", 600),
    ("crp", 150),
    ("side_event", 150),
    ("news", 50),
    ("report", 50),
];

const ORGANIZATION_PREFIXES: &[&str] = &[
    "International",
    "Global",
    "African",
    "Asian",
    "European",
    "Latin American",
    "National",
    "World",
    "Youth",
    "Women's",
    "Arab",
    "Pacific",
    "Caribbean",
    "Nordic",
    "Eurasian",
    "Community",
];
const ORGANIZATION_CAUSES: &[&str] = &[
    "Drug Policy",
    "Harm Reduction",
    "Anti-Corruption",
    "Justice",
    "Human Rights",
    "Prison Reform",
    "Family",
    "Recovery",
    "Prevention",
    "Transparency",
    "Victims' Rights",
    "Legal Aid",
    "Health",
    "Development",
    "Peace",
    "Education",
    "Integrity",
    "Child Protection",
    "Rule of Law",
    "Addiction Science",
    "Anti-Trafficking",
    "Migrant Rights",
    "Gender Equality",
    "Rehabilitation",
];
const ORGANIZATION_KINDS: &[&str] = &[
    "Network",
    "Foundation",
    "Coalition",
    "Association",
    "Alliance",
    "Institute",
    "Council",
    "Forum",
    "Centre",
    "Society",
    "Federation",
    "Initiative",
    "Consortium",
    "Movement",
];
const ORGANIZATION_PLACES: &[&str] = &[
    "",
    "",
    "",
    " of Nigeria",
    " of Kenya",
    " of India",
    " of Mexico",
    " of Brazil",
    " of Canada",
    " of the Philippines",
    " of Ukraine",
    " of Austria",
    " of Colombia",
    " of Pakistan",
    " of Nepal",
];

/// Builds the pool of organization names, most frequent first.
fn organization_pool(rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(ORGANIZATION_POOL_SIZE);
    while names.len() < ORGANIZATION_POOL_SIZE {
        let name = format!(
            "{} {} {}{}",
            pick(ORGANIZATION_PREFIXES, rng),
            pick(ORGANIZATION_CAUSES, rng),
            pick(ORGANIZATION_KINDS, rng),
            pick(ORGANIZATION_PLACES, rng)
        );
        if seen.insert(name.clone()) {
            names.push(name);
        }
    }
    names
}

/// Picks an index by per-mille shares.
fn pick_weighted(shares: impl Iterator<Item = u32>, rng: &mut ChaCha8Rng) -> usize {
    let mut target = rng.random_range(0..1000u32);
    let mut last = 0;
    for (index, share) in shares.enumerate() {
        last = index;
        if target < share {
            return index;
        }
        target -= share;
    }
    last
}

/// The generator: vocabularies, organizations and the random stream of one seed.
pub struct SyntheticCorpus {
    options: CorpusOptions,
    rng: ChaCha8Rng,
    vocabularies: Vec<LanguageVocabulary>,
    word_table: ZipfTable,
    organizations: Vec<String>,
    organization_table: ZipfTable,
    topic_slugs: Vec<String>,
    next_index: u64,
}

impl SyntheticCorpus {
    /// Builds the vocabularies (a second or so) for `options.seed` and `taxonomy`'s topic terms.
    pub fn new(options: CorpusOptions, taxonomy: &Taxonomy) -> SyntheticCorpus {
        let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
        let vocabularies = (0..LANGUAGES.len())
            .map(|language| LanguageVocabulary::new(language, taxonomy, &mut rng))
            .collect();
        let organizations = organization_pool(&mut rng);
        SyntheticCorpus {
            options,
            rng,
            vocabularies,
            word_table: ZipfTable::new(VOCABULARY_SIZE, ZIPF_EXPONENT),
            organizations,
            organization_table: ZipfTable::new(ORGANIZATION_POOL_SIZE, 1.0),
            topic_slugs: taxonomy
                .topics()
                .iter()
                .map(|topic| topic.slug.clone())
                .collect(),
            next_index: 0,
        }
    }

    /// Generates the next record.
    pub fn next_record(&mut self) -> SyntheticRecord {
        let index = self.next_index;
        self.next_index += 1;
        let language = pick_weighted(LANGUAGE_SHARES.iter().copied(), &mut self.rng);
        let forum = &FORUMS[pick_weighted(FORUMS.iter().map(|forum| forum.share), &mut self.rng)];
        let session = self.rng.random_range(forum.sessions.clone());
        let year = session_year(forum.forum, session);
        let doc_type =
            DOC_TYPES[pick_weighted(DOC_TYPES.iter().map(|(_, share)| *share), &mut self.rng)].0;
        let number = self.rng.random_range(1..=60);
        let symbol = document_symbol(forum.forum, session, year, doc_type, number);
        let day = self.rng.random_range(1..=28);
        let date = format!("{year:04}-{:02}-{day:02}", forum.month);
        let organization =
            self.organizations[self.organization_table.sample(&mut self.rng)].clone();
        let topics = self.pick_topics(language);
        let target_bytes = self.text_length();
        let title = self.title(language, &topics);
        let text = self.text(
            language,
            &symbol,
            &organization,
            doc_type,
            &topics,
            target_bytes,
        );
        let topics = self.options.include_topics.then(|| {
            topics
                .iter()
                .map(|&topic| self.topic_slugs[topic].clone())
                .collect()
        });
        SyntheticRecord {
            id: format!("syn-{}-{index}", self.options.seed),
            symbol,
            title,
            text,
            date,
            organization,
            forum: forum.forum.code(),
            session,
            doc_type,
            language: LANGUAGES[language],
            stated_language: self.options.include_language.then_some(LANGUAGES[language]),
            topics,
        }
    }

    /// Writes `documents` records, one JSON object a line.
    pub fn write_jsonl<W: Write>(&mut self, documents: u64, out: W) -> io::Result<GeneratedCorpus> {
        let mut counting = CountingWriter {
            inner: out,
            bytes: 0,
        };
        let mut generated = GeneratedCorpus::default();
        for _ in 0..documents {
            let record = self.next_record();
            serde_json::to_writer(&mut counting, &record).map_err(io::Error::other)?;
            counting.write_all(b"\n")?;
            generated.documents += 1;
            if let Some(position) = LANGUAGES.iter().position(|&code| code == record.language) {
                generated.documents_by_language[position] += 1;
            }
        }
        counting.flush()?;
        generated.bytes = counting.bytes;
        Ok(generated)
    }

    /// Zero to three topics the document is about.
    fn pick_topics(&mut self, language: usize) -> Vec<usize> {
        let count = pick_weighted([200, 400, 300, 100].into_iter(), &mut self.rng);
        let candidates = &self.vocabularies[language].topics_with_terms;
        let mut topics = Vec::with_capacity(count);
        if candidates.is_empty() {
            return topics;
        }
        for _ in 0..count {
            let topic = candidates[self.rng.random_range(0..candidates.len())];
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        topics
    }

    /// A text length in bytes from the log-normal distribution, within the bounds.
    fn text_length(&mut self) -> usize {
        // Box–Muller: one standard normal from two uniforms.
        let uniform_a: f64 = self.rng.random::<f64>().max(f64::MIN_POSITIVE);
        let uniform_b: f64 = self.rng.random();
        let normal = (-2.0 * uniform_a.ln()).sqrt() * (std::f64::consts::TAU * uniform_b).cos();
        let length = (MEDIAN_TEXT_BYTES.ln() + LENGTH_SIGMA * normal).exp();
        (length as usize).clamp(MIN_TEXT_BYTES, MAX_TEXT_BYTES)
    }

    fn title(&mut self, language: usize, topics: &[usize]) -> String {
        let words = self.rng.random_range(5..=12);
        let mut title = String::new();
        self.push_words(language, words, &mut title);
        if let Some(&topic) = topics.first() {
            let term = self.topic_term(language, topic);
            push_word(&SCRIPTS[language], &mut title, &term);
        }
        capitalise_first(&title)
    }

    fn text(
        &mut self,
        language: usize,
        symbol: &str,
        organization: &str,
        doc_type: &str,
        topics: &[usize],
        target_bytes: usize,
    ) -> String {
        let script = &SCRIPTS[language];
        let mut text = String::with_capacity(target_bytes + 512);
        text.push_str(symbol);
        text.push_str("\n\n");
        if doc_type == "statement" {
            text.push_str(&script.statement_header.replace("{org}", organization));
            text.push_str("\n\n");
        }
        // Stop before the bound so that the last sentence cannot cross it.
        let stop_at = target_bytes.clamp(MIN_TEXT_BYTES, MAX_TEXT_BYTES - 1_000);
        let mut paragraph = 1;
        while text.len() < stop_at {
            text.push_str(&format!("{paragraph}. "));
            let sentences = self.rng.random_range(2..=6);
            for sentence in 0..sentences {
                if sentence > 0 && !script.unspaced {
                    text.push(' ');
                }
                self.push_sentence(language, topics, &mut text);
                if text.len() >= stop_at {
                    break;
                }
            }
            text.push_str("\n\n");
            paragraph += 1;
        }
        text.truncate(text.trim_end().len());
        text
    }

    fn push_sentence(&mut self, language: usize, topics: &[usize], text: &mut String) {
        let script = &SCRIPTS[language];
        let words = self.rng.random_range(8..=30);
        let mut sentence = String::with_capacity(words * 8);
        let topic_at = (!topics.is_empty() && self.rng.random_bool(TOPIC_SENTENCE_RATE))
            .then(|| self.rng.random_range(0..words));
        let stray_at = self
            .rng
            .random_bool(STRAY_TOPIC_RATE)
            .then(|| self.rng.random_range(0..words));
        let comma_at = self.rng.random_range(4..words.max(5));
        for position in 0..words {
            if Some(position) == topic_at {
                let topic = topics[self.rng.random_range(0..topics.len())];
                let term = self.topic_term(language, topic);
                push_word(script, &mut sentence, &term);
            } else if Some(position) == stray_at {
                let candidates = &self.vocabularies[language].topics_with_terms;
                if !candidates.is_empty() {
                    let topic = candidates[self.rng.random_range(0..candidates.len())];
                    let term = self.topic_term(language, topic);
                    push_word(script, &mut sentence, &term);
                }
            } else {
                self.push_words(language, 1, &mut sentence);
            }
            if position == comma_at {
                sentence.push_str(script.comma);
            }
        }
        text.push_str(&capitalise_first(&sentence));
        text.push_str(script.full_stop);
    }

    /// Appends `count` running words: function words and Zipf-drawn pseudo-words.
    fn push_words(&mut self, language: usize, count: usize, out: &mut String) {
        let script = &SCRIPTS[language];
        for _ in 0..count {
            let vocabulary = &self.vocabularies[language];
            let word = if self.rng.random_bool(FUNCTION_WORD_SHARE) {
                script.function_words[vocabulary.function_word_table.sample(&mut self.rng)]
            } else {
                vocabulary.words[self.word_table.sample(&mut self.rng)].as_str()
            };
            push_word(script, out, word);
        }
    }

    fn topic_term(&mut self, language: usize, topic: usize) -> String {
        let terms = &self.vocabularies[language].topic_terms[topic];
        if terms.is_empty() {
            return String::new();
        }
        terms[self.rng.random_range(0..terms.len())].clone()
    }
}

/// Appends a word, with a space before it where the script separates words.
fn push_word(script: &Script, out: &mut String, word: &str) {
    if word.is_empty() {
        return;
    }
    let needs_space = !script.unspaced && !out.is_empty() && !out.ends_with(' ');
    if needs_space {
        out.push(' ');
    }
    out.push_str(word);
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct CountingWriter<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for CountingWriter<W> {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        let written = self.inner.write(buffer)?;
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use super::*;

    fn generate(seed: u64, documents: u64) -> Vec<u8> {
        let options = CorpusOptions {
            include_language: true,
            ..CorpusOptions::with_seed(seed)
        };
        let mut corpus = SyntheticCorpus::new(options, &Taxonomy::bundled());
        let mut bytes = Vec::new();
        corpus
            .write_jsonl(documents, &mut bytes)
            .expect("writing to memory cannot fail");
        bytes
    }

    #[test]
    fn same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
        let first = generate(7, 50);
        assert_eq!(first, generate(7, 50));
        assert_ne!(first, generate(8, 50));
    }

    #[test]
    fn two_thousand_documents_have_realistic_lengths_languages_and_metadata() {
        let bytes = generate(42, 2_000);
        let records: Vec<_> = plenary_parse::read_jsonl(BufReader::new(bytes.as_slice()))
            .collect::<Result<_, _>>()
            .expect("every generated line parses");
        assert_eq!(records.len(), 2_000);

        let lengths: Vec<usize> = records.iter().map(|record| record.text.len()).collect();
        let mean = lengths.iter().sum::<usize>() as f64 / lengths.len() as f64;
        assert!(
            (3_200.0..=5_500.0).contains(&mean),
            "mean text length {mean}"
        );
        assert!(
            lengths
                .iter()
                .all(|&length| (MIN_TEXT_BYTES..=MAX_TEXT_BYTES).contains(&length))
        );
        let mut sorted = lengths.clone();
        sorted.sort_unstable();
        assert!(
            sorted[1_999] > 3 * sorted[1_000],
            "a long tail: max {} median {}",
            sorted[1_999],
            sorted[1_000]
        );

        let share = |code: &str| {
            records
                .iter()
                .filter(|record| record.language.as_deref() == Some(code))
                .count() as f64
                / 2_000.0
        };
        assert!(
            (0.66..=0.74).contains(&share("en")),
            "English share {}",
            share("en")
        );
        for code in ["fr", "es", "ru", "ar", "zh"] {
            assert!(
                (0.02..=0.12).contains(&share(code)),
                "{code} share {}",
                share(code)
            );
        }
        for record in &records {
            assert!(record.id.is_some() && record.symbol.is_some() && record.title.is_some());
            assert!(
                record.date.is_some() && record.organization.is_some() && record.forum.is_some()
            );
            assert!(record.session.is_some() && record.doc_type.is_some());
        }
        let organizations: HashSet<_> = records
            .iter()
            .filter_map(|record| record.organization.as_deref())
            .collect();
        assert!(
            organizations.len() > 300,
            "{} organizations",
            organizations.len()
        );
    }

    #[test]
    fn texts_are_written_in_their_scripts_and_carry_topic_terms() {
        let bytes = generate(3, 400);
        let records: Vec<_> = plenary_parse::read_jsonl(BufReader::new(bytes.as_slice()))
            .collect::<Result<_, _>>()
            .expect("every generated line parses");
        let in_script = |code: &str, range: std::ops::RangeInclusive<char>| {
            records
                .iter()
                .filter(|record| record.language.as_deref() == Some(code))
                .all(|record| {
                    record.text.chars().filter(|c| range.contains(c)).count() * 2
                        > record.text.chars().filter(|c| c.is_alphabetic()).count()
                })
        };
        assert!(in_script("ru", 'Ѐ'..='ӿ'));
        assert!(in_script("ar", '\u{0600}'..='\u{06FF}'));
        assert!(in_script("zh", '\u{4E00}'..='\u{9FFF}'));

        let tagger = plenary_enrich::TopicTagger::new(&Taxonomy::bundled());
        let tagged = records
            .iter()
            .filter(|record| !tagger.tag(&record.text).is_empty())
            .count();
        assert!(
            tagged > 100,
            "{tagged} of 400 documents tagged with a topic"
        );
    }

    #[test]
    fn the_language_is_written_only_when_asked() {
        let mut corpus = SyntheticCorpus::new(CorpusOptions::with_seed(5), &Taxonomy::bundled());
        let mut bytes = Vec::new();
        corpus.write_jsonl(20, &mut bytes).expect("in memory");
        let records: Vec<_> = plenary_parse::read_jsonl(BufReader::new(bytes.as_slice()))
            .collect::<Result<_, _>>()
            .expect("every generated line parses");
        assert!(records.iter().all(|record| record.language.is_none()));
        let with_language = generate(5, 20);
        assert!(with_language.len() > bytes.len());
    }

    #[test]
    fn zipf_table_draws_low_ranks_most_often() {
        let table = ZipfTable::new(1_000, 1.0);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut counts = vec![0u32; 1_000];
        for _ in 0..100_000 {
            counts[table.sample(&mut rng)] += 1;
        }
        // P(rank 0) / P(rank 1) = 2 for s = 1.
        let ratio = f64::from(counts[0]) / f64::from(counts[1]);
        assert!((1.8..=2.2).contains(&ratio), "ratio {ratio}");
        assert!(counts[0] > counts[99] * 50);
    }
}
