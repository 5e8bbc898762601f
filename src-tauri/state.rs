//! The state the shell shares between commands: the data directory and the opened vault.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use billkeep_core::idle::IdleTimer;
use billkeep_core::vault::{KeyMode, SecretStore, Unlock, VaultStatus};
use billkeep_core::{Billkeep, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

use crate::Error;

/// What the Unlock screen says after a lock by hand or by the idle timer.
pub const LOCKED_MESSAGE: &str = "Billkeep is locked to protect your linked accounts.";
/// What it says after another program rotated the vault key.
pub const KEY_ROTATED_MESSAGE: &str =
    "The vault key was changed by another Billkeep program; enter your passphrase to continue.";

/// How long a command waits for the vault being opened before it answers "locked".
const OPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// One attempt to open the vault, counted while it runs.
struct Opening<'a>(&'a tokio::sync::watch::Sender<usize>);

impl<'a> Opening<'a> {
    fn start(count: &'a tokio::sync::watch::Sender<usize>) -> Self {
        count.send_modify(|n| *n += 1);
        Self(count)
    }
}

impl Drop for Opening<'_> {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n -= 1);
    }
}

/// State managed by Tauri for the app's lifetime.
pub(crate) struct AppState {
    data_dir: PathBuf,
    secrets: Arc<dyn SecretStore>,
    app: tokio::sync::RwLock<Option<Arc<Billkeep>>>,
    problem: Mutex<Option<(ErrorCode, String)>>,
    /// Becomes true once the first attempt to open the vault has ended, either way.
    settled: tokio::sync::watch::Sender<bool>,
    /// How many attempts to open the vault are running: a command waits for them instead of
    /// answering "locked" while the keyring is still being asked.
    opening: tokio::sync::watch::Sender<usize>,
    /// The user's last activity and what is running, for the Rust-side auto-lock.
    idle: Mutex<IdleTimer>,
    /// The session said it woke from sleep since the scheduler last looked.
    resumed: std::sync::atomic::AtomicBool,
}

impl AppState {
    /// State over `data_dir` with secrets kept in `secrets` (the OS keyring, or a stand-in in tests).
    pub(crate) fn with_secrets(data_dir: PathBuf, secrets: Arc<dyn SecretStore>) -> Self {
        Self {
            data_dir,
            secrets,
            app: tokio::sync::RwLock::new(None),
            problem: Mutex::new(None),
            settled: tokio::sync::watch::Sender::new(false),
            opening: tokio::sync::watch::Sender::new(0),
            idle: Mutex::new(IdleTimer::new(std::time::Instant::now())),
            resumed: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Notes a resume from sleep, for the scheduler.
    pub(crate) fn mark_resumed(&self) {
        self.resumed
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the session resumed since the last call (and forgets it).
    pub(crate) fn take_resumed(&self) -> bool {
        self.resumed
            .swap(false, std::sync::atomic::Ordering::Relaxed)
    }

    /// The open vault without waiting (window events are synchronous); `None` when locked or
    /// busy being opened or locked.
    pub(crate) fn app_now(&self) -> Option<Arc<Billkeep>> {
        self.app.try_read().ok().and_then(|a| a.clone())
    }

    /// The idle timer (activity reports, Connect and sync state).
    pub(crate) fn idle(&self) -> std::sync::MutexGuard<'_, IdleTimer> {
        self.idle.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn data_dir(&self) -> &PathBuf {
        &self.data_dir
    }

    fn set_problem(&self, problem: Option<(ErrorCode, String)>) {
        *self.problem.lock().unwrap_or_else(|p| p.into_inner()) = problem;
    }

    /// Opens the vault with `unlock`; on failure remembers why, for `vault_status`.
    pub(crate) async fn open(&self, unlock: Unlock) -> Result<Arc<Billkeep>, Error> {
        let dir = self.data_dir.clone();
        let secrets = self.secrets.clone();
        let begun = std::time::Instant::now();
        crate::startup::mark_at("vault_open_begun", begun);
        // Counted until this attempt ends, however it ends (a guard: never left counted).
        let _opening = Opening::start(&self.opening);
        let opened = tokio::task::spawn_blocking(move || {
            let core = Billkeep::open(&dir, secrets, unlock)?;
            // The first screen asks for the settings, which on a URL origin (the real sandbox,
            // production) hold whether a client secret is in the keyring: a Secret Service
            // session, 12 ms in a release build. Read (and kept) now, while WebKit starts.
            let _ = core.settings();
            Ok::<_, billkeep_core::Error>(core)
        })
        .await
        .map_err(|e| Error::Internal(e.to_string()))?;
        if let Ok(core) = &opened {
            let t = core.open_timings();
            crate::startup::mark_at("db_opened", begun + t.store);
            crate::startup::mark_at("vault_opened", begun + t.store + t.unlock);
        }
        let result = match opened {
            Ok(app) => {
                let app = Arc::new(app);
                *self.app.write().await = Some(app.clone());
                self.set_problem(None);
                // Unlocking is activity: the idle time starts again.
                self.idle().touch(std::time::Instant::now());
                Ok(app)
            }
            Err(e) => {
                self.set_problem(Some((e.code(), e.to_string())));
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
    /// Returns whether an open vault was locked now; `why` is what the Unlock screen says.
    pub(crate) async fn lock(&self, why: &str) -> Result<bool, Error> {
        let mut slot = self.app.write().await;
        if slot
            .as_ref()
            .is_some_and(|app| app.key_mode() != KeyMode::Passphrase)
        {
            return Err(Error::NotLockable);
        }
        // Not open (still opening, or already locked): nothing to forget.
        let locked = slot.take().is_some();
        if locked {
            self.set_problem(Some((ErrorCode::VaultLocked, why.to_owned())));
        }
        // Commands already running (a sync, an exchange) keep their reference and finish with a
        // working emulator; the key is zeroized and the emulator stops when the last one ends.
        Ok(locked)
    }

    /// The open vault, or the error that tells the UI to unlock it. A passphrase vault whose key
    /// another process rotated is locked here: only the passphrase can derive the new key.
    pub(crate) async fn app(&self) -> Result<Arc<Billkeep>, Error> {
        // A screen shown before the keyring answered gets its data, not a false "locked". A
        // keyring that waits on the user (an unlock prompt) is not waited for forever.
        let mut opening = self.opening.subscribe();
        let _ = tokio::time::timeout(OPEN_WAIT, opening.wait_for(|n| *n == 0)).await;
        let app = self.app.read().await.clone().ok_or(Error::Locked)?;
        if app.key_is_stale() {
            let _ = self.lock(KEY_ROTATED_MESSAGE).await;
            return Err(Error::Core(billkeep_core::Error::KeyRotated));
        }
        Ok(app)
    }

    /// Whether the open vault is a passphrase vault (the only kind that locks).
    pub(crate) async fn is_lockable(&self) -> bool {
        self.app
            .read()
            .await
            .as_ref()
            .is_some_and(|app| app.key_mode() == KeyMode::Passphrase)
    }

    pub(crate) async fn status(&self) -> VaultStatus {
        if let Some(app) = self.app.read().await.as_ref() {
            return VaultStatus::ready(app.key_mode());
        }
        let problem = self
            .problem
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        VaultStatus::closed(problem)
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
    /// The profile this window shows.
    pub profile: String,
}
