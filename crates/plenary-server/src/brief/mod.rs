//! Thematic briefs: a document a staff member can send about a topic or a query — its
//! scope (re-runnable), totals, a timeline, forums, sessions, organizations, the most
//! relevant passages quoted with citations and the list of documents.
//!
//! [`build_brief`] gathers a [`Brief`] from a [`SearchService`]; [`Brief::to_markdown`]
//! and [`Brief::to_html`] render it, serde gives JSON. The same index and request give
//! the same bytes: every list has a total order with tie-breaks and nothing depends on
//! the clock unless [`Brief::generated`] is set by the caller.

mod render;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plenary_core::taxonomy::Taxonomy;
use serde::Serialize;

use crate::SearchError;
use crate::search::{SearchHit, SearchRequest, SearchService, SortOrder, snippet_runs};

/// Passages quoted when the request names no number.
pub const DEFAULT_BRIEF_PASSAGES: usize = 8;
/// The most passages a brief may quote.
pub const MAX_BRIEF_PASSAGES: usize = 50;
/// The most documents a brief lists (and counts by forum, session, organization); the
/// total stays exact beyond it.
pub const MAX_BRIEF_DOCUMENTS: usize = 5_000;
/// Passages quoted from one document at most, so that one long statement does not fill the brief.
const PASSAGES_PER_DOCUMENT: usize = 2;
/// Documents whose passages are considered for quoting.
const PASSAGE_CANDIDATE_DOCUMENTS: usize = 40;
/// Hits fetched per page while gathering the documents.
const GATHER_PAGE_SIZE: usize = 100;

/// What a brief is about: a search (query and filters) and how many passages to quote.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BriefRequest {
    /// The query and filters; `from`, `size`, `sort` and `cursor` are ignored.
    pub search: SearchRequest,
    /// Passages to quote; [`DEFAULT_BRIEF_PASSAGES`] when absent.
    pub passages: Option<usize>,
}

impl BriefRequest {
    /// Reads a brief request from `key=value` pairs: the search parameters of
    /// [`SearchRequest::from_pairs`] plus `since` and `until` (years, inclusive) and
    /// `passages`. Keys in `ignored` are skipped; paging parameters are refused.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        ignored: &[&str],
    ) -> Result<BriefRequest, SearchError> {
        let mut search_pairs = Vec::new();
        let mut passages = None;
        let mut since = None;
        let mut until = None;
        for (key, value) in pairs {
            match key {
                "since" => since = parse_number(key, value)?,
                "until" => until = parse_number(key, value)?,
                "passages" => passages = parse_number(key, value)?,
                "from" | "size" | "sort" | "cursor" | "search_after" => {
                    return Err(SearchError::bad_parameter(
                        key,
                        "a brief covers every matching document; it takes no paging or order",
                    ));
                }
                other => search_pairs.push((other, value)),
            }
        }
        let mut search = SearchRequest::from_pairs(search_pairs, ignored)?;
        // `since` and `until` are `year_from` and `year_to` by the names a brief uses: one
        // name each, and a range the wrong way round is said in the names given.
        for (name, year, synonym, other) in [
            ("since", since, "year_from", search.year_from),
            ("until", until, "year_to", search.year_to),
        ] {
            if let (Some(_), Some(_)) = (year, other) {
                return Err(SearchError::bad_parameter(
                    name,
                    format!("`{name}` and `{synonym}` say the same: give one"),
                ));
            }
        }
        if let (Some(first), Some(last)) = (since, until)
            && first > last
        {
            return Err(SearchError::bad_parameter(
                "since",
                format!("{first} is after until {last}"),
            ));
        }
        search.year_from = since.or(search.year_from);
        search.year_to = until.or(search.year_to);
        let request = BriefRequest { search, passages };
        request.passage_limit()?;
        Ok(request)
    }

    /// The number of passages to quote, defaulted and checked against the cap.
    pub fn passage_limit(&self) -> Result<usize, SearchError> {
        let limit = self.passages.unwrap_or(DEFAULT_BRIEF_PASSAGES);
        if limit > MAX_BRIEF_PASSAGES {
            return Err(SearchError::bad_parameter(
                "passages",
                format!("at most {MAX_BRIEF_PASSAGES}, not {limit}"),
            ));
        }
        Ok(limit)
    }

    /// The request as a canonical query string (fixed key order), so that the brief can
    /// print the exact URL that reproduces it.
    pub fn to_query_string(&self) -> String {
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        for (key, value) in self.parameters() {
            serializer.append_pair(key, &value);
        }
        serializer.finish()
    }

    /// The request as `plenary brief` arguments, each quoted for a POSIX shell.
    pub fn to_command(&self) -> String {
        let mut command = String::from("plenary brief");
        for (key, value) in self.parameters() {
            command.push_str(&format!(
                " --{} {}",
                key.replace('_', "-"),
                shell_quote(&value)
            ));
        }
        command
    }

    /// The parameters that are set, in a fixed order.
    fn parameters(&self) -> Vec<(&'static str, String)> {
        let search = &self.search;
        let mut parameters = Vec::new();
        let lists: [(&'static str, &Vec<String>); 8] = [
            ("topic", &search.topic),
            ("forum", &search.forum),
            ("session", &search.session),
            ("year", &search.year),
            ("lang", &search.lang),
            ("org", &search.org),
            ("doc_type", &search.doc_type),
            ("status", &search.status),
        ];
        if !search.q.trim().is_empty() {
            parameters.push(("q", search.q.clone()));
        }
        for (key, values) in lists {
            for value in values {
                parameters.push((key, value.clone()));
            }
        }
        if let Some(year) = search.year_from {
            parameters.push(("since", year.to_string()));
        }
        if let Some(year) = search.year_to {
            parameters.push(("until", year.to_string()));
        }
        if let Some(date) = search.date_from {
            parameters.push(("date_from", date.to_string()));
        }
        if let Some(date) = search.date_to {
            parameters.push(("date_to", date.to_string()));
        }
        if let Some(passages) = self.passages {
            parameters.push(("passages", passages.to_string()));
        }
        parameters
    }
}

