//! The sandbox clock: real time plus an offset that `/sandbox/clock` can move, so expiry can be
//! tested without waiting.

use std::sync::atomic::{AtomicI64, Ordering};

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// The earliest time the sandbox clock may show.
pub const EARLIEST: OffsetDateTime = datetime!(1971-01-01 00:00 UTC);
/// The latest: far enough from the calendar's end (year 9999) that every date the emulator
/// computes from "now" (statement histories, due dates, expiries) stays representable.
pub const LATEST: OffsetDateTime = datetime!(9000-12-31 23:59:59 UTC);

/// The clock was asked to leave [`EARLIEST`]..=[`LATEST`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange;

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
        let now = OffsetDateTime::now_utc()
            .checked_add(Duration::seconds(self.offset()))
            .unwrap_or(LATEST)
            .clamp(EARLIEST, LATEST);
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
    pub fn set(&self, now: OffsetDateTime) -> Result<(), OutOfRange> {
        if !(EARLIEST..=LATEST).contains(&now) {
            return Err(OutOfRange);
        }
        let offset = (now - OffsetDateTime::now_utc()).whole_seconds();
        self.offset_seconds.store(offset, Ordering::Relaxed);
        Ok(())
    }

    /// Moves the clock forward (or back, if negative).
    pub fn advance(&self, seconds: i64) -> Result<(), OutOfRange> {
        let offset = self.offset().checked_add(seconds).ok_or(OutOfRange)?;
        let target = OffsetDateTime::now_utc()
            .checked_add(Duration::seconds(offset))
            .ok_or(OutOfRange)?;
        if !(EARLIEST..=LATEST).contains(&target) {
            return Err(OutOfRange);
        }
        self.offset_seconds.store(offset, Ordering::Relaxed);
        Ok(())
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
        clock.advance(31 * 60).unwrap();
        let moved = (clock.now() - before).whole_seconds();
        assert!((31 * 60..31 * 60 + 2).contains(&moved), "moved {moved} s");
        clock.reset();
        assert_eq!(clock.offset(), 0);
    }

    #[test]
    fn setting_a_time_keeps_it_within_a_second() {
        let clock = Clock::default();
        let target = time::macros::datetime!(2030-01-02 03:04:05 UTC);
        clock.set(target).unwrap();
        assert!((clock.now() - target).whole_seconds().abs() <= 1);
    }

    #[test]
    fn the_clock_cannot_leave_the_calendar() {
        let clock = Clock::default();
        assert_eq!(
            clock.set(datetime!(9999-12-31 23:59:59 UTC)),
            Err(OutOfRange)
        );
        clock.set(LATEST).unwrap();
        assert_eq!(clock.advance(i64::MAX), Err(OutOfRange));
        assert_eq!(clock.advance(86_400), Err(OutOfRange));
        assert!(clock.now() <= LATEST);
    }
}
