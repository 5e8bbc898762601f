//! The API's date and timestamp formats: `YYYY-MM-DD` dates and RFC 3339 timestamps.

pub use time::{Date, OffsetDateTime};

/// Serde for `YYYY-MM-DD` calendar dates (`#[serde(with = "billerapi::dates::iso_date")]`).
pub mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::Date;

    /// Writes `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_date(*date))
    }

    /// Reads `YYYY-MM-DD`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::parse_date(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid date {text:?}: expected YYYY-MM-DD"))
        })
    }
}

/// Serde for RFC 3339 timestamps (`2026-04-06T12:00:00Z`).
pub use time::serde::rfc3339;

/// Serde for timestamps written as [`format_timestamp`] does (UTC, whole seconds), read as any
/// RFC 3339 (`#[serde(with = "billerapi::dates::timestamp")]`).
pub mod timestamp {
    use serde::Serializer;
    use time::OffsetDateTime;

    /// Writes `2026-04-06T12:00:00Z`.
    pub fn serialize<S: Serializer>(at: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_timestamp(*at))
    }

    pub use time::serde::rfc3339::deserialize;

    /// The same for `Option<OffsetDateTime>` (`null` when absent).
    pub mod option {
        use serde::Serializer;
        use time::OffsetDateTime;

        /// Writes the timestamp, or `null`.
        pub fn serialize<S: Serializer>(
            at: &Option<OffsetDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => s.serialize_some(&super::super::format_timestamp(*at)),
                None => s.serialize_none(),
            }
        }

        pub use time::serde::rfc3339::option::deserialize;
    }
}

/// Formats a timestamp as RFC 3339 in UTC, with whole seconds, as the docs' examples show.
pub fn format_timestamp(at: OffsetDateTime) -> String {
    let at = at
        .to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format).ok()
}

/// Formats a `YYYY-MM-DD` date.
pub fn format_date(date: Date) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    date.format(&format).unwrap_or_default()
}
