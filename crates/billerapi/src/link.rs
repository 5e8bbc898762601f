//! Link sessions: link token create and exchange, and the hosted Connect flow's session steps.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::{segment, Auth, Call};
use crate::secret::{AccessToken, LinkTokenSecret, Password, PublicToken};
use crate::{Client, Error};

open_enum! {
    /// A consent scope a link can grant.
    pub enum Consent {
        /// Read bills.
        Bills = "bills",
        /// Make payments.
        Payments = "payments",
    }
}

/// `POST /link/token/create` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkTokenCreateRequest {
    /// Your client ID; must equal the `X-Client-ID` header.
    pub client_id: String,
    /// Your identifier for the end user.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub client_user_id: String,
    /// The scopes to request, a non-empty subset of `bills`, `payments`.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub consents: Vec<Consent>,
    /// Where to send the user after linking: an `https://` URL, or `http://` on localhost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2048,
            pattern = "^(https://[!-~]+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]{1,5})?(/[!-~]*)?)$"
        )
    )]
    pub redirect_uri: Option<String>,
    /// Pre-selects a biller in Connect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biller_id: Option<String>,
    /// **Sandbox extension**: opens Connect in update mode to repair this existing link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_link_id: Option<String>,
}

/// The Link Token object. The link guide's create answer carries only `link_token` and
/// `expires_at`; the link-sessions reference carries the whole object: the rest is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkToken {
    /// The token that initialises the Connect SDK (`lt_sandbox_…`).
    pub link_token: LinkTokenSecret,
    /// The token's identifier, used in the session step routes (`ltid_…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_token_id: Option<String>,
    /// The client that created it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The end user it was created for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_user_id: Option<String>,
    /// The requested scopes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    /// Where to send the user after linking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uri: Option<String>,
    /// The pre-selected biller, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biller_id: Option<String>,
    /// When it was created.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub created_at: Option<OffsetDateTime>,
    /// When it expires (30 minutes after creation).
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

/// `POST /link/token/create` response (201): the link guide's `{success, link_token,
/// expires_at}`, or the reference's Link Token object (without `success`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkTokenCreateResponse {
    /// `true` in the guide's form; absent in the reference's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// The new token.
    #[serde(flatten)]
    pub token: LinkToken,
}

/// `POST /link/token/exchange` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkTokenExchangeRequest {
    /// Your client ID; must equal the `X-Client-ID` header.
    pub client_id: String,
    /// The single-use public token from Connect's `onSuccess`.
    pub public_token: PublicToken,
}

/// `POST /link/token/exchange` response (200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkTokenExchangeResponse {
    /// Always `true` on 200.
    pub success: bool,
    /// The long-lived token for bill retrieval on this link (`at_sandbox_…`).
    pub access_token: AccessToken,
    /// The linked biller.
    pub biller_id: String,
    /// The account link's id (`link_…`), the `account_link_id` of the bills endpoints.
    pub link_id: String,
}

/// **Sandbox extension** `GET /link/session`: what the hosted Connect page needs to start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkSession {
    /// The link token's id, for the step routes.
    pub link_token_id: String,
    /// The requested scopes, shown on the consent screen.
    pub consents: Vec<Consent>,
    /// The pre-selected biller, if any (the biller step is then skipped).
    #[serde(default)]
    pub biller_id: Option<String>,
    /// The link being repaired, in update mode.
    #[serde(default)]
    pub account_link_id: Option<String>,
    /// The next step the session expects.
    pub next_step: String,
    /// When the link token expires.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: OffsetDateTime,
}

/// `POST /link/{link_token_id}/submit-credentials` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitCredentialsRequest {
    /// The user's login at the biller.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub username: String,
    /// The user's password at the biller.
    #[cfg_attr(feature = "openapi", schema(value_type = String, min_length = 1, max_length = 256))]
    pub password: Password,
    /// The account number (4 to 20 digits); in the sandbox it selects the scenario.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9]{4,20}$"))]
    pub account_number: String,
    /// The biller chosen in Connect; required unless the link token pre-selected one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biller_id: Option<String>,
}

/// `POST /link/{link_token_id}/submit-mfa` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitMfaRequest {
    /// The one-time code (`123456` in the sandbox).
    pub mfa_code: String,
}

/// **Sandbox extension** `POST /link/{link_token_id}/select-account` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SelectAccountRequest {
    /// One of the `account_id`s that discovery returned.
    pub account_id: String,
}

/// **Sandbox extension** `POST /link/{link_token_id}/consent` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    /// The scopes the user granted: exactly the link token's.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub consents: Vec<Consent>,
}

/// An account found at the biller during discovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiscoveredAccount {
    /// Identifier within this session.
    pub account_id: String,
    /// A name such as `Primary`.
    pub name: String,
    /// Masked account number, e.g. `****4242`.
    pub account_number: String,
    /// `residential` or `business`.
    pub account_type: String,
}

/// What a completed Connect flow tells the host page, beside the public token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkMetadata {
    /// The linked biller.
    pub biller_id: String,
    /// Its display name.
    pub biller_name: String,
    /// The chosen account within the session.
    pub account_id: String,
    /// Its name.
    pub account_name: String,
    /// Its masked number.
    pub account_mask: String,
}

