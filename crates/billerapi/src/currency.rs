//! ISO 4217 minor units: how many decimals a currency's amounts have (USD 2, JPY 0, KWD 3). Bill
//! amounts are integers in the smallest unit; this says where the decimal point goes.

/// Currencies with no minor unit (ISO 4217 exponent 0).
const EXPONENT_0: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];
/// Currencies with three decimals (ISO 4217 exponent 3).
const EXPONENT_3: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];
/// Currencies with four decimals (ISO 4217 exponent 4: accounting units).
const EXPONENT_4: &[&str] = &["CLF", "UYW"];

/// The number of decimals of `currency` (an ISO 4217 code, any case); 2 for codes not listed.
pub fn minor_exponent(currency: &str) -> u32 {
    let code = currency.trim().to_ascii_uppercase();
    let code = code.as_str();
    if EXPONENT_0.contains(&code) {
        0
    } else if EXPONENT_3.contains(&code) {
        3
    } else if EXPONENT_4.contains(&code) {
        4
    } else {
        2
    }
}

/// An amount in minor units as a decimal in major units: `-15420` USD → `-154.20`, `500` JPY →
/// `500`, `1234` KWD → `1.234`. Exact (no floating point).
pub fn to_major(amount: i64, currency: &str) -> String {
    let exponent = minor_exponent(currency);
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    if exponent == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u64.pow(exponent);
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exponent as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(minor_exponent("USD"), 2);
        assert_eq!(minor_exponent("jpy"), 0);
        assert_eq!(minor_exponent("KWD"), 3);
        assert_eq!(minor_exponent("XYZ"), 2);
    }

    #[test]
    fn amounts_print_exactly_with_their_sign() {
        assert_eq!(to_major(15420, "USD"), "154.20");
        assert_eq!(to_major(-5, "USD"), "-0.05");
        assert_eq!(to_major(-99, "EUR"), "-0.99");
        assert_eq!(to_major(500, "JPY"), "500");
        assert_eq!(to_major(1234, "KWD"), "1.234");
        assert_eq!(to_major(i64::MIN, "USD"), "-92233720368547758.08");
    }
}
