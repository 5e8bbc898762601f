//! Bill syncs: a trigger answers at once with a `PENDING` record; the sync completes in the
//! background, as the docs describe.

use billerapi::sync::{SyncRecord, SyncStatus};
use rusqlite::{params, Connection, OptionalExtension};
use time::{Duration, OffsetDateTime};

use crate::error::ApiError;
use crate::links;
use crate::model::{from_unix, unix, Link};
use crate::scenarios::{self, Scenario};
use crate::store::bills as store_bills;
use crate::tokens;

/// A sync completed this recently is returned again unless `force` is set.
pub const RECENT: Duration = Duration::seconds(60);

fn record_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncRecord> {
    Ok(SyncRecord {
        id: r.get(0)?,
        account_link_id: r.get(1)?,
        status: r
            .get::<_, String>(2)?
            .parse()
            .unwrap_or_else(|n| match n {}),
        bills_found: r.get(3)?,
        bills_updated: r.get(4)?,
        error: r.get(5)?,
        started_at: r.get::<_, Option<i64>>(6)?.map(from_unix),
        completed_at: r.get::<_, Option<i64>>(7)?.map(from_unix),
        created_at: from_unix(r.get(8)?),
    })
}

const COLUMNS: &str =
    "id, link_id, status, bills_found, bills_updated, error, started_at, completed_at, created_at";

/// What a trigger did: queued a new sync (which the caller must complete), or returned one.
pub enum Triggered {
    /// A new `PENDING` sync.
    Queued(SyncRecord),
    /// A sync already running, or completed within [`RECENT`] without `force`.
    Existing(SyncRecord),
}

/// `POST /bills/sync/trigger`.
pub fn trigger(
    conn: &Connection,
    now: OffsetDateTime,
    link: &Link,
    force: bool,
) -> Result<Triggered, ApiError> {
    let latest = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM syncs WHERE link_id = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 1"),
            [&link.link_id],
            record_from_row,
        )
        .optional()?;
    if let Some(latest) = latest {
        let running = matches!(latest.status, SyncStatus::Pending | SyncStatus::InProgress);
        let recent = latest.status == SyncStatus::Completed
            && latest.completed_at.is_some_and(|at| now - at < RECENT);
        if running || (recent && !force) {
            return Ok(Triggered::Existing(latest));
        }
    }
    let id = tokens::generate(tokens::SYNC_ID);
    conn.execute(
        "INSERT INTO syncs (id, link_id, status, created_at) VALUES (?1, ?2, 'PENDING', ?3)",
        params![id, link.link_id, unix(now)],
    )?;
    Ok(Triggered::Queued(SyncRecord {
        id,
        account_link_id: link.link_id.clone(),
        status: SyncStatus::Pending,
        bills_found: None,
        bills_updated: None,
        error: None,
        started_at: None,
        completed_at: None,
        created_at: now,
    }))
}

/// Runs a queued sync to its end: `COMPLETED`, or `FAILED` for a link that needs its login repaired.
pub fn complete(conn: &Connection, now: OffsetDateTime, sync_id: &str) -> Result<(), ApiError> {
    let (link_id, created_at): (String, i64) = conn.query_row(
        "SELECT link_id, created_at FROM syncs WHERE id = ?1",
        [sync_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let link = links::find(conn, &link_id)?
        .ok_or_else(|| ApiError::internal("sync of a vanished link"))?;
    let started = created_at.max(unix(now) - 1);
    let failure = if link.error_code.as_deref() == Some(crate::model::LOGIN_REQUIRED) {
        Some("LOGIN_REQUIRED: the biller login must be repaired through Connect")
    } else if Scenario::of(&link.account_number) == Scenario::SyncFailure {
        Some(scenarios::SYNC_FAILURE)
    } else {
        None
    };
    if let Some(error) = failure {
        conn.execute(
            "UPDATE syncs SET status = 'FAILED', error = ?2, started_at = ?3, completed_at = ?4 WHERE id = ?1",
            params![sync_id, error, started, unix(now)],
        )?;
        return Ok(());
    }
    let found = store_bills::count(conn, &link_id)?;
    let previous: Option<u32> = conn
        .query_row(
            "SELECT bills_found FROM syncs WHERE link_id = ?1 AND status = 'COMPLETED'
             ORDER BY completed_at DESC, rowid DESC LIMIT 1",
            [&link_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let updated = found.saturating_sub(previous.unwrap_or(0));
    conn.execute(
        "UPDATE syncs SET status = 'COMPLETED', bills_found = ?2, bills_updated = ?3, started_at = ?4,
             completed_at = ?5 WHERE id = ?1",
        params![sync_id, found, updated, started, unix(now)],
    )?;
    links::mark_synced(conn, now, &link_id)
}

/// Syncs a restart interrupted are failed, so no record stays `PENDING` for ever.
pub fn fail_interrupted(conn: &Connection, now: OffsetDateTime) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE syncs SET status = 'FAILED', error = 'interrupted by a sandbox restart', completed_at = ?1
         WHERE status IN ('PENDING', 'IN_PROGRESS')",
        [unix(now)],
    )
}

/// `GET /bills/sync`: the link's syncs, newest first.
pub fn history(
    conn: &Connection,
    link_id: &str,
    since: Option<OffsetDateTime>,
) -> Result<Vec<SyncRecord>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM syncs WHERE link_id = ?1 AND created_at >= ?2 ORDER BY created_at DESC, rowid DESC"
    ))?;
    let rows = stmt.query_map(
        params![link_id, since.map_or(i64::MIN, unix)],
        record_from_row,
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}