fn parse_number<T: std::str::FromStr>(key: &str, value: &str) -> Result<Option<T>, SearchError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    trimmed.parse().map(Some).map_err(|_| {
        SearchError::bad_parameter(key, format!("expected a whole number, not `{trimmed}`"))
    })
}

fn shell_quote(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:,".contains(c));
    if plain {
        return value.to_string();
    }
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// A thematic brief. Serialises to JSON without [`Brief::generated`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// "Death penalty" or "Search: …", for the heading.
    pub title: String,
    pub scope: BriefScope,
    /// Documents matching the scope (exact).
    pub total_documents: u64,
    /// Documents in the whole index.
    pub index_documents: u64,
    /// Matching documents per year, with the index's documents of that year; undated ones are left out.
    pub timeline: Vec<YearCount>,
    /// Matching documents without a date.
    pub undated_documents: u64,
    pub forums: Vec<CountedValue>,
    pub sessions: Vec<CountedValue>,
    pub organizations: Vec<CountedValue>,
    pub languages: Vec<CountedValue>,
    /// The most relevant passages, best first.
    pub passages: Vec<QuotedPassage>,
    /// Every matching document (up to [`MAX_BRIEF_DOCUMENTS`]), oldest first.
    pub documents: Vec<BriefDocument>,
    /// Whether `documents` stops short of `total_documents`.
    pub documents_truncated: bool,
    /// An optional "generated" line (for example a timestamp) shown in Markdown and HTML only.
    #[serde(skip)]
    pub generated: Option<String>,
}

/// The scope of a brief and how to produce it again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefScope {
    pub q: String,
    pub topics: Vec<CountedValue>,
    /// One readable line per filter ("Forum: CND, CCPCJ").
    pub filters: Vec<String>,
    /// The API path and query string that reproduce the brief (add `format=`).
    pub url: String,
    /// The command line that reproduces the brief.
    pub command: String,
}

/// A value with a readable label and a count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedValue {
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub count: u64,
}

/// Matching documents of one year against all documents of that year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearCount {
    pub year: i32,
    pub documents: u64,
    pub index_documents: u64,
    /// `documents / index_documents` in per cent, one decimal.
    pub percent_of_year: f64,
}

/// A passage quoted in a brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuotedPassage {
    pub document_id: String,
    pub symbol: Option<String>,
    pub title: String,
    pub paragraph: Option<u32>,
    pub organization: Option<String>,
    pub date: Option<NaiveDate>,
    /// `Organization, E/CN.7/2014/NGO/3, para. 4, 2014-03-01`: who speaks, where, when.
    pub citation: String,
    /// The quoted text split into runs; `marked` runs matched the query or the topic.
    pub quote: Vec<QuoteRun>,
}

impl QuotedPassage {
    /// The quote as plain text.
    pub fn plain_text(&self) -> String {
        self.quote.iter().map(|run| run.text.as_str()).collect()
    }
}

/// A run of quoted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteRun {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub marked: bool,
}

/// A document listed in a brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BriefDocument {
    pub id: String,
    pub symbol: Option<String>,
    pub title: String,
    pub organization: Option<String>,
    pub date: Option<NaiveDate>,
    pub language: String,
    pub forum: Option<String>,
    pub session: Option<u32>,
    /// The country that speaks, alpha-3.
    pub country: Option<String>,
}

