//! Billkeep's application logic, independent of Tauri: used by the desktop shell and by
//! `billkeep-cli`.
//!
//! - [`Billkeep`] (in `app`) is the entry point: settings, links, sync, bills over one data directory.
//! - [`vault`] keeps the data key (OS keyring, or a passphrase through Argon2id) and seals tokens.
//! - [`store`] is the SQLite database; [`links`], [`bills`] and [`sync`] work on it.

pub mod anomaly;
mod app;
pub mod bills;
pub mod cadence;
pub mod calendar;
pub mod changes;
pub mod chart;
pub mod clock;
pub mod discovery;
mod embedded;
mod error;
pub mod forecast;
pub mod health;
pub mod ics;
pub mod idle;
pub mod link_requests;
mod linking;
pub mod links;
pub mod money;
pub mod origin;
pub mod overview;
pub mod paths;
pub mod profiles;
mod recovery;
pub mod reminders;
mod removal;
pub mod schedule;
pub mod settings;
pub mod store;
pub mod support_log;
pub mod sync;
pub mod vault;

pub use app::{Billkeep, OpenTimings};
pub use error::{Error, ErrorCode, Result};
pub use linking::{LinkSession, LinkedAccount};
pub use recovery::Reconciled;
pub use support_log::ConnectEvent;
