//! The documented sandbox magic numbers and what each one does.

use billerapi::link::DiscoveredAccount;
use billerapi::sandbox::Scenario as ScenarioInfo;

/// The only MFA code the sandbox accepts.
pub const MFA_CODE: &str = "123456";

/// What an account number makes the sandbox do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// `4242424242`: accepted, one residential account, one PENDING bill due in 15 days.
    Success,
    /// `4000000001`: `INVALID_CREDENTIALS` at the credentials step.
    AuthFailure,
    /// `4000000002`: `BILLER_UNAVAILABLE` at the credentials step and on bills.
    BillerUnavailable,
    /// `4000000003`: MFA required; `123456` continues.
    MfaRequired,
    /// `4000000004`: `ACCOUNT_LOCKED` at the credentials step.
    AccountLocked,
    /// `4000000005`: one OVERDUE bill 30 days past due with late fee and interest.
    PastDue,
    /// `4000000006`: one SCHEDULED auto-pay bill due in 5 days.
    AutoPay,
    /// `4000000007`: three installments 30 days apart.
    PaymentPlan,
    /// `4000000008`: discovery finds three accounts.
    MultipleAccounts,
    /// **[ours]** `4000000009`: accepted like `4242424242`, but every triggered sync ends
    /// `FAILED` (the biller times out), so a client's handling of a failed sync can be seen.
    SyncFailure,
    /// Any other number: accepted, with 24 monthly statements seeded by the number.
    History,
}

/// Scenarios of ours, beyond the documented nine (docs/sandbox.md says so).
const OURS: [(&str, Scenario); 2] = [
    ("4000000009", Scenario::SyncFailure),
    // Any undocumented number has a history; this one is offered where numbers are listed.
    ("5555555555", Scenario::History),
];

/// The error of every sync of a [`Scenario::SyncFailure`] account.
pub const SYNC_FAILURE: &str = "BILLER_TIMEOUT: the biller did not answer in time; try again later";

const DOCUMENTED: [(&str, Scenario); 9] = [
    ("4242424242", Scenario::Success),
    ("4000000001", Scenario::AuthFailure),
    ("4000000002", Scenario::BillerUnavailable),
    ("4000000003", Scenario::MfaRequired),
    ("4000000004", Scenario::AccountLocked),
    ("4000000005", Scenario::PastDue),
    ("4000000006", Scenario::AutoPay),
    ("4000000007", Scenario::PaymentPlan),
    ("4000000008", Scenario::MultipleAccounts),
];

impl Scenario {
    /// The scenario an account number selects.
    pub fn of(account_number: &str) -> Scenario {
        DOCUMENTED
            .iter()
            .chain(OURS.iter())
            .find(|(number, _)| *number == account_number)
            .map_or(Scenario::History, |(_, scenario)| *scenario)
    }

