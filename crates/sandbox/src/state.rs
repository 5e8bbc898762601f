//! The state every handler shares.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::dialect::{Dialect, ErrorFormat};
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
    /// The dialect of clients not listed in `dialects`.
    pub dialect: Dialect,
    /// Clients answered in another dialect than the default.
    pub dialects: Arc<HashMap<String, Dialect>>,
    /// Which documented error body errors use.
    pub error_format: ErrorFormat,
    /// The URL the server is reached at (request-to-link pages are under it).
    pub public_url: Arc<str>,
    /// E-mail consents and connected mailboxes (in memory).
    pub emails: Arc<crate::emails::Emails>,
}

impl AppState {
    /// The dialect a client's answers follow.
    pub fn dialect_of(&self, client_id: &str) -> Dialect {
        self.dialects
            .get(client_id)
            .copied()
            .unwrap_or(self.dialect)
    }
}
