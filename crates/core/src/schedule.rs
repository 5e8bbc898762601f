//! What the app does on its own, and when: reminder checks at start, hourly and after a resume
//! from sleep; one sync of every link a day, at a time of its own (spread over the day so that
//! installations do not all call at once), caught up after sleep or a day closed; nothing while
//! the vault is locked. Pure: the shell feeds it the time; tests feed it any time.

use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime, Time, UtcOffset};

/// How often the shell asks.
pub const TICK: Duration = Duration::minutes(1);
/// Reminders are checked this often.
pub const REMINDER_EVERY: Duration = Duration::hours(1);
/// A failed daily sync is tried again after this long.
pub const SYNC_RETRY: Duration = Duration::minutes(30);
/// A gap between ticks this long means the machine slept (or the clock jumped).
const SLEPT: Duration = Duration::minutes(3);
/// The daily sync's time falls between these hours (local), never at night.
const EARLIEST_HOUR: u32 = 6;
const LATEST_HOUR: u32 = 22;

/// Work to do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Announce what came due (each bill once per rule: `reminders.rs`).
    Reminders,
    /// Sync every link (the daily background sync).
    DailySync,
}

/// What the scheduler is told at each tick.
#[derive(Debug, Clone, Copy)]
pub struct Now {
    /// The time.
    pub now: OffsetDateTime,
    /// The user's offset from UTC now (what "today" and the daily time mean).
    pub offset: UtcOffset,
    /// The vault is locked: nothing may run.
    pub locked: bool,
    /// The session said it resumed from sleep since the last tick.
    pub resumed: bool,
    /// The daily sync is on.
    pub daily_sync: bool,
    /// Its local time of day.
    pub daily_at: Time,
    /// When every link was last synced (by any process, for any reason).
    pub last_full_sync: Option<OffsetDateTime>,
}

/// The scheduler's memory between ticks.
#[derive(Debug, Clone, Default)]
pub struct Scheduler {
    last_tick: Option<OffsetDateTime>,
    last_reminders: Option<OffsetDateTime>,
    last_sync_attempt: Option<OffsetDateTime>,
}

/// This installation's time of day for the daily sync: from its `client_user_id`, spread
/// between 06:00 and 22:00 so that installations do not all sync at once.
pub fn daily_time(client_user_id: &str) -> Time {
    let digest = Sha256::digest(client_user_id.as_bytes());
    let span = (LATEST_HOUR - EARLIEST_HOUR) * 60;
    let minute = u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]) % span;
    let hour = (EARLIEST_HOUR + minute / 60) as u8;
    Time::from_hms(hour, (minute % 60) as u8, 0).unwrap_or(Time::MIDNIGHT)
}

