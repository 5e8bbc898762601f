//! Due-bill reminders: which bills to announce, each once, across restarts.

use rusqlite::params;

use crate::app::Billkeep;
use crate::bills::{self, BillFilter, StoredBill};
use crate::{clock, Result};

impl Billkeep {
    /// Bills due within `lead_days` (or overdue and unpaid) not announced yet; marks them announced.
    pub fn take_due_notifications(&self, today: &str, until: &str) -> Result<Vec<StoredBill>> {
        let env = self.active()?.environment;
        self.store().with(|c| {
            let tx = c.transaction()?;
            let due: Vec<StoredBill> = bills::list(&tx, env, &BillFilter { to: Some(until.to_owned()), ..Default::default() })?
                .into_iter()
                .filter(|b| matches!(b.status.as_str(), "PENDING" | "OVERDUE") && (b.due_date.as_str() >= today || b.status == "OVERDUE"))
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
