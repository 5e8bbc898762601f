//! When a passphrase vault locks itself: after the configured idle minutes without user activity.
//! Kept in Rust (the shell runs it on a timer), so a webview that stops reporting, or whose timers
//! the OS throttles, cannot keep the key in memory. Work the user cannot see progress on (an open
//! Connect flow, whose activity happens inside its iframe; a running sync) delays the lock, but by
//! at most [`BUSY_GRACE`]. The clock is passed in, so tests need not wait.

use std::time::{Duration, Instant};

/// The longest a busy app (Connect open, a sync running) may stay unlocked past its idle limit.
pub const BUSY_GRACE: Duration = Duration::from_secs(10 * 60);

/// The user's last activity and what is running.
#[derive(Debug, Clone)]
pub struct IdleTimer {
    last_activity: Instant,
    connect_open: bool,
    syncs: u32,
}

impl IdleTimer {
    /// A timer whose idle time starts at `now`.
    pub fn new(now: Instant) -> Self {
        Self {
            last_activity: now,
            connect_open: false,
            syncs: 0,
        }
    }

    /// The user did something (typed, clicked, scrolled).
    pub fn touch(&mut self, now: Instant) {
        self.last_activity = self.last_activity.max(now);
    }

    /// Whether a Connect flow is on screen (the UI says so when it opens and closes).
    pub fn set_connect_open(&mut self, open: bool) {
        self.connect_open = open;
    }

    /// A sync started.
    pub fn sync_started(&mut self) {
        self.syncs += 1;
    }

    /// A sync ended.
    pub fn sync_ended(&mut self) {
        self.syncs = self.syncs.saturating_sub(1);
    }

    /// When the vault should lock with an idle limit of `minutes` (0: never).
    pub fn deadline(&self, minutes: u32) -> Option<Instant> {
        if minutes == 0 {
            return None;
        }
        let idle_limit = self.last_activity + Duration::from_secs(u64::from(minutes) * 60);
        let busy = self.connect_open || self.syncs > 0;
        Some(if busy {
            idle_limit + BUSY_GRACE
        } else {
            idle_limit
        })
    }

    /// Whether the vault should be locked at `now`.
    pub fn lock_due(&self, now: Instant, minutes: u32) -> bool {
        self.deadline(minutes).is_some_and(|at| now >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn locks_after_the_idle_minutes_and_activity_postpones_it() {
        let t0 = Instant::now();
        let mut timer = IdleTimer::new(t0);
        assert!(!timer.lock_due(t0 + 14 * MIN, 15));
        assert!(timer.lock_due(t0 + 15 * MIN, 15));
        timer.touch(t0 + 10 * MIN);
        assert!(!timer.lock_due(t0 + 24 * MIN, 15));
        assert!(timer.lock_due(t0 + 25 * MIN, 15));
        // An older report cannot move the last activity back.
        timer.touch(t0);
        assert!(!timer.lock_due(t0 + 24 * MIN, 15));
    }

    #[test]
    fn zero_minutes_never_locks() {
        let t0 = Instant::now();
        assert!(!IdleTimer::new(t0).lock_due(t0 + 100_000 * MIN, 0));
    }

    #[test]
    fn an_open_connect_flow_or_a_sync_delays_the_lock_by_at_most_ten_minutes() {
        let t0 = Instant::now();
        let mut timer = IdleTimer::new(t0);
        timer.set_connect_open(true);
        assert!(!timer.lock_due(t0 + 24 * MIN, 15));
        assert!(timer.lock_due(t0 + 25 * MIN, 15), "never forever");
        timer.set_connect_open(false);
        timer.sync_started();
        assert!(!timer.lock_due(t0 + 20 * MIN, 15));
        assert!(timer.lock_due(t0 + 25 * MIN, 15));
        timer.sync_ended();
        assert!(timer.lock_due(t0 + 15 * MIN, 15));
    }
}
