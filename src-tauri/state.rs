//! The state the shell shares between commands: the data directory and the opened vault.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use billkeep_core::vault::{OsKeyring, SecretStore, Unlock, SERVICE};
use billkeep_core::Billkeep;
use serde::Serialize;
use ts_rs::TS;

use crate::Error;

/// The status code of a passphrase vault the user (or the idle timer) locked.
pub const LOCKED_CODE: &str = "vault_locked";

/// Whether the vault is open, and if not, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VaultStatus {
    /// `opening` (at start), `ready`, `needs_passphrase` (no usable keyring, a passphrase vault
    /// at start, or one that was locked) or `error`.
    pub state: String,
    /// The stable code of the problem, if any.
    pub code: Option<String>,
    /// What to tell the user.
    pub message: Option<String>,
    /// `keyring` or `passphrase`, once open.
    pub key_mode: Option<String>,
}

/// State managed by Tauri for the app's lifetime.
pub(crate) struct AppState {
    data_dir: PathBuf,
    secrets: Arc<dyn SecretStore>,
    app: tokio::sync::RwLock<Option<Arc<Billkeep>>>,
    problem: Mutex<Option<(String, String)>>,
    /// Becomes true once the first attempt to open the vault has ended, either way.
    settled: tokio::sync::watch::Sender<bool>,
}

impl AppState {
    pub(crate) fn new(data_dir: PathBuf) -> Self {
        let service =
            std::env::var("BILLKEEP_KEYRING_SERVICE").unwrap_or_else(|_| SERVICE.to_owned());
        Self::with_secrets(data_dir, Arc::new(OsKeyring::new(service)))
    }

    /// State over `data_dir` with secrets kept in `secrets` (the OS keyring, or a stand-in in tests).
    pub(crate) fn with_secrets(data_dir: PathBuf, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            data_dir,
            secrets,
            app: tokio::sync::RwLock::new(None),
            problem: Mutex::new(None),
            settled: tokio::sync::watch::Sender::new(false),
        }
    }

    pub(crate) fn data_dir(&self) -> &PathBuf {
        &self.data_dir
    }

    /// Opens the vault with `unlock`; on failure remembers why, for `vault_status`.
    pub(crate) async fn open(&self, unlock: Unlock) -> Result<Arc<Billkeep>, Error> {
        let dir = self.data_dir.clone();
        let secrets = self.secrets.clone();
        let opened = tokio::task::spawn_blocking(move || Billkeep::open(&dir, secrets, unlock))
            .await
            .map_err(|e| Error::Internal(e.to_string()))?;
        let result = match opened {
            Ok(app) => {
                let app = Arc::new(app);
                *self.app.write().await = Some(app.clone());
                *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = None;
                Ok(app)
            }
            Err(e) => {
                *self.problem.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((e.code().to_owned(), e.to_string()));
                Err(e.into())
            }
        };
        self.settled.send_replace(true);
        result
    }

    /// The vault's status once the start-up attempt to open it has ended (or `wait` has passed),
    /// so the UI learns the outcome the moment it is known instead of polling for it.
    pub(crate) async fn settled_status(&self, wait: std::time::Duration) -> VaultStatus {
        let mut settled = self.settled.subscribe();
        let _ = tokio::time::timeout(wait, settled.wait_for(|done| *done)).await;
        self.status().await
    }

    /// Locks a passphrase vault: forgets its key (and with it the embedded emulator) until the
    /// passphrase is entered again. A keyring vault cannot be locked (the keyring would reopen it).
    pub(crate) async fn lock(&self) -> Result<(), Error> {
        let mut slot = self.app.write().await;
        if slot
            .as_ref()
            .is_some_and(|app| app.key_mode() != billkeep_core::vault::KeyMode::Passphrase)
        {
            return Err(Error::NotLockable);
        }
        // Not open (still opening, or already locked): nothing to forget.
        if slot.take().is_some() {
            *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = Some((
                LOCKED_CODE.to_owned(),
                "Billkeep is locked to protect your linked accounts.".to_owned(),
            ));
        }
        // Commands already running (a sync, an exchange) keep their reference and finish with a
        // working emulator; the key is zeroized and the emulator stops when the last one ends.
        Ok(())
    }

    /// The open vault, or the error that tells the UI to unlock it.
    pub(crate) async fn app(&self) -> Result<Arc<Billkeep>, Error> {
        self.app.read().await.clone().ok_or(Error::Locked)
    }

    pub(crate) async fn status(&self) -> VaultStatus {
        if let Some(app) = self.app.read().await.as_ref() {
            let mode = match app.key_mode() {
                billkeep_core::vault::KeyMode::Keyring => "keyring",
                billkeep_core::vault::KeyMode::Passphrase => "passphrase",
            };
            return VaultStatus {
                state: "ready".into(),
                code: None,
                message: None,
                key_mode: Some(mode.into()),
            };
        }
        let problem = self
            .problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let needs_passphrase = problem.as_ref().is_some_and(|(code, _)| {
            matches!(
                code.as_str(),
                "keyring_unavailable"
                    | "keyring_locked"
                    | LOCKED_CODE
                    | "passphrase_required"
                    | "wrong_passphrase"
            )
        });
        // No vault and no problem yet: it is still being opened at start.
        let state = match (&problem, needs_passphrase) {
            (None, _) => "opening",
            (Some(_), true) => "needs_passphrase",
            (Some(_), false) => "error",
        };
        VaultStatus {
            state: state.into(),
            code: problem.as_ref().map(|p| p.0.clone()),
            message: problem.map(|p| p.1),
            key_mode: None,
        }
    }
}

/// What the About line and the Settings screen show about this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version, from the workspace manifest.
    pub version: String,
    /// The directory holding the database and logs.
    pub data_dir: String,
    /// The BillerAPI environment new links are made in.
    pub environment: billkeep_core::settings::EnvironmentKind,
}
