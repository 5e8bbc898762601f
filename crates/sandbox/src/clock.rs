//! The sandbox clock: real time plus an offset that `/sandbox/clock` can move, so expiry can be
//! tested without waiting.

use std::sync::atomic::{AtomicI64, Ordering};

use time::{Duration, OffsetDateTime};

/// Real time shifted by an adjustable number of seconds.
#[derive(Debug, Default)]
pub struct Clock {
    offset_seconds: AtomicI64,
}

impl Clock {
    /// A clock that starts `offset_seconds` away from real time.
    pub fn with_offset(offset_seconds: i64) -> Self {
        Self {
            offset_seconds: AtomicI64::new(offset_seconds),
        }
    }

    /// The sandbox's current time, in whole seconds (as the API's timestamps are).
    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc() + Duration::seconds(self.offset());
        now.replace_nanosecond(0).unwrap_or(now)
    }

    /// The sandbox's current date.
    pub fn today(&self) -> time::Date {
        self.now().date()
    }

    /// How far the clock is from real time, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_seconds.load(Ordering::Relaxed)
    }

    /// Makes `now` the current time; time keeps running from there.
    pub fn set(&self, now: OffsetDateTime) {
        let offset = (now - OffsetDateTime::now_utc()).whole_seconds();
        self.offset_seconds.store(offset, Ordering::Relaxed);
    }

    /// Moves the clock forward (or back, if negative).
    pub fn advance(&self, seconds: i64) {
        self.offset_seconds.fetch_add(seconds, Ordering::Relaxed);
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_seconds.store(0, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_now_by_that_much() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(31 * 60);
        let moved = (clock.now() - before).whole_seconds();
        assert!((31 * 60..31 * 60 + 2).contains(&moved), "moved {moved} s");
        clock.reset();
        assert_eq!(clock.offset(), 0);
    }

    #[test]
    fn setting_a_time_keeps_it_within_a_second() {
        let clock = Clock::default();
        let target = time::macros::datetime!(2030-01-02 03:04:05 UTC);
        clock.set(target);
        assert!((clock.now() - target).whole_seconds().abs() <= 1);
    }
}
