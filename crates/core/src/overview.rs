//! What a person wants to know at a glance: per account its health, its next bill, what is
//! overdue and what is expected; for this month, what is still to pay, what was paid, and what
//! comes in the next 30 days; and which bills stand out.

use std::collections::BTreeMap;

use billerapi::bills::BillStatus;
use serde::Serialize;
use time::{Date, Duration, OffsetDateTime};

use crate::anomaly::{self, Flagged};
use crate::app::Billkeep;
use crate::bills::{self, BillFilter, StoredBill};
use crate::forecast::{self, Forecast};
use crate::health::{self, AccountHealth};
use crate::money::{self, Money};
use crate::{clock, Result};

/// One account at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AccountOverview {
    /// The local link.
    pub link: i64,
    /// Its health and the fix.
    pub health: AccountHealth,
    /// Its next unpaid bill due today or later.
    pub next_due: Option<StoredBill>,
    /// Unpaid past due, per currency.
    pub overdue: Vec<Money>,
    /// Its next bill, as expected from its history.
    pub forecast: Option<Forecast>,
}

/// This month's money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MonthSummary {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Unpaid bills due this month (overdue ones of this month included), per currency.
    pub to_pay: Vec<Money>,
    /// Bills due this month already paid.
    pub paid: Vec<Money>,
    /// Everything unpaid past its due date, whatever the month.
    pub overdue: Vec<Money>,
    /// Unpaid bills due from today to 30 days on, soonest first.
    pub next_30_days: Vec<StoredBill>,
    /// Bills expected (not yet issued) in those 30 days.
    pub expected: Vec<Forecast>,
}

/// The whole picture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    /// Every link of the active environment.
    pub accounts: Vec<AccountOverview>,
    /// This month.
    pub month: MonthSummary,
    /// Bills that stand out, any time.
    pub flagged: Vec<Flagged>,
}

fn unpaid(b: &StoredBill) -> bool {
    matches!(
        b.status,
        BillStatus::Pending | BillStatus::Overdue | BillStatus::Scheduled
    )
}

/// The overview of `links` and their `bills` on `today` (pure: the tests and the benchmark call
/// it with data of their own).
pub fn build(
    links: &[crate::links::LinkSummary],
    bills: &[StoredBill],
    now: OffsetDateTime,
    today: Date,
) -> Overview {
    let mut by_link: BTreeMap<i64, Vec<StoredBill>> = BTreeMap::new();
    for bill in bills {
        by_link.entry(bill.link).or_default().push(bill.clone());
    }
    let empty = Vec::new();
    let mut flagged = Vec::new();
    let accounts: Vec<AccountOverview> = links
        .iter()
        .map(|link| {
            let own = by_link.get(&link.id).unwrap_or(&empty);
            flagged.extend(anomaly::flagged(link.id, own));
            AccountOverview {
                link: link.id,
                health: health::assess(link, own, now, today),
                next_due: own
                    .iter()
                    .filter(|b| unpaid(b) && b.due_date >= today)
                    .min_by_key(|b| b.due_date)
                    .cloned(),
                overdue: money::totals(
                    own.iter()
                        .filter(|b| health::is_overdue(b, today))
                        .map(|b| (b.amount, b.currency.as_str())),
                ),
                forecast: forecast::forecast(link.id, own),
            }
        })
        .collect();
    let in_month =
        |b: &&StoredBill| b.due_date.year() == today.year() && b.due_date.month() == today.month();
    let horizon = today + Duration::days(30);
    let mut next_30_days: Vec<StoredBill> = bills
        .iter()
        .filter(|b| unpaid(b) && b.due_date >= today && b.due_date <= horizon)
        .cloned()
        .collect();
    next_30_days.sort_by_key(|b| (b.due_date, b.link));
    let mut expected: Vec<Forecast> = accounts
        .iter()
        .filter_map(|a| a.forecast.clone())
        .filter(|f| f.due_date >= today && f.due_date <= horizon)
        .collect();
    expected.sort_by_key(|f| (f.due_date, f.link));
    let month = MonthSummary {
        month: format!("{:04}-{:02}", today.year(), today.month() as u8),
        to_pay: money::totals(
            bills
                .iter()
                .filter(in_month)
                .filter(|b| unpaid(b))
                .map(|b| (b.amount, b.currency.as_str())),
        ),
        paid: money::totals(
            bills
                .iter()
                .filter(in_month)
                .filter(|b| b.status == BillStatus::Paid)
                .map(|b| (b.amount, b.currency.as_str())),
        ),
        overdue: money::totals(
            bills
                .iter()
                .filter(|b| health::is_overdue(b, today))
                .map(|b| (b.amount, b.currency.as_str())),
        ),
        next_30_days,
        expected,
    };
    Overview {
        accounts,
        month,
        flagged,
    }
}

/// The active environment's links and every bill of theirs, read once for a view.
pub(crate) struct Snapshot {
    /// The links.
    pub links: Vec<crate::links::LinkSummary>,
    /// Their bills.
    pub bills: Vec<StoredBill>,
}

impl Billkeep {
    /// The links and bills of the active environment.
    pub(crate) fn snapshot(&self) -> Result<Snapshot> {
        let s = self.active()?;
        let links = self.links()?;
        let bills = self
            .store()
            .with(|c| bills::list(c, s.environment, &BillFilter::default()))?;
        Ok(Snapshot { links, bills })
    }

    /// The overview of the active environment's accounts today (the user's local date).
    pub fn overview(&self) -> Result<Overview> {
        let snapshot = self.snapshot()?;
        Ok(build(
            &snapshot.links,
            &snapshot.bills,
            OffsetDateTime::now_utc(),
            clock::today_local(),
        ))
    }

    /// Every account's forecast (the CLI's `forecast`), with the bills that stand out.
    pub fn forecasts(&self) -> Result<(Vec<Forecast>, Vec<Flagged>)> {
        let overview = self.overview()?;
        Ok((
            overview
                .accounts
                .into_iter()
                .filter_map(|a| a.forecast)
                .collect(),
            overview.flagged,
        ))
    }
}