/// Builds the brief of `request` from the index behind `service`.
pub fn build_brief(service: &SearchService, request: &BriefRequest) -> Result<Brief, SearchError> {
    let passage_limit = request.passage_limit()?;
    let taxonomy = service.taxonomy();
    let (total_documents, hits) = gather_documents(service, &request.search)?;
    let documents_per_year = index_documents_per_year(service)?;
    let index_documents = service.document_count()?;
    let mut passages = quote_passages(service, request, passage_limit)?;
    let names = OrganizationNames::gather(service, &hits)?;
    for passage in &mut passages {
        names.rename_passage(passage);
    }

    let mut documents: Vec<BriefDocument> = hits
        .iter()
        .map(|hit| BriefDocument {
            id: hit.id.clone(),
            symbol: hit.symbol.clone(),
            title: hit.title.clone(),
            organization: names.of(hit.organization.as_deref()),
            date: hit.date,
            language: hit.language.clone(),
            forum: hit.forum.clone(),
            session: hit.session,
            country: hit.meta.country.clone(),
        })
        .collect();
    // Oldest first, undated last; ties by symbol, language, then id so the order is total.
    documents.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.symbol, &a.language, &a.id).cmp(&(
            b.date.is_none(),
            b.date,
            &b.symbol,
            &b.language,
            &b.id,
        ))
    });

    let mut years: BTreeMap<i32, u64> = BTreeMap::new();
    let mut undated_documents = 0;
    for hit in &hits {
        match hit
            .year
            .or(hit.date.map(|date| chrono::Datelike::year(&date)))
        {
            Some(year) => *years.entry(year).or_default() += 1,
            None => undated_documents += 1,
        }
    }
    let timeline = timeline_of(&years, &documents_per_year);

    let forums = counted(hits.iter().filter_map(|hit| hit.forum.clone()), |code| {
        code.parse::<plenary_core::model::Forum>()
            .ok()
            .map(|forum| forum.label().to_string())
    });
    let sessions = counted(
        hits.iter()
            .filter_map(|hit| match (&hit.forum, hit.session) {
                (Some(forum), Some(session)) => Some(format!("{forum}/{session}")),
                _ => None,
            }),
        |_| None,
    );
    let organizations = counted(
        hits.iter()
            .filter_map(|hit| names.of(hit.organization.as_deref())),
        |_| None,
    );
    let languages = counted(hits.iter().map(|hit| hit.language.clone()), |_| None);
    let topics = request
        .search
        .topic
        .iter()
        .map(|slug| CountedValue {
            value: slug.clone(),
            label: taxonomy.get(slug).map(|topic| topic.label.clone()),
            count: hits
                .iter()
                .filter(|hit| hit.topics.iter().any(|topic| topic == slug))
                .count() as u64,
        })
        .collect::<Vec<_>>();

    let title = brief_title(request, taxonomy);
    let scope = BriefScope {
        q: request.search.q.clone(),
        topics,
        filters: filter_lines(&request.search),
        url: format!("/api/brief?{}", request.to_query_string()),
        command: request.to_command(),
    };
    Ok(Brief {
        title,
        scope,
        total_documents,
        index_documents,
        timeline,
        undated_documents,
        forums,
        sessions,
        organizations,
        languages,
        passages,
        documents_truncated: (documents.len() as u64) < total_documents,
        documents,
        generated: None,
    })
}

/// One name per organization: the language versions of a statement name its
/// organization in their own language (منظمة العفو الدولية, Amnesty International), and
/// a brief lists it once, under the name its English version gives.
#[derive(Debug, Default)]
struct OrganizationNames {
    /// A name given in another language, and the English name for it.
    english: BTreeMap<String, String>,
}

impl OrganizationNames {
    /// The names of the organizations of `hits`: each name a non-English document gives
    /// maps to the name the English version of its symbol gives, from the hits or, when
    /// that version does not match, from the index.
    fn gather(
        service: &SearchService,
        hits: &[SearchHit],
    ) -> Result<OrganizationNames, SearchError> {
        let mut english: BTreeMap<&str, String> = BTreeMap::new();
        let mut others: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for hit in hits {
            let (Some(symbol), Some(organization)) = (&hit.symbol, &hit.organization) else {
                continue;
            };
            if hit.language == "en" {
                english
                    .entry(symbol.as_str())
                    .or_insert_with(|| organization.clone());
            } else {
                others
                    .entry(symbol.as_str())
                    .or_default()
                    .push(organization.as_str());
            }
        }
        let missing: std::collections::BTreeSet<&str> = others
            .keys()
            .copied()
            .filter(|symbol| !english.contains_key(symbol))
            .collect();
        let looked_up = service.organizations_in_language(&missing, "en")?;
        let mut names = OrganizationNames::default();
        for (symbol, organizations) in others {
            let Some(name) = english.get(symbol).or_else(|| looked_up.get(symbol)) else {
                continue;
            };
            for organization in organizations {
                if organization != name {
                    names
                        .english
                        .entry(organization.to_string())
                        .or_insert_with(|| name.clone());
                }
            }
        }
        Ok(names)
    }

