//! What the app tells its UI about the vault: open, opening, waiting for a passphrase, or broken.

use serde::Serialize;

use super::KeyMode;
use crate::ErrorCode;

/// Where the vault is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// Being opened at start (the keyring has not answered yet).
    Opening,
    /// Open: commands work.
    Ready,
    /// Needs the passphrase: no usable keyring, a passphrase vault at start, or one that locked.
    NeedsPassphrase,
    /// Cannot be opened (see the code and message).
    Error,
}

/// Whether the vault is open, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    /// Where it is.
    pub state: VaultState,
    /// The stable code of the problem, if any.
    pub code: Option<ErrorCode>,
    /// What to tell the user.
    pub message: Option<String>,
    /// How the key is kept, once open.
    pub key_mode: Option<KeyMode>,
}

impl VaultStatus {
    /// Open, with its key mode.
    pub fn ready(mode: KeyMode) -> Self {
        Self {
            state: VaultState::Ready,
            code: None,
            message: None,
            key_mode: Some(mode),
        }
    }

    /// Not open: still opening (no problem yet), waiting for a passphrase, or failed, by `code`.
    pub fn closed(problem: Option<(ErrorCode, String)>) -> Self {
        let state = match problem.as_ref().map(|p| p.0) {
            None => VaultState::Opening,
            Some(
                ErrorCode::KeyringUnavailable
                | ErrorCode::KeyringLocked
                | ErrorCode::VaultLocked
                | ErrorCode::KeyRotated
                | ErrorCode::PassphraseRequired
                | ErrorCode::WrongPassphrase,
            ) => VaultState::NeedsPassphrase,
            Some(_) => VaultState::Error,
        };
        let (code, message) = problem.unzip();
        Self {
            state,
            code,
            message,
            key_mode: None,
        }
    }
}
