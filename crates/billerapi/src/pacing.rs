//! Pacing: stay under BillerAPI's documented limits instead of running into them. The docs allow
//! 100 writes (POST, PUT, DELETE) and 1,000 reads (GET) per minute per client and environment; a
//! token bucket per kind makes a call wait for its turn. One pacer is shared by every clone of a
//! client, so a sync of many links, four at a time, paces them all together.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Requests per minute of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// POST, PUT and DELETE per minute.
    pub writes_per_minute: u32,
    /// GET per minute.
    pub reads_per_minute: u32,
}

impl RateLimits {
    /// The documented limits, the same in sandbox and production.
    pub const DOCUMENTED: RateLimits = RateLimits {
        writes_per_minute: 100,
        reads_per_minute: 1_000,
    };
}

/// The share of the documented rate the pacer refills at.
const REFILL_MARGIN: f64 = 0.95;

struct Bucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    refreshed: Instant,
}

impl Bucket {
    fn new(per_minute: u32) -> Self {
        let capacity = f64::from(per_minute.max(1));
        Self {
            capacity,
            // Refills a twentieth slower than the limit: the server's bucket starts when the first
            // request arrives, a little after ours, and that lag must never tip a request over.
            per_second: capacity / 60.0 * REFILL_MARGIN,
            tokens: capacity,
            refreshed: Instant::now(),
        }
    }

    /// Takes a token now, or says how long until one is there (and reserves it).
    fn take(&mut self, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.refreshed).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        self.refreshed = now;
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.per_second)
        }
    }
}

/// The write and read buckets of one client.
pub(crate) struct Pacer {
    writes: Mutex<Bucket>,
    reads: Mutex<Bucket>,
}

impl Pacer {
    pub(crate) fn new(limits: RateLimits) -> Self {
        Self {
            writes: Mutex::new(Bucket::new(limits.writes_per_minute)),
            reads: Mutex::new(Bucket::new(limits.reads_per_minute)),
        }
    }

    /// Waits until a request of this kind fits under the limit.
    pub(crate) async fn wait_turn(&self, write: bool) {
        let bucket = if write { &self.writes } else { &self.reads };
        let wait = bucket
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take(Instant::now());
        if !wait.is_zero() {
            tracing::debug!(
                wait_ms = wait.as_millis() as u64,
                write,
                "pacing under the rate limit"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_fits_then_each_call_waits_its_share_of_the_minute() {
        let mut bucket = Bucket::new(100);
        let t0 = Instant::now();
        for _ in 0..100 {
            assert_eq!(bucket.take(t0), Duration::ZERO);
        }
        // The 101st waits 0.6 s and the 102nd 1.2 s, plus the margin: just under 100 per minute.
        let w1 = bucket.take(t0);
        let w2 = bucket.take(t0);
        let share = 0.6 / REFILL_MARGIN;
        assert!((w1.as_secs_f64() - share).abs() < 0.01, "{w1:?}");
        assert!((w2.as_secs_f64() - 2.0 * share).abs() < 0.01, "{w2:?}");
        // A minute later the bucket is full again (but not fuller).
        let later = t0 + Duration::from_secs(120);
        for _ in 0..100 {
            assert_eq!(bucket.take(later), Duration::ZERO);
        }
        assert!(bucket.take(later) > Duration::ZERO);
    }
}
