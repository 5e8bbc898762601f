//! Linked accounts as stored locally: their summaries, status, and sealed tokens.

use crate::clock::{from_unix, now};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

use crate::origin::ApiOrigin;
use crate::settings::EnvironmentKind;
use crate::vault::{seal, DataKey};
use crate::Error;

/// Purpose label in the associated data of sealed access tokens.
pub(crate) const TOKEN_PURPOSE: &str = "access-token";

/// A link's health as the user sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// Syncs work.
    Ok,
    /// The biller login must be repaired through Connect (relink).
    NeedsRelink,
    /// BillerAPI asked us to wait until `rate_limited_until`.
    RateLimited,
    /// The last sync failed; see the code and message.
    Error,
    /// Unlinked here, but its origin has not confirmed the removal yet: retried at every sync.
    RemovalPending,
}

impl LinkStatus {
    /// The stable name (`needs_relink`), as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::NeedsRelink => "needs_relink",
            LinkStatus::RateLimited => "rate_limited",
            LinkStatus::Error => "error",
            LinkStatus::RemovalPending => "removal_pending",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "ok" => LinkStatus::Ok,
            "needs_relink" => LinkStatus::NeedsRelink,
            "rate_limited" => LinkStatus::RateLimited,
            "removal_pending" => LinkStatus::RemovalPending,
            _ => LinkStatus::Error,
        }
    }
}

/// What the UI and CLI show of a link. Never holds its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkSummary {
    /// Local id.
    pub id: i64,
    /// The environment it was made in.
    pub environment: EnvironmentKind,
    /// The origin it was made on (`embedded`, or the API base URL): its token goes only there.
    pub origin: String,
    /// True when it was made on another origin than the active one (an earlier custom URL).
    pub other_origin: bool,
    /// BillerAPI's account link id.
    pub link_id: String,
    /// The biller.
    pub biller_id: String,
    /// Its name.
    pub biller_name: String,
    /// The masked account number.
    pub account_mask: String,
    /// The account's name (Primary, Business…).
    pub account_name: String,
    /// Granted scopes.
    pub consents: Vec<String>,
    /// Health.
    pub status: LinkStatus,
    /// Code of the last problem (`LOGIN_REQUIRED`, `orphaned`, `rate_limited`…).
    pub status_code: Option<String>,
    /// Message of the last problem.
    pub status_message: Option<String>,
    /// RFC 3339 time before which syncing is pointless (rate limit).
    #[serde(with = "billerapi::dates::timestamp::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub rate_limited_until: Option<OffsetDateTime>,
    /// RFC 3339 creation time.
    #[serde(with = "billerapi::dates::timestamp")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: OffsetDateTime,
    /// RFC 3339 time of the last change.
    #[serde(with = "billerapi::dates::timestamp")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub updated_at: OffsetDateTime,
    /// The last successful sync.
    #[serde(with = "billerapi::dates::timestamp::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_synced_at: Option<OffsetDateTime>,
    /// When Billkeep last checked this account, whatever came of it.
    #[serde(with = "billerapi::dates::timestamp::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub last_checked_at: Option<OffsetDateTime>,
    /// When BillerAPI itself last synced the account with the biller ("data as of").
    #[serde(with = "billerapi::dates::timestamp::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub remote_synced_at: Option<OffsetDateTime>,
    /// Whether an access token is stored (an orphan recovered after a crash has none).
    pub has_token: bool,
}

const COLUMNS: &str = "id, environment, link_id, biller_id, biller_name, account_mask, account_name, consents, status,
    status_code, status_message, rate_limited_until, created_at, updated_at, last_synced_at, sealed_token IS NOT NULL,
    origin, last_checked_at, remote_synced_at";

fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<LinkSummary> {
    Ok(LinkSummary {
        id: r.get(0)?,
        environment: r.get::<_, String>(1)?.parse().unwrap_or_default(),
        origin: r.get(16)?,
        other_origin: false,
        link_id: r.get(2)?,
        biller_id: r.get(3)?,
        biller_name: r.get(4)?,
        account_mask: r.get(5)?,
        account_name: r.get(6)?,
        consents: r
            .get::<_, String>(7)?
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        status: LinkStatus::parse(&r.get::<_, String>(8)?),
        status_code: r.get(9)?,
        status_message: r.get(10)?,
        rate_limited_until: r.get::<_, Option<i64>>(11)?.map(from_unix),
        created_at: from_unix(r.get(12)?),
        updated_at: from_unix(r.get(13)?),
        last_synced_at: r.get::<_, Option<i64>>(14)?.map(from_unix),
        last_checked_at: r.get::<_, Option<i64>>(17)?.map(from_unix),
        remote_synced_at: r.get::<_, Option<i64>>(18)?.map(from_unix),
        has_token: r.get(15)?,
    })
}

