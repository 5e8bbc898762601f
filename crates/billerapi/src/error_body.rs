//! The API's error bodies, both documented: the overview's `{"statusCode": 400, "message":
//! "Validation failed", "error": "Bad Request"}` and the errors concept's `{"status_code": 400,
//! "error": "validation_error", "message": "…", "documentation_url": "…"}`.

use serde::{Deserialize, Serialize};

/// An error response as documented, plus the link flow's `error_code` where one applies.
///
/// Every field is optional when reading so that a body that only partly follows the format still
/// yields what it has.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    /// The HTTP status code, repeated in the body.
    #[serde(
        rename = "statusCode",
        alias = "status_code",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<u16>,
    /// What went wrong, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The HTTP reason phrase (`Bad Request`), or the errors concept's machine code
    /// (`validation_error`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// `false` on link-flow and sandbox-scenario failures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// A stable machine code such as `BILLER_UNAVAILABLE`, where the API gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Where the docs explain the error (the errors-concept body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
}

impl ApiErrorBody {
    /// The errors concept's machine code in `error`, if that is what it holds.
    pub fn machine_code(&self) -> Option<&str> {
        const CODES: [&str; 6] = [
            "validation_error",
            "authentication_error",
            "authorization_error",
            "not_found",
            "rate_limit_exceeded",
            "internal_error",
        ];
        self.error.as_deref().filter(|e| CODES.contains(e))
    }
}