/// The answer of every session step: `success`, and then what the step produced.
///
/// A refused step answers 200 with `success: false` and an `error_code`, as the docs describe.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkStepResponse {
    /// Whether the step succeeded.
    pub success: bool,
    /// `credentials_accepted`, `mfa_required`, `mfa_verified`, `accounts_discovered`,
    /// `account_selected` or `completed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The step to call next: `submit_mfa`, `discover_accounts`, `select_account`, `consent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    /// On failure: `INVALID_CREDENTIALS`, `ACCOUNT_LOCKED`, `BILLER_UNAVAILABLE`,
    /// `INVALID_MFA_CODE`, `MFA_ATTEMPTS_EXCEEDED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// On failure, or to explain the next step, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// From discovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Vec<DiscoveredAccount>>,
    /// From consent: the single-use public token (`pt_sandbox_…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_token: Option<PublicToken>,
    /// From consent: when the public token expires (30 minutes).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "option_rfc3339"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<OffsetDateTime>,
    /// From consent: what was linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<LinkMetadata>,
}

impl Client {
    /// `POST /link/token/create` (client credentials). Documented as idempotent by key: retried
    /// like a read, with the same `Idempotency-Key`.
    pub async fn link_token_create(
        &self,
        request: &LinkTokenCreateRequest,
    ) -> Result<LinkTokenCreateResponse, Error> {
        self.send(
            Call::new(Method::POST, "/link/token/create", Auth::Client)
                .json(request)?
                .replayable(),
        )
        .await
    }

    /// `POST /link/token/exchange` (client credentials). Never retried once sent: a public token
    /// is single-use, so a lost answer must surface, not be replayed.
    pub async fn link_token_exchange(
        &self,
        public_token: &PublicToken,
    ) -> Result<LinkTokenExchangeResponse, Error> {
        let request = LinkTokenExchangeRequest {
            client_id: self.require_client_id()?,
            public_token: public_token.clone(),
        };
        self.send(Call::new(Method::POST, "/link/token/exchange", Auth::Client).json(&request)?)
            .await
    }

    /// Sandbox extension `GET /link/session` (link token).
    pub async fn link_session(&self, link_token: &LinkTokenSecret) -> Result<LinkSession, Error> {
        self.send(Call::new(
            Method::GET,
            "/link/session",
            Auth::Link(link_token),
        ))
        .await
    }

    /// `POST /link/{id}/submit-credentials` (link token).
    pub async fn link_submit_credentials(
        &self,
        link_token: &LinkTokenSecret,
        link_token_id: &str,
        request: &SubmitCredentialsRequest,
    ) -> Result<LinkStepResponse, Error> {
        let path = format!("/link/{}/submit-credentials", segment(link_token_id));
        self.send(Call::new(Method::POST, path, Auth::Link(link_token)).json(request)?)
            .await
    }

    /// `POST /link/{id}/submit-mfa` (link token).
    pub async fn link_submit_mfa(
        &self,
        link_token: &LinkTokenSecret,
        link_token_id: &str,
        mfa_code: &str,
    ) -> Result<LinkStepResponse, Error> {
        let path = format!("/link/{}/submit-mfa", segment(link_token_id));
        let body = SubmitMfaRequest {
            mfa_code: mfa_code.to_owned(),
        };
        self.send(Call::new(Method::POST, path, Auth::Link(link_token)).json(&body)?)
            .await
    }

    /// `POST /link/{id}/discover-accounts` (link token).
    pub async fn link_discover_accounts(
        &self,
        link_token: &LinkTokenSecret,
        link_token_id: &str,
    ) -> Result<LinkStepResponse, Error> {
        let path = format!("/link/{}/discover-accounts", segment(link_token_id));
        self.send(
            Call::new(Method::POST, path, Auth::Link(link_token)).json(&serde_json::json!({}))?,
        )
        .await
    }

    /// Sandbox extension `POST /link/{id}/select-account` (link token).
    pub async fn link_select_account(
        &self,
        link_token: &LinkTokenSecret,
        link_token_id: &str,
        account_id: &str,
    ) -> Result<LinkStepResponse, Error> {
        let path = format!("/link/{}/select-account", segment(link_token_id));
        let body = SelectAccountRequest {
            account_id: account_id.to_owned(),
        };
        self.send(Call::new(Method::POST, path, Auth::Link(link_token)).json(&body)?)
            .await
    }

    /// Sandbox extension `POST /link/{id}/consent` (link token).
    pub async fn link_consent(
        &self,
        link_token: &LinkTokenSecret,
        link_token_id: &str,
        consents: &[Consent],
    ) -> Result<LinkStepResponse, Error> {
        let path = format!("/link/{}/consent", segment(link_token_id));
        let body = ConsentRequest {
            consents: consents.to_vec(),
        };
        self.send(Call::new(Method::POST, path, Auth::Link(link_token)).json(&body)?)
            .await
    }
}

mod option_rfc3339 {
    pub use time::serde::rfc3339::option::{deserialize, serialize};
}