/// Every link of an environment, oldest first.
pub(crate) fn list(conn: &Connection, env: EnvironmentKind) -> Result<Vec<LinkSummary>, Error> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM links WHERE environment = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([env.as_str()], summary)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One link by local id.
pub(crate) fn get(conn: &Connection, id: i64) -> Result<LinkSummary, Error> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM links WHERE id = ?1"))?
        .query_row([id], summary)
        .optional()?
        .ok_or_else(|| Error::UnknownLink(id.to_string()))
}

/// Finds a link by local id, or by BillerAPI link id within an environment.
pub(crate) fn resolve(
    conn: &Connection,
    env: EnvironmentKind,
    reference: &str,
) -> Result<LinkSummary, Error> {
    if let Ok(id) = reference.parse::<i64>() {
        return get(conn, id);
    }
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM links WHERE environment = ?1 AND link_id = ?2"),
        [env.as_str(), reference],
        summary,
    )
    .optional()?
    .ok_or_else(|| Error::UnknownLink(reference.to_owned()))
}

/// The link of the same biller and masked account on the same origin, if any.
pub(crate) fn duplicate_of(
    conn: &Connection,
    origin: &ApiOrigin,
    biller_id: &str,
    mask: &str,
) -> Result<Option<LinkSummary>, Error> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM links WHERE origin = ?1 AND biller_id = ?2 AND account_mask = ?3"
        ))?
        .query_row([origin.stored().as_str(), biller_id, mask], summary)
        .optional()?)
}

/// Whether a link with this BillerAPI id is stored for this origin.
pub(crate) fn known(conn: &Connection, origin: &ApiOrigin, link_id: &str) -> Result<bool, Error> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM links WHERE origin = ?1 AND link_id = ?2)",
        params![origin.stored(), link_id],
        |r| r.get(0),
    )?)
}

/// A new link to store.
pub(crate) struct NewLink<'a> {
    pub environment: EnvironmentKind,
    pub origin: &'a ApiOrigin,
    pub link_id: &'a str,
    pub biller_id: &'a str,
    pub biller_name: &'a str,
    pub account_mask: &'a str,
    pub account_name: &'a str,
    pub consents: &'a str,
}

/// Inserts a link and seals its token bound to the new row id (inside the caller's transaction).
pub(crate) fn insert(
    conn: &Connection,
    key: &DataKey,
    link: &NewLink<'_>,
    access_token: Option<&str>,
    status: LinkStatus,
    code: Option<&str>,
) -> Result<i64, Error> {
    let at = now();
    conn.execute(
        "INSERT INTO links (environment, link_id, biller_id, biller_name, account_mask, account_name, consents, status,
             status_code, created_at, updated_at, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
        params![
            link.environment.as_str(),
            link.link_id,
            link.biller_id,
            link.biller_name,
            link.account_mask,
            link.account_name,
            link.consents,
            status.as_str(),
            code,
            at,
            link.origin.stored()
        ],
    )?;
    let id = conn.last_insert_rowid();
    if let Some(token) = access_token {
        store_token(conn, key, id, token)?;
    }
    Ok(id)
}

/// Seals and stores a link's access token.
pub(crate) fn store_token(
    conn: &Connection,
    key: &DataKey,
    id: i64,
    access_token: &str,
) -> Result<(), Error> {
    let sealed = seal::seal(key, TOKEN_PURPOSE, &id.to_string(), access_token.as_bytes());
    conn.execute(
        "UPDATE links SET sealed_token = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, sealed, now()],
    )?;
    Ok(())
}

/// Opens a link's access token.
pub(crate) fn token(
    conn: &Connection,
    key: &DataKey,
    id: i64,
) -> Result<billerapi::secret::AccessToken, Error> {
    let sealed: Option<Vec<u8>> = conn
        .query_row("SELECT sealed_token FROM links WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::UnknownLink(id.to_string()))?;
    let sealed = sealed.ok_or(Error::Unseal)?;
    let plain = seal::open(key, TOKEN_PURPOSE, &id.to_string(), &sealed)?;
    let text = std::str::from_utf8(&plain).map_err(|_| Error::Unseal)?;
    Ok(billerapi::secret::AccessToken::new(text))
}

/// Records a link's health.
pub(crate) fn set_status(
    conn: &Connection,
    id: i64,
    status: LinkStatus,
    code: Option<&str>,
    message: Option<&str>,
    until: Option<i64>,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE links SET status = ?2, status_code = ?3, status_message = ?4, rate_limited_until = ?5, updated_at = ?6 WHERE id = ?1",
        params![id, status.as_str(), code, message, until, now()],
    )?;
    Ok(())
}