    /// The name to list for `organization`.
    fn of(&self, organization: Option<&str>) -> Option<String> {
        let organization = organization?;
        Some(
            self.english
                .get(organization)
                .cloned()
                .unwrap_or_else(|| organization.to_string()),
        )
    }

    /// Names the quoted passage's organization, in its citation too, by its listed name.
    fn rename_passage(&self, passage: &mut QuotedPassage) {
        let Some(organization) = passage.organization.clone() else {
            return;
        };
        let Some(name) = self.english.get(&organization) else {
            return;
        };
        if let Some(rest) = passage.citation.strip_prefix(&organization) {
            passage.citation = format!("{name}{rest}");
        }
        passage.organization = Some(name.clone());
    }
}

fn brief_title(request: &BriefRequest, taxonomy: &Taxonomy) -> String {
    let labels: Vec<String> = request
        .search
        .topic
        .iter()
        .map(|slug| {
            taxonomy
                .get(slug)
                .map(|topic| topic.label.clone())
                .unwrap_or_else(|| slug.clone())
        })
        .collect();
    let q = request.search.q.trim();
    match (labels.is_empty(), q.is_empty()) {
        (false, true) => labels.join(", "),
        (false, false) => format!("{}: “{q}”", labels.join(", ")),
        (true, false) => format!("“{q}”"),
        (true, true) => "All documents".to_string(),
    }
}

fn filter_lines(search: &SearchRequest) -> Vec<String> {
    let mut lines = Vec::new();
    let lists: [(&str, &Vec<String>); 8] = [
        ("Topic", &search.topic),
        ("Forum", &search.forum),
        ("Session", &search.session),
        ("Year", &search.year),
        ("Language", &search.lang),
        ("Organization", &search.org),
        ("Document type", &search.doc_type),
        ("Consultative status", &search.status),
    ];
    for (name, values) in lists {
        if !values.is_empty() {
            lines.push(format!("{name}: {}", values.join("; ")));
        }
    }
    match (search.year_from, search.year_to) {
        (Some(from), Some(to)) => lines.push(format!("Years: {from} to {to}")),
        (Some(from), None) => lines.push(format!("Years: since {from}")),
        (None, Some(to)) => lines.push(format!("Years: until {to}")),
        (None, None) => {}
    }
    if let Some(date) = search.date_from {
        lines.push(format!("From: {date}"));
    }
    if let Some(date) = search.date_to {
        lines.push(format!("To: {date}"));
    }
    lines
}

/// Every matching document (up to the cap), paging with the cursor, and the exact total.
fn gather_documents(
    service: &SearchService,
    search: &SearchRequest,
) -> Result<(u64, Vec<SearchHit>), SearchError> {
    let mut page_request = SearchRequest {
        from: 0,
        size: Some(GATHER_PAGE_SIZE),
        sort: SortOrder::DateAsc,
        cursor: None,
        passages: Some(0),
        facet_limit: Some(0),
        versions: Some(false),
        ..search.clone()
    };
    let first = service.search(&page_request)?;
    let total = first.total;
    let mut hits = first.hits;
    let mut next_cursor = first.next_cursor;
    while let Some(cursor) = next_cursor.take() {
        if hits.len() >= MAX_BRIEF_DOCUMENTS {
            break;
        }
        page_request.cursor = Some(cursor);
        let page = service.search(&page_request)?;
        hits.extend(page.hits);
        next_cursor = page.next_cursor;
    }
    hits.truncate(MAX_BRIEF_DOCUMENTS);
    Ok((total, hits))
}

/// The number of documents of each year in the whole index, for normalising the timeline.
fn index_documents_per_year(service: &SearchService) -> Result<BTreeMap<i32, u64>, SearchError> {
    let request = SearchRequest {
        size: Some(0),
        passages: Some(0),
        facet_limit: Some(10_000),
        ..SearchRequest::default()
    };
    let response = service.search(&request)?;
    let mut years = BTreeMap::new();
    for value in response.facets.get("year").into_iter().flatten() {
        if let Ok(year) = value.value.parse::<i32>() {
            years.insert(year, value.count);
        }
    }
    Ok(years)
}

/// Every year from the first to the last with a match, gaps included as zero.
fn timeline_of(years: &BTreeMap<i32, u64>, index_years: &BTreeMap<i32, u64>) -> Vec<YearCount> {
    let (Some(&first), Some(&last)) = (years.keys().next(), years.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .map(|year| {
            let documents = years.get(&year).copied().unwrap_or(0);
            let index_documents = index_years.get(&year).copied().unwrap_or(0);
            let percent_of_year = if index_documents == 0 {
                0.0
            } else {
                // Rounded to one decimal so that renderings and JSON agree.
                (documents as f64 * 1000.0 / index_documents as f64).round() / 10.0
            };
            YearCount {
                year,
                documents,
                index_documents,
                percent_of_year,
            }
        })
        .collect()
}

/// Counts values, most frequent first, ties by value.
fn counted(
    values: impl Iterator<Item = String>,
    label_of: impl Fn(&str) -> Option<String>,
) -> Vec<CountedValue> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let mut counted: Vec<CountedValue> = counts
        .into_iter()
        .map(|(value, count)| CountedValue {
            label: label_of(&value),
            value,
            count,
        })
        .collect();
    counted.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    counted
}

