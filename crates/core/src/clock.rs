//! Time as the database keeps it: unix seconds, shown as RFC 3339.

use time::OffsetDateTime;

/// Now, in unix seconds.
pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Unix seconds as a time (the epoch for a value out of range, which the database never holds).
pub fn from_unix(secs: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The user's offset from UTC now (chrono reads the zone; see [`today_local`]).
pub fn local_offset() -> time::UtcOffset {
    use chrono::Offset;
    let seconds = chrono::Local::now().offset().fix().local_minus_utc();
    time::UtcOffset::from_whole_seconds(seconds).unwrap_or(time::UtcOffset::UTC)
}

/// Today in the user's time zone (what "due today" means to them). chrono reads the zone itself;
/// `time`'s local offset is refused in a multi-threaded process on Linux.
pub fn today_local() -> time::Date {
    use chrono::Datelike;
    let local = chrono::Local::now().date_naive();
    time::Date::from_ordinal_date(local.year(), local.ordinal() as u16)
        .unwrap_or_else(|_| OffsetDateTime::now_utc().date())
}
