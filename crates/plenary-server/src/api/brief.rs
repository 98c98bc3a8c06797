//! `GET /api/brief`: a brief as Markdown, standalone HTML or JSON, built under the
//! bounds every request computes under.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use super::handlers::FilterParams;
use super::state::{AppState, blocking};
use crate::brief::{BriefRequest, build_brief};

/// The parameters of the endpoint rather than of the brief.
const ENDPOINT_PARAMETERS: &[&str] = &["format", "download"];

/// The formats of a brief (documentation of `format`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum BriefFormatParam {
    Md,
    Html,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BriefFormat {
    Markdown,
    Html,
    Json,
}

impl BriefFormat {
    fn extension(self) -> &'static str {
        match self {
            BriefFormat::Markdown => "md",
            BriefFormat::Html => "html",
            BriefFormat::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            BriefFormat::Markdown => "text/markdown; charset=utf-8",
            BriefFormat::Html => "text/html; charset=utf-8",
            BriefFormat::Json => "application/json",
        }
    }
}

/// Reads `format` and `download` from the query string.
fn endpoint_options(pairs: &[(String, String)]) -> Result<(BriefFormat, bool), ApiError> {
    let mut format = BriefFormat::Html;
    let mut download = false;
    for (key, value) in pairs {
        match key.as_str() {
            "format" => {
                format = match value.trim() {
                    "md" | "markdown" => BriefFormat::Markdown,
                    "html" | "" => BriefFormat::Html,
                    "json" => BriefFormat::Json,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "format: unknown format `{other}`: expected md, html or json"
                        )));
                    }
                }
            }
            "download" => {
                download = match value.trim() {
                    "1" | "true" | "yes" => true,
                    "0" | "false" | "no" | "" => false,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "download: expected 1 or 0, not `{other}`"
                        )));
                    }
                }
            }
            _ => {}
        }
    }
    Ok((format, download))
}

/// A thematic brief of the documents matching the search parameters: scope, totals,
/// timeline, forums, organizations, cited passages and the list of documents.
#[utoipa::path(get, path = "/api/brief", tag = "briefs",
    params(
        ("since" = Option<i32>, Query, description = "First year included"),
        ("until" = Option<i32>, Query, description = "Last year included"),
        ("passages" = Option<usize>, Query, description = "Passages to quote"),
        ("format" = inline(Option<BriefFormatParam>), Query, description = "md, html (default) or json"),
        ("download" = Option<String>, Query, description = "1 to answer as an attachment"),
        FilterParams,
    ),
    responses(
        (status = 200, description = "The brief in the format asked for"),
        (status = 400, description = "A bad parameter", body = ErrorBody),
    )
)]
pub async fn brief_endpoint(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let (format, download) = endpoint_options(&pairs)?;
    let request = BriefRequest::from_pairs(
        pairs
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
        ENDPOINT_PARAMETERS,
    )?;
    let file_stem = file_stem(&request);
    // Gathering a brief runs several searches: it computes as any search does.
    let brief = blocking(&state, move |service| Ok(build_brief(service, &request)?)).await?;
    let body = match format {
        BriefFormat::Markdown => brief.to_markdown(),
        BriefFormat::Html => brief.to_html(),
        BriefFormat::Json => serde_json::to_string_pretty(&brief).map_err(ApiError::internal)?,
    };
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(format.content_type()),
        )],
        body,
    )
        .into_response();
    if download {
        let disposition = format!(
            "attachment; filename=\"{file_stem}.{}\"",
            format.extension()
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
    }
    Ok(response)
}

/// `brief-<topic>`, or `brief-search` without one; only `[a-z0-9-]` so the header needs no quoting.
fn file_stem(request: &BriefRequest) -> String {
    let name = match request.search.topic.as_slice() {
        [] => "search".to_string(),
        topics => topics.join("-"),
    };
    let safe: String = name
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if safe.is_empty() {
        return "brief-search".to_string();
    }
    format!("brief-{safe}")
}
