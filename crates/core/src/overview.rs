//! What a person wants to know at a glance: per account its health, its next bill, what is
//! overdue and what is expected; for this month, what is still to pay, what was paid, and what
//! comes in the next 30 days; and which bills stand out.

use std::borrow::Cow;
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
    // Each account's bills as one slice of `bills`, sorted by link (stably: each keeps its order)
    // unless they already are.
    let sorted: Cow<'_, [StoredBill]> = if bills.is_sorted_by_key(|b| b.link) {
        Cow::Borrowed(bills)
    } else {
        let mut owned = bills.to_vec();
        owned.sort_by_key(|b| b.link);
        Cow::Owned(owned)
    };
    let mut gather = Gather::new(links, now, today);
    for own in sorted.chunk_by(|a, b| a.link == b.link) {
        gather.account(own[0].link, own);
    }
    gather.finish()
}

/// What the overview gathers while it is given one account's bills at a time, so that it never
/// needs every bill at once (ten thousand of them held ~10 MiB while it was built, and the
/// allocator kept the pages afterwards: bench/startup).
struct Gather<'a> {
    links: BTreeMap<i64, &'a crate::links::LinkSummary>,
    order: &'a [crate::links::LinkSummary],
    now: OffsetDateTime,
    today: Date,
    horizon: Date,
    accounts: BTreeMap<i64, (AccountOverview, Vec<Flagged>)>,
    to_pay: Vec<(i64, String)>,
    paid: Vec<(i64, String)>,
    overdue: Vec<(i64, String)>,
    next_30_days: Vec<StoredBill>,
}

impl<'a> Gather<'a> {
    fn new(links: &'a [crate::links::LinkSummary], now: OffsetDateTime, today: Date) -> Self {
        Gather {
            links: links.iter().map(|l| (l.id, l)).collect(),
            order: links,
            now,
            today,
            horizon: today + Duration::days(30),
            accounts: BTreeMap::new(),
            to_pay: Vec::new(),
            paid: Vec::new(),
            overdue: Vec::new(),
            next_30_days: Vec::new(),
        }
    }

    /// One account's bills (all of them, in the cache's order): its overview and its share of
    /// this month's.
    fn account(&mut self, link: i64, own: &[StoredBill]) {
        let today = self.today;
        for b in own {
            let in_month = b.due_date.year() == today.year() && b.due_date.month() == today.month();
            if in_month && unpaid(b) {
                self.to_pay.push((b.amount, b.currency.clone()));
            }
            if in_month && b.status == BillStatus::Paid {
                self.paid.push((b.amount, b.currency.clone()));
            }
            if health::is_overdue(b, today) {
                self.overdue.push((b.amount, b.currency.clone()));
            }
            if unpaid(b) && b.due_date >= today && b.due_date <= self.horizon {
                self.next_30_days.push(b.clone());
            }
        }
        if let Some(summary) = self.links.get(&link) {
            let overview = account_overview(summary, own, self.now, today);
            self.accounts
                .insert(link, (overview, anomaly::flagged(link, own)));
        }
    }

    fn finish(mut self) -> Overview {
        let mut flagged = Vec::new();
        let accounts: Vec<AccountOverview> = self
            .order
            .iter()
            .map(|link| {
                let (overview, flags) = self.accounts.remove(&link.id).unwrap_or_else(|| {
                    (
                        account_overview(link, &[], self.now, self.today),
                        Vec::new(),
                    )
                });
                flagged.extend(flags);
                overview
            })
            .collect();
        self.next_30_days.sort_by_key(|b| (b.due_date, b.link));
        let mut expected: Vec<Forecast> = accounts
            .iter()
            .filter_map(|a| a.forecast.clone())
            .filter(|f| f.due_date >= self.today && f.due_date <= self.horizon)
            .collect();
        expected.sort_by_key(|f| (f.due_date, f.link));
        let sum =
            |list: &[(i64, String)]| money::totals(list.iter().map(|(a, c)| (*a, c.as_str())));
        let month = MonthSummary {
            month: format!("{:04}-{:02}", self.today.year(), self.today.month() as u8),
            to_pay: sum(&self.to_pay),
            paid: sum(&self.paid),
            overdue: sum(&self.overdue),
            next_30_days: self.next_30_days,
            expected,
        };
        Overview {
            accounts,
            month,
            flagged,
        }
    }
}

/// One account at a glance, from all of its bills.
fn account_overview(
    link: &crate::links::LinkSummary,
    own: &[StoredBill],
    now: OffsetDateTime,
    today: Date,
) -> AccountOverview {
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
        let s = self.active()?;
        let links = self.links()?;
        let mut gather = Gather::new(&links, OffsetDateTime::now_utc(), clock::today_local());
        self.store().with(|c| {
            bills::for_each_link(c, s.environment, |link, own| {
                gather.account(link, own);
                Ok(())
            })
        })?;
        Ok(gather.finish())
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
