//! Billkeep's application logic, independent of Tauri: used by the desktop shell and by
//! `billkeep-cli`.
//!
//! - [`Billkeep`] (in `app`) is the entry point: settings, links, sync, bills over one data directory.
//! - [`vault`] keeps the data key (OS keyring, or a passphrase through Argon2id) and seals tokens.
//! - [`store`] is the SQLite database; [`links`], [`bills`] and [`sync`] work on it.

mod app;
pub mod bills;
mod embedded;
mod error;
pub mod links;
pub mod paths;
pub mod settings;
pub mod store;
pub mod sync;
pub mod vault;

pub use app::{Billkeep, ConnectEvent, LinkSession, LinkedAccount, Reconciled};
pub use error::{Error, Result};
