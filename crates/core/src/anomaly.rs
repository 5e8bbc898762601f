//! Bills that stand out: an amount outside what the account's own history expected (the model of
//! `forecast.rs`, judged on the bills before it), or a fixed charge whose price changed.

use serde::Serialize;
use time::Month;

use crate::bills::StoredBill;
use crate::forecast::{self, Basis, Point};
use crate::money;

/// Why a bill is flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum BillFlag {
    /// The amount is far from what the history expected.
    UnusualAmount {
        /// What was expected, minor units.
        expected: i64,
        /// How far off, in percent (negative: below).
        percent: i32,
        /// What the expectation was based on.
        basis: Basis,
    },
    /// A charge that had the same price on the last bills now has another.
    PriceChanged {
        /// The line item.
        item: String,
        /// Its price before, minor units.
        from: i64,
        /// Its price now.
        to: i64,
    },
}

/// A flagged bill and the reasons, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Flagged {
    /// The local link.
    pub link: i64,
    /// BillerAPI's bill id.
    pub bill_id: String,
    /// What stands out.
    pub flags: Vec<BillFlag>,
    /// The same, for a person: "42% above your usual for December".
    pub reasons: Vec<String>,
}

/// An amount this far from the expectation (and outside the usual range) is unusual.
const UNUSUAL: f64 = 0.25;
/// Without a year of history, only a bill this much above (or below) every earlier one is.
const UNUSUAL_WITHOUT_SEASONS: f64 = 1.5;
/// Bills before a bill needed to judge it.
const MIN_HISTORY: usize = 4;
/// Shares of the rest of a bill this close are one rate (a tax of 5% rounded to cents).
const SAME_SHARE: f64 = 0.002;
/// How many earlier bills must agree on a charge's price before a change is news.
const STEADY_BILLS: usize = 3;

fn month_name(month: Month) -> &'static str {
    match month {
        Month::January => "January",
        Month::February => "February",
        Month::March => "March",
        Month::April => "April",
        Month::May => "May",
        Month::June => "June",
        Month::July => "July",
        Month::August => "August",
        Month::September => "September",
        Month::October => "October",
        Month::November => "November",
        Month::December => "December",
    }
}

/// The reason of one flag, in words.
pub fn reason(flag: &BillFlag, bill: &StoredBill) -> String {
    match flag {
        BillFlag::UnusualAmount {
            expected,
            percent,
            basis,
        } => {
            let direction = if *percent >= 0 { "above" } else { "below" };
            let usual = money::format(*expected, &bill.currency);
            match basis {
                Basis::LastYear => format!(
                    "{}% {direction} your usual for {} (about {usual})",
                    percent.abs(),
                    month_name(bill.due_date.month())
                ),
                Basis::Recent => {
                    format!("{}% {direction} your usual (about {usual})", percent.abs())
                }
            }
        }
        BillFlag::PriceChanged { item, from, to } => format!(
            "{item} went from {} to {}",
            money::format(*from, &bill.currency),
            money::format(*to, &bill.currency)
        ),
    }
}

fn unusual_amount(before: &[Point], bill: &StoredBill) -> Option<BillFlag> {
    if before.len() < MIN_HISTORY {
        return None;
    }
    let range = forecast::amount_for(before, bill.due_date)?;
    let amount = bill.amount as f64;
    let expected = range.expected as f64;
    if expected <= 0.0 {
        return None;
    }
    let off = amount / expected - 1.0;
    let unusual = match range.basis {
        Basis::LastYear => {
            (bill.amount > range.high || bill.amount < range.low) && off.abs() >= UNUSUAL
        }
        // Without last year to compare with, seasons look like anomalies: only a bill beyond
        // anything seen is one.
        Basis::Recent => {
            let max = before.iter().map(|p| p.amount).max()? as f64;
            let min = before.iter().map(|p| p.amount).min()? as f64;
            amount >= max * UNUSUAL_WITHOUT_SEASONS || amount * UNUSUAL_WITHOUT_SEASONS <= min
        }
    };
    unusual.then(|| BillFlag::UnusualAmount {
        expected: range.expected,
        percent: (off * 100.0).round() as i32,
        basis: range.basis,
    })
}

fn price_changes(earlier: &[&StoredBill], bill: &StoredBill) -> Vec<BillFlag> {
    if earlier.len() < STEADY_BILLS {
        return Vec::new();
    }
    let steady = &earlier[earlier.len() - STEADY_BILLS..];
    bill.line_items
        .iter()
        .filter_map(|item| {
            let prices: Vec<i64> = steady
                .iter()
                .filter_map(|b| {
                    b.line_items
                        .iter()
                        .find(|i| i.description == item.description)
                        .map(|i| i.amount)
                })
                .collect();
            let from = *prices.first()?;
            let was_steady = prices.len() == STEADY_BILLS && prices.iter().all(|&p| p == from);
            // A tax or surcharge is a share of the rest: it moves with it, at the same rate.
            let same_share = {
                let share = |b: &StoredBill, amount: i64| {
                    let rest = b.amount - amount;
                    (rest > 0).then(|| amount as f64 / rest as f64)
                };
                let now = share(bill, item.amount);
                let before: Vec<Option<f64>> = steady.iter().map(|b| share(b, from)).collect();
                match (now, before.iter().copied().collect::<Option<Vec<f64>>>()) {
                    (Some(now), Some(before)) => {
                        before.iter().all(|b| (b - now).abs() <= SAME_SHARE)
                    }
                    _ => false,
                }
            };
            (was_steady && item.amount != from && !same_share).then(|| BillFlag::PriceChanged {
                item: item.description.clone(),
                from,
                to: item.amount,
            })
        })
        .collect()
}

