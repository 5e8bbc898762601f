//! When a bill is due, in one place: the lists flag it, and reminders announce it — at each lead
//! time, when overdue, and when it stands out — each bill once per rule, across restarts.

use billerapi::bills::BillStatus;
use billerapi::dates::Date;
use rusqlite::params;
use serde::Serialize;

use crate::app::Billkeep;
use crate::bills::{self, StoredBill};
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

/// Why a bill is announced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReminderKind {
    /// Unpaid and due in `days` days (0: today); one of the lead times was reached.
    DueIn {
        /// Days left.
        days: u32,
    },
    /// Unpaid past its due date, or overdue by the biller's word.
    Overdue,
    /// Its amount or a price stands out (`anomaly.rs`).
    Unusual {
        /// Why, in words.
        reasons: Vec<String>,
    },
}

/// One announcement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    /// The bill.
    pub bill: StoredBill,
    /// Why now.
    pub kind: ReminderKind,
}

impl Reminder {
    /// A notification's title: the biller.
    pub fn title(&self) -> String {
        match self.kind {
            ReminderKind::Unusual { .. } => format!("Unusual {} bill", self.bill.biller_name),
            _ => format!("{} bill", self.bill.biller_name),
        }
    }

    /// A notification's text.
    pub fn body(&self) -> String {
        let amount = crate::money::format(self.bill.amount, &self.bill.currency);
        let date = billerapi::dates::format_date(self.bill.due_date);
        match &self.kind {
            ReminderKind::DueIn { days: 0 } => format!("{amount} is due today"),
            ReminderKind::DueIn { days: 1 } => format!("{amount} is due tomorrow ({date})"),
            ReminderKind::DueIn { days } => format!("{amount} is due in {days} days ({date})"),
            ReminderKind::Overdue => format!("{amount} was due on {date}"),
            ReminderKind::Unusual { reasons } => format!("{amount}: {}", reasons.join("; ")),
        }
    }
}

/// One notification for several reminders (what came due while the app was closed).
pub fn catch_up(reminders: &[Reminder]) -> (String, String) {
    const SHOWN: usize = 5;
    let title = format!("{} bills need your attention", reminders.len());
    let mut lines: Vec<String> = reminders
        .iter()
        .take(SHOWN)
        .map(|r| format!("{}: {}", r.bill.biller_name, r.body()))
        .collect();
    if reminders.len() > SHOWN {
        lines.push(format!("and {} more in Billkeep", reminders.len() - SHOWN));
    }
    (title, lines.join("\n"))
}

/// Flags of bills older than this, already paid, are history: listed, never announced.
const ANNOUNCE_UNUSUAL_WITHIN_DAYS: i64 = 35;

fn unpaid(bill: &StoredBill) -> bool {
    matches!(bill.status, BillStatus::Pending | BillStatus::Overdue)
}

/// The rules a bill meets today, and the reminder they give.
fn rules(bill: &StoredBill, today: Date, lead_days: &[u32]) -> Option<(Vec<String>, ReminderKind)> {
    if !unpaid(bill) {
        return None;
    }
    if bill.status == BillStatus::Overdue || bill.due_date < today {
        return Some((vec!["overdue".to_owned()], ReminderKind::Overdue));
    }
    let left = (bill.due_date - today).whole_days();
    let reached: Vec<String> = lead_days
        .iter()
        .filter(|&&lead| left <= i64::from(lead))
        .map(|lead| format!("lead:{lead}"))
        .collect();
    (!reached.is_empty()).then(|| {
        (
            reached,
            ReminderKind::DueIn {
                days: left.clamp(0, i64::from(u32::MAX)) as u32,
            },
        )
    })
}

impl Billkeep {
    /// What to announce today, each bill once per rule across restarts: the nearest lead time
    /// reached of an unpaid bill (several reached at once, after days closed, give one reminder),
    /// an unpaid bill past its date, and a recent bill that stands out. Marks them announced.
    /// Overdue first, then by due date, then unusual bills.
    pub fn take_reminders(&self, today: Date) -> Result<Vec<Reminder>> {
        let s = self.active()?;
        self.store().with(|c| {
            let tx = c.transaction()?;
            let mut candidates: Vec<(Vec<String>, Reminder)> = Vec::new();
            // One account's bills at a time (an unusual bill is judged against its own history).
            bills::for_each_link(&tx, s.environment, |link, bills| {
                for bill in bills {
                    if let Some((rules, kind)) = rules(bill, today, &s.reminder_days) {
                        candidates.push((
                            rules,
                            Reminder {
                                bill: bill.clone(),
                                kind,
                            },
                        ));
                    }
                }
                for flagged in crate::anomaly::flagged(link, bills) {
                    let Some(bill) = bills.iter().find(|b| b.bill_id == flagged.bill_id) else {
                        continue;
                    };
                    let recent = bill.statement_date
                        >= today - time::Duration::days(ANNOUNCE_UNUSUAL_WITHIN_DAYS);
                    if unpaid(bill) || recent {
                        candidates.push((
                            vec!["anomaly".to_owned()],
                            Reminder {
                                bill: bill.clone(),
                                kind: ReminderKind::Unusual {
                                    reasons: flagged.reasons,
                                },
                            },
                        ));
                    }
                }
                Ok(())
            })?;
            let mut fresh = Vec::new();
            {
                let mut sent = tx.prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM reminders_sent WHERE link_row = ?1 AND bill_id = ?2
                        AND (rule = ?3 OR (rule = 'lead:any' AND ?3 LIKE 'lead:%')))",
                )?;
                let mut mark = tx.prepare_cached(
                    "INSERT OR IGNORE INTO reminders_sent (link_row, bill_id, rule, sent_at)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (rules, reminder) in candidates {
                    let b = &reminder.bill;
                    let mut new = false;
                    for rule in &rules {
                        let done: bool = sent.query_row(params![b.link, b.bill_id, rule], |r| r.get(0))?;
                        if !done {
                            new = true;
                            mark.execute(params![b.link, b.bill_id, rule, clock::now()])?;
                        }
                    }
                    if new {
                        fresh.push(reminder);
                    }
                }
            }
            tx.commit()?;
            let order = |r: &Reminder| match r.kind {
                ReminderKind::Overdue => 0,
                ReminderKind::DueIn { .. } => 1,
                ReminderKind::Unusual { .. } => 2,
            };
            // Same kind and day: by bill id, as the cache lists them (not by the order read).
            fresh.sort_by(|a, b| {
                (order(a), a.bill.due_date, &a.bill.bill_id, a.bill.link)
                    .cmp(&(order(b), b.bill.due_date, &b.bill.bill_id, b.bill.link))
            });
            Ok(fresh)
        })
    }
}