/// The query that finds passages: the user's query, or, for a topic brief without one,
/// the topic's terms in every language (so the quoted paragraphs are about the topic).
fn passage_query(request: &BriefRequest, taxonomy: &Taxonomy) -> Option<String> {
    let q = request.search.q.trim();
    if !q.is_empty() {
        return Some(q.to_string());
    }
    let terms = topic_terms(&request.search.topic, taxonomy);
    if terms.is_empty() {
        return None;
    }
    let clauses: Vec<String> = terms
        .iter()
        .map(|term| format!("\"{}\"", term.replace(['"', '\\'], " ")))
        .collect();
    Some(clauses.join(" OR "))
}

/// The terms (lowercased, every language) of `slugs` and their descendants, sorted and unique.
fn topic_terms(slugs: &[String], taxonomy: &Taxonomy) -> Vec<String> {
    let mut terms = std::collections::BTreeSet::new();
    for slug in slugs {
        let mut topics: Vec<&plenary_core::taxonomy::Topic> =
            taxonomy.get(slug).into_iter().collect();
        topics.extend(taxonomy.descendants(slug));
        for topic in topics {
            for language_terms in topic.terms.values() {
                for term in language_terms {
                    let text = term.text.trim().to_lowercase();
                    if !text.is_empty() {
                        terms.insert(text);
                    }
                }
            }
        }
    }
    terms.into_iter().collect()
}

/// The best passages: found with [`passage_query`] under the brief's filters, those that
/// name the topic and show what the query matched first, then by score; at most
/// [`PASSAGES_PER_DOCUMENT`] per document.
fn quote_passages(
    service: &SearchService,
    request: &BriefRequest,
    limit: usize,
) -> Result<Vec<QuotedPassage>, SearchError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let taxonomy = service.taxonomy();
    let Some(q) = passage_query(request, taxonomy) else {
        return Ok(Vec::new());
    };
    let search = SearchRequest {
        q,
        from: 0,
        size: Some(PASSAGE_CANDIDATE_DOCUMENTS),
        sort: SortOrder::Relevance,
        cursor: None,
        passages: Some(PASSAGES_PER_DOCUMENT * 2),
        facet_limit: Some(0),
        versions: Some(false),
        ..request.search.clone()
    };
    let response = match service.search(&search) {
        Ok(response) => response,
        // The user's query was checked by the document search; a topic's terms that the
        // parser refuses only cost the quotes, not the brief.
        Err(SearchError::BadQuery { .. }) if request.search.q.trim().is_empty() => {
            return Ok(Vec::new());
        }
        Err(error) => return Err(error),
    };
    let terms = topic_terms(&request.search.topic, taxonomy);
    let user_query = !request.search.q.trim().is_empty();
    let mut candidates = Vec::new();
    for hit in &response.hits {
        // Quote whole paragraphs, not snippet fragments; fall back to the snippet.
        let view = service.document(&hit.id)?;
        let passages: Vec<_> = hit.passages.iter().take(PASSAGES_PER_DOCUMENT).collect();
        let full_texts: Vec<Option<String>> = passages
            .iter()
            .map(|passage| {
                view.as_ref()?
                    .paragraphs
                    .iter()
                    .find(|paragraph| paragraph.index == passage.passage_index)
                    .map(|paragraph| paragraph.text.clone())
            })
            .collect();
        // The words the user's query matches, marked in the whole paragraph as they are
        // in the hit's passages (a phrase where it stands as a phrase).
        let marked_paragraphs = match (&view, user_query) {
            (Some(view), true) => {
                let paragraphs: Vec<(&str, &str)> = full_texts
                    .iter()
                    .map(|text| (text.as_deref().unwrap_or_default(), view.language.as_str()))
                    .collect();
                service.mark_paragraphs(&search, &paragraphs)?
            }
            _ => vec![None; passages.len()],
        };
        for ((passage, full_text), marked_paragraph) in
            passages.into_iter().zip(full_texts).zip(marked_paragraphs)
        {
            let snippet_runs = quote_runs(&passage.snippet);
            let (plain, quote) = match (full_text, marked_paragraph) {
                (Some(text), Some(html)) => (text, merge_adjacent_marks(quote_runs(&html))),
                (full_text, _) => {
                    // What to mark: the words the query matched in the snippet, or the
                    // topic's terms.
                    let marked_terms: Vec<String> = if user_query {
                        let mut words: Vec<String> = snippet_runs
                            .iter()
                            .filter(|run| run.marked)
                            .map(|run| run.text.trim().to_lowercase())
                            .filter(|word| !word.is_empty())
                            .collect();
                        words.sort();
                        words.dedup();
                        words
                    } else {
                        terms.clone()
                    };
                    let plain = full_text.unwrap_or_else(|| {
                        snippet_runs.iter().map(|run| run.text.as_str()).collect()
                    });
                    let quote = merge_adjacent_marks(mark_terms(&plain, &marked_terms));
                    (plain, quote)
                }
            };
            let lowered = plain.to_lowercase();
            // The tagger's verdict on the paragraph first, then the topic's words in it.
            let tagged = passage.topics.iter().any(|topic| {
                request
                    .search
                    .topic
                    .iter()
                    .any(|wanted| taxonomy.is_within(topic, wanted))
            });
            let names_topic =
                terms.is_empty() || tagged || terms.iter().any(|term| lowered.contains(term));
            // A paragraph that holds some words of the query but not what it asks for
            // (the words of a phrase apart) shows no mark: it is quoted last.
            let shows_match = quote.iter().any(|run| run.marked);
            let quote = trim_quote(quote, MAX_QUOTE_CHARS);
            candidates.push((
                (names_topic, shows_match),
                passage.score,
                QuotedPassage {
                    document_id: hit.id.clone(),
                    symbol: hit.symbol.clone(),
                    title: hit.title.clone(),
                    paragraph: passage.paragraph,
                    organization: hit.organization.clone(),
                    date: hit.date,
                    citation: passage.citation.clone(),
                    quote,
                },
                passage.passage_index,
            ));
        }
    }
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.total_cmp(&a.1))
            .then_with(|| a.2.document_id.cmp(&b.2.document_id))
            .then_with(|| a.3.cmp(&b.3))
    });
    Ok(candidates
        .into_iter()
        .take(limit)
        .map(|(_, _, passage, _)| passage)
        .collect())
}

