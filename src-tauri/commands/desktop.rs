//! Life on the desktop: start at login (in the tray), what closing the window does, and the daily
//! background sync.

use billkeep_core::settings::Settings;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt;
use ts_rs::TS;

use super::core;
use crate::Error;

/// The desktop settings that live outside the database.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DesktopInfo {
    /// Billkeep starts at login, in the tray.
    pub start_at_login: bool,
    /// The daily background sync's local time (`HH:MM`).
    pub daily_sync_at: String,
    /// A tray icon could be made (some desktops have no tray).
    pub tray: bool,
}

fn info<R: Runtime>(app: &AppHandle<R>, client_user_id: &str) -> DesktopInfo {
    let at = crate::scheduler::daily_time(client_user_id);
    DesktopInfo {
        start_at_login: app.autolaunch().is_enabled().unwrap_or(false),
        daily_sync_at: format!("{:02}:{:02}", at.hour(), at.minute()),
        tray: app.tray_by_id("main").is_some(),
    }
}

pub(crate) async fn desktop_info<R: Runtime>(app: &AppHandle<R>) -> Result<DesktopInfo, Error> {
    let settings = core(app).await?.settings()?;
    Ok(info(app, &settings.client_user_id))
}

pub(crate) async fn set_start_at_login<R: Runtime>(
    app: &AppHandle<R>,
    on: bool,
) -> Result<DesktopInfo, Error> {
    let settings = core(app).await?.settings()?;
    let launcher = app.autolaunch();
    let done = if on {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.map_err(|e| Error::Autostart(e.to_string()))?;
    Ok(info(app, &settings.client_user_id))
}

pub(crate) async fn set_background_sync<R: Runtime>(
    app: &AppHandle<R>,
    on: bool,
) -> Result<Settings, Error> {
    let core = core(app).await?;
    core.set_background_sync(on)?;
    Ok(core.settings()?)
}

pub(crate) async fn set_close_to_tray<R: Runtime>(
    app: &AppHandle<R>,
    on: bool,
) -> Result<Settings, Error> {
    let core = core(app).await?;
    core.set_close_to_tray(on)?;
    Ok(core.settings()?)
}

/// The answer to the first close: keep running in the tray (the window hides), or quit.
pub(crate) async fn close_choice<R: Runtime>(
    app: &AppHandle<R>,
    keep_in_tray: bool,
) -> Result<(), Error> {
    core(app).await?.set_close_to_tray(keep_in_tray)?;
    if keep_in_tray {
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.hide();
        }
    } else {
        app.exit(0);
    }
    Ok(())
}
