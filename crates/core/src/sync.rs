//! Sync: ask BillerAPI to refresh each link, follow the refresh to its end, then fetch every page
//! of the link's bills and cache them — a few links at a time, paced under the documented rate
//! limits by the client. One failing link never blocks the others; each ends with its own status.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use billerapi::bills::{BillsQuery, ReadAuth};
use billerapi::sync::{SyncQuery, SyncStatus, SyncTriggerRequest};
use billerapi::Client;
use rusqlite::Connection;
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::app::Billkeep;
use crate::bills;
use crate::clock::{from_unix, now};
use crate::links::{self, LinkStatus, LinkSummary};
use crate::origin::ApiOrigin;
use crate::{Error, Result};

/// Links synced at the same time: mostly waiting for BillerAPI's refresh; the client's pacer keeps
/// them under the rate limits.
pub const PARALLEL_LINKS: usize = 16;
/// How long to leave a rate-limited link alone when the API gives no `Retry-After`.
const DEFAULT_BACKOFF: Duration = Duration::from_secs(60);

/// How one link's sync ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncOutcome {
    /// Bills fetched and cached.
    Synced {
        /// Bills now cached for the link.
        bills: u32,
        /// New or changed ones.
        changed: u32,
    },
    /// The biller login must be repaired (relink).
    NeedsRelink {
        /// Why.
        message: String,
    },
    /// BillerAPI asked to wait.
    RateLimited {
        /// Until when.
        #[serde(with = "billerapi::dates::timestamp")]
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        until: time::OffsetDateTime,
    },
    /// Anything else went wrong.
    Failed {
        /// Stable code.
        code: String,
        /// What happened.
        message: String,
    },
    /// Not attempted.
    Skipped {
        /// Why.
        reason: String,
    },
    /// A removal its origin had not confirmed went through now: the link is gone.
    Removed,
}

/// Progress of a sync, reported after each link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// The link.
    pub link: i64,
    /// How it ended.
    pub outcome: SyncOutcome,
    /// Links finished so far.
    pub done: u32,
    /// Links in this sync.
    pub total: u32,
}

/// How a sync waits for BillerAPI's refresh: polls after 250 ms, doubling to 4 s between polls,
/// and gives up after a minute.
const POLL_FIRST: Duration = Duration::from_millis(250);
const POLL_MAX: Duration = Duration::from_secs(4);
const POLL_BUDGET: Duration = Duration::from_secs(60);

/// Why BillerAPI's refresh of a link did not complete.
enum Stale {
    /// The sync record failed, with BillerAPI's words.
    Failed(String),
    /// It did not finish within [`POLL_BUDGET`].
    TimedOut,
}

/// Asks BillerAPI to refresh one link (`POST /bills/sync/trigger`) and follows the sync record
/// (`GET /bills/sync`) until it ends or the budget runs out. `None`: it completed.
async fn refresh(
    client: &Client,
    link_id: &str,
    force: bool,
) -> std::result::Result<Option<Stale>, billerapi::Error> {
    let started = client
        .sync_trigger(
            ReadAuth::ClientCredentials,
            &SyncTriggerRequest {
                account_link_id: link_id.to_owned(),
                force,
            },
        )
        .await?;
    let mut record = started.clone();
    let mut wait = POLL_FIRST;
    let mut waited = Duration::ZERO;
    loop {
        match &record.status {
            SyncStatus::Completed => return Ok(None),
            SyncStatus::Failed => {
                return Ok(Some(Stale::Failed(record.error.clone().unwrap_or_else(
                    || "BillerAPI could not refresh this account".to_owned(),
                ))))
            }
            _ if waited >= POLL_BUDGET => return Ok(Some(Stale::TimedOut)),
            _ => {}
        }
        tokio::time::sleep(wait).await;
        waited += wait;
        wait = (wait * 2).min(POLL_MAX);
        let history = client
            .sync_history(
                ReadAuth::ClientCredentials,
                &SyncQuery {
                    account_link_id: link_id.to_owned(),
                    since: Some(billerapi::dates::format_timestamp(started.created_at)),
                },
            )
            .await?;
        if let Some(latest) = history.syncs.into_iter().find(|s| s.id == started.id) {
            record = latest;
        }
    }
}

/// What one link's sync fetched: its bills, or why BillerAPI's data is not fresh.
type Fetched = std::result::Result<Vec<billerapi::bills::Bill>, Stale>;

