//! Answers for unknown routes and wrong methods, in the documented error format.

use axum::http::{Method, StatusCode, Uri};

use crate::error::ApiError;

/// 404 for any route the API does not have.
pub async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("Cannot {method} {}", uri.path()))
}

/// 405 for a known route called with another method.
pub async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!("Cannot {method} {}", uri.path()),
        error_code: None,
        retry_after: None,
    }
}
