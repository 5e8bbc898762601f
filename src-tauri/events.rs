//! The events the shell sends the webview: names in one place, used by `emit` and by the
//! TypeScript generator (`bindings.rs`).

/// Payload `SyncProgress`, after each link of a sync.
pub const SYNC_PROGRESS: &str = "sync-progress";
/// No payload: the vault opened (the UI then loads its data).
pub const VAULT_READY: &str = "vault-ready";
/// No payload: the vault locked itself (idle time, screen lock, sleep, or a key rotated elsewhere).
pub const VAULT_LOCKED: &str = "vault-locked";
