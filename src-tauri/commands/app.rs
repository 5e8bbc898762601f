//! App-level commands: info, vault status and unlock, external links, start-up timing.

use tauri::{AppHandle, Runtime, State};
use zeroize::Zeroizing;

use crate::state::{AppInfo, AppState, VaultStatus};
use crate::{background, external_link, startup, Error};

/// How long `vault_status` waits for the start-up unlock before answering `opening`.
const VAULT_OPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// Version, data directory and active environment.
#[tauri::command]
pub(crate) async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, Error> {
    let environment = match state.app().await {
        Ok(app) => app.settings()?.environment,
        Err(_) => Default::default(),
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir().display().to_string(),
        environment,
    })
}

/// Whether the vault is open, and if not, why. At start this waits (at most a few seconds) for
/// the keyring to answer, so the UI gets the outcome without polling.
#[tauri::command]
pub(crate) async fn vault_status(state: State<'_, AppState>) -> Result<VaultStatus, Error> {
    Ok(state.settled_status(VAULT_OPEN_WAIT).await)
}

/// Opens the vault with a passphrase (when no keyring is usable, or for a passphrase vault).
#[tauri::command]
pub(crate) async fn unlock_vault<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<VaultStatus, Error> {
    let passphrase = Zeroizing::new(passphrase);
    if passphrase.is_empty() || passphrase.len() > 1024 {
        return Err(Error::Invalid("enter your passphrase".to_owned()));
    }
    // A new vault's passphrase rule (length, strength) is core's; an existing vault just tries it.
    let opened = state
        .open(billkeep_core::vault::Unlock::Passphrase(passphrase))
        .await?;
    background::after_unlock(app, opened);
    Ok(state.status().await)
}

/// Locks a passphrase vault now (the Settings button).
#[tauri::command]
pub(crate) async fn lock_vault(state: State<'_, AppState>) -> Result<VaultStatus, Error> {
    state.lock(crate::state::LOCKED_MESSAGE).await?;
    Ok(state.status().await)
}

/// The user is active (the UI reports input at most every few seconds), and whether a Connect
/// flow is on screen: the Rust-side idle timer locks a passphrase vault when reports stop.
#[tauri::command]
pub(crate) fn report_activity(state: State<'_, AppState>, connect_open: bool) {
    let mut idle = state.idle();
    idle.touch(std::time::Instant::now());
    idle.set_connect_open(connect_open);
}

/// Opens an `https://` link in the system browser.
#[tauri::command]
pub(crate) fn open_external<R: Runtime>(app: AppHandle<R>, url: String) -> Result<(), Error> {
    let url = external_link::validate(&url)?;
    #[allow(deprecated)] // tauri-plugin-opener is not part of our stack; shell's open still works.
    tauri_plugin_shell::ShellExt::shell(&app)
        .open(url.as_str(), None)
        .map_err(|e| Error::OpenExternal(e.to_string()))
}

/// The UI calls this once after its first paint; the time is kept for start-up diagnostics.
#[tauri::command]
pub(crate) fn ui_ready() {
    startup::mark_ui_ready();
}
