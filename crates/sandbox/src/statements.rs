//! The bills each scenario produces: the documented ones exactly, and for any other account
//! number a deterministic, believable 24-month history seeded by the number (docs/sandbox.md).

use billerapi::billers::{Biller, BillerCategory};
use billerapi::bills::{BillSource, BillStatus, LineItem};
use sha2::{Digest, Sha256};
use time::{Date, Duration, Month};

use crate::scenarios::Scenario;

/// A bill about to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Position in the link's statement sequence (0 = oldest).
    pub seq: i64,
    /// When it was issued.
    pub statement_date: Date,
    /// When it is due.
    pub due_date: Date,
    /// Amount in cents; the sum of the line items.
    pub amount: i64,
    /// Its status when issued.
    pub status: BillStatus,
    /// e.g. `April 2026 Electric Bill`.
    pub description: String,
    /// Auto-pay on the account.
    pub auto_pay: bool,
    /// The itemised charges.
    pub line_items: Vec<LineItem>,
    /// Always `BILLER_DIRECT` in the sandbox.
    pub source: BillSource,
}

/// Months of history for accounts that are not one of the documented numbers.
pub const HISTORY_MONTHS: i64 = 24;

fn item(description: &str, amount: i64) -> LineItem {
    LineItem {
        description: description.to_owned(),
        amount,
    }
}

fn category_word(biller: &Biller) -> &'static str {
    match biller.category {
        BillerCategory::Electric => "Electric",
        BillerCategory::Gas => "Gas",
        BillerCategory::Water => "Water",
        BillerCategory::Telecom => "Telecom",
        BillerCategory::Insurance => "Insurance",
        BillerCategory::Unknown(_) => "Utility",
    }
}

fn monthly_description(biller: &Biller, due: Date) -> String {
    format!(
        "{} {} {} Bill",
        month_name(due.month()),
        due.year(),
        category_word(biller)
    )
}

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

/// Usage line items for a total, split the way the documented example is (85% / 10% / rest).
fn usage_items(biller: &Biller, total: i64) -> Vec<LineItem> {
    let usage = total * 85 / 100;
    let fixed = total * 10 / 100;
    let (usage_label, fixed_label) = match biller.category {
        BillerCategory::Electric => ("Electric usage", "Distribution charge"),
        BillerCategory::Gas => ("Gas usage", "Delivery charge"),
        BillerCategory::Water => ("Water usage", "Sewer service"),
        BillerCategory::Telecom => ("Monthly plan", "Equipment rental"),
        BillerCategory::Insurance => ("Premium", "Policy fee"),
        BillerCategory::Unknown(_) => ("Service", "Fees"),
    };
    vec![
        item(usage_label, usage),
        item(fixed_label, fixed),
        item("State tax", total - usage - fixed),
    ]
}

fn single(
    seq: i64,
    due: Date,
    status: BillStatus,
    description: String,
    auto_pay: bool,
    line_items: Vec<LineItem>,
) -> Statement {
    Statement {
        seq,
        statement_date: due - Duration::days(21),
        due_date: due,
        amount: line_items.iter().map(|i| i.amount).sum(),
        status,
        description,
        auto_pay,
        line_items,
        source: BillSource::BillerDirect,
    }
}

/// The statements a new link starts with. `account_index` tells apart the accounts of one login.
pub fn initial(
    scenario: Scenario,
    biller: &Biller,
    account_number: &str,
    account_index: usize,
    today: Date,
) -> Vec<Statement> {
    match scenario {
        Scenario::Success
        | Scenario::MfaRequired
        | Scenario::MultipleAccounts
        | Scenario::SyncFailure => {
            // The documented example bill, scaled per account so the three accounts differ.
            let total = [15_420, 6_230, 48_810][account_index.min(2)];
            let due = today + Duration::days(15);
            let items = if account_index == 0 && biller.category == BillerCategory::Electric {
                vec![
                    item("Electric usage (820 kWh)", 13_100),
                    item("Distribution charge", 1_520),
                    item("State tax", 800),
                ]
            } else {
                usage_items(biller, total)
            };
            vec![single(
                0,
                due,
                BillStatus::Pending,
                monthly_description(biller, due),
                false,
                items,
            )]
        }
        Scenario::PastDue => {
            let due = today - Duration::days(30);
            let mut items = usage_items(biller, 12_000);
            items.push(item("Late fee", 2_500));
            items.push(item("Interest", 180));
            vec![single(
                0,
                due,
                BillStatus::Overdue,
                monthly_description(biller, due),
                false,
                items,
            )]
        }
        Scenario::AutoPay => {
            let due = today + Duration::days(5);
            let items = usage_items(biller, 8_999);
            vec![single(
                0,
                due,
                BillStatus::Scheduled,
                monthly_description(biller, due),
                true,
                items,
            )]
        }
        Scenario::PaymentPlan => (0..3)
            .map(|n| {
                let due = today + Duration::days(10 + 30 * n);
                let status = if n == 0 {
                    BillStatus::Pending
                } else {
                    BillStatus::Scheduled
                };
                let description = format!("Payment plan installment {} of 3", n + 1);
                single(
                    n,
                    due,
                    status,
                    description.clone(),
                    false,
                    vec![item(&description, 25_000)],
                )
            })
            .collect(),
        Scenario::History => history(biller, account_number, today),
        // Error scenarios never get as far as a link.
        Scenario::AuthFailure | Scenario::BillerUnavailable | Scenario::AccountLocked => Vec::new(),
    }
}

