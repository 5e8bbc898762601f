//! How often an account bills, learned from its due dates, and when its next bill falls due.
//! Months are counted as months, not as 30 days, and the day is kept from the history, not from
//! the last date: Jan 31 → Feb 28 (29) → Mar 31, never drifting to the 28th.

use serde::Serialize;
use time::{Date, Duration, Month, Weekday};

/// How often bills come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "kind"
)]
pub enum Cadence {
    /// Every `months` months (1, 3, 6 or 12) on a day of the month.
    Months {
        /// 1 (monthly), 3 (quarterly), 6 or 12 (yearly).
        months: u8,
        /// The day of the month (the month's last when it is shorter).
        day: u8,
        /// No bill of the history fell on a weekend: the next one will not either.
        avoids_weekends: bool,
    },
    /// Every `days` days (weekly, fortnightly, or another steady interval).
    Days {
        /// The interval.
        days: u16,
    },
}

/// A learned cadence and how closely the history followed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Learned {
    /// The cadence.
    pub cadence: Cadence,
    /// The largest distance, in days, of a past due date from the cadence's date for it.
    pub spread_days: u8,
}

fn median(mut values: Vec<i64>) -> i64 {
    values.sort_unstable();
    values[values.len() / 2]
}

fn last_day(year: i32, month: Month) -> u8 {
    month.length(year)
}

/// The date of `day` in a month (its last day when the month is shorter).
pub fn day_in(year: i32, month: Month, day: u8) -> Date {
    let d = day.clamp(1, last_day(year, month));
    Date::from_calendar_date(year, month, d).unwrap_or(Date::MIN)
}

/// The month `n` months from `year`/`month`.
pub fn add_months(year: i32, month: Month, n: i64) -> (i32, Month) {
    let index = i64::from(year) * 12 + (month as i64 - 1) + n;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    (index.div_euclid(12) as i32, month)
}

/// Moves a weekend date to the Monday after, or to the Friday before when that Monday is in the
/// next month (what billers that avoid weekends commonly do).
pub fn off_weekend(date: Date) -> Date {
    let (forward, back) = match date.weekday() {
        Weekday::Saturday => (2, 1),
        Weekday::Sunday => (1, 2),
        _ => return date,
    };
    let monday = date + Duration::days(forward);
    if monday.month() == date.month() {
        monday
    } else {
        date - Duration::days(back)
    }
}

impl Cadence {
    /// The due date this cadence gives in the period holding `near` (month-based), for comparing a
    /// history with its model.
    fn date_in_month_of(self, near: Date) -> Date {
        match self {
            Cadence::Months {
                day,
                avoids_weekends,
                ..
            } => {
                let date = day_in(near.year(), near.month(), day);
                if avoids_weekends {
                    off_weekend(date)
                } else {
                    date
                }
            }
            Cadence::Days { .. } => near,
        }
    }

    /// The first due date after `last`.
    pub fn next_after(self, last: Date) -> Date {
        match self {
            Cadence::Months { months, .. } => {
                let mut n = i64::from(months);
                loop {
                    let (year, month) = add_months(last.year(), last.month(), n);
                    let date = self.date_in_month_of(day_in(year, month, 1));
                    // A date moved back into the month of `last` (a weekend shift) is not after it.
                    if date > last || n > 36 {
                        return date;
                    }
                    n += i64::from(months);
                }
            }
            Cadence::Days { days } => last.saturating_add(Duration::days(i64::from(days))),
        }
    }
}

