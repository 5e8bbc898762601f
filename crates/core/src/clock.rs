//! Time as the database keeps it: unix seconds, shown as RFC 3339.

use time::OffsetDateTime;

/// Now, in unix seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Unix seconds as RFC 3339 (empty for a time out of range).
pub fn rfc3339(secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(secs)
        .map(billerapi::dates::format_timestamp)
        .unwrap_or_default()
}