/// How a history account bills, fixed by its number: the same every time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryProfile {
    /// Day of the month bills are due (1–31; past a month's end, its last day).
    pub due_day: u8,
    /// Usage in a month with no season (kWh, therms, hundred gallons…).
    pub base_units: i64,
    /// Price per unit before the increase, in hundredths of a cent.
    pub unit_price: i64,
    /// The fixed monthly charge before the increase, in cents (the plan, for flat billers).
    pub fixed: i64,
}

/// The statement from which prices are higher (of 24; the 15th).
pub const PRICE_INCREASE_SEQ: i64 = 14;
/// The unusually high statement (of 24; the 21st, three months before the current one).
pub const UNUSUAL_SEQ: i64 = 20;
/// A history bill is issued this many days before it is due.
pub const HISTORY_LEAD_DAYS: i64 = 21;
/// The price increase, in percent.
const INCREASE_PERCENT: i64 = 8;

impl HistoryProfile {
    /// The profile of an account number.
    pub fn of(account_number: &str) -> Self {
        let seed: [u8; 32] = Sha256::digest(format!("history/{account_number}").as_bytes()).into();
        let word = |i: usize| i64::from(u16::from_le_bytes([seed[i], seed[i + 1]]));
        Self {
            due_day: 1 + seed[0] % 31,
            base_units: 300 + word(1) % 700,
            unit_price: 1_200 + word(3) % 800,
            fixed: 900 + word(5) % 900,
        }
    }
}

/// Seasonal usage, in percent of a month with no season, by category and month.
fn season(category: &BillerCategory, month: Month) -> i64 {
    let i = month as usize - 1;
    match category {
        // Air conditioning in summer, heating and lights in winter.
        BillerCategory::Electric => [130, 120, 100, 90, 95, 115, 135, 135, 105, 90, 100, 125][i],
        BillerCategory::Gas => [160, 150, 120, 90, 70, 55, 50, 50, 60, 85, 120, 150][i],
        BillerCategory::Water => [85, 85, 90, 100, 110, 125, 135, 135, 115, 100, 90, 85][i],
        _ => 100,
    }
}

fn usage_unit(category: &BillerCategory) -> Option<&'static str> {
    match category {
        BillerCategory::Electric => Some("kWh"),
        BillerCategory::Gas => Some("therms"),
        BillerCategory::Water => Some("hundred gallons"),
        _ => None,
    }
}

/// The day a bill of `profile` falls due in a month: its day (or the month's last), moved off a
/// weekend to the Monday after, or to the Friday before when Monday is in the next month.
pub fn history_due_date(profile: &HistoryProfile, year: i32, month: Month) -> Date {
    let last = month.length(year);
    let day = profile.due_day.min(last);
    let date = Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN);
    let (forward, back) = match date.weekday() {
        time::Weekday::Saturday => (2, 1),
        time::Weekday::Sunday => (1, 2),
        _ => return date,
    };
    let monday = date + Duration::days(forward);
    if monday.month() == month {
        monday
    } else {
        date - Duration::days(back)
    }
}

/// The month `n` months after (or before, for negative `n`) `year`/`month`.
fn add_months(year: i32, month: Month, n: i64) -> (i32, Month) {
    let index = i64::from(year) * 12 + (month as i64 - 1) + n;
    let year = index.div_euclid(12) as i32;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    (year, month)
}

/// A history account's 24 statements, oldest first: monthly on a fixed day, issued
/// [`HISTORY_LEAD_DAYS`] before; the newest is the next one due on or after `today` (PENDING,
/// issued today at the latest), the others PAID. Usage follows the biller category's seasons;
/// prices rise once ([`PRICE_INCREASE_SEQ`]); one bill is unusually high ([`UNUSUAL_SEQ`]).
pub fn history(biller: &Biller, account_number: &str, today: Date) -> Vec<Statement> {
    let profile = HistoryProfile::of(account_number);
    let this_month = history_due_date(&profile, today.year(), today.month());
    let (year, month) = if this_month >= today {
        (today.year(), today.month())
    } else {
        add_months(today.year(), today.month(), 1)
    };
    (0..HISTORY_MONTHS)
        .map(|seq| {
            let (y, m) = add_months(year, month, seq - (HISTORY_MONTHS - 1));
            let due = history_due_date(&profile, y, m);
            let mut statement = history_bill(biller, account_number, &profile, seq, due);
            statement.statement_date = (due - Duration::days(HISTORY_LEAD_DAYS)).min(today);
            statement.status = if seq == HISTORY_MONTHS - 1 {
                BillStatus::Pending
            } else {
                BillStatus::Paid
            };
            statement
        })
        .collect()
}

