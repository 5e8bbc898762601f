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

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Money {
    /// Minor units.
    pub amount: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// Sums amounts per currency (bills of one person may come in several), by currency code.
pub fn totals<'a>(amounts: impl IntoIterator<Item = (i64, &'a str)>) -> Vec<Money> {
    let mut sums: std::collections::BTreeMap<&str, i64> = Default::default();
    for (amount, currency) in amounts {
        *sums.entry(currency).or_default() += amount;
    }
    sums.into_iter()
        .map(|(currency, amount)| Money {
            amount,
            currency: currency.to_owned(),
        })
        .collect()
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