/// One link's sync: refresh, then every page of its bills.
async fn fetch_link(
    client: &Client,
    token: &billerapi::secret::AccessToken,
    link_id: &str,
    force: bool,
) -> std::result::Result<Fetched, billerapi::Error> {
    if let Some(stale) = refresh(client, link_id, force).await? {
        return Ok(Err(stale));
    }
    let query = BillsQuery {
        account_link_id: Some(link_id.to_owned()),
        // Explicit: the docs disagree on the default page size (25 or 50).
        limit: Some(100),
        ..BillsQuery::default()
    };
    Ok(Ok(client
        .bill_pages(ReadAuth::AccessToken(token), query)
        .collect_all()
        .await?))
}

impl Billkeep {
    /// Syncs every link of the active environment (or one), calling `progress` after each. For
    /// each link BillerAPI is asked to refresh (`force`: a full re-sync), the sync is followed to
    /// its end, then the bills are read — from the link's own origin with that origin's
    /// credentials. Removals an origin has not confirmed yet are tried again first.
    pub async fn sync(
        &self,
        only: Option<i64>,
        force: bool,
        progress: impl Fn(&SyncProgress),
    ) -> Result<Vec<SyncProgress>> {
        let candidates: Vec<_> = self
            .links()?
            .into_iter()
            .filter(|l| only.is_none_or(|id| l.id == id))
            .collect();
        if let Some(id) = only {
            if candidates.is_empty() {
                return Err(Error::UnknownLink(id.to_string()));
            }
        }
        let total = candidates.len() as u32;
        let mut reports = Vec::new();
        let report = |link: i64, outcome: SyncOutcome, reports: &mut Vec<SyncProgress>| {
            let p = SyncProgress {
                link,
                outcome,
                done: reports.len() as u32 + 1,
                total,
            };
            progress(&p);
            reports.push(p);
        };
        let (removals, candidates): (Vec<_>, Vec<_>) = candidates
            .into_iter()
            .partition(|l| l.status == LinkStatus::RemovalPending);
        for (id, removed) in self.retry_removals(&removals).await {
            let outcome = match removed {
                Ok(()) => SyncOutcome::Removed,
                Err(e) => SyncOutcome::Failed {
                    code: "removal_pending".to_owned(),
                    message: e.to_string(),
                },
            };
            report(id, outcome, &mut reports);
        }
        let started = now();
        let mut clients: HashMap<String, std::result::Result<Client, String>> = HashMap::new();
        let gate = Arc::new(Semaphore::new(PARALLEL_LINKS));
        let mut jobs = JoinSet::new();
        for link in candidates {
            if let Some(outcome) = skip_reason(&link, started) {
                report(link.id, outcome, &mut reports);
                continue;
            }
            let client = match clients.get(&link.origin) {
                Some(c) => c.clone(),
                None => {
                    let made = match ApiOrigin::from_stored(&link.origin) {
                        Ok(origin) => self.client_for(&origin).await,
                        Err(e) => Err(e),
                    }
                    .map_err(|e| e.to_string());
                    clients.insert(link.origin.clone(), made.clone());
                    made
                }
            };
            let client = match client {
                Ok(c) => c,
                Err(reason) => {
                    report(link.id, SyncOutcome::Skipped { reason }, &mut reports);
                    continue;
                }
            };
            let token = match self.token(link.id) {
                Ok(t) => t,
                Err(e @ Error::KeyRotated) => return Err(e),
                Err(e) => {
                    self.store().with(|c| {
                        links::set_status(
                            c,
                            link.id,
                            LinkStatus::NeedsRelink,
                            Some(e.code().as_str()),
                            Some(&e.to_string()),
                            None,
                        )
                    })?;
                    report(
                        link.id,
                        SyncOutcome::NeedsRelink {
                            message: e.to_string(),
                        },
                        &mut reports,
                    );
                    continue;
                }
            };
            let gate = gate.clone();
            jobs.spawn(async move {
                let _permit = gate.acquire_owned().await;
                let fetched = fetch_link(&client, &token, &link.link_id, force).await;
                (link.id, fetched)
            });
        }
        while let Some(joined) = jobs.join_next().await {
            let Ok((id, fetched)) = joined else { continue };
            let outcome = self.store().with(|c| match fetched {
                Ok(Ok(all)) => {
                    let tx = c.transaction()?;
                    let changed = bills::upsert(&tx, id, &all, now())?;
                    links::set_status(&tx, id, LinkStatus::Ok, None, None, None)?;
                    links::mark_checked(&tx, id, true)?;
                    tx.commit()?;
                    Ok(SyncOutcome::Synced {
                        bills: all.len() as u32,
                        changed: changed as u32,
                    })
                }
                Ok(Err(Stale::Failed(error))) if error.starts_with("LOGIN_REQUIRED") => {
                    // The refresh failed because the biller login must be repaired.
                    links::set_status(
                        c,
                        id,
                        LinkStatus::NeedsRelink,
                        Some("LOGIN_REQUIRED"),
                        Some(&error),
                        None,
                    )?;
                    links::mark_checked(c, id, false)?;
                    Ok(SyncOutcome::NeedsRelink { message: error })
                }
                Ok(Err(stale)) => {
                    let (code, message) = match stale {
                        Stale::Failed(error) => ("sync_failed", error),
                        Stale::TimedOut => (
                            "sync_timeout",
                            format!(
                                "BillerAPI did not finish refreshing this account within {} s; the bills shown are the ones kept before",
                                POLL_BUDGET.as_secs()
                            ),
                        ),
                    };
                    links::set_status(c, id, LinkStatus::Error, Some(code), Some(&message), None)?;
                    links::mark_checked(c, id, false)?;
                    Ok(SyncOutcome::Failed {
                        code: code.to_owned(),
                        message,
                    })
                }
                Err(e) => {
                    let outcome = record_failure(c, id, &e)?;
                    links::mark_checked(c, id, false)?;
                    Ok(outcome)
                }
            })?;
            report(id, outcome, &mut reports);
        }
        self.note_remote_sync_times(clients).await;
        if only.is_none() {
            // Every link was tried: the daily background sync is done for today.
            self.store().with(|c| {
                crate::settings::set(
                    c,
                    crate::settings::keys::LAST_FULL_SYNC,
                    &started.to_string(),
                )
            })?;
        }
        Ok(reports)
    }

