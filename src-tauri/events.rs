//! The events the shell sends the webview, declared once: the name constants `emit` uses and the
//! list the TypeScript generator (`bindings.rs`) reads, payload types included.

use billkeep_core::changes::DataChanged;
use billkeep_core::sync::SyncProgress;

/// One event as the webview sees it.
pub struct EventSpec {
    /// The Rust and TypeScript constant (`SYNC_PROGRESS`).
    pub constant: &'static str,
    /// The event name on the wire (`sync-progress`).
    pub name: &'static str,
    /// Its doc line.
    pub doc: &'static str,
    /// The TypeScript type of its payload.
    pub payload: String,
    /// Registers the TypeScript declarations its payload needs.
    pub visit: fn(&mut crate::bindings::Declarations),
}

macro_rules! events {
    ($( $(#[doc = $doc:literal])* $constant:ident = $name:literal => $payload:ty ; )*) => {
        $( $(#[doc = $doc])* pub const $constant: &str = $name; )*

        /// Every event, for the generator.
        pub fn events() -> Vec<EventSpec> {
            vec![$(EventSpec {
                constant: stringify!($constant),
                name: $name,
                doc: concat!($($doc),*),
                payload: crate::bindings::ts::<$payload>(),
                visit: |d| d.visit::<$payload>(),
            }),*]
        }
    };
}

events! {
    /// After each link of a sync, with how it ended.
    SYNC_PROGRESS = "sync-progress" => SyncProgress;
    /// The vault opened (the UI then loads its data).
    VAULT_READY = "vault-ready" => ();
    /// The vault locked itself (idle time, screen lock, sleep, a key rotated elsewhere).
    VAULT_LOCKED = "vault-locked" => ();
    /// Links, bills or settings changed in the database (this app, the CLI, a background sync).
    DATA_CHANGED = "data-changed" => DataChanged;
    /// The tray asked to show a screen (`bills`).
    SHOW_SCREEN = "show-screen" => String;
    /// The window was closed for the first time: ask whether to keep running in the tray.
    CLOSE_ASKED = "close-asked" => ();
    /// The check at start found a newer version.
    UPDATE_AVAILABLE = "update-available" => crate::updates::UpdateStatus;
    /// A `billkeep://` link (or the e-mail discovery's result) waits: call `take_ui_request`.
    DEEP_LINK = "deep-link" => ();
}
