//! The one error shape of the API: `{"error": {"code": ..., "message": ...}}`.

use std::time::Duration;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tracing::error;
use utoipa::ToSchema;

use crate::SearchError;
use crate::search::deadline::Deadline;

/// The closed set of error codes the API sends, each with its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A parameter, the query or the body is wrong (400).
    BadRequest,
    /// No such document or endpoint (404).
    NotFound,
    /// The endpoint does not take this method (405).
    MethodNotAllowed,
    /// The request body is over the limit (413).
    PayloadTooLarge,
    /// The body is not JSON where JSON is expected (415).
    UnsupportedMediaType,
    /// The request took longer than the request timeout (503).
    Timeout,
    /// The server is at one of its bounds; try again shortly (503).
    Busy,
    /// The server failed; the failure is logged (500).
    Internal,
}

impl ErrorCode {
    /// The code as the JSON body spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Busy => "busy",
            ErrorCode::Internal => "internal",
        }
    }

    /// The HTTP status the code is sent with.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::Timeout | ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code of an error status that a layer answered without a body of ours.
    fn of_status(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Timeout,
            status if status.is_server_error() => ErrorCode::Internal,
            _ => ErrorCode::BadRequest,
        }
    }
}

/// An error as the API sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable code (`bad_request`, `not_found`, `method_not_allowed`,
/// `payload_too_large`, `unsupported_media_type`, `timeout`, `busy`, `internal`) and a
/// message for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::NotFound, message)
    }

    pub fn timeout(seconds: u64) -> ApiError {
        ApiError::new(
            ErrorCode::Timeout,
            format!("the request took longer than {seconds} s; narrow the query or the filters"),
        )
    }

    /// The server is at one of its bounds (exports at once, connections): try again later.
    pub fn busy(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Busy, message)
    }

    /// An internal failure: logged here, once, and sent without its details.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        error!(%detail, "internal error");
        ApiError::new(
            ErrorCode::Internal,
            "the server failed to answer; the failure is logged",
        )
    }

    /// The HTTP status of the error.
    pub fn status(&self) -> StatusCode {
        self.code.status()
    }
}

thread_local! {
    /// The request timeout of the request this thread computes, for the error message.
    static REQUEST_LIMIT: std::cell::Cell<Duration> = const { std::cell::Cell::new(Duration::ZERO) };
}

/// The request timeout in seconds when the deadline of the request this thread computes
/// has passed.
fn deadline_seconds_if_passed() -> Option<u64> {
    Deadline::current()
        .has_passed()
        .then(|| REQUEST_LIMIT.with(std::cell::Cell::get).as_secs())
}

/// Sets the request timeout of the request this thread computes, for the error message.
pub(super) fn set_request_limit(limit: Duration) {
    REQUEST_LIMIT.with(|current| current.set(limit));
}

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> ApiError {
        // A search stopped at its deadline fails inside Tantivy's loop; what the client
        // needs to know is that it took too long.
        if let Some(seconds) = deadline_seconds_if_passed() {
            return ApiError::timeout(seconds);
        }
        if error.is_user_error() {
            return ApiError::bad_request(error.to_string());
        }
        ApiError::internal(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.as_str().to_string(),
                message: self.message,
            },
        };
        (status, Json(body)).into_response()
    }
}

/// The largest body of a layer's error answer that is read to make its message.
const LAYER_MESSAGE_BYTES: usize = 1024;

/// Gives every error answer the one JSON shape: those that axum's extractors and
/// tower-http's layers make (a 413 from the body limit, a 405, a 503 from the timeout
/// backstop, a rejected path or query) come as plain text or with no body.
pub(crate) async fn json_error_shape(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let code = ErrorCode::of_status(status);
    let text = axum::body::to_bytes(response.into_body(), LAYER_MESSAGE_BYTES)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty());
    let message = match (code, text) {
        (ErrorCode::PayloadTooLarge, _) => {
            "the request body is larger than the server accepts".to_string()
        }
        (ErrorCode::MethodNotAllowed, _) => "this endpoint does not take that method".to_string(),
        (ErrorCode::Timeout, _) => {
            "the request took too long; narrow the query or the filters".to_string()
        }
        (_, Some(text)) => text,
        (code, None) => code.as_str().replace('_', " "),
    };
    let mut answer = ApiError::new(code, message).into_response();
    // The status a layer chose stands (a 408 stays a 408).
    *answer.status_mut() = status;
    answer
}
