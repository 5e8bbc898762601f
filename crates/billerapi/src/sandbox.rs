//! Sandbox-only endpoints: the documented scenario listing and our extensions under `/sandbox/`.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::accounts::Account;
use crate::bills::Bill;
use crate::client::{segment, Auth, Call};
use crate::link::Consent;
use crate::secret::PublicToken;
use crate::{Client, Error};

/// One magic-number scenario (`GET /sandbox/scenarios`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The account number (4 to 20 digits); its scenario applies.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4,20}$"))]
    pub account_number: String,
    /// Your identifier for the end user.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub client_user_id: String,
    /// The scopes to grant.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub consents: Vec<Consent>,
}

/// `POST /sandbox/public_token/create` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SandboxPublicTokenCreateResponse {
    /// Always `true`.
    pub success: bool,
    /// The public token to exchange.
    pub public_token: PublicToken,
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
#[serde(deny_unknown_fields)]
pub struct ClockRequest {
    /// Jump to this RFC 3339 time (time keeps running from there).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub now: Option<OffsetDateTime>,
    /// Move time by this many seconds.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "whole_seconds"
    )]
    pub advance_seconds: Option<i64>,
    /// Go back to real time.
    #[serde(default)]
    pub reset: bool,
}

/// A whole number of seconds, also when written as `5.0` (JSON Schema counts it as an integer).
fn whole_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::Error as _;
    let Some(n) = Option::<serde_json::Number>::deserialize(d)? else {
        return Ok(None);
    };
    n.as_i64()
        .or_else(|| {
            // Below 2^53 every whole f64 is exact.
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
        .map(Some)
        .ok_or_else(|| D::Error::custom("advance_seconds must be a whole number of seconds"))
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

impl Client {
    /// `GET /sandbox/scenarios`.
    pub async fn sandbox_scenarios(&self) -> Result<ScenariosResponse, Error> {
        self.send(Call::new(Method::GET, "/sandbox/scenarios", Auth::None))
            .await
    }

    /// Sandbox extension `POST /sandbox/public_token/create`: link without the Connect UI.
    pub async fn sandbox_public_token_create(
        &self,
        biller_id: &str,
        account_number: &str,
        client_user_id: &str,
        consents: &[Consent],
    ) -> Result<SandboxPublicTokenCreateResponse, Error> {
        let body = SandboxPublicTokenCreateRequest {
            client_id: self.require_client_id()?,
            biller_id: biller_id.to_owned(),
            account_number: account_number.to_owned(),
            client_user_id: client_user_id.to_owned(),
            consents: consents.to_vec(),
        };
        self.send(
            Call::new(Method::POST, "/sandbox/public_token/create", Auth::Client).json(&body)?,
        )
        .await
    }

    /// Sandbox extension `POST /sandbox/links/{id}/reset_login`.
    pub async fn sandbox_reset_login(&self, link_id: &str) -> Result<Account, Error> {
        let path = format!("/sandbox/links/{}/reset_login", segment(link_id));
        self.send(Call::new(Method::POST, path, Auth::Client)).await
    }

    /// Sandbox extension `POST /sandbox/bills/new_statement`.
    pub async fn sandbox_new_statement(&self, link_id: &str) -> Result<Bill, Error> {
        let body = NewStatementRequest {
            link_id: link_id.to_owned(),
        };
        self.send(
            Call::new(Method::POST, "/sandbox/bills/new_statement", Auth::Client).json(&body)?,
        )
        .await
    }

    /// Sandbox extension `POST /sandbox/clock`.
    pub async fn sandbox_clock(&self, request: &ClockRequest) -> Result<ClockResponse, Error> {
        self.send(Call::new(Method::POST, "/sandbox/clock", Auth::Client).json(request)?)
            .await
    }
}

/// The longest move of `advance_seconds`, either way: ten years.
pub const CLOCK_MAX_ADVANCE_SECONDS: i64 = 10 * 365 * 86_400;

/// The OpenAPI schema of [`ClockRequest`]: exactly one of the three forms, as the emulator
/// accepts them (an absent field and `null` are the same to it); `now`'s years are those whose
/// every instant lies in the clock's range. As JSON, since utoipa's model has no `const`.
#[cfg(feature = "openapi")]
pub fn clock_request_schema() -> serde_json::Value {
    use serde_json::json;
    let null = json!({"type": "null"});
    let now = json!({
        "type": "string", "format": "date-time",
        "pattern": "^(197[2-9]|19[89][0-9]|[2-8][0-9]{3})-",
        "description": "Jump to this RFC 3339 time (years 1972 to 8999); time keeps running from there."
    });
    let advance = json!({
        "type": "integer", "format": "int64",
        "minimum": -CLOCK_MAX_ADVANCE_SECONDS, "maximum": CLOCK_MAX_ADVANCE_SECONDS,
        "description": "Move time by this many seconds (at most ten years either way)."
    });
    let form = |required: &str, now, advance, reset| {
        json!({
            "type": "object", "required": [required], "additionalProperties": false,
            "properties": {"now": now, "advance_seconds": advance, "reset": reset}
        })
    };
    json!({
        "description": "`POST /sandbox/clock` body: exactly one of `now`, `advance_seconds` or `reset: true`.",
        "oneOf": [
            form("now", now, null.clone(), json!({"type": "boolean", "const": false})),
            form("advance_seconds", null.clone(), advance, json!({"type": "boolean", "const": false})),
            form("reset", null.clone(), null, json!({"type": "boolean", "const": true,
                "description": "Go back to real time."})),
        ]
    })
}

// utoipa's own model of the schema (without `const`); the emulator's document uses the JSON.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ClockRequest {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        serde_json::from_value(clock_request_schema()).expect("the clock request schema is valid")
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ClockRequest {}