/// Deletes a link and its bills (secure_delete overwrites the freed pages).
pub(crate) fn delete(conn: &Connection, id: i64) -> Result<(), Error> {
    conn.execute("DELETE FROM links WHERE id = ?1", [id])?;
    Ok(())
}

/// Re-seals every token under `new` (inside the caller's transaction).
pub(crate) fn reseal_all(conn: &Connection, old: &DataKey, new: &DataKey) -> Result<usize, Error> {
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM links WHERE sealed_token IS NOT NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &ids {
        let token = token(conn, old, *id)?;
        store_token(conn, new, *id, token.expose())?;
    }
    Ok(ids.len())
}

/// Marks a link as being completed on `origin`, before the exchange: a crash before the link's
/// commit leaves the marker, and the next start looks for the lost link there.
pub(crate) fn mark_pending(
    conn: &Connection,
    env: EnvironmentKind,
    origin: &ApiOrigin,
) -> Result<i64, Error> {
    conn.prepare_cached(
        "INSERT INTO pending_links (environment, origin, started_at) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![env.as_str(), origin.stored(), now()])?;
    Ok(conn.last_insert_rowid())
}

/// Removes one marker (the link was committed, or the exchange failed).
pub(crate) fn clear_pending(conn: &Connection, marker: i64) -> Result<(), Error> {
    conn.prepare_cached("DELETE FROM pending_links WHERE id = ?1")?
        .execute([marker])?;
    Ok(())
}

/// The origins that crash markers point at (each once).
pub(crate) fn pending_origins(conn: &Connection) -> Result<Vec<ApiOrigin>, Error> {
    let stored: Vec<Option<String>> = conn
        .prepare("SELECT DISTINCT origin FROM pending_links ORDER BY origin")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // A marker without an origin (older than origins, with no custom URL to infer it from) can
    // only be dropped: there is no server to ask.
    Ok(stored
        .into_iter()
        .flatten()
        .filter_map(|s| ApiOrigin::from_stored(&s).ok())
        .collect())
}

/// Removes every marker of an origin (after its account list was reconciled).
pub(crate) fn clear_pending_for(conn: &Connection, origin: &ApiOrigin) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM pending_links WHERE origin = ?1 OR origin IS NULL",
        [origin.stored()],
    )?;
    Ok(())
}

/// The environment a crash marker for `origin` was written in (links adopted there get it).
pub(crate) fn environment_of(
    conn: &Connection,
    origin: &ApiOrigin,
) -> Result<EnvironmentKind, Error> {
    let env: Option<String> = conn
        .query_row(
            "SELECT environment FROM pending_links WHERE origin = ?1 ORDER BY id LIMIT 1",
            [origin.stored()],
            |r| r.get(0),
        )
        .optional()?;
    Ok(env.and_then(|e| e.parse().ok()).unwrap_or(match origin {
        ApiOrigin::Embedded => EnvironmentKind::Embedded,
        ApiOrigin::Url(_) => EnvironmentKind::Custom,
    }))
}

/// Records a sync attempt's time (and, when it succeeded, the success's).
pub(crate) fn mark_checked(conn: &Connection, id: i64, succeeded: bool) -> Result<(), Error> {
    let at = now();
    conn.execute(
        "UPDATE links SET last_checked_at = ?2, last_synced_at = CASE WHEN ?3 THEN ?2 ELSE last_synced_at END
         WHERE id = ?1",
        params![id, at, succeeded],
    )?;
    Ok(())
}

/// Records when BillerAPI itself last synced each account of `origin` it listed.
pub(crate) fn set_remote_synced(
    conn: &Connection,
    origin: &ApiOrigin,
    accounts: &[(String, Option<i64>)],
) -> Result<(), Error> {
    let mut stmt = conn.prepare_cached(
        "UPDATE links SET remote_synced_at = ?3 WHERE origin = ?1 AND link_id = ?2",
    )?;
    for (link_id, at) in accounts {
        stmt.execute(params![origin.stored(), link_id, at])?;
    }
    Ok(())
}
