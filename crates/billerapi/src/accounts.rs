//! Connected accounts, i.e. account links (`GET /bills/accounts`).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::{segment, Auth, Call};
use crate::link::Consent;
use crate::{Client, Error};

open_enum! {
    /// An account link's status.
    pub enum AccountStatus {
        /// Linked and readable.
        Active = "ACTIVE",
        /// Not in use.
        Inactive = "INACTIVE",
        /// Needs attention, e.g. the biller login must be repaired through Connect.
        Error = "ERROR",
        /// Removed; its access token no longer works.
        Disconnected = "DISCONNECTED",
    }
}

/// The Account object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Account {
    /// The account link id (`link_…`, the exchange's `link_id`).
    pub id: String,
    /// The linked biller.
    pub biller_id: String,
    /// Its display name.
    pub biller_name: String,
    /// The end user it belongs to.
    pub client_user_id: String,
    /// Its status.
    pub status: AccountStatus,
    /// Masked account number (`****1234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Sandbox extension: the account's name from discovery (`Primary`, `Business`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_name: Option<String>,
    /// Sandbox extension: the granted scopes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consents: Vec<Consent>,
    /// Sandbox extension: why the status is `ERROR` (`LOGIN_REQUIRED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The last successful sync.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_synced_at: Option<OffsetDateTime>,
    /// When it was linked (optional in the docs).
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub created_at: Option<OffsetDateTime>,
    /// When it last changed (optional in the docs).
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub updated_at: Option<OffsetDateTime>,
}

/// `GET /bills/accounts` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountsResponse {
    /// Every account linked by this client (`data` in the pagination concept's envelope).
    #[serde(alias = "data")]
    pub accounts: Vec<Account>,
}

/// Sandbox extension `DELETE /bills/accounts/{account_link_id}` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountRemovedResponse {
    /// Always `true`.
    pub success: bool,
    /// The removed link.
    pub account_link_id: String,
    /// How many access tokens were revoked.
    pub revoked_access_tokens: u32,
}

impl Client {
    /// `GET /bills/accounts` (client credentials).
    pub async fn accounts(&self) -> Result<AccountsResponse, Error> {
        self.send(Call::new(Method::GET, "/bills/accounts", Auth::Client))
            .await
    }

    /// Sandbox extension `GET /bills/accounts/{id}` (client credentials).
    pub async fn account(&self, account_link_id: &str) -> Result<Account, Error> {
        self.send(Call::new(
            Method::GET,
            format!("/bills/accounts/{}", segment(account_link_id)),
            Auth::Client,
        ))
        .await
    }

    /// Sandbox extension `DELETE /bills/accounts/{id}`: removes the link and revokes its tokens.
    /// Not retried: a lost answer is reconciled by reading the account list.
    pub async fn account_remove(
        &self,
        account_link_id: &str,
    ) -> Result<AccountRemovedResponse, Error> {
        self.send(Call::new(
            Method::DELETE,
            format!("/bills/accounts/{}", segment(account_link_id)),
            Auth::Client,
        ))
        .await
    }
}
