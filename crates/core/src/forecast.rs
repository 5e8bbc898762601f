//! What an account's next bill will likely be: when (its cadence) and how much (a range), learned
//! from its own history. The same amount model judges past bills in `anomaly.rs`, so what the
//! calendar expects and what the list flags agree.

use serde::Serialize;
use time::{Date, Duration};

use crate::bills::StoredBill;
use crate::cadence::{self, Cadence};

/// One past bill, as the models see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Point {
    /// Its due date.
    pub due: Date,
    /// Its amount, minor units.
    pub amount: i64,
}

/// What an expected amount is based on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The same month a year earlier, scaled by how the last three bills compare with theirs.
    LastYear,
    /// The median of the recent bills (less than a year of history).
    Recent,
}

/// An expected amount and the range it should fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AmountRange {
    /// The most likely amount, minor units.
    pub expected: i64,
    /// The low end of the usual range.
    pub low: i64,
    /// The high end of the usual range.
    pub high: i64,
    /// What it is based on.
    pub basis: Basis,
}

/// An account's next bill, as expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Forecast {
    /// The local link.
    pub link: i64,
    /// When it should fall due.
    #[serde(with = "billerapi::dates::iso_date")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due_date: Date,
    /// How many days either side it may land, from how closely the history kept its cadence.
    pub spread_days: u8,
    /// The cadence learned.
    pub cadence: Cadence,
    /// The amount expected.
    pub amount: AmountRange,
    /// ISO 4217 currency of the history.
    pub currency: String,
    /// How many past bills it is learned from.
    pub based_on: u32,
}

/// Bills this close to a date a year earlier count as that month's bill.
const YEAR_WINDOW_DAYS: i64 = 20;
/// The narrowest usual range: ±5%.
const MIN_SPREAD: f64 = 0.05;
/// The widest: ±50%.
const MAX_SPREAD: f64 = 0.5;

fn median_f(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn quartiles(values: &[i64]) -> (f64, f64, f64) {
    let mut v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let pos = q * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
    };
    (at(0.25), at(0.5), at(0.75))
}

/// The bill of `history` (sorted by due date) closest to a year before `date`, within the window.
fn year_before(history: &[Point], date: Date) -> Option<i64> {
    let target = date
        .replace_year(date.year() - 1)
        .unwrap_or(date - Duration::days(365));
    history
        .iter()
        .map(|p| ((p.due - target).whole_days().abs(), p.amount))
        .filter(|(gap, _)| *gap <= YEAR_WINDOW_DAYS)
        .min_by_key(|(gap, _)| *gap)
        .map(|(_, amount)| amount)
}

/// Last year's bill for `due`, scaled by how the last three bills compare with theirs.
fn seasonal(history: &[Point], due: Date) -> Option<f64> {
    let reference = year_before(history, due)?;
    let recent = &history[history.len().checked_sub(3)?..];
    let mut now = Vec::new();
    let mut then = Vec::new();
    for p in recent {
        now.push(p.amount as f64);
        then.push(year_before(history, p.due)? as f64);
    }
    let (now, then) = (median_f(now), median_f(then));
    if then <= 0.0 {
        return None;
    }
    Some(reference as f64 * now / then)
}

fn range(expected: f64, spread: f64, basis: Basis) -> AmountRange {
    let spread = spread.clamp(MIN_SPREAD, MAX_SPREAD);
    AmountRange {
        expected: expected.round() as i64,
        low: (expected * (1.0 - spread)).round() as i64,
        high: (expected * (1.0 + spread)).round() as i64,
        basis,
    }
}

/// The amount expected for a bill due on `due`, from the bills before it (`history`, sorted by
/// due date, all earlier). `None` with fewer than three.
pub fn amount_for(history: &[Point], due: Date) -> Option<AmountRange> {
    if history.len() < 3 {
        return None;
    }
    if let Some(expected) = seasonal(history, due) {
        // How far the seasonal model missed on the last year's bills sets the usual range.
        let start = history.len().saturating_sub(12);
        let misses: Vec<f64> = (start..history.len())
            .filter_map(|i| {
                let predicted = seasonal(&history[..i], history[i].due)?;
                (predicted > 0.0).then(|| (history[i].amount as f64 / predicted - 1.0).abs())
            })
            .collect();
        let spread = if misses.is_empty() {
            MAX_SPREAD / 2.0
        } else {
            1.5 * median_f(misses)
        };
        return Some(range(expected, spread, Basis::LastYear));
    }
    let recent: Vec<i64> = history[history.len().saturating_sub(6)..]
        .iter()
        .map(|p| p.amount)
        .collect();
    let (q1, median, q3) = quartiles(&recent);
    if median <= 0.0 {
        return Some(range(median, MIN_SPREAD, Basis::Recent));
    }
    let spread = ((median - q1).max(q3 - median)) / median;
    Some(range(median, spread, Basis::Recent))
}

