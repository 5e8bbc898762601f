//! The commands the webview may invoke. Each one validates its input and delegates.

use tauri::{AppHandle, Runtime, State};

use crate::state::{AppInfo, AppState};
use crate::{external_link, startup, Error};

/// Version, data directory and active environment.
#[tauri::command]
pub(crate) fn app_info(state: State<'_, AppState>) -> AppInfo {
    state.info()
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
