//! The amounts chart: one account's bills over time, or every account's total per month, with the
//! band of the next expected bill.

use std::collections::BTreeMap;

use serde::Serialize;
use time::Date;

use crate::anomaly::Flagged;
use crate::app::Billkeep;
use crate::bills::StoredBill;
use crate::forecast::Forecast;
use crate::Result;

/// One point: a bill (one account) or a month's total (every account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChartPoint {
    /// The due date (the month's first day, for totals).
    #[serde(with = "billerapi::dates::iso_date")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: Date,
    /// Minor units.
    pub amount: i64,
    /// The bill (one account only).
    pub bill_id: Option<String>,
    /// The bill stands out (one account only).
    pub flagged: bool,
}

/// The expected next value and its usual range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChartForecast {
    /// When.
    #[serde(with = "billerapi::dates::iso_date")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: Date,
    /// Expected, minor units.
    pub expected: i64,
    /// Low end.
    pub low: i64,
    /// High end.
    pub high: i64,
}

/// A series to draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Chart {
    /// One account (its link), or every account (`None`).
    pub link: Option<i64>,
    /// ISO 4217 of every amount.
    pub currency: String,
    /// Oldest first.
    pub points: Vec<ChartPoint>,
    /// The next expected value, after the last point.
    pub forecast: Option<ChartForecast>,
    /// Currencies left out (bills in another currency than the chart's).
    pub other_currencies: Vec<String>,
}

/// The currency most of `bills` are in (the chart's), and the others.
fn main_currency(bills: &[&StoredBill]) -> Option<(String, Vec<String>)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for b in bills {
        *counts.entry(b.currency.as_str()).or_default() += 1;
    }
    let main = counts
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))?
        .0
        .to_string();
    let others = counts
        .keys()
        .filter(|c| **c != main)
        .map(|c| c.to_string())
        .collect();
    Some((main, others))
}

/// One account's chart.
pub fn account(
    link: i64,
    bills: &[StoredBill],
    forecast: Option<&Forecast>,
    flagged: &[Flagged],
) -> Option<Chart> {
    let own: Vec<&StoredBill> = bills
        .iter()
        .filter(|b| b.link == link && b.status != billerapi::bills::BillStatus::Cancelled)
        .collect();
    let (currency, other_currencies) = main_currency(&own)?;
    let mut points: Vec<ChartPoint> = own
        .iter()
        .filter(|b| b.currency == currency)
        .map(|b| ChartPoint {
            date: b.due_date,
            amount: b.amount,
            bill_id: Some(b.bill_id.clone()),
            flagged: flagged
                .iter()
                .any(|f| f.link == link && f.bill_id == b.bill_id),
        })
        .collect();
    points.sort_by_key(|p| p.date);
    let forecast = forecast
        .filter(|f| f.currency == currency)
        .map(|f| ChartForecast {
            date: f.due_date,
            expected: f.amount.expected,
            low: f.amount.low,
            high: f.amount.high,
        });
    Some(Chart {
        link: Some(link),
        currency,
        points,
        forecast,
        other_currencies,
    })
}

fn month_start(d: Date) -> Date {
    d.replace_day(1).unwrap_or(d)
}

/// Every account's total per month (by due date), with the next month's expected total.
pub fn all(bills: &[StoredBill], forecasts: &[Forecast]) -> Option<Chart> {
    let kept: Vec<&StoredBill> = bills
        .iter()
        .filter(|b| b.status != billerapi::bills::BillStatus::Cancelled)
        .collect();
    let (currency, other_currencies) = main_currency(&kept)?;
    let mut months: BTreeMap<Date, i64> = BTreeMap::new();
    for b in kept.iter().filter(|b| b.currency == currency) {
        *months.entry(month_start(b.due_date)).or_default() += b.amount;
    }
    let last = *months.keys().next_back()?;
    let next = crate::cadence::add_months(last.year(), last.month(), 1);
    let next = Date::from_calendar_date(next.0, next.1, 1).unwrap_or(last);
    let expected: Vec<&Forecast> = forecasts
        .iter()
        .filter(|f| f.currency == currency && month_start(f.due_date) == next)
        .collect();
    let forecast = (!expected.is_empty()).then(|| ChartForecast {
        date: next,
        expected: expected.iter().map(|f| f.amount.expected).sum(),
        low: expected.iter().map(|f| f.amount.low).sum(),
        high: expected.iter().map(|f| f.amount.high).sum(),
    });
    Some(Chart {
        link: None,
        currency,
        points: months
            .into_iter()
            .map(|(date, amount)| ChartPoint {
                date,
                amount,
                bill_id: None,
                flagged: false,
            })
            .collect(),
        forecast,
        other_currencies,
    })
}

impl Billkeep {
    /// The chart of one account, or of all (`None`); `None` when there is no bill to draw.
    pub fn chart(&self, link: Option<i64>) -> Result<Option<Chart>> {
        let snapshot = self.snapshot()?;
        let overview = crate::overview::build(
            &snapshot.links,
            &snapshot.bills,
            time::OffsetDateTime::now_utc(),
            crate::clock::today_local(),
        );
        let forecasts: Vec<Forecast> = overview
            .accounts
            .iter()
            .filter_map(|a| a.forecast.clone())
            .collect();
        Ok(match link {
            Some(id) => {
                let f = forecasts.iter().find(|f| f.link == id);
                account(id, &snapshot.bills, f, &overview.flagged)
            }
            None => all(&snapshot.bills, &forecasts),
        })
    }
}
