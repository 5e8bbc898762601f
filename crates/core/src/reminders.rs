//! When a bill is due, in one place: the lists flag it, the notifications announce it (each bill
//! once, across restarts).

use billerapi::bills::BillStatus;
use billerapi::dates::Date;
use rusqlite::params;
use serde::Serialize;

use crate::app::Billkeep;
use crate::bills::{self, BillFilter, StoredBill};
use crate::{clock, Result};

/// Where a bill stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// The biller says it is overdue.
    Overdue,
    /// Unpaid and due within the lead time (or already past its date).
    Soon,
    /// Unpaid, due later; or paid automatically (scheduled).
    #[default]
    Later,
    /// Paid or cancelled.
    Settled,
}

/// The rule: OVERDUE is overdue; PENDING within `lead_days` of `today` (or past) is due soon;
/// PENDING later and SCHEDULED (auto-pay, payment plans) are later; the rest is settled.
pub fn due(status: &BillStatus, due_date: Date, today: Date, lead_days: u32) -> Due {
    match status {
        BillStatus::Overdue => Due::Overdue,
        BillStatus::Pending
            if due_date <= today.saturating_add(time::Duration::days(lead_days.into())) =>
        {
            Due::Soon
        }
        BillStatus::Pending | BillStatus::Scheduled => Due::Later,
        _ => Due::Settled,
    }
}

impl Billkeep {
    /// Bills due from `today` to `until` (or overdue and unpaid) not announced yet; marks them
    /// announced.
    pub fn take_due_notifications(&self, today: Date, until: Date) -> Result<Vec<StoredBill>> {
        let env = self.active()?.environment;
        let filter = BillFilter {
            to: Some(until),
            ..Default::default()
        };
        self.store().with(|c| {
            let tx = c.transaction()?;
            let due: Vec<StoredBill> = bills::list(&tx, env, &filter)?
                .into_iter()
                .filter(|b| {
                    let lead = (until - today).whole_days().clamp(0, i64::from(u32::MAX)) as u32;
                    match due(&b.status, b.due_date, today, lead) {
                        Due::Overdue => true,
                        // A pending bill already past its date is for the lists, not a reminder.
                        Due::Soon => b.due_date >= today,
                        Due::Later | Due::Settled => false,
                    }
                })
                .collect();
            let mut fresh = Vec::new();
            for bill in due {
                let inserted = tx.execute(
                    "INSERT OR IGNORE INTO notified_bills (link_row, bill_id, notified_at) VALUES (?1, ?2, ?3)",
                    params![bill.link, bill.bill_id, clock::now()],
                )?;
                if inserted == 1 {
                    fresh.push(bill);
                }
            }
            tx.commit()?;
            Ok(fresh)
        })
    }
}