/// The longest quote, in characters: a few sentences a reader can take in at a glance.
pub const MAX_QUOTE_CHARS: usize = 600;

/// A quote of at most about `max_chars` characters: the sentences around its first mark
/// (or its opening), cut at sentence ends where they allow, else at word ends, with an
/// ellipsis where text was left out.
fn trim_quote(runs: Vec<QuoteRun>, max_chars: usize) -> Vec<QuoteRun> {
    let text: String = runs.iter().map(|run| run.text.as_str()).collect();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.len() <= max_chars {
        return runs;
    }
    // Byte offsets where a sentence starts: after `. ` `! ` `? ` and their CJK and
    // Arabic forms.
    let mut sentence_starts = vec![0];
    for window in chars.windows(2) {
        let ((_, previous), (offset, current)) = (window[0], window[1]);
        let ends_sentence = matches!(
            previous,
            '.' | '!' | '?' | ';' | '؟' | '。' | '！' | '？' | '；'
        );
        if ends_sentence && current.is_whitespace() {
            sentence_starts.push(offset + current.len_utf8());
        } else if ends_sentence && !previous.is_ascii() {
            sentence_starts.push(offset);
        }
    }
    let char_at = |byte: usize| chars.partition_point(|(offset, _)| *offset < byte);
    let byte_at = |index: usize| chars.get(index).map_or(text.len(), |(offset, _)| *offset);
    let mut position = 0;
    let mut focus = 0;
    for run in &runs {
        if run.marked {
            focus = position;
            break;
        }
        position += run.text.len();
    }
    // Start at the sentence holding the first mark; take whole sentences while they fit.
    let start_sentence = sentence_starts
        .partition_point(|start| *start <= focus)
        .saturating_sub(1);
    let mut start = sentence_starts[start_sentence];
    let mut end = start;
    for next in sentence_starts[start_sentence + 1..]
        .iter()
        .chain([&text.len()])
    {
        if char_at(*next) - char_at(start) > max_chars {
            break;
        }
        end = *next;
    }
    if end == start {
        // One sentence longer than the quote: a window of words around the mark.
        let focus_char = char_at(focus);
        let first = focus_char.saturating_sub(max_chars / 3).max(char_at(start));
        let last = (first + max_chars).min(chars.len());
        let mut from = byte_at(first);
        let mut to = byte_at(last);
        if first > char_at(start) {
            from = text[from..]
                .find(char::is_whitespace)
                .map_or(from, |space| from + space + 1);
        }
        if last < chars.len() {
            to = text[..to]
                .rfind(char::is_whitespace)
                .filter(|cut| *cut > from)
                .unwrap_or(to);
        }
        start = from;
        end = to;
    }
    let mut trimmed = Vec::new();
    if start > 0 {
        trimmed.push(QuoteRun {
            text: "… ".to_string(),
            marked: false,
        });
    }
    let mut offset = 0;
    for run in runs {
        let (run_start, run_end) = (offset, offset + run.text.len());
        offset = run_end;
        let (from, to) = (run_start.max(start), run_end.min(end));
        if from >= to {
            continue;
        }
        let piece = &run.text[from - run_start..to - run_start];
        trimmed.push(QuoteRun {
            text: piece.to_string(),
            marked: run.marked,
        });
    }
    if let Some(last) = trimmed.last_mut()
        && !last.marked
    {
        let kept = last.text.trim_end().len();
        last.text.truncate(kept);
    }
    if end < text.len() {
        trimmed.push(QuoteRun {
            text: " …".to_string(),
            marked: false,
        });
    }
    trimmed
}

