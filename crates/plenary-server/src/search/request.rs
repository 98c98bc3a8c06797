//! What a search asks for: the query, the filters, the page and the order, and how
//! they are read from `key=value` pairs (a URL query string, CLI flags).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::SearchError;

/// Hits per page when the request names none.
pub const DEFAULT_PAGE_SIZE: usize = 10;
/// The largest page a request may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// The largest `from` offset; deeper pages use the cursor.
pub const MAX_FROM: usize = 10_000;
/// Passage hits shown per document hit when the request names no number.
pub const DEFAULT_PASSAGES_PER_HIT: usize = 3;
/// The largest number of passage hits per document hit.
pub const MAX_PASSAGES_PER_HIT: usize = 20;
/// Facet values returned per facet (per level of the topic tree) when the request names no limit.
pub const DEFAULT_FACET_LIMIT: usize = 50;

/// The order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best match first; with an empty query, newest first.
    #[default]
    Relevance,
    /// Newest first; undated documents last.
    DateDesc,
    /// Oldest first; undated documents last.
    DateAsc,
}

impl SortOrder {
    fn parse(value: &str) -> Option<SortOrder> {
        match value {
            "relevance" | "score" => Some(SortOrder::Relevance),
            "date_desc" | "date-desc" | "newest" | "-date" => Some(SortOrder::DateDesc),
            "date_asc" | "date-asc" | "oldest" | "date" => Some(SortOrder::DateAsc),
            _ => None,
        }
    }
}

/// How the words of a query combine where it names no operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueryOperator {
    /// Every word is required (in the document's language: its stop words aside).
    #[default]
    And,
    /// Any word is enough; more words rank higher.
    Or,
}

/// The order of facet values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FacetSort {
    /// Most frequent first, ties by value.
    #[default]
    Count,
    /// By value (numerically for years and sessions).
    Value,
}

/// A search: query, filters, page and order. Every field has a default, so `{}` searches everything.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SearchRequest {
    /// The query in Plenary's query syntax; empty matches every document.
    pub q: String,
    /// Topic slugs; a parent topic includes its children.
    pub topic: Vec<String>,
    /// Forum codes (`CND`, `CCPCJ`, `COSP`, `IRG`, `COP`, `CONGRESS`, `GA`, `SC`, `HRC`, ...).
    pub forum: Vec<String>,
    /// Sessions as `FORUM/NUMBER` (`CND/57`) or a bare number (that session of any forum).
    pub session: Vec<String>,
    /// Years (`2014`).
    pub year: Vec<String>,
    /// Language codes (`en`, `fr`, ...).
    pub lang: Vec<String>,
    /// Organization names, exactly as the facet shows them.
    pub org: Vec<String>,
    /// Document types (`statement`, `crp`, `side_event`, `news`, `report`, `other`).
    pub doc_type: Vec<String>,
    /// Consultative statuses (`general`, `special`, `roster`).
    pub status: Vec<String>,
    /// Countries that speak, as ISO 3166-1 alpha-3 codes (`ESP`) or names (`Spain`).
    pub country: Vec<String>,
    /// UN regional groups (`african`, `asia-pacific`, `eastern-european`,
    /// `latin-american-caribbean`, `western-european-others`, or `WEOG`, `GRULAC`, ...).
    pub region: Vec<String>,
    /// Actor types (`ngo`, `state`, `un-entity`, `intergovernmental`, `other`).
    pub actor_type: Vec<String>,
    /// Paragraph topics: documents with a paragraph about one of them, and those
    /// paragraphs as their passages.
    pub passage_topic: Vec<String>,
    /// First day included.
    pub date_from: Option<NaiveDate>,
    /// Last day included.
    pub date_to: Option<NaiveDate>,
    /// First year included.
    pub year_from: Option<i32>,
    /// Last year included.
    pub year_to: Option<i32>,
    /// Offset of the first hit (ignored when a cursor is given).
    pub from: usize,
    /// Hits per page, at most [`MAX_PAGE_SIZE`]; [`DEFAULT_PAGE_SIZE`] when absent.
    pub size: Option<usize>,
    pub sort: SortOrder,
    /// The `next_cursor` of the previous page: the page after it (search_after).
    pub cursor: Option<String>,
    /// Passage hits per document hit; [`DEFAULT_PASSAGES_PER_HIT`] when absent, 0 for none.
    pub passages: Option<usize>,
    /// Values per facet; [`DEFAULT_FACET_LIMIT`] when absent.
    pub facet_limit: Option<usize>,
    pub facet_sort: FacetSort,
    /// How words combine where the query names no operator: `and` (the default) or `or`.
    pub op: QueryOperator,
    /// Search across the six languages: a query that names a topic (`femicide`, `peine
    /// de mort`) also finds that topic's documents in every language.
    pub xlang: bool,
    /// Whether each hit lists its other language versions with their matching
    /// paragraphs (the default); `false` spares the look-up.
    pub versions: Option<bool>,
}

