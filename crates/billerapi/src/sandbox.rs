//! Sandbox-only endpoints: the documented scenario listing and our extensions under `/sandbox/`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::link::Consent;

/// One magic-number scenario (`GET /sandbox/scenarios`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Scenario {
    /// The account number that selects it.
    pub account_number: String,
    /// Its name, e.g. `mfa_required`.
    pub scenario: String,
    /// What happens.
    pub description: String,
    /// The error code it produces, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The next step after credentials, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
}

/// `GET /sandbox/scenarios` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScenariosResponse {
    /// Every scenario.
    pub scenarios: Vec<Scenario>,
    /// The only valid MFA code.
    pub mfa_code: String,
}

/// `POST /sandbox/public_token/create` body: link without the Connect UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SandboxPublicTokenCreateRequest {
    /// Your client ID; must equal the `X-Client-ID` header.
    pub client_id: String,
    /// The biller to link.
    pub biller_id: String,
    /// The account number; its scenario applies.
    pub account_number: String,
    /// Your identifier for the end user.
    pub client_user_id: String,
    /// The scopes to grant.
    pub consents: Vec<Consent>,
}

/// `POST /sandbox/public_token/create` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxPublicTokenCreateResponse {
    /// Always `true`.
    pub success: bool,
    /// The public token to exchange.
    pub public_token: String,
    /// When it expires.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

/// `POST /sandbox/bills/new_statement` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewStatementRequest {
    /// The link to issue a statement for.
    pub link_id: String,
}

/// `POST /sandbox/clock` body: set the sandbox's time, or move it forward.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockRequest {
    /// Jump to this RFC 3339 time (time keeps running from there).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub now: Option<OffsetDateTime>,
    /// Move time forward by this many seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance_seconds: Option<i64>,
    /// Go back to real time.
    #[serde(default)]
    pub reset: bool,
}

/// The sandbox clock (`GET`/`POST /sandbox/clock`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockResponse {
    /// The sandbox's current time.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub now: OffsetDateTime,
    /// How far it is from real time.
    pub offset_seconds: i64,
}
