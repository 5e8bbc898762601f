//! Sync: fetch every page of every link's bills, a few links at a time, and cache them. One
//! failing link never blocks the others; each ends with its own status.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use billerapi::bills::{BillsQuery, ReadAuth};
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

/// Links fetched at the same time.
pub const PARALLEL_LINKS: usize = 4;
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

impl Billkeep {
    /// Syncs every link of the active environment (or one), calling `progress` after each. Each
    /// link is fetched from its own origin with that origin's credentials; removals an origin has
    /// not confirmed yet are tried again first.
    pub async fn sync(
        &self,
        only: Option<i64>,
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
                let query = BillsQuery {
                    account_link_id: Some(link.link_id.clone()),
                    limit: Some(100),
                    ..BillsQuery::default()
                };
                let fetched = client
                    .bill_pages(ReadAuth::AccessToken(&token), query)
                    .collect_all()
                    .await;
                (link.id, fetched)
            });
        }
        while let Some(joined) = jobs.join_next().await {
            let Ok((id, fetched)) = joined else { continue };
            let outcome = self.store().with(|c| match fetched {
                Ok(all) => {
                    let tx = c.transaction()?;
                    let changed = bills::replace(&tx, id, &all, now())?;
                    links::set_status(&tx, id, LinkStatus::Ok, None, None, None)?;
                    tx.execute(
                        "UPDATE links SET last_synced_at = ?2 WHERE id = ?1",
                        rusqlite::params![id, now()],
                    )?;
                    tx.commit()?;
                    Ok(SyncOutcome::Synced {
                        bills: all.len() as u32,
                        changed: changed as u32,
                    })
                }
                Err(e) => record_failure(c, id, &e),
            })?;
            report(id, outcome, &mut reports);
        }
        Ok(reports)
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