/// Marks every occurrence of `terms` in `text` (case-insensitive, at the start of a
/// word, extended to the end of the word so that inflections are marked whole).
fn mark_terms(text: &str, terms: &[String]) -> Vec<QuoteRun> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let lowered: Vec<char> = chars
        .iter()
        .map(|(_, c)| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let term_chars: Vec<Vec<char>> = terms
        .iter()
        .filter(|term| !term.is_empty())
        .map(|term| term.chars().collect())
        .collect();
    let mut runs: Vec<QuoteRun> = Vec::new();
    let mut plain_start = 0;
    let mut position = 0;
    while position < chars.len() {
        let at_word_start = position == 0 || !lowered[position - 1].is_alphanumeric();
        let best = term_chars
            .iter()
            .filter(|term| {
                // Scripts without spaces between words match anywhere.
                let spaced = term.first().is_some_and(|c| c.len_utf8() < 3);
                (at_word_start || !spaced)
                    && lowered.len() >= position + term.len()
                    && lowered[position..position + term.len()] == term[..]
            })
            .map(Vec::len)
            .max();
        let Some(length) = best else {
            position += 1;
            continue;
        };
        let mut end = position + length;
        if term_chars
            .iter()
            .any(|term| term.len() == length && term.first().is_some_and(|c| c.len_utf8() < 3))
        {
            while end < chars.len() && lowered[end].is_alphanumeric() {
                end += 1;
            }
        }
        let byte_start = chars[position].0;
        let byte_end = chars.get(end).map_or(text.len(), |(byte, _)| *byte);
        if byte_start > plain_start {
            runs.push(QuoteRun {
                text: text[plain_start..byte_start].to_string(),
                marked: false,
            });
        }
        runs.push(QuoteRun {
            text: text[byte_start..byte_end].to_string(),
            marked: true,
        });
        plain_start = byte_end;
        position = end;
    }
    if plain_start < text.len() {
        runs.push(QuoteRun {
            text: text[plain_start..].to_string(),
            marked: false,
        });
    }
    runs
}

/// Joins marked runs separated only by spaces (`death` `penalty` → `death penalty`).
fn merge_adjacent_marks(runs: Vec<QuoteRun>) -> Vec<QuoteRun> {
    let mut merged: Vec<QuoteRun> = Vec::with_capacity(runs.len());
    let mut pending_space: Option<QuoteRun> = None;
    for run in runs {
        if run.marked {
            if let Some(last) = merged.last_mut().filter(|last| last.marked) {
                if let Some(space) = pending_space.take() {
                    last.text.push_str(&space.text);
                }
                last.text.push_str(&run.text);
                continue;
            }
        } else if run.text.trim().is_empty() && merged.last().is_some_and(|last| last.marked) {
            if let Some(previous) = pending_space.take() {
                merged.push(previous);
            }
            pending_space = Some(run);
            continue;
        }
        if let Some(space) = pending_space.take() {
            merged.push(space);
        }
        merged.push(run);
    }
    if let Some(space) = pending_space {
        merged.push(space);
    }
    merged
}