/// The flagged bills of one account (its bills in any order), each judged on the bills due
/// before it.
pub fn flagged(link: i64, bills: &[StoredBill]) -> Vec<Flagged> {
    let mut sorted: Vec<&StoredBill> = bills
        .iter()
        .filter(|b| b.status != billerapi::bills::BillStatus::Cancelled)
        .collect();
    sorted.sort_by_key(|b| (b.due_date, b.bill_id.clone()));
    let mut out = Vec::new();
    for (i, bill) in sorted.iter().enumerate() {
        let earlier: Vec<&StoredBill> = sorted[..i]
            .iter()
            .filter(|b| b.currency == bill.currency)
            .copied()
            .collect();
        let before: Vec<Point> = earlier
            .iter()
            .map(|b| Point {
                due: b.due_date,
                amount: b.amount,
            })
            .collect();
        let mut flags: Vec<BillFlag> = unusual_amount(&before, bill).into_iter().collect();
        flags.extend(price_changes(&earlier, bill));
        if !flags.is_empty() {
            out.push(Flagged {
                link,
                bill_id: bill.bill_id.clone(),
                reasons: flags.iter().map(|f| reason(f, bill)).collect(),
                flags,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bills::tests::bill;
    use crate::bills::StoredLineItem;
    use crate::cadence::{day_in, Cadence};
    use time::macros::date;

    /// Two years of a seasonal bill (winter +40%) with a fixed charge, its 21st bill 60% high, and
    /// the fixed charge 8% dearer from the 15th.
    fn two_years() -> Vec<StoredBill> {
        let cadence = Cadence::Months {
            months: 1,
            day: 12,
            avoids_weekends: false,
        };
        let mut due = day_in(2025, Month::January, 12);
        (0..24)
            .map(|i| {
                let winter = matches!(
                    due.month(),
                    Month::December | Month::January | Month::February
                );
                // Usage varies a little from month to month, as metered usage does.
                let mut usage = if winter { 14_000 } else { 10_000 } + (i * 37 % 200);
                if i == 20 {
                    usage = usage * 160 / 100;
                }
                let fixed = if i >= 14 { 1_620 } else { 1_500 };
                let mut b = bill(7, &format!("b{i:02}"), due, usage + fixed);
                b.line_items = vec![
                    StoredLineItem {
                        description: "Usage".into(),
                        amount: usage,
                    },
                    StoredLineItem {
                        description: "Distribution charge".into(),
                        amount: fixed,
                    },
                ];
                due = cadence.next_after(due);
                b
            })
            .collect()
    }

    #[test]
    fn the_unusual_bill_and_the_price_change_are_flagged_and_seasons_are_not() {
        let bills = two_years();
        let flagged = flagged(7, &bills);
        let ids: Vec<&str> = flagged.iter().map(|f| f.bill_id.as_str()).collect();
        assert_eq!(ids, ["b14", "b20"], "{flagged:#?}");
        let price = &flagged[0];
        assert_eq!(
            price.flags,
            [BillFlag::PriceChanged {
                item: "Distribution charge".into(),
                from: 1_500,
                to: 1_620
            }]
        );
        assert_eq!(
            price.reasons,
            ["Distribution charge went from 15.00 USD to 16.20 USD"]
        );
        let unusual = &flagged[1];
        match unusual.flags[0] {
            BillFlag::UnusualAmount { percent, basis, .. } => {
                assert_eq!(basis, Basis::LastYear);
                assert!((50..=65).contains(&percent), "{percent}");
            }
            ref other => panic!("{other:?}"),
        }
        assert!(
            unusual.reasons[0].contains("above your usual for September"),
            "{:?}",
            unusual.reasons
        );
    }

    #[test]
    fn without_a_year_only_a_bill_beyond_all_before_it_is_unusual() {
        let mut due = date!(2026 - 01 - 05);
        let amounts = [5_000, 9_000, 6_000, 8_000, 12_000, 19_000];
        let bills: Vec<StoredBill> = amounts
            .iter()
            .enumerate()
            .map(|(i, &a)| {
                let b = bill(1, &format!("b{i}"), due, a);
                due += time::Duration::days(30);
                b
            })
            .collect();
        let flagged = flagged(1, &bills);
        // 12,000 is high but within 1.5× of 9,000; 19,000 is beyond 1.5× of 12,000.
        let ids: Vec<&str> = flagged.iter().map(|f| f.bill_id.as_str()).collect();
        assert_eq!(ids, ["b5"]);
        assert!(
            flagged[0].reasons[0].ends_with("above your usual (about 80.00 USD)"),
            "{:?}",
            flagged[0].reasons
        );
    }
}
