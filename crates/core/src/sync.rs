//! Sync: fetch every page of every link's bills, a few links at a time, and cache them. One
//! failing link never blocks the others; each ends with its own status.

use std::sync::Arc;
use std::time::Duration;

use billerapi::bills::{BillsQuery, ReadAuth};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::app::Billkeep;
use crate::bills;
use crate::links::{self, LinkStatus};
use crate::Result;

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
        /// RFC 3339 time to wait for.
        until: String,
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
}

/// Progress of a sync, reported after each link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    /// The link.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub link: i64,
    /// How it ended.
    pub outcome: SyncOutcome,
    /// Links finished so far.
    pub done: u32,
    /// Links in this sync.
    pub total: u32,
}

impl Billkeep {
    /// Syncs every link of the active environment (or one), calling `progress` after each.
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
                return Err(crate::Error::UnknownLink(id.to_string()));
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
        let now = links::now();
        let client = self.client().await?;
        let gate = Arc::new(Semaphore::new(PARALLEL_LINKS));
        let mut jobs = JoinSet::new();
        for link in candidates {
            let skip = if !link.has_token {
                Some(SyncOutcome::NeedsRelink {
                    message: "no access token stored; relink this account".to_owned(),
                })
            } else if link.status == LinkStatus::RateLimited
                && link
                    .rate_limited_until
                    .as_deref()
                    .is_some_and(|until| until > links::rfc3339(now).as_str())
            {
                Some(SyncOutcome::RateLimited {
                    until: link.rate_limited_until.clone().unwrap_or_default(),
                })
            } else {
                None
            };
            if let Some(outcome) = skip {
                report(link.id, outcome, &mut reports);
                continue;
            }
            let token = match self.token(link.id) {
                Ok(t) => t,
                Err(e) => {
                    self.store().with(|c| {
                        links::set_status(
                            c,
                            link.id,
                            LinkStatus::NeedsRelink,
                            Some(e.code()),
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
            let (client, gate) = (client.clone(), gate.clone());
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
            let outcome = self.store().with(|c| {
                Ok(match fetched {
                    Ok(all) => {
                        let tx = c.transaction()?;
                        let changed = bills::replace(&tx, id, &all, links::now())?;
                        links::set_status(&tx, id, LinkStatus::Ok, None, None, None)?;
                        tx.execute(
                            "UPDATE links SET last_synced_at = ?2 WHERE id = ?1",
                            rusqlite::params![id, links::now()],
                        )?;
                        tx.commit()?;
                        SyncOutcome::Synced {
                            bills: all.len() as u32,
                            changed: changed as u32,
                        }
                    }
                    Err(e) => {
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
                            SyncOutcome::NeedsRelink { message }
                        } else if e.status() == Some(429) {
                            let wait = e.retry_after().unwrap_or(DEFAULT_BACKOFF).as_secs() as i64;
                            let until = links::now() + wait.max(1);
                            links::set_status(
                                c,
                                id,
                                LinkStatus::RateLimited,
                                Some("rate_limited"),
                                Some(&message),
                                Some(until),
                            )?;
                            SyncOutcome::RateLimited {
                                until: links::rfc3339(until),
                            }
                        } else {
                            let code = e.api_code().map(str::to_owned).unwrap_or_else(|| e.code());
                            links::set_status(
                                c,
                                id,
                                LinkStatus::Error,
                                Some(&code),
                                Some(&message),
                                None,
                            )?;
                            SyncOutcome::Failed { code, message }
                        }
                    }
                })
            })?;
            report(id, outcome, &mut reports);
        }
        Ok(reports)
    }
}
