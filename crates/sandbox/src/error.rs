//! Errors: the crate's start-up error, and the HTTP error responses in the documented format.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use billerapi::error_body::ApiErrorBody;

/// Why the emulator could not start or persist its state.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The SQLite file could not be opened or migrated.
    #[error("cannot open the sandbox database {path}: {source}")]
    Store {
        /// The file.
        path: String,
        /// Why.
        source: rusqlite::Error,
    },
    /// The schema migration failed.
    #[error("cannot migrate the sandbox database: {0}")]
    Migration(String),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// Why.
        source: std::io::Error,
    },
    /// A client credential given in the configuration is unusable.
    #[error("invalid client credentials in the configuration: {0}")]
    Config(String),
}

impl Error {
    /// A stable machine code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Store { .. } => "store",
            Error::Migration(_) => "migration",
            Error::Bind { .. } => "bind",
            Error::Config(_) => "config",
        }
    }
}

/// An HTTP error answered as `{"statusCode", "message", "error"}` (+ `error_code` where one applies).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for a person.
    pub message: String,
    /// A stable machine code, where the API defines one.
    pub error_code: Option<&'static str>,
    /// Seconds to wait, for 429.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            error_code: None,
            retry_after: None,
        }
    }

    /// 400: invalid parameters or body.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: missing or invalid credentials.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403: the credentials are valid but not for this resource.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404: no such resource.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 409: the request is well formed but conflicts with the state of what it names (a step out
    /// of order, a used token, a link needing repair).
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    /// 413: the body is over the limit.
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Request body too large: the limit is {} KiB",
                crate::extract::BODY_LIMIT / 1024
            ),
        )
    }

    /// 429 with `Retry-After`.
    pub fn rate_limited(retry_after: u64) -> Self {
        Self {
            retry_after: Some(retry_after.max(1)),
            ..Self::new(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded")
        }
    }

    /// 500: a fault of the emulator; the details go to the log, not to the caller.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error")
    }

    /// Adds the stable `error_code` (and `success: false`) to the body.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.error_code = Some(code);
        self
    }

    /// The documented body of this error.
    pub fn body(&self) -> ApiErrorBody {
        ApiErrorBody {
            status_code: Some(self.status.as_u16()),
            message: Some(self.message.clone()),
            error: Some(self.status.canonical_reason().unwrap_or("Error").to_owned()),
            success: self.error_code.map(|_| false),
            error_code: self.error_code.map(str::to_owned),
            documentation_url: None,
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(secs) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
