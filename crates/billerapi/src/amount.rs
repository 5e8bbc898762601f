//! Amounts as the docs show them: integers in the currency's smallest unit (the Bill object:
//! `15420`), or decimals in major units (the pagination example: `127.50`; some servers send the
//! decimal as a string). Either becomes an exact integer of minor units, using the currency's
//! ISO 4217 exponent; a decimal is read from its text, never multiplied as a float.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::currency::minor_exponent;

/// An amount before its currency is known.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// Already in minor units (a JSON integer).
    Minor(i64),
    /// A decimal in major units, as text (a JSON number with a fraction, or a string).
    Major(String),
}

impl Amount {
    /// The amount in minor units of `currency`. More decimals than the currency has are rounded
    /// half away from zero (`0.30000000000000004` USD is 30 cents).
    pub fn to_minor(&self, currency: &str) -> Result<i64, String> {
        match self {
            Amount::Minor(n) => Ok(*n),
            Amount::Major(text) => decimal_to_minor(text, minor_exponent(currency)),
        }
    }
}

/// Parses `[-+]digits[.digits][e[-+]digits]` and scales it to `exponent` decimals, exactly.
pub fn decimal_to_minor(text: &str, exponent: u32) -> Result<i64, String> {
    let bad = || format!("{text:?} is not an amount");
    let text = text.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, shift) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], rest[i + 1..].parse::<i32>().map_err(|_| bad())?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if (whole.is_empty() && fraction.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    // All digits, and where the decimal point falls in them once scaled to minor units.
    let digits: String = format!("{whole}{fraction}");
    let point = whole.len() as i64 + i64::from(shift) + i64::from(exponent);
    if point > 40 {
        return Err(format!("{text:?} is too large an amount"));
    }
    let (int_part, rest_digits) = if point <= 0 {
        (
            String::new(),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        (
            digits[..point as usize].to_owned(),
            digits[point as usize..].to_owned(),
        )
    };
    let mut value: i128 = 0;
    for b in int_part.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i128::from(b - b'0')))
            .ok_or_else(|| format!("{text:?} is too large an amount"))?;
    }
    if rest_digits.as_bytes().first().is_some_and(|d| *d >= b'5') {
        value += 1;
    }
    let value = if negative { -value } else { value };
    i64::try_from(value).map_err(|_| format!("{text:?} is too large an amount"))
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AmountVisitor;

        impl Visitor<'_> for AmountVisitor {
            type Value = Amount;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an amount: an integer in minor units, or a decimal")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
                Ok(Amount::Minor(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
                i64::try_from(v)
                    .map(Amount::Minor)
                    .map_err(|_| E::custom("amount too large"))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
                if !v.is_finite() {
                    return Err(E::custom("amount is not a finite number"));
                }
                // Rust prints the shortest text that reads back as the same float: for a JSON
                // literal of up to 15 significant digits, that is the literal itself (127.5).
                Ok(Amount::Major(format!("{v}")))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
                Ok(Amount::Major(v.to_owned()))
            }
        }

        d.deserialize_any(AmountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str, currency: &str) -> Result<i64, String> {
        serde_json::from_str::<Amount>(json)
            .map_err(|e| e.to_string())?
            .to_minor(currency)
    }

    #[test]
    fn integers_are_minor_units_and_decimals_major_units() {
        assert_eq!(read("15420", "USD"), Ok(15420));
        assert_eq!(read("127.50", "USD"), Ok(12750));
        assert_eq!(read("\"127.50\"", "USD"), Ok(12750));
        assert_eq!(read("89.99", "USD"), Ok(8999));
        assert_eq!(read("19.99", "EUR"), Ok(1999));
        assert_eq!(read("1500.0", "JPY"), Ok(1500));
        assert_eq!(read("1.234", "KWD"), Ok(1234));
        assert_eq!(read("-0.01", "USD"), Ok(-1));
        assert_eq!(read("1.5e2", "USD"), Ok(15000));
    }

    #[test]
    fn float_artifacts_and_extra_decimals_round_to_the_currency() {
        // What a server that adds 0.1 and 0.2 as floats sends.
        assert_eq!(read(&format!("{}", 0.1_f64 + 0.2), "USD"), Ok(30));
        assert_eq!(read("0.30000000000000004", "USD"), Ok(30));
        assert_eq!(read("1.2345", "KWD"), Ok(1235));
        assert_eq!(
            read("2.675", "USD"),
            Ok(268),
            "2.675 as text, not the float 2.67499…"
        );
        assert_eq!(read("-2.675", "USD"), Ok(-268));
    }

    #[test]
    fn garbage_and_overflow_are_refused() {
        for bad in [
            "\"\"",
            "\"12a\"",
            "\"1.2.3\"",
            "\".\"",
            "\"1e999\"",
            "\"99999999999999999999\"",
        ] {
            assert!(read(bad, "USD").is_err(), "{bad}");
        }
    }
}
