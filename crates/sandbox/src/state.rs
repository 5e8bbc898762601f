//! The state every handler shares.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::rate_limit::RateLimiter;
use crate::store::Store;

/// Shared by all handlers (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The sandbox clock.
    pub clock: Arc<Clock>,
    /// Client id → SHA-256 of its secret.
    pub clients: Arc<HashMap<String, [u8; 32]>>,
    /// How long a triggered sync takes to complete.
    pub sync_delay: Duration,
    /// Present when a rate limit is configured.
    pub rate_limiter: Option<Arc<RateLimiter>>,
}