/// The plain-text runs of a snippet of the search service, so each rendering escapes
/// the text its own way.
fn quote_runs(snippet: &str) -> Vec<QuoteRun> {
    snippet_runs(snippet)
        .into_iter()
        .map(|run| QuoteRun {
            text: run.text,
            marked: run.marked,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_runs(snippet: &str, expected: &[(&str, bool)]) {
        let runs = quote_runs(snippet);
        let actual: Vec<(&str, bool)> = runs
            .iter()
            .map(|run| (run.text.as_str(), run.marked))
            .collect();
        assert_eq!(actual, expected, "{snippet}");
    }

    fn check_marks(text: &str, terms: &[&str], expected: &[(&str, bool)]) {
        let terms: Vec<String> = terms.iter().map(|term| term.to_string()).collect();
        let runs = merge_adjacent_marks(mark_terms(text, &terms));
        let actual: Vec<(&str, bool)> = runs
            .iter()
            .map(|run| (run.text.as_str(), run.marked))
            .collect();
        assert_eq!(actual, expected, "{text}");
    }

    #[test]
    fn marks_terms_at_word_starts_whole_words_and_joined() {
        check_marks(
            "The Death penalty: executions, not re-execution.",
            &["death", "penalty", "execution"],
            &[
                ("The ", false),
                ("Death penalty", true),
                (": ", false),
                ("executions", true),
                (", not re-", false),
                ("execution", true),
                (".", false),
            ],
        );
        check_marks("deathly", &["penalty"], &[("deathly", false)]);
        check_marks(
            "废除死刑。",
            &["死刑"],
            &[("废除", false), ("死刑", true), ("。", false)],
        );
        check_marks("", &["x"], &[]);
    }

    fn run(text: &str, marked: bool) -> QuoteRun {
        QuoteRun {
            text: text.to_string(),
            marked,
        }
    }

    #[test]
    fn quotes_are_cut_to_whole_sentences_around_the_first_mark() {
        let filler = "Other matters were raised at length by many delegations. ".repeat(12);
        let runs = vec![
            run(&filler, false),
            run("The Commission heard calls to end the ", false),
            run("death penalty", true),
            run(" for drug offences. It was noted. ", false),
            run(&filler, false),
        ];
        let trimmed = trim_quote(runs.clone(), 200);
        let text: String = trimmed.iter().map(|run| run.text.as_str()).collect();
        assert!(text.starts_with("… The Commission heard calls"), "{text}");
        assert!(text.ends_with(" …"), "{text}");
        assert!(text.chars().count() <= 200 + 4, "{}", text.chars().count());
        assert!(
            trimmed
                .iter()
                .any(|run| run.marked && run.text == "death penalty")
        );
        // A short quote is left whole.
        let short = vec![run("A short ", false), run("quote", true), run(".", false)];
        assert_eq!(trim_quote(short.clone(), 200), short);
        // One sentence longer than the quote is cut at words, the mark kept.
        let long_sentence = format!(
            "{} death penalty {}",
            "word ".repeat(100),
            "word ".repeat(100)
        );
        let trimmed = trim_quote(
            vec![
                run(&long_sentence[..500], false),
                run("death penalty", true),
                run(&long_sentence[513..], false),
            ],
            120,
        );
        let text: String = trimmed.iter().map(|run| run.text.as_str()).collect();
        assert!(text.contains("death penalty"), "{text}");
        assert!(
            text.starts_with("… word") && text.ends_with("word …"),
            "{text}"
        );
        assert!(text.chars().count() <= 124, "{}", text.chars().count());
    }

    #[test]
    fn splits_snippets_into_marked_runs() {
        check_runs(
            "the <mark>death</mark> &amp; <mark>penalty</mark>&lt;b&gt;",
            &[
                ("the ", false),
                ("death", true),
                (" & ", false),
                ("penalty", true),
                ("<b>", false),
            ],
        );
        check_runs("plain &amp;amp;", &[("plain &amp;", false)]);
        check_runs("", &[]);
    }

    fn check_request(query_string: &str, expected: Result<&str, &str>) {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query_string.as_bytes())
            .into_owned()
            .collect();
        let parsed = BriefRequest::from_pairs(
            pairs
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str())),
            &["format", "download"],
        );
        match (parsed, expected) {
            (Ok(request), Ok(expected)) => {
                assert_eq!(request.to_query_string(), expected, "{query_string}")
            }
            (Err(error), Err(expected)) => assert_eq!(error.to_string(), expected),
            (actual, expected) => panic!("{query_string}: got {actual:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn reads_and_canonicalises_brief_parameters() {
        check_request(
            "format=md&since=2012&forum=CND&topic=death-penalty&q=execution",
            Ok("q=execution&topic=death-penalty&forum=CND&since=2012"),
        );
        check_request("until=2020&passages=3", Ok("until=2020&passages=3"));
        check_request(
            "since=twelve",
            Err("since: expected a whole number, not `twelve`"),
        );
        check_request("passages=500", Err("passages: at most 50, not 500"));
        check_request(
            "size=5",
            Err("size: a brief covers every matching document; it takes no paging or order"),
        );
        check_request("colour=red", Err("colour: unknown parameter"));
        check_request(
            "since=2020&until=2010",
            Err("since: 2020 is after until 2010"),
        );
        check_request(
            "since=2012&year_from=2014",
            Err("since: `since` and `year_from` say the same: give one"),
        );
        check_request("year_from=2014&until=2020", Ok("since=2014&until=2020"));
    }

    #[test]
    fn quotes_shell_arguments() {
        let request = BriefRequest {
            search: SearchRequest {
                q: "it's \"death\"".into(),
                topic: vec!["death-penalty".into()],
                year_from: Some(2012),
                ..SearchRequest::default()
            },
            passages: None,
        };
        assert_eq!(
            request.to_command(),
            r#"plenary brief --q 'it'\''s "death"' --topic death-penalty --since 2012"#
        );
    }
}
