//! `GET /api/brief`: a brief as Markdown, standalone HTML or JSON.

use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{BriefRequest, build_brief};
use crate::{SearchError, SearchService};

/// The parameters of the endpoint rather than of the brief.
const ENDPOINT_PARAMETERS: &[&str] = &["format", "download"];

/// The brief route, with its own state so that it merges into any router:
/// `router.merge(brief::routes(service))`.
pub fn routes<S: Clone + Send + Sync + 'static>(service: Arc<SearchService>) -> Router<S> {
    Router::new()
        .route("/api/brief", get(brief_endpoint))
        .with_state(service)
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
fn endpoint_options(pairs: &[(String, String)]) -> Result<(BriefFormat, bool), SearchError> {
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
                        return Err(SearchError::bad_parameter(
                            "format",
                            format!("unknown format `{other}`: expected md, html or json"),
                        ));
                    }
                }
            }
            "download" => {
                download = match value.trim() {
                    "1" | "true" | "yes" => true,
                    "0" | "false" | "no" | "" => false,
                    other => {
                        return Err(SearchError::bad_parameter(
                            "download",
                            format!("expected 1 or 0, not `{other}`"),
                        ));
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
        ("q" = Option<String>, Query, description = "Query in the search syntax"),
        ("topic" = Option<String>, Query, description = "Topic slug; repeat or separate with commas"),
        ("forum" = Option<String>, Query, description = "Forum code: CND, CCPCJ, COSP, IRG, COP, CONGRESS, GA, SC, ECOSOC, HRC, UPR, CSW, CEDAW, ..."),
        ("session" = Option<String>, Query, description = "Session as FORUM/NUMBER"),
        ("lang" = Option<String>, Query, description = "Language code"),
        ("org" = Option<String>, Query, description = "Organization"),
        ("doc_type" = Option<String>, Query, description = "Document type"),
        ("since" = Option<i32>, Query, description = "First year included"),
        ("until" = Option<i32>, Query, description = "Last year included"),
        ("passages" = Option<usize>, Query, description = "Passages to quote"),
        ("format" = Option<String>, Query, description = "md, html (default) or json"),
        ("download" = Option<String>, Query, description = "1 to answer as an attachment"),
    ),
    responses(
        (status = 200, description = "The brief in the format asked for"),
        (status = 400, description = "A bad parameter", body = crate::api::ErrorBody),
    )
)]
pub(crate) async fn brief_endpoint(
    State(service): State<Arc<SearchService>>,
    RawQuery(query): RawQuery,
) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let (format, download) = match endpoint_options(&pairs) {
        Ok(options) => options,
        Err(error) => return error_response(&error),
    };
    let request = match BriefRequest::from_pairs(
        pairs
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str())),
        ENDPOINT_PARAMETERS,
    ) {
        Ok(request) => request,
        Err(error) => return error_response(&error),
    };
    let file_stem = file_stem(&request);
    // Gathering a brief runs several searches: CPU work, off the async workers.
    let built = tokio::task::spawn_blocking(move || build_brief(&service, &request)).await;
    let brief = match built {
        Ok(Ok(brief)) => brief,
        Ok(Err(error)) => return error_response(&error),
        Err(join_error) => {
            tracing::error!(error = %join_error, "the brief task failed");
            return json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the brief could not be built",
            );
        }
    };
    let body = match format {
        BriefFormat::Markdown => brief.to_markdown(),
        BriefFormat::Html => brief.to_html(),
        BriefFormat::Json => match serde_json::to_string_pretty(&brief) {
            Ok(json) => json,
            Err(error) => {
                tracing::error!(%error, "the brief could not be serialised");
                return json_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the brief could not be serialised",
                );
            }
        },
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
    response
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

fn error_response(error: &SearchError) -> Response {
    if error.is_user_error() {
        return json_error(StatusCode::BAD_REQUEST, "bad_request", &error.to_string());
    }
    tracing::error!(%error, "brief failed");
    json_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the brief failed inside the server",
    )
}

/// The JSON error body of the API: `{"error": {"code", "message"}}`.
fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "code": code, "message": message } });
    (status, axum::Json(body)).into_response()
}