impl SearchRequest {
    /// A request for `q` with every other field at its default.
    pub fn query(q: impl Into<String>) -> SearchRequest {
        SearchRequest {
            q: q.into(),
            ..SearchRequest::default()
        }
    }

    /// Whether the hits list their language versions.
    pub fn lists_versions(&self) -> bool {
        self.versions != Some(false)
    }

    /// The page size, defaulted and checked against the cap.
    pub fn page_size(&self) -> Result<usize, SearchError> {
        let size = self.size.unwrap_or(DEFAULT_PAGE_SIZE);
        if size > MAX_PAGE_SIZE {
            return Err(SearchError::bad_parameter(
                "size",
                format!("at most {MAX_PAGE_SIZE}, not {size}; page further with `cursor`"),
            ));
        }
        Ok(size)
    }

    /// Reads a request from `key=value` pairs. A key may repeat, and a value may hold
    /// several values separated by commas (`forum=CND,CCPCJ`), except `q` and `org`
    /// (organization names hold commas). Keys in `ignored` are skipped (parameters of
    /// the endpoint rather than of the search); any other unknown key is an error.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
        ignored: &[&str],
    ) -> Result<SearchRequest, SearchError> {
        let mut request = SearchRequest::default();
        for (key, value) in pairs {
            let multi = |target: &mut Vec<String>| {
                target.extend(
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|part| !part.is_empty())
                        .map(str::to_string),
                );
            };
            match key {
                "q" => request.q = value.to_string(),
                "topic" => multi(&mut request.topic),
                "forum" => multi(&mut request.forum),
                "session" => multi(&mut request.session),
                "year" => multi(&mut request.year),
                "lang" | "language" => multi(&mut request.lang),
                "org" | "organization" => {
                    if !value.trim().is_empty() {
                        request.org.push(value.trim().to_string());
                    }
                }
                "doc_type" | "type" => multi(&mut request.doc_type),
                "status" => multi(&mut request.status),
                "country" => multi(&mut request.country),
                "region" => multi(&mut request.region),
                "actor_type" | "actor" => multi(&mut request.actor_type),
                "passage_topic" => multi(&mut request.passage_topic),
                "date_from" => request.date_from = parse_optional(key, value, parse_date)?,
                "date_to" => request.date_to = parse_optional(key, value, parse_date)?,
                "year_from" => request.year_from = parse_optional(key, value, parse_number)?,
                "year_to" => request.year_to = parse_optional(key, value, parse_number)?,
                "from" => request.from = parse_optional(key, value, parse_number)?.unwrap_or(0),
                "size" => request.size = parse_optional(key, value, parse_number)?,
                "passages" => request.passages = parse_optional(key, value, parse_number)?,
                "facet_limit" => request.facet_limit = parse_optional(key, value, parse_number)?,
                "sort" => {
                    request.sort = SortOrder::parse(value.trim()).ok_or_else(|| {
                        SearchError::bad_parameter(
                            key,
                            format!(
                                "unknown order `{value}`: expected relevance, date_desc or date_asc"
                            ),
                        )
                    })?;
                }
                "facet_sort" => {
                    request.facet_sort = match value.trim() {
                        "count" => FacetSort::Count,
                        "value" => FacetSort::Value,
                        other => {
                            return Err(SearchError::bad_parameter(
                                key,
                                format!("unknown order `{other}`: expected count or value"),
                            ));
                        }
                    };
                }
                "op" | "default_operator" => {
                    request.op = match value.trim().to_ascii_lowercase().as_str() {
                        "and" => QueryOperator::And,
                        "or" => QueryOperator::Or,
                        other => {
                            return Err(SearchError::bad_parameter(
                                key,
                                format!("unknown operator `{other}`: expected and or or"),
                            ));
                        }
                    };
                }
                "xlang" => {
                    request.xlang = match value.trim().to_ascii_lowercase().as_str() {
                        "true" | "1" | "on" | "yes" => true,
                        "false" | "0" | "off" | "no" | "" => false,
                        other => {
                            return Err(SearchError::bad_parameter(
                                key,
                                format!("`{other}`: expected true or false"),
                            ));
                        }
                    };
                }
                "versions" => {
                    request.versions = match value.trim().to_ascii_lowercase().as_str() {
                        "true" | "1" | "on" | "yes" => Some(true),
                        "false" | "0" | "off" | "no" => Some(false),
                        "" => None,
                        other => {
                            return Err(SearchError::bad_parameter(
                                key,
                                format!("`{other}`: expected true or false"),
                            ));
                        }
                    };
                }
                "cursor" | "search_after" => {
                    let trimmed = value.trim();
                    request.cursor = (!trimmed.is_empty()).then(|| trimmed.to_string());
                }
                other if ignored.contains(&other) => {}
                other => {
                    return Err(SearchError::bad_parameter(
                        other,
                        "unknown parameter".to_string(),
                    ));
                }
            }
        }
        Ok(request)
    }
}