/// Statement `seq` of a history account, due on `due` (issued [`HISTORY_LEAD_DAYS`] before,
/// PENDING): its usage for that month, at that time's prices.
pub fn history_bill(
    biller: &Biller,
    account_number: &str,
    profile: &HistoryProfile,
    seq: i64,
    due: Date,
) -> Statement {
    let noise_seed: [u8; 32] = Sha256::digest(format!("{account_number}/{seq}").as_bytes()).into();
    let raised = |amount: i64| {
        if seq >= PRICE_INCREASE_SEQ {
            amount * (100 + INCREASE_PERCENT) / 100
        } else {
            amount
        }
    };
    let unusual = seq == UNUSUAL_SEQ;
    let fixed = raised(profile.fixed);
    let mut items = match usage_unit(&biller.category) {
        Some(unit) => {
            // ±3% from month to month; the unusual month used 60% more (a heatwave, a leak).
            let noise = 97 + i64::from(noise_seed[0] % 7);
            let mut units =
                profile.base_units * season(&biller.category, due.month()) / 100 * noise / 100;
            if unusual {
                units = units * 160 / 100;
            }
            let price = raised(profile.unit_price);
            let (usage_label, fixed_label) = match biller.category {
                BillerCategory::Electric => ("Electric usage", "Distribution charge"),
                BillerCategory::Gas => ("Gas usage", "Delivery charge"),
                _ => ("Water usage", "Sewer service"),
            };
            vec![
                item(
                    &format!("{usage_label} ({units} {unit})"),
                    (units * price + 50) / 100,
                ),
                item(fixed_label, fixed),
            ]
        }
        None => {
            let (plan, extra, unusual_extra) = match biller.category {
                BillerCategory::Telecom => {
                    ("Monthly plan", "Equipment rental", "International roaming")
                }
                BillerCategory::Insurance => ("Premium", "Policy fee", "Mid-term adjustment"),
                _ => ("Service", "Fees", "One-time charge"),
            };
            let mut items = vec![item(plan, fixed * 4), item(extra, 1_000)];
            if unusual {
                items.push(item(unusual_extra, fixed * 3));
            }
            items
        }
    };
    let subtotal: i64 = items.iter().map(|i| i.amount).sum();
    items.push(item("State tax", subtotal * 5 / 100));
    let mut statement = single(
        seq,
        due,
        BillStatus::Pending,
        monthly_description(biller, due),
        false,
        items,
    );
    statement.statement_date = due - Duration::days(HISTORY_LEAD_DAYS);
    statement
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn electric() -> Biller {
        catalog::find("test_electric_company").expect("test biller")
    }

    const TODAY: Date = time::macros::date!(2026 - 04 - 01);

    #[test]
    fn success_gives_the_documented_pending_bill_due_in_15_days() {
        let bills = initial(Scenario::Success, &electric(), "4242424242", 0, TODAY);
        assert_eq!(bills.len(), 1);
        assert_eq!(bills[0].status, BillStatus::Pending);
        assert_eq!(bills[0].due_date, time::macros::date!(2026 - 04 - 16));
        assert_eq!(bills[0].amount, 15_420);
    }

    #[test]
    fn past_due_is_overdue_by_30_days_with_late_fee_and_interest() {
        let bills = initial(Scenario::PastDue, &electric(), "4000000005", 0, TODAY);
        assert_eq!(bills[0].status, BillStatus::Overdue);
        assert_eq!(bills[0].due_date, TODAY - Duration::days(30));
        let labels: Vec<&str> = bills[0]
            .line_items
            .iter()
            .map(|i| i.description.as_str())
            .collect();
        assert!(labels.contains(&"Late fee") && labels.contains(&"Interest"));
    }

    #[test]
    fn payment_plan_has_three_installments_30_days_apart() {
        let bills = initial(Scenario::PaymentPlan, &electric(), "4000000007", 0, TODAY);
        let statuses: Vec<_> = bills.iter().map(|b| b.status.clone()).collect();
        assert_eq!(
            statuses,
            [
                BillStatus::Pending,
                BillStatus::Scheduled,
                BillStatus::Scheduled
            ]
        );
        assert_eq!(bills[1].due_date - bills[0].due_date, Duration::days(30));
        assert_eq!(bills[2].description, "Payment plan installment 3 of 3");
    }

    #[test]
    fn history_is_24_deterministic_statements_whose_items_add_up() {
        let a = initial(Scenario::History, &electric(), "5555000011", 0, TODAY);
        let b = initial(Scenario::History, &electric(), "5555000011", 0, TODAY);
        let other = initial(Scenario::History, &electric(), "5555000012", 0, TODAY);
        assert_eq!(a.len(), 24);
        assert_eq!(a, b);
        assert_ne!(a, other);
        for bill in &a {
            assert_eq!(
                bill.amount,
                bill.line_items.iter().map(|i| i.amount).sum::<i64>()
            );
        }
        assert!(a[..23].iter().all(|b| b.status == BillStatus::Paid));
        assert_eq!(a[23].status, BillStatus::Pending);
        assert!(a[23].due_date >= TODAY && a[23].statement_date <= TODAY);
        assert!(a[22].due_date < TODAY);
    }

    #[test]
    fn history_is_due_on_one_day_a_month_off_weekends() {
        for number in ["5555000011", "5555555555", "1234", "98765432109876543210"] {
            let profile = HistoryProfile::of(number);
            for bill in initial(Scenario::History, &electric(), number, 0, TODAY) {
                let due = bill.due_date;
                assert!(
                    !matches!(
                        due.weekday(),
                        time::Weekday::Saturday | time::Weekday::Sunday
                    ),
                    "{number}: {due}"
                );
                let nominal = profile.due_day.min(due.month().length(due.year()));
                assert!(
                    due.day().abs_diff(nominal) <= 2,
                    "{number}: {due} vs day {nominal}"
                );
                let lead = bill.due_date - bill.statement_date;
                assert!(
                    lead == Duration::days(HISTORY_LEAD_DAYS)
                        || (bill.statement_date == TODAY
                            && lead > Duration::days(HISTORY_LEAD_DAYS)),
                    "{number}: issued {} for {due}",
                    bill.statement_date
                );
            }
        }
    }

    #[test]
    fn history_has_seasons_one_price_increase_and_one_unusual_bill() {
        let bills = initial(Scenario::History, &electric(), "5555555555", 0, TODAY);
        let fixed = |b: &Statement| b.line_items[1].amount;
        assert!(bills[..PRICE_INCREASE_SEQ as usize]
            .iter()
            .all(|b| fixed(b) == fixed(&bills[0])));
        assert!(bills[PRICE_INCREASE_SEQ as usize..]
            .iter()
            .all(|b| fixed(b) > fixed(&bills[0])));
        // Electric: July costs more than April of the same year, by season alone.
        let month = |m: Month| {
            bills
                .iter()
                .filter(|b| b.due_date.month() == m)
                .map(|b| b.amount)
                .min()
                .unwrap()
        };
        assert!(month(Month::July) > month(Month::April) * 115 / 100);
        // The unusual bill stands out from its neighbours.
        let unusual = bills[UNUSUAL_SEQ as usize].amount;
        assert!(unusual > bills[UNUSUAL_SEQ as usize - 1].amount * 13 / 10);
        assert!(unusual > bills[UNUSUAL_SEQ as usize + 1].amount * 13 / 10);
        // Telecom is flat: the same plan every month but for the increase and the roaming.
        let phone = catalog::find("test_telecom").unwrap();
        let phone_bills = initial(Scenario::History, &phone, "5555555555", 0, TODAY);
        assert_eq!(phone_bills[0].amount, phone_bills[5].amount);
        assert!(phone_bills[UNUSUAL_SEQ as usize]
            .line_items
            .iter()
            .any(|i| i.description == "International roaming"));
    }

    #[test]
    fn due_dates_past_a_months_end_take_its_last_day() {
        let profile = HistoryProfile {
            due_day: 31,
            base_units: 1,
            unit_price: 1,
            fixed: 1,
        };
        use time::macros::date;
        // Fri 2027-04-30 (April has 30 days); Sat 2027-07-31 → Fri 30th (Monday is August).
        assert_eq!(
            history_due_date(&profile, 2027, Month::April),
            date!(2027 - 04 - 30)
        );
        assert_eq!(
            history_due_date(&profile, 2027, Month::July),
            date!(2027 - 07 - 30)
        );
        // Tue 2028-02-29 (a leap year); Sun 2027-02-28 → Fri 26th (Monday is March).
        assert_eq!(
            history_due_date(&profile, 2028, Month::February),
            date!(2028 - 02 - 29)
        );
        assert_eq!(
            history_due_date(&profile, 2027, Month::February),
            date!(2027 - 02 - 26)
        );
    }
}
