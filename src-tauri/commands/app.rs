//! App-level commands: info, vault status and unlock, activity, external links, start-up timing.

use billkeep_core::vault::{Unlock, VaultStatus};
use tauri::{AppHandle, Manager, Runtime};
use zeroize::Zeroizing;

use super::{core, state};
use crate::state::{AppInfo, LOCKED_MESSAGE};
use crate::{background, external_link, startup, Error};

/// How long `vault_status` waits for the start-up unlock before answering `opening`.
const VAULT_OPEN_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

pub(crate) async fn app_info<R: Runtime>(app: &AppHandle<R>) -> Result<AppInfo, Error> {
    startup::mark("first_ipc_received");
    let environment = match core(app).await {
        Ok(core) => core.settings()?.environment,
        Err(_) => Default::default(),
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state(app).data_dir().display().to_string(),
        environment,
        profile: app
            .try_state::<crate::commands::profiles::CurrentProfile>()
            .map(|p| p.name.lock().unwrap_or_else(|e| e.into_inner()).clone())
            .unwrap_or_else(|| billkeep_core::profiles::DEFAULT_PROFILE.to_owned()),
    })
}

/// At start this waits (at most a few seconds) for the keyring to answer, so the UI gets the
/// outcome without polling.
pub(crate) async fn vault_status<R: Runtime>(app: &AppHandle<R>) -> Result<VaultStatus, Error> {
    startup::mark("first_ipc_received");
    Ok(state(app).settled_status(VAULT_OPEN_WAIT).await)
}

pub(crate) async fn unlock_vault<R: Runtime>(
    app: &AppHandle<R>,
    passphrase: String,
) -> Result<VaultStatus, Error> {
    let passphrase = Zeroizing::new(passphrase);
    if passphrase.is_empty() || passphrase.len() > 1024 {
        return Err(Error::Invalid("enter your passphrase".to_owned()));
    }
    // A new vault's passphrase rule (length, strength) is core's; an existing vault just tries it.
    let state = state(app);
    let opened = state.open(Unlock::Passphrase(passphrase)).await?;
    background::after_unlock(app.clone(), opened);
    Ok(state.status().await)
}

pub(crate) async fn lock_vault<R: Runtime>(app: &AppHandle<R>) -> Result<VaultStatus, Error> {
    let state = state(app);
    state.lock(LOCKED_MESSAGE).await?;
    Ok(state.status().await)
}

pub(crate) async fn report_activity<R: Runtime>(
    app: &AppHandle<R>,
    connect_open: bool,
) -> Result<(), Error> {
    let state = state(app);
    let mut idle = state.idle();
    idle.touch(std::time::Instant::now());
    idle.set_connect_open(connect_open);
    Ok(())
}

pub(crate) async fn open_external<R: Runtime>(
    app: &AppHandle<R>,
    url: String,
) -> Result<(), Error> {
    let url = external_link::validate(&url)?;
    #[allow(deprecated)] // tauri-plugin-opener is not part of our stack; shell's open still works.
    tauri_plugin_shell::ShellExt::shell(app)
        .open(url.as_str(), None)
        .map_err(Error::OpenExternal)
}

pub(crate) async fn take_ui_request<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Option<crate::UiRequest>, Error> {
    use tauri::Manager;
    Ok(app
        .try_state::<crate::deep_link::Pending>()
        .and_then(|p| p.take()))
}

pub(crate) async fn ui_ready<R: Runtime>(
    _app: &AppHandle<R>,
    marks: Vec<(String, f64)>,
) -> Result<(), Error> {
    // Diagnostics only: a few named moments, nothing else is accepted.
    let marks: Vec<(String, f64)> = marks
        .into_iter()
        .take(32)
        .filter(|(name, at)| name.len() <= 40 && at.is_finite())
        .collect();
    startup::mark_ui_ready(&marks);
    Ok(())
}