    /// Asks each origin of the sync when it last synced its accounts (`GET /bills/accounts`,
    /// once per origin) for "data as of". A failure here changes nothing else.
    async fn note_remote_sync_times(
        &self,
        clients: HashMap<String, std::result::Result<Client, String>>,
    ) {
        for (stored, client) in clients {
            let (Ok(origin), Ok(client)) = (ApiOrigin::from_stored(&stored), client) else {
                continue;
            };
            match client.accounts().await {
                Ok(list) => {
                    let times: Vec<(String, Option<i64>)> = list
                        .accounts
                        .into_iter()
                        .map(|a| (a.id, a.last_synced_at.map(|t| t.unix_timestamp())))
                        .collect();
                    if let Err(e) = self
                        .store()
                        .with(|c| links::set_remote_synced(c, &origin, &times))
                    {
                        tracing::info!(code = %e.code(), "remote sync times not stored");
                    }
                }
                Err(e) => tracing::info!(code = %e.code(), "no account list for sync times"),
            }
        }
    }
}

/// Why a link is not fetched now, if it is not: no token (an orphan), or a rate limit that has
/// not ended.
fn skip_reason(link: &LinkSummary, now: i64) -> Option<SyncOutcome> {
    if !link.has_token {
        return Some(SyncOutcome::NeedsRelink {
            message: "no access token stored; relink this account".to_owned(),
        });
    }
    let limited = link.status == LinkStatus::RateLimited
        && link
            .rate_limited_until
            .is_some_and(|until| until > from_unix(now));
    limited.then(|| SyncOutcome::RateLimited {
        until: link.rate_limited_until.unwrap_or(from_unix(now)),
    })
}

/// The one place a failed fetch becomes a link status and an outcome: a lost login (401,
/// `LOGIN_REQUIRED`) needs a relink, a rate limit waits for its `Retry-After`, anything else is
/// an error with the API's code.
fn record_failure(c: &Connection, id: i64, e: &billerapi::Error) -> Result<SyncOutcome> {
    let message = e.to_string();
    if e.api_code() == Some("LOGIN_REQUIRED") || e.status() == Some(401) {
        let code = e.api_code().unwrap_or("unauthorized");
        links::set_status(
            c,
            id,
            LinkStatus::NeedsRelink,
            Some(code),
            Some(&message),
            None,
        )?;
        Ok(SyncOutcome::NeedsRelink { message })
    } else if e.status() == Some(429) {
        let wait = e.retry_after().unwrap_or(DEFAULT_BACKOFF).as_secs() as i64;
        let until = now() + wait.max(1);
        links::set_status(
            c,
            id,
            LinkStatus::RateLimited,
            Some("rate_limited"),
            Some(&message),
            Some(until),
        )?;
        Ok(SyncOutcome::RateLimited {
            until: from_unix(until),
        })
    } else {
        let code = e.api_code().map(str::to_owned).unwrap_or_else(|| e.code());
        links::set_status(c, id, LinkStatus::Error, Some(&code), Some(&message), None)?;
        Ok(SyncOutcome::Failed { code, message })
    }
}