    /// The documented name.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Success => "success",
            Scenario::AuthFailure => "auth_failure",
            Scenario::BillerUnavailable => "biller_unavailable",
            Scenario::MfaRequired => "mfa_required",
            Scenario::AccountLocked => "account_locked",
            Scenario::PastDue => "past_due",
            Scenario::AutoPay => "auto_pay",
            Scenario::PaymentPlan => "payment_plan",
            Scenario::MultipleAccounts => "multiple_accounts",
            Scenario::SyncFailure => "sync_failure",
            Scenario::History => "history",
        }
    }

    /// The error the credentials step (and bill retrieval) answers with, if any.
    pub fn credentials_error(self) -> Option<(&'static str, &'static str)> {
        match self {
            Scenario::AuthFailure => Some((
                "INVALID_CREDENTIALS",
                "The username or password is incorrect.",
            )),
            Scenario::BillerUnavailable => Some((
                "BILLER_UNAVAILABLE",
                "The biller is temporarily unavailable. Try again later.",
            )),
            Scenario::AccountLocked => Some((
                "ACCOUNT_LOCKED",
                "The account is locked after too many failed attempts. Unlock it with the biller.",
            )),
            _ => None,
        }
    }

    /// Whether the credentials step asks for MFA.
    pub fn requires_mfa(self) -> bool {
        self == Scenario::MfaRequired
    }

    /// The accounts discovery finds.
    pub fn accounts(self, account_number: &str) -> Vec<DiscoveredAccount> {
        let account = |id: &str, name: &str, kind: &str, mask: String| DiscoveredAccount {
            account_id: id.to_owned(),
            name: name.to_owned(),
            account_number: mask,
            account_type: kind.to_owned(),
        };
        let primary = account("acct_1", "Primary", "residential", mask(account_number));
        if self != Scenario::MultipleAccounts {
            return vec![primary];
        }
        vec![
            primary,
            account(
                "acct_2",
                "Vacation Home",
                "residential",
                mask(&format!("{account_number}1")),
            ),
            account(
                "acct_3",
                "Business",
                "business",
                mask(&format!("{account_number}2")),
            ),
        ]
    }

    /// The scenario table for `GET /sandbox/scenarios`: the documented nine, then ours.
    pub fn documented() -> Vec<ScenarioInfo> {
        DOCUMENTED
            .iter()
            .chain(OURS.iter())
            .map(|(number, scenario)| ScenarioInfo {
                account_number: (*number).to_owned(),
                scenario: scenario.name().to_owned(),
                description: scenario.description().to_owned(),
                error_code: scenario
                    .credentials_error()
                    .map(|(code, _)| code.to_owned()),
                next_step: match scenario {
                    Scenario::MfaRequired => Some("submit_mfa".to_owned()),
                    s if s.credentials_error().is_none() => Some("discover_accounts".to_owned()),
                    _ => None,
                },
            })
            .collect()
    }

    fn description(self) -> &'static str {
        match self {
            Scenario::Success => "Credentials accepted on first try; one residential account; one PENDING bill due in 15 days.",
            Scenario::AuthFailure => "submit-credentials answers 200 with success: false and INVALID_CREDENTIALS.",
            Scenario::BillerUnavailable => "Transient biller outage: credentials step and bills fail with BILLER_UNAVAILABLE.",
            Scenario::MfaRequired => "submit-credentials answers status: mfa_required; submit-mfa with 123456 continues.",
            Scenario::AccountLocked => "The credentials step fails with ACCOUNT_LOCKED.",
            Scenario::PastDue => "Accepted; one OVERDUE bill 30 days past due with late fee and interest line items.",
            Scenario::AutoPay => "Accepted; one SCHEDULED bill with auto_pay_enabled, due in 5 days.",
            Scenario::PaymentPlan => "Accepted; three installment bills 30 days apart (one PENDING, two SCHEDULED).",
            Scenario::MultipleAccounts => "Discovery returns three accounts: Primary, Vacation Home, Business.",
            Scenario::SyncFailure => "[Billkeep's emulator] Accepted like 4242424242, but every triggered sync ends FAILED (the biller times out).",
            Scenario::History => "[Billkeep's emulator] This or any other undocumented number: accepted, with 24 monthly statements (seasonal usage, one price increase, one unusually high bill).",
        }
    }
}

/// `****` and the last four digits.
pub fn mask(account_number: &str) -> String {
    let digits: Vec<char> = account_number.chars().collect();
    let tail: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    format!("****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nine_documented_numbers_select_their_scenarios() {
        assert_eq!(Scenario::of("4242424242"), Scenario::Success);
        assert_eq!(Scenario::of("4000000003"), Scenario::MfaRequired);
        assert_eq!(Scenario::of("4000000008"), Scenario::MultipleAccounts);
        assert_eq!(Scenario::of("1234567890"), Scenario::History);
        assert_eq!(Scenario::of("4000000009"), Scenario::SyncFailure);
        assert_eq!(Scenario::of("5555555555"), Scenario::History);
        assert_eq!(Scenario::documented().len(), 11);
    }

    #[test]
    fn multiple_accounts_discovers_three_named_accounts() {
        let names: Vec<String> = Scenario::MultipleAccounts
            .accounts("4000000008")
            .into_iter()
            .map(|a| a.name)
            .collect();
        assert_eq!(names, ["Primary", "Vacation Home", "Business"]);
        assert_eq!(
            Scenario::Success.accounts("4242424242")[0].account_number,
            "****4242"
        );
    }
}
