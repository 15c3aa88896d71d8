//! Every error a client sees: an HTTP status and an [`ErrorBody`] with a stable `code`. Internal
//! failures are logged here and answered with a generic body, never with their text.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use trainmate_api::sync::ErrorBody;
use trainmate_core::validate::FieldError;

use crate::storage::StorageError;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
    pub retry_after_s: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code: code.to_owned(),
                message: message.into(),
                expected_device_seq: None,
                fields: Vec::new(),
            },
            retry_after_s: None,
        }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(code: &str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn invalid(fields: Vec<FieldError>) -> ApiError {
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        let mut error = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            format!("Check these fields: {}.", names.join(", ")),
        );
        error.body.fields = fields;
        error
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "The server could not finish this request. Try again later.",
        )
    }
}

impl From<StorageError> for ApiError {
    fn from(error: StorageError) -> Self {
        tracing::error!(%error, "storage failure");
        ApiError::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after_s {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// A JSON body whose every rejection is an [`ApiError`] with a code.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Body(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as JSON with Content-Type: application/json.",
        ),
        // serde_json files some shape errors (a number where a name belongs) under syntax: say
        // what it found either way.
        JsonRejection::JsonSyntaxError(error) => ApiError::bad_request(
            "malformed_json",
            format!("The body is not the expected JSON: {}", error.body_text()),
        ),
        JsonRejection::JsonDataError(error) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            // serde's explanation names the field and what was expected; it describes the
            // request, not the server.
            format!(
                "The body does not have the expected shape: {}",
                error.body_text()
            ),
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The body is too large; send fewer changes per request.",
        ),
        _ => ApiError::bad_request("unreadable_body", "The body could not be read."),
    }
}

/// Query parameters whose rejection is an [`ApiError`].
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(error)) => {
                Err(ApiError::bad_request(
                    "invalid_query",
                    format!("The query string is not valid: {}", error.body_text()),
                ))
            }
            Err(_) => Err(ApiError::bad_request(
                "invalid_query",
                "The query string is not valid.",
            )),
        }
    }
}

/// Gives every error response the JSON body of [`ApiError`], also those made below the handlers
/// (a layer refusing an unknown `Content-Encoding`, say), so a client always finds a `code`.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::BAD_REQUEST => ("bad_request", "The request could not be understood."),
        StatusCode::UNAUTHORIZED => ("unauthorized", "Sign in first."),
        StatusCode::NOT_FOUND => ("not_found", "No such resource."),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This endpoint does not accept that method.",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "The body is too large."),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "Send JSON, uncompressed or gzip-compressed.",
        ),
        StatusCode::TOO_MANY_REQUESTS => ("too_many_requests", "Too many requests; wait a little."),
        s if s.is_server_error() => (
            "internal",
            "The server could not finish this request. Try again later.",
        ),
        _ => ("error", "The request was refused."),
    };
    let mut replaced = ApiError::new(status, code, message).into_response();
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(value) = response.headers().get(&name) {
            replaced.headers_mut().insert(name, value.clone());
        }
    }
    replaced
}
