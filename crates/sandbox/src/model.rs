//! The emulator's rows as the modules share them: link sessions, account links, and the small
//! conversions their columns need. The flow (`link_flow`), the links (`links`), the bills
//! (`store::bills`) and the syncs (`syncs`) all read these; none of them reads another for its
//! types, so the modules form no circle.

use billerapi::accounts::Account;
use billerapi::link::{Consent, DiscoveredAccount};
use time::OffsetDateTime;

use crate::catalog;

/// Unix seconds of a time, as the store keeps it.
pub(crate) fn unix(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}

/// A stored time (the epoch for a value out of range, which the store never holds).
pub(crate) fn from_unix(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Consents as a stored column: `bills,payments`.
pub(crate) fn consents_to_text(consents: &[Consent]) -> String {
    consents
        .iter()
        .map(Consent::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

/// Consents from their stored column.
pub(crate) fn consents_from_text(text: &str) -> Vec<Consent> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|n| match n {}))
        .collect()
}

/// The error code of a link whose biller login must be repaired through Connect.
pub const LOGIN_REQUIRED: &str = "LOGIN_REQUIRED";

/// A link session as stored.
#[derive(Debug, Clone)]
pub struct Session {
    pub link_token_id: String,
    pub client_id: String,
    pub client_user_id: String,
    pub consents: Vec<Consent>,
    pub biller_id: Option<String>,
    pub account_link_id: Option<String>,
    pub expires_at: OffsetDateTime,
    pub step: String,
    pub session_biller: Option<String>,
    pub account_number: Option<String>,
    pub mfa_attempts: i64,
    pub accounts: Vec<DiscoveredAccount>,
    pub selected_account: Option<String>,
}

pub(crate) const SESSION_COLUMNS: &str =
    "link_token_id, client_id, client_user_id, consents, biller_id,
    account_link_id, expires_at, step, session_biller, account_number, mfa_attempts,
    accounts_json, selected_account";

pub(crate) fn session_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Session> {
    let accounts_json: Option<String> = row.get(11)?;
    Ok(Session {
        link_token_id: row.get(0)?,
        client_id: row.get(1)?,
        client_user_id: row.get(2)?,
        consents: consents_from_text(&row.get::<_, String>(3)?),
        biller_id: row.get(4)?,
        account_link_id: row.get(5)?,
        expires_at: from_unix(row.get(6)?),
        step: row.get(7)?,
        session_biller: row.get(8)?,
        account_number: row.get(9)?,
        mfa_attempts: row.get(10)?,
        accounts: accounts_json
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default(),
        selected_account: row.get(12)?,
    })
}

/// A link as stored.
#[derive(Debug, Clone)]
pub struct Link {
    pub link_id: String,
    pub client_id: String,
    pub client_user_id: String,
    pub biller_id: String,
    pub account_number: String,
    pub account_mask: String,
    pub account_name: String,
    pub consents: String,
    pub status: String,
    pub error_code: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub last_synced_at: Option<i64>,
    pub removed_at: Option<i64>,
}

pub(crate) const LINK_COLUMNS: &str =
    "link_id, client_id, client_user_id, biller_id, account_number, account_mask,
    account_name, consents, status, error_code, created_at, updated_at, last_synced_at, removed_at";

pub(crate) fn link_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        link_id: r.get(0)?,
        client_id: r.get(1)?,
        client_user_id: r.get(2)?,
        biller_id: r.get(3)?,
        account_number: r.get(4)?,
        account_mask: r.get(5)?,
        account_name: r.get(6)?,
        consents: r.get(7)?,
        status: r.get(8)?,
        error_code: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        last_synced_at: r.get(12)?,
        removed_at: r.get(13)?,
    })
}

impl Link {
    /// The documented Account object of this link.
    pub fn to_account(&self) -> Account {
        Account {
            id: self.link_id.clone(),
            biller_id: self.biller_id.clone(),
            biller_name: catalog::find(&self.biller_id)
                .map(|b| b.name)
                .unwrap_or_default(),
            client_user_id: self.client_user_id.clone(),
            status: self.status.parse().unwrap_or_else(|n| match n {}),
            account_number: Some(self.account_mask.clone()),
            account_name: Some(self.account_name.clone()),
            consents: consents_from_text(&self.consents),
            error_code: self.error_code.clone(),
            last_synced_at: self.last_synced_at.map(from_unix),
            created_at: Some(from_unix(self.created_at)),
            updated_at: Some(from_unix(self.updated_at)),
        }
    }
}
