//! A month of due dates for the calendar view: the bills due in it and the ones expected.

use billerapi::bills::BillStatus;
use serde::Serialize;
use time::{Date, Duration, Month};

use crate::app::Billkeep;
use crate::bills::{self, StoredBill};
use crate::forecast::Forecast;
use crate::health;
use crate::Result;

/// What a calendar day holds for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum EntryKind {
    /// A bill the biller issued.
    Bill {
        /// BillerAPI's id.
        bill_id: String,
        /// Its status.
        status: BillStatus,
        /// Unpaid past its date.
        overdue: bool,
    },
    /// A bill expected from the account's history, not issued yet.
    Expected {
        /// The low end of its usual range.
        low: i64,
        /// The high end.
        high: i64,
        /// Days either side it may land.
        spread_days: u8,
    },
}

/// One entry of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CalendarEntry {
    /// The day.
    #[serde(with = "billerapi::dates::iso_date")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: Date,
    /// The local link.
    pub link: i64,
    /// The biller.
    pub biller_name: String,
    /// The amount (expected, for an expected bill), minor units.
    pub amount: i64,
    /// ISO 4217.
    pub currency: String,
    /// Issued or expected.
    #[serde(flatten)]
    pub kind: EntryKind,
}

/// A month of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CalendarMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Every entry of the month, by day then biller.
    pub entries: Vec<CalendarEntry>,
}

/// The entries of `year`/`month`: bills due in it, and forecasts in it of accounts whose expected
/// bill has not been issued yet (no bill of theirs near the expected date). `names` gives each
/// link's biller name.
pub fn month(
    bills: &[StoredBill],
    forecasts: &[Forecast],
    names: &dyn Fn(i64) -> String,
    year: i32,
    month: Month,
    today: Date,
) -> CalendarMonth {
    let first = Date::from_calendar_date(year, month, 1).unwrap_or(today);
    let last = Date::from_calendar_date(year, month, month.length(year)).unwrap_or(today);
    let mut entries: Vec<CalendarEntry> = bills
        .iter()
        .filter(|b| b.due_date >= first && b.due_date <= last && b.status != BillStatus::Cancelled)
        .map(|b| CalendarEntry {
            date: b.due_date,
            link: b.link,
            biller_name: b.biller_name.clone(),
            amount: b.amount,
            currency: b.currency.clone(),
            kind: EntryKind::Bill {
                bill_id: b.bill_id.clone(),
                status: b.status.clone(),
                overdue: health::is_overdue(b, today),
            },
        })
        .collect();
    for f in forecasts {
        if f.due_date < first || f.due_date > last {
            continue;
        }
        let margin = Duration::days(i64::from(f.spread_days) + 3);
        let issued = bills
            .iter()
            .any(|b| b.link == f.link && (b.due_date - f.due_date).abs() <= margin);
        if !issued {
            entries.push(CalendarEntry {
                date: f.due_date,
                link: f.link,
                biller_name: names(f.link),
                amount: f.amount.expected,
                currency: f.currency.clone(),
                kind: EntryKind::Expected {
                    low: f.amount.low,
                    high: f.amount.high,
                    spread_days: f.spread_days,
                },
            });
        }
    }
    entries.sort_by(|a, b| (a.date, &a.biller_name, a.link).cmp(&(b.date, &b.biller_name, b.link)));
    CalendarMonth {
        month: format!("{year:04}-{:02}", month as u8),
        entries,
    }
}

/// Each link's biller name by local id (`month`'s `names`; empty for an unknown link).
pub fn biller_names(links: &[crate::links::LinkSummary]) -> impl Fn(i64) -> String + '_ {
    |id| {
        links
            .iter()
            .find(|l| l.id == id)
            .map(|l| l.biller_name.clone())
            .unwrap_or_default()
    }
}

impl Billkeep {
    /// The calendar of `year`/`month` for the active environment.
    pub fn calendar(&self, year: i32, month_number: u8) -> Result<CalendarMonth> {
        let month_of_year = Month::try_from(month_number)
            .map_err(|_| crate::Error::Invalid(format!("no month {month_number}")))?;
        if !(1900..=9999).contains(&year) {
            return Err(crate::Error::Invalid(format!("no calendar for {year}")));
        }
        let s = self.active()?;
        let links = self.links()?;
        let first = Date::from_calendar_date(year, month_of_year, 1)
            .map_err(|e| crate::Error::Invalid(e.to_string()))?;
        let last = first + Duration::days(i64::from(month_of_year.length(year)) - 1);
        // One account at a time: its forecast, and only its bills near this month (those that
        // show, and those that tell whether its expected bill was issued).
        let mut near: Vec<StoredBill> = Vec::new();
        let mut forecasts: Vec<Forecast> = Vec::new();
        self.store().with(|c| {
            bills::for_each_link(c, s.environment, |link, own| {
                let forecast = links
                    .iter()
                    .any(|l| l.id == link)
                    .then(|| crate::forecast::forecast(link, own))
                    .flatten();
                let margin = Duration::days(
                    forecast
                        .as_ref()
                        .map_or(0, |f| i64::from(f.spread_days) + 3),
                );
                near.extend(
                    own.iter()
                        .filter(|b| b.due_date >= first - margin && b.due_date <= last + margin)
                        .cloned(),
                );
                forecasts.extend(forecast);
                Ok(())
            })
        })?;
        let names = biller_names(&links);
        Ok(month(
            &near,
            &forecasts,
            &names,
            year,
            month_of_year,
            crate::clock::today_local(),
        ))
    }
}
