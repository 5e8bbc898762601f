//! The bills each scenario produces: the documented ones exactly, and for any other account
//! number a deterministic 24-month history seeded by the number.

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
        Scenario::History => (0..HISTORY_MONTHS)
            .map(|seq| history_statement(biller, account_number, seq, today))
            .collect(),
        // Error scenarios never get as far as a link.
        Scenario::AuthFailure | Scenario::BillerUnavailable | Scenario::AccountLocked => Vec::new(),
    }
}

/// Statement `seq` of a history account: the newest (seq 23) was issued about a week ago.
pub fn history_statement(
    biller: &Biller,
    account_number: &str,
    seq: i64,
    today: Date,
) -> Statement {
    let seed: [u8; 32] = Sha256::digest(format!("{account_number}/{seq}").as_bytes()).into();
    let day_shift = i64::from(seed[0] % 7);
    let months_back = HISTORY_MONTHS - 1 - seq;
    let statement_date = today - Duration::days(7 + day_shift + 30 * months_back);
    let due = statement_date + Duration::days(21);
    // A base per account, a seasonal swing and some noise: believable, and the same every time.
    let base = 6_000 + i64::from(u16::from_le_bytes([seed[1], seed[2]]) % 9_000);
    let season = match statement_date.month() {
        Month::December | Month::January | Month::February => 130,
        Month::June | Month::July | Month::August => 115,
        _ => 100,
    };
    let noise = 95 + i64::from(seed[3] % 11);
    let total = base * season / 100 * noise / 100;
    let status = if due >= today {
        BillStatus::Pending
    } else {
        BillStatus::Paid
    };
    let mut statement = single(
        seq,
        due,
        status,
        monthly_description(biller, due),
        false,
        usage_items(biller, total),
    );
    statement.statement_date = statement_date;
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
    }
}