/// The bills a model learns from: not cancelled, oldest due date first.
pub fn points(bills: &[StoredBill]) -> Vec<Point> {
    let mut points: Vec<Point> = bills
        .iter()
        .filter(|b| b.status != billerapi::bills::BillStatus::Cancelled)
        .map(|b| Point {
            due: b.due_date,
            amount: b.amount,
        })
        .collect();
    points.sort_by_key(|p| p.due);
    points
}

/// The next bill of one account from its bills (any order; one currency expected, the newest
/// bill's is used): `None` until it has three bills with a steady cadence.
pub fn forecast(link: i64, bills: &[StoredBill]) -> Option<Forecast> {
    let newest = bills.iter().max_by_key(|b| b.due_date)?;
    let currency = newest.currency.clone();
    let same: Vec<StoredBill> = bills
        .iter()
        .filter(|b| b.currency == currency)
        .cloned()
        .collect();
    let history = points(&same);
    if history.len() < 3 {
        return None;
    }
    let dates: Vec<Date> = history.iter().map(|p| p.due).collect();
    let learned = cadence::learn(&dates)?;
    let last = *dates.last()?;
    let due_date = learned.cadence.next_after(last);
    let amount = amount_for(&history, due_date)?;
    Some(Forecast {
        link,
        due_date,
        spread_days: learned.spread_days,
        cadence: learned.cadence,
        amount,
        currency,
        based_on: history.len() as u32,
    })
}

/// The forecast of every link that has one, from all their bills.
pub fn of_links(links: &[crate::links::LinkSummary], bills: &[StoredBill]) -> Vec<Forecast> {
    let mut by_link: std::collections::HashMap<i64, Vec<StoredBill>> = Default::default();
    for bill in bills {
        by_link.entry(bill.link).or_default().push(bill.clone());
    }
    links
        .iter()
        .filter_map(|l| forecast(l.id, by_link.get(&l.id)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;
    use time::Month;

    fn monthly(start: Date, amounts: &[i64]) -> Vec<Point> {
        let mut due = start;
        let cadence = Cadence::Months {
            months: 1,
            day: start.day(),
            avoids_weekends: false,
        };
        amounts
            .iter()
            .map(|&amount| {
                let p = Point { due, amount };
                due = cadence.next_after(due);
                p
            })
            .collect()
    }

    #[test]
    fn a_short_history_expects_its_median_within_its_quartiles() {
        let h = monthly(date!(2026 - 01 - 15), &[10_000, 10_400, 9_800, 10_200]);
        let r = amount_for(&h, date!(2026 - 05 - 15)).unwrap();
        assert_eq!(r.basis, Basis::Recent);
        assert_eq!(r.expected, 10_100);
        assert!(r.low <= 9_900 && r.high >= 10_300, "{r:?}");
    }

    #[test]
    fn a_year_of_history_expects_last_years_season_at_todays_level() {
        // Winter doubles the bill; this year runs 10% above last year.
        let season = |m: u8| if m == 12 || m <= 2 { 2 } else { 1 };
        let mut amounts = Vec::new();
        for i in 0..24u8 {
            let month = i % 12 + 1;
            let level = if i >= 12 { 110 } else { 100 };
            amounts.push(10_000 * season(month) * level / 100);
        }
        let h = monthly(date!(2025 - 01 - 10), &amounts[..23]);
        // The 24th is December of the second year.
        let r = amount_for(&h, date!(2026 - 12 - 10)).unwrap();
        assert_eq!(r.basis, Basis::LastYear);
        assert!((r.expected - 22_000).abs() <= 50, "{r:?}");
        assert!(r.low >= 20_000 && r.high <= 24_500, "{r:?}");
    }

    #[test]
    fn a_forecast_follows_the_cadence_and_its_currency() {
        let bills: Vec<StoredBill> = monthly(date!(2026 - 01 - 31), &[5_000; 6])
            .into_iter()
            .enumerate()
            .map(|(i, p)| crate::bills::tests::bill(1, &format!("b{i}"), p.due, p.amount))
            .collect();
        let f = forecast(1, &bills).unwrap();
        assert_eq!(f.due_date, date!(2026 - 07 - 31));
        assert_eq!(f.amount.expected, 5_000);
        assert_eq!(f.currency, "USD");
        assert_eq!(f.based_on, 6);
        assert!(forecast(1, &bills[..2]).is_none());
        assert_eq!(f.due_date.month(), Month::July);
    }

    proptest! {
        /// The expected amount always lies inside its range, and the range is never narrower than
        /// ±5% nor wider than ±50% of it.
        #[test]
        fn ranges_hold_their_expectation(amounts in proptest::collection::vec(100i64..1_000_000, 3..30)) {
            let h = monthly(date!(2024 - 03 - 05), &amounts);
            let due = h.last().unwrap().due + Duration::days(30);
            let r = amount_for(&h, due).unwrap();
            prop_assert!(r.low <= r.expected && r.expected <= r.high, "{r:?}");
            let e = r.expected as f64;
            prop_assert!(r.high as f64 <= e * 1.5 + 1.0 && r.high as f64 >= e * 1.05 - 1.0, "{r:?}");
        }
    }
}