/// Reads `HH:MM` or `HH:MM:SS` (a fixed daily time, e.g. `BILLKEEP_DAILY_SYNC_AT`).
pub fn parse_time_of_day(s: &str) -> Option<Time> {
    let mut parts = s.trim().split(':').map(|p| p.parse::<u8>().ok());
    let (h, m) = (parts.next()??, parts.next()??);
    let sec = match parts.next() {
        Some(p) => p?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    Time::from_hms(h, m, sec).ok()
}

impl Scheduler {
    /// What to do at this tick. Call the tasks, then tick again after [`TICK`].
    pub fn tick(&mut self, t: &Now) -> Vec<Task> {
        if t.locked {
            // Locked: nothing runs; when it opens again, reminders are checked at once.
            self.last_reminders = None;
            self.last_tick = Some(t.now);
            return Vec::new();
        }
        let slept = t.resumed || self.last_tick.is_some_and(|last| t.now - last >= SLEPT);
        self.last_tick = Some(t.now);
        let mut tasks = Vec::new();
        let due_reminders = match self.last_reminders {
            None => true,
            Some(last) => slept || t.now - last >= REMINDER_EVERY,
        };
        if t.daily_sync && self.daily_sync_due(t) {
            self.last_sync_attempt = Some(t.now);
            tasks.push(Task::DailySync);
        }
        // A sync announces what it brought; otherwise the reminders are checked on their own.
        if due_reminders {
            self.last_reminders = Some(t.now);
            if !tasks.contains(&Task::DailySync) {
                tasks.push(Task::Reminders);
            }
        }
        tasks
    }

    /// Today's daily time has passed and no full sync happened since, and no attempt in the last
    /// half hour (a failing network is not hammered).
    fn daily_sync_due(&self, t: &Now) -> bool {
        let local = t.now.to_offset(t.offset);
        let mut slot = local.replace_time(t.daily_at);
        if slot > local {
            // Not yet today: yesterday's slot is the one that counts.
            slot -= Duration::days(1);
        }
        let synced_since = t.last_full_sync.is_some_and(|s| s >= slot);
        let tried_lately = self
            .last_sync_attempt
            .is_some_and(|a| a >= slot && t.now - a < SYNC_RETRY);
        !synced_since && !tried_lately
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset, time};

    fn at(now: OffsetDateTime) -> Now {
        Now {
            now,
            offset: offset!(+1),
            locked: false,
            resumed: false,
            daily_sync: true,
            daily_at: time!(09:30),
            last_full_sync: None,
        }
    }

    #[test]
    fn reminders_at_start_then_hourly() {
        let mut s = Scheduler::default();
        let start = datetime!(2026-11-30 06:00 UTC); // 07:00 local, before the daily time
        let mut t = at(start);
        t.last_full_sync = Some(datetime!(2026-11-29 10:00 UTC));
        assert_eq!(s.tick(&t), [Task::Reminders]);
        for minutes in 1..60 {
            t.now = start + Duration::minutes(minutes);
            assert_eq!(s.tick(&t), [], "minute {minutes}");
        }
        t.now = start + Duration::hours(1);
        assert_eq!(s.tick(&t), [Task::Reminders]);
    }

    #[test]
    fn the_daily_sync_runs_once_after_its_time_and_a_sync_by_anyone_counts() {
        let mut s = Scheduler::default();
        let mut t = at(datetime!(2026-11-30 08:00 UTC)); // 09:00 local
        t.last_full_sync = Some(datetime!(2026-11-29 09:00 UTC));
        s.tick(&t);
        t.now = datetime!(2026-11-30 08:31 UTC); // 09:31 local: past 09:30
        assert_eq!(s.tick(&t), [Task::DailySync]);
        // It succeeded: nothing more today.
        t.last_full_sync = Some(t.now);
        for minutes in 1..300 {
            t.now = datetime!(2026-11-30 08:31 UTC) + Duration::minutes(minutes);
            assert!(!s.tick(&t).contains(&Task::DailySync));
        }
        // The next day, after 09:30 again.
        t.now = datetime!(2026-12-01 08:31 UTC);
        assert!(s.tick(&t).contains(&Task::DailySync));
        // A sync by the user (or the CLI) after the time counts: none runs.
        let mut s = Scheduler::default();
        let mut t = at(datetime!(2026-12-02 09:00 UTC));
        t.last_full_sync = Some(datetime!(2026-12-02 08:45 UTC));
        assert_eq!(s.tick(&t), [Task::Reminders]);
    }

    #[test]
    fn a_failed_daily_sync_waits_half_an_hour() {
        let mut s = Scheduler::default();
        let mut t = at(datetime!(2026-11-30 12:00 UTC));
        t.last_full_sync = Some(datetime!(2026-11-28 12:00 UTC));
        assert_eq!(s.tick(&t), [Task::DailySync]);
        for _ in 1..30 {
            t.now += TICK;
            assert_eq!(s.tick(&t), []);
        }
        t.now += TICK;
        assert_eq!(s.tick(&t), [Task::DailySync]);
    }

    #[test]
    fn after_sleep_it_catches_up_at_once() {
        let mut s = Scheduler::default();
        let mut t = at(datetime!(2026-11-30 07:00 UTC)); // 08:00 local
        t.last_full_sync = Some(datetime!(2026-11-29 09:00 UTC));
        assert_eq!(s.tick(&t), [Task::Reminders]);
        // The lid closed at 08:01 and opened at 13:00: the missed daily time and the reminders
        // are caught up at the first tick, even without the session's resume signal.
        t.now = datetime!(2026-11-30 12:00 UTC);
        assert_eq!(s.tick(&t), [Task::DailySync]);
        t.last_full_sync = Some(t.now);
        // The resume signal alone brings a reminder check, even within the hour.
        t.now += Duration::minutes(5);
        t.resumed = true;
        assert_eq!(s.tick(&t), [Task::Reminders]);
    }

    #[test]
    fn nothing_runs_while_locked_and_reminders_come_at_unlock() {
        let mut s = Scheduler::default();
        let mut t = at(datetime!(2026-11-30 12:00 UTC));
        t.locked = true;
        for minutes in 0..180 {
            t.now = datetime!(2026-11-30 12:00 UTC) + Duration::minutes(minutes);
            assert_eq!(s.tick(&t), [], "minute {minutes}");
        }
        t.locked = false;
        t.last_full_sync = Some(t.now);
        assert_eq!(s.tick(&t), [Task::Reminders]);
    }

    #[test]
    fn the_daily_time_is_spread_over_the_day_and_can_be_fixed() {
        let times: Vec<Time> = (0..200)
            .map(|i| daily_time(&format!("billkeep_{i}")))
            .collect();
        assert!(times.iter().all(|t| (6..22).contains(&t.hour())));
        let hours: std::collections::BTreeSet<u8> = times.iter().map(|t| t.hour()).collect();
        assert!(hours.len() >= 12, "{hours:?}");
        assert_eq!(daily_time("billkeep_1"), daily_time("billkeep_1"));
        assert_eq!(parse_time_of_day("07:05"), Some(time!(07:05)));
        assert_eq!(parse_time_of_day("23:59:30"), Some(time!(23:59:30)));
        assert_eq!(parse_time_of_day("24:00"), None);
        assert_eq!(parse_time_of_day("7"), None);
    }
}
