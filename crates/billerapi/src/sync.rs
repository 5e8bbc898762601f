//! Bill sync: trigger an on-demand sync and read sync history (`/bills/sync`).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::bills::ReadAuth;
use crate::client::Call;
use crate::{Client, Error};

open_enum! {
    /// A sync's status.
    pub enum SyncStatus {
        /// Queued.
        Pending = "PENDING",
        /// Running.
        InProgress = "IN_PROGRESS",
        /// Finished.
        Completed = "COMPLETED",
        /// Failed; see `error`.
        Failed = "FAILED",
    }
}

/// The Sync Record object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncRecord {
    /// Unique sync record id (`sync_…`).
    pub id: String,
    /// The account link that was synced.
    pub account_link_id: String,
    /// Its status.
    pub status: SyncStatus,
    /// Bills found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bills_found: Option<u32>,
    /// Bills new or changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bills_updated: Option<u32>,
    /// Why it failed.
    #[serde(default)]
    pub error: Option<String>,
    /// When it started.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub started_at: Option<OffsetDateTime>,
    /// When it finished.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub completed_at: Option<OffsetDateTime>,
    /// When the record was created.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// `POST /bills/sync/trigger` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncTriggerRequest {
    /// The account link to sync.
    pub account_link_id: String,
    /// Re-sync even if recently synced.
    #[serde(default)]
    pub force: bool,
}

/// `GET /bills/sync` query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SyncQuery {
    /// The account link.
    pub account_link_id: String,
    /// Only syncs created at or after this RFC 3339 timestamp.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = DateTime))]
    pub since: Option<String>,
}

/// `GET /bills/sync` response: the newest sync first. The stored docs do not show its envelope,
/// so all three likely ones are read: `{account_link_id, syncs}`, `{data}`, or a bare array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "WireHistory")]
pub struct SyncHistory {
    /// The account link (absent from the bare-array and `data` forms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_link_id: Option<String>,
    /// Its syncs, newest first.
    pub syncs: Vec<SyncRecord>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum WireHistory {
    Bare(Vec<SyncRecord>),
    Wrapped {
        #[serde(default)]
        account_link_id: Option<String>,
        #[serde(alias = "data")]
        syncs: Vec<SyncRecord>,
    },
}

impl From<WireHistory> for SyncHistory {
    fn from(w: WireHistory) -> Self {
        match w {
            WireHistory::Bare(syncs) => SyncHistory {
                account_link_id: None,
                syncs,
            },
            WireHistory::Wrapped {
                account_link_id,
                syncs,
            } => SyncHistory {
                account_link_id,
                syncs,
            },
        }
    }
}

impl Client {
    /// `POST /bills/sync/trigger` (202: the sync runs in the background). Documented as
    /// idempotent by key: retried like a read, with the same `Idempotency-Key`.
    pub async fn sync_trigger(
        &self,
        auth: ReadAuth<'_>,
        request: &SyncTriggerRequest,
    ) -> Result<SyncRecord, Error> {
        self.send(
            Call::new(Method::POST, "/bills/sync/trigger", auth.auth())
                .json(request)?
                .replayable(),
        )
        .await
    }

    /// `GET /bills/sync`: status and history, newest first.
    pub async fn sync_history(
        &self,
        auth: ReadAuth<'_>,
        query: &SyncQuery,
    ) -> Result<SyncHistory, Error> {
        self.send(Call::new(Method::GET, "/bills/sync", auth.auth()).query(query)?)
            .await
    }
}
