//! Unpaid and expected bills as an iCalendar file (RFC 5545) that calendar apps import: one
//! all-day event per bill with a stable UID (importing again updates it), a reminder per lead
//! time, and expected bills marked tentative.

use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

use crate::app::Billkeep;
use crate::bills::StoredBill;
use crate::forecast::Forecast;
use crate::links::LinkSummary;
use crate::{money, Result};

/// Reminders fire at this hour (local time of the calendar) on their day.
const ALARM_HOUR: i64 = 9;

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 character) and ends it with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month() as u8, d.day())
}

fn stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn uid(parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
    format!("{}@billkeep.app", hex::encode(&digest[..16]))
}

/// The trigger of a reminder `days` before an all-day event, at [`ALARM_HOUR`].
fn trigger(days: u32) -> String {
    let hours = i64::from(days) * 24 - ALARM_HOUR;
    if hours <= 0 {
        format!("PT{}H", -hours)
    } else {
        format!("-PT{hours}H")
    }
}

struct Event<'a> {
    uid: String,
    day: Date,
    summary: String,
    description: String,
    tentative: bool,
    reminder_days: &'a [u32],
}

fn event(out: &mut String, e: &Event<'_>, now: OffsetDateTime) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", e.uid));
    line(out, &format!("DTSTAMP:{}", stamp(now)));
    line(out, &format!("DTSTART;VALUE=DATE:{}", date(e.day)));
    line(
        out,
        &format!(
            "DTEND;VALUE=DATE:{}",
            date(e.day.next_day().unwrap_or(e.day))
        ),
    );
    line(out, &format!("SUMMARY:{}", text(&e.summary)));
    line(out, &format!("DESCRIPTION:{}", text(&e.description)));
    line(
        out,
        if e.tentative {
            "STATUS:TENTATIVE"
        } else {
            "STATUS:CONFIRMED"
        },
    );
    line(out, "TRANSP:TRANSPARENT");
    line(out, "CATEGORIES:Bills");
    for &days in e.reminder_days {
        line(out, "BEGIN:VALARM");
        line(out, "ACTION:DISPLAY");
        line(out, &format!("DESCRIPTION:{}", text(&e.summary)));
        line(out, &format!("TRIGGER:{}", trigger(days)));
        line(out, "END:VALARM");
    }
    line(out, "END:VEVENT");
}

fn unpaid(b: &StoredBill) -> bool {
    use billerapi::bills::BillStatus;
    matches!(
        b.status,
        BillStatus::Pending | BillStatus::Overdue | BillStatus::Scheduled
    )
}

/// The calendar: one event per unpaid bill and one tentative event per expected bill (an
/// account's next one, its UID stable so a later export moves it), each with a reminder per
/// lead time.
pub fn calendar(
    links: &[LinkSummary],
    bills: &[StoredBill],
    forecasts: &[Forecast],
    reminder_days: &[u32],
    now: OffsetDateTime,
) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(
        &mut out,
        &format!(
            "PRODID:-//Billkeep//Billkeep {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    );
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, "X-WR-CALNAME:Bills (Billkeep)");
    let link_of = |id: i64| links.iter().find(|l| l.id == id);
    let mut due: Vec<&StoredBill> = bills.iter().filter(|b| unpaid(b)).collect();
    due.sort_by_key(|b| (b.due_date, b.link));
    for b in due {
        let Some(link) = link_of(b.link) else {
            continue;
        };
        let amount = money::format(b.amount, &b.currency);
        let description = match &b.description {
            Some(d) => format!("{d}\nAccount {}\nStatus {}", b.account_number, b.status),
            None => format!("Account {}\nStatus {}", b.account_number, b.status),
        };
        event(
            &mut out,
            &Event {
                uid: uid(&[&link.origin, &link.link_id, &b.bill_id]),
                day: b.due_date,
                summary: format!("{}: {amount}", b.biller_name),
                description,
                tentative: false,
                reminder_days,
            },
            now,
        );
    }
    for f in forecasts {
        let Some(link) = link_of(f.link) else {
            continue;
        };
        let summary = format!(
            "{} (expected): about {}",
            link.biller_name,
            money::format(f.amount.expected, &f.currency)
        );
        let description = format!(
            "Expected from this account's history: {} to {}, due within {} day(s) of this date.",
            money::format(f.amount.low, &f.currency),
            money::format(f.amount.high, &f.currency),
            f.spread_days
        );
        event(
            &mut out,
            &Event {
                uid: uid(&[&link.origin, &link.link_id, "next-expected"]),
                day: f.due_date,
                summary,
                description,
                tentative: true,
                reminder_days,
            },
            now,
        );
    }
    line(&mut out, "END:VCALENDAR");
    out
}

impl Billkeep {
    /// The active environment's unpaid and expected bills as an iCalendar file.
    pub fn export_calendar(&self) -> Result<String> {
        let s = self.active()?;
        let snapshot = self.snapshot()?;
        let forecasts = crate::forecast::of_links(&snapshot.links, &snapshot.bills);
        Ok(calendar(
            &snapshot.links,
            &snapshot.bills,
            &forecasts,
            &s.reminder_days,
            OffsetDateTime::now_utc(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        line(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn text_is_escaped_and_triggers_land_at_nine() {
        assert_eq!(text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        assert_eq!(trigger(0), "PT9H");
        assert_eq!(trigger(3), "-PT63H");
    }
}