/// Learns the cadence of due dates (any order, repeats ignored); `None` with fewer than two.
pub fn learn(due_dates: &[Date]) -> Option<Learned> {
    let mut dates = due_dates.to_vec();
    dates.sort_unstable();
    dates.dedup();
    if dates.len() < 2 {
        return None;
    }
    let gaps: Vec<i64> = dates
        .windows(2)
        .map(|w| (w[1] - w[0]).whole_days())
        .collect();
    let gap = median(gaps);
    let months = match gap {
        25..=35 => Some(1),
        80..=100 => Some(3),
        170..=200 => Some(6),
        350..=380 => Some(12),
        _ => None,
    };
    let cadence = match months {
        Some(months) => {
            // The day that explains most dates, counting a short month's last day for every day
            // past it (Feb 28 is the 30th's and the 31st's date too); weekend shifts are the
            // exceptions it outvotes. Ties go to the earliest day.
            let explained = |day: u8| {
                dates
                    .iter()
                    .filter(|d| d.day() == day.min(last_day(d.year(), d.month())))
                    .count()
            };
            let day = (1..=31u8)
                .max_by_key(|&d| (explained(d), std::cmp::Reverse(d)))
                .unwrap_or(1);
            let avoids_weekends = dates.len() >= 4
                && dates
                    .iter()
                    .all(|d| !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday));
            Cadence::Months {
                months,
                day,
                avoids_weekends,
            }
        }
        None => Cadence::Days {
            days: gap.clamp(1, i64::from(u16::MAX)) as u16,
        },
    };
    let spread = match cadence {
        Cadence::Months { .. } => dates
            .iter()
            .map(|d| (*d - cadence.date_in_month_of(*d)).whole_days().abs())
            .max()
            .unwrap_or(0),
        Cadence::Days { days } => dates
            .windows(2)
            .map(|w| ((w[1] - w[0]).whole_days() - i64::from(days)).abs())
            .max()
            .unwrap_or(0),
    };
    Some(Learned {
        cadence,
        spread_days: spread.clamp(0, 31) as u8,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn monthly(day: u8) -> Cadence {
        Cadence::Months {
            months: 1,
            day,
            avoids_weekends: false,
        }
    }

    #[test]
    fn month_ends_do_not_drift() {
        let c = monthly(31);
        let feb = c.next_after(date!(2027 - 01 - 31));
        assert_eq!(feb, date!(2027 - 02 - 28));
        assert_eq!(c.next_after(feb), date!(2027 - 03 - 31));
        // A leap year.
        assert_eq!(c.next_after(date!(2028 - 01 - 31)), date!(2028 - 02 - 29));
        assert_eq!(c.next_after(date!(2028 - 02 - 29)), date!(2028 - 03 - 31));
        // The 30th stays the 30th after February.
        let c = monthly(30);
        assert_eq!(c.next_after(date!(2027 - 02 - 28)), date!(2027 - 03 - 30));
    }

    #[test]
    fn a_history_of_month_ends_is_learned_as_the_31st() {
        let dates = [
            date!(2027 - 01 - 31),
            date!(2027 - 02 - 28),
            date!(2027 - 03 - 31),
            date!(2027 - 04 - 30),
        ];
        let learned = learn(&dates).unwrap();
        assert_eq!(learned.cadence, monthly(31));
        assert_eq!(learned.spread_days, 0);
        assert_eq!(
            learned.cadence.next_after(date!(2027 - 04 - 30)),
            date!(2027 - 05 - 31)
        );
    }

    #[test]
    fn a_history_moved_off_weekends_predicts_a_weekday() {
        // The 15th, moved to Monday when it falls on a weekend.
        let dates: Vec<Date> = (1..=12)
            .map(|m| off_weekend(day_in(2026, Month::try_from(m).unwrap(), 15)))
            .collect();
        let learned = learn(&dates).unwrap();
        assert_eq!(
            learned.cadence,
            Cadence::Months {
                months: 1,
                day: 15,
                avoids_weekends: true
            }
        );
        // 2027-05-15 is a Saturday.
        assert_eq!(
            learned.cadence.next_after(date!(2027 - 04 - 15)),
            date!(2027 - 05 - 17)
        );
        assert_eq!(learned.spread_days, 0);
    }

    #[test]
    fn quarterly_weekly_and_too_little() {
        let q = learn(&[
            date!(2026 - 01 - 10),
            date!(2026 - 04 - 10),
            date!(2026 - 07 - 10),
        ])
        .unwrap();
        assert!(matches!(q.cadence, Cadence::Months { months: 3, .. }));
        assert_eq!(
            q.cadence.next_after(date!(2026 - 07 - 10)),
            date!(2026 - 10 - 10)
        );
        let w = learn(&[
            date!(2026 - 01 - 01),
            date!(2026 - 01 - 08),
            date!(2026 - 01 - 15),
        ])
        .unwrap();
        assert_eq!(w.cadence, Cadence::Days { days: 7 });
        assert_eq!(
            w.cadence.next_after(date!(2026 - 01 - 15)),
            date!(2026 - 01 - 22)
        );
        assert_eq!(learn(&[date!(2026 - 01 - 01)]), None);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1990i32..2100, 1u8..=12, 1u8..=31)
            .prop_map(|(y, m, d)| day_in(y, Month::try_from(m).unwrap(), d))
    }

    proptest! {
        /// Whatever the start, a monthly cadence gives one date a month, on its day or the
        /// month's last, strictly later each time, for years.
        #[test]
        fn monthly_dates_never_drift(start in any_date(), day in 1u8..=31, weekends: bool) {
            let cadence = Cadence::Months { months: 1, day, avoids_weekends: weekends };
            let mut date = start;
            for _ in 0..60 {
                let next = cadence.next_after(date);
                prop_assert!(next > date);
                let months = (i64::from(next.year()) * 12 + next.month() as i64)
                    - (i64::from(date.year()) * 12 + date.month() as i64);
                prop_assert!((0..=2).contains(&months), "{date} -> {next}");
                let intended = day.min(last_day(next.year(), next.month()));
                if weekends {
                    prop_assert!(!matches!(next.weekday(), Weekday::Saturday | Weekday::Sunday));
                    prop_assert!(next.day().abs_diff(intended) <= 2);
                } else {
                    prop_assert_eq!(next.day(), intended);
                }
                date = next;
            }
        }

        /// A cadence learned from dates it made gives them back, one after the other.
        #[test]
        fn learning_what_a_cadence_made_gives_it_back(start in any_date(), day in 1u8..=31, n in 3usize..24) {
            let made = Cadence::Months { months: 1, day, avoids_weekends: false };
            let mut dates = vec![day_in(start.year(), start.month(), day)];
            for _ in 1..n {
                dates.push(made.next_after(*dates.last().unwrap()));
            }
            let learned = learn(&dates).unwrap();
            for w in dates.windows(2) {
                prop_assert_eq!(learned.cadence.next_after(w[0]), w[1]);
            }
        }
    }
}
