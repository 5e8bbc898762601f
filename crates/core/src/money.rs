//! Money as people read it, in one place: the CLI, notifications and exports call this (the UI
//! formats with `Intl.NumberFormat`, which knows the same ISO 4217 exponents).

use billerapi::currency;

/// Minor units as `154.20 USD` (the currency's own number of decimals; the sign kept).
pub fn format(amount: i64, currency_code: &str) -> String {
    format!(
        "{} {currency_code}",
        currency::to_major(amount, currency_code)
    )
}

/// Minor units as a bare decimal (`154.20`), for CSV.
pub fn major_units(amount: i64, currency_code: &str) -> String {
    currency::to_major(amount, currency_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_negative_amounts_keep_their_minus_sign() {
        assert_eq!(format(-50, "USD"), "-0.50 USD");
        assert_eq!(format(15420, "USD"), "154.20 USD");
        assert_eq!(format(1200, "JPY"), "1200 JPY");
    }
}