fn parse_optional<T>(
    key: &str,
    value: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, SearchError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    parse(trimmed)
        .map(Some)
        .map_err(|message| SearchError::bad_parameter(key, message))
}

fn parse_number<T: std::str::FromStr>(value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("expected a whole number, not `{value}`"))
}

fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| format!("expected a date as YYYY-MM-DD, not `{value}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query_string: &str, expected: Result<SearchRequest, &str>) {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query_string.as_bytes())
            .into_owned()
            .collect();
        let parsed = SearchRequest::from_pairs(
            pairs
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str())),
            &["format"],
        );
        match (parsed, expected) {
            (Ok(actual), Ok(expected)) => assert_eq!(actual, expected, "{query_string}"),
            (Err(actual), Err(expected)) => {
                assert_eq!(actual.to_string(), expected, "{query_string}")
            }
            (actual, expected) => panic!("{query_string}: got {actual:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn reads_repeated_and_comma_separated_values() {
        check(
            "q=death+penalty&forum=CND&forum=CCPCJ,COSP&org=A,+B&size=5&sort=date_desc&format=csv",
            Ok(SearchRequest {
                q: "death penalty".into(),
                forum: vec!["CND".into(), "CCPCJ".into(), "COSP".into()],
                org: vec!["A, B".into()],
                size: Some(5),
                sort: SortOrder::DateDesc,
                ..SearchRequest::default()
            }),
        );
        check("", Ok(SearchRequest::default()));
        check(
            "date_from=2014-01-01&year_to=2020&size=",
            Ok(SearchRequest {
                date_from: NaiveDate::from_ymd_opt(2014, 1, 1),
                year_to: Some(2020),
                ..SearchRequest::default()
            }),
        );
    }

    #[test]
    fn names_the_bad_parameter() {
        check("size=abc", Err("size: expected a whole number, not `abc`"));
        check(
            "date_from=14/3/2014",
            Err("date_from: expected a date as YYYY-MM-DD, not `14/3/2014`"),
        );
        check(
            "sort=best",
            Err("sort: unknown order `best`: expected relevance, date_desc or date_asc"),
        );
        check("colour=red", Err("colour: unknown parameter"));
    }
}
