//! An account's health, honestly: OK only when its last sync succeeded, recently, and nothing of
//! it is overdue; otherwise the precise state and the one action that fixes it.

use serde::Serialize;
use time::{Date, Duration, OffsetDateTime};

use crate::bills::StoredBill;
use crate::links::{LinkStatus, LinkSummary};
use crate::money::{self, Money};

/// Data older than this is stale: a sync is due.
pub const STALE_AFTER: Duration = Duration::days(3);

/// Where an account stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum Health {
    /// Synced recently and nothing overdue.
    Ok,
    /// Unlinked here; the server has not confirmed yet.
    RemovalPending,
    /// The biller login must be repaired.
    NeedsRelink,
    /// The last sync failed.
    SyncFailed {
        /// What went wrong.
        message: Option<String>,
    },
    /// BillerAPI asked to wait.
    RateLimited {
        /// Until when (RFC 3339).
        #[serde(with = "billerapi::dates::timestamp::option")]
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        until: Option<OffsetDateTime>,
    },
    /// Bills are unpaid past their due date.
    Overdue {
        /// How many.
        bills: u32,
        /// How much, per currency.
        amounts: Vec<Money>,
        /// The earliest due date among them.
        #[serde(with = "billerapi::dates::iso_date")]
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        since: Date,
    },
    /// Not synced for a while (or never).
    Stale {
        /// The last successful sync, if any.
        #[serde(with = "billerapi::dates::timestamp::option")]
        #[cfg_attr(feature = "ts", ts(type = "string | null"))]
        since: Option<OffsetDateTime>,
    },
}

/// The one action that fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Fix {
    /// Nothing to do.
    None,
    /// Relink through Connect (update mode).
    Relink,
    /// Sync again (after a failure, or stale data).
    Sync,
    /// Wait until the rate limit ends.
    Wait,
    /// Pay the overdue bills (open them).
    Pay,
    /// Unlink again, or forget it here.
    RetryRemoval,
}

/// Health, its fix, and both in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AccountHealth {
    /// The state.
    pub health: Health,
    /// What fixes it.
    pub fix: Fix,
    /// The state for a person: "2 bills overdue since 2026-11-03 (310.00 USD)".
    pub summary: String,
}

/// Unpaid past its due date (by the biller's word, or by the calendar).
pub fn is_overdue(bill: &StoredBill, today: Date) -> bool {
    use billerapi::bills::BillStatus;
    match bill.status {
        BillStatus::Overdue => true,
        BillStatus::Pending => bill.due_date < today,
        _ => false,
    }
}

/// The health of a link, from its record and its bills (any of them; only its own are read).
pub fn assess(
    link: &LinkSummary,
    bills: &[StoredBill],
    now: OffsetDateTime,
    today: Date,
) -> AccountHealth {
    let overdue: Vec<&StoredBill> = bills
        .iter()
        .filter(|b| b.link == link.id && is_overdue(b, today))
        .collect();
    let (health, fix) = match link.status {
        LinkStatus::RemovalPending => (Health::RemovalPending, Fix::RetryRemoval),
        LinkStatus::NeedsRelink => (Health::NeedsRelink, Fix::Relink),
        LinkStatus::Error => (
            Health::SyncFailed {
                message: link.status_message.clone(),
            },
            Fix::Sync,
        ),
        LinkStatus::RateLimited => (
            Health::RateLimited {
                until: link.rate_limited_until,
            },
            Fix::Wait,
        ),
        LinkStatus::Ok if !overdue.is_empty() => (
            Health::Overdue {
                bills: overdue.len() as u32,
                amounts: money::totals(overdue.iter().map(|b| (b.amount, b.currency.as_str()))),
                since: overdue.iter().map(|b| b.due_date).min().unwrap_or(today),
            },
            Fix::Pay,
        ),
        LinkStatus::Ok => match link.last_synced_at {
            Some(at) if now - at <= STALE_AFTER => (Health::Ok, Fix::None),
            since => (Health::Stale { since }, Fix::Sync),
        },
    };
    let summary = describe(&health);
    AccountHealth {
        health,
        fix,
        summary,
    }
}

fn describe(health: &Health) -> String {
    let amounts = |list: &[Money]| {
        list.iter()
            .map(|m| money::format(m.amount, &m.currency))
            .collect::<Vec<_>>()
            .join(" + ")
    };
    match health {
        Health::Ok => "OK".to_owned(),
        Health::RemovalPending => "Removal not yet confirmed by its server".to_owned(),
        Health::NeedsRelink => "The biller login needs repair: relink".to_owned(),
        Health::SyncFailed { message } => match message {
            Some(m) => format!("Last sync failed: {m}"),
            None => "Last sync failed".to_owned(),
        },
        Health::RateLimited { until } => match until {
            Some(t) => format!(
                "Rate-limited until {}",
                billerapi::dates::format_timestamp(*t)
            ),
            None => "Rate-limited".to_owned(),
        },
        Health::Overdue {
            bills,
            amounts: list,
            since,
        } => format!(
            "{bills} bill{} overdue since {} ({})",
            if *bills == 1 { "" } else { "s" },
            billerapi::dates::format_date(*since),
            amounts(list)
        ),
        Health::Stale { since } => match since {
            Some(t) => format!(
                "Stale: last synced {}",
                billerapi::dates::format_date(t.date())
            ),
            None => "Never synced".to_owned(),
        },
    }
}
