//! Per-client token buckets, one for writes (POST, PUT, DELETE) and one for reads (GET), as the
//! docs limit them: past the rate, calls answer 429 with `Retry-After`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// How many requests a caller may make, and per how many seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimit {
    /// Requests allowed in a burst (the bucket size).
    pub requests: u32,
    /// Seconds to refill the whole bucket.
    pub per_seconds: f64,
}

impl std::str::FromStr for RateLimit {
    type Err = String;

    /// Parses `N/SECONDS`, e.g. `100/1` or `600/60`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (n, secs) = s.split_once('/').ok_or("expected N/SECONDS, e.g. 100/1")?;
        let requests: u32 = n.trim().parse().map_err(|_| "N must be a whole number")?;
        let per_seconds: f64 = secs
            .trim()
            .parse()
            .map_err(|_| "SECONDS must be a number")?;
        if requests == 0 || per_seconds <= 0.0 || !per_seconds.is_finite() {
            return Err("both N and SECONDS must be positive".to_owned());
        }
        Ok(RateLimit {
            requests,
            per_seconds,
        })
    }
}

struct Bucket {
    tokens: f64,
    refreshed: Instant,
}

/// The limits of writes and of reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// POST, PUT and DELETE.
    pub writes: RateLimit,
    /// GET (and everything else).
    pub reads: RateLimit,
}

impl RateLimits {
    /// The documented limits: 100 writes and 1,000 reads a minute per client.
    pub const DOCUMENTED: RateLimits = RateLimits {
        writes: RateLimit {
            requests: 100,
            per_seconds: 60.0,
        },
        reads: RateLimit {
            requests: 1_000,
            per_seconds: 60.0,
        },
    };

    /// The same limit for writes and reads (each its own bucket).
    pub fn uniform(limit: RateLimit) -> Self {
        Self {
            writes: limit,
            reads: limit,
        }
    }
}

/// Buckets per caller key (a client, or a token or "unauthenticated" for the rest), per kind.
pub struct RateLimiter {
    limits: RateLimits,
    buckets: Mutex<HashMap<(String, bool), Bucket>>,
}

impl RateLimiter {
    /// A limiter enforcing `limits` per caller.
    pub fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token of `key`'s write or read bucket; `Err(seconds to wait)` when it is empty.
    pub fn check(&self, key: &str, write: bool) -> Result<(), u64> {
        let limit = if write {
            self.limits.writes
        } else {
            self.limits.reads
        };
        let capacity = f64::from(limit.requests);
        let rate = capacity / limit.per_seconds;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry((key.to_owned(), write)).or_insert(Bucket {
            tokens: capacity,
            refreshed: now,
        });
        let elapsed = now.duration_since(bucket.refreshed).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(capacity);
        bucket.refreshed = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            // Whole seconds, rounded up, as Retry-After wants.
            Err(((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_past_the_limit_is_told_how_long_to_wait() {
        let limiter = RateLimiter::new(RateLimits::uniform("3/60".parse().expect("parses")));
        assert!((0..3).all(|_| limiter.check("client_a", true).is_ok()));
        assert_eq!(limiter.check("client_a", true), Err(20));
        assert!(
            limiter.check("client_a", false).is_ok(),
            "reads have their own bucket"
        );
        assert!(
            limiter.check("client_b", true).is_ok(),
            "buckets are per caller"
        );
    }

    #[test]
    fn bad_specs_are_refused() {
        for bad in ["", "10", "0/1", "5/0", "x/1", "5/-1"] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad:?}");
        }
    }
}
