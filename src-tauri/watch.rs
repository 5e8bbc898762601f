//! Keeps the window showing what the database holds: the versions of links, bills and settings
//! (bumped by triggers on every write, by this process or another — `billkeep-cli` on the same
//! data directory) are compared every second and whenever the window gains focus; what moved is
//! announced as one `data-changed` event, and the tray menu is rebuilt.

use std::sync::Arc;
use std::time::Duration;

use billkeep_core::changes::Versions;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::Notify;

use crate::events::DATA_CHANGED;
use crate::state::AppState;

/// How often the versions are read (one small query).
const EVERY: Duration = Duration::from_secs(1);

/// Wakes the watcher at once (the window gained focus).
pub(crate) struct Poke(Arc<Notify>);

/// Starts the watcher for the life of the app.
pub(crate) fn start<R: Runtime>(app: AppHandle<R>) {
    let poke = Arc::new(Notify::new());
    app.manage(Poke(poke.clone()));
    tauri::async_runtime::spawn(async move {
        let mut last: Option<Versions> = None;
        loop {
            tokio::select! {
                _ = tokio::time::sleep(EVERY) => {}
                _ = poke.notified() => {}
            }
            let Ok(core) = app.state::<AppState>().app().await else {
                // Locked: the UI reloads everything when the vault opens again.
                last = None;
                continue;
            };
            let now = match core.versions() {
                Ok(v) => v,
                Err(e) => {
                    tracing::debug!(code = %e.code(), "versions not read");
                    continue;
                }
            };
            drop(core);
            match last {
                Some(before) => {
                    if let Some(changed) = now.since(&before) {
                        let _ = app.emit(DATA_CHANGED, changed);
                        crate::tray::refresh(&app).await;
                    }
                }
                // Opened just now: the UI loads everything itself; the tray catches up.
                None => crate::tray::refresh(&app).await,
            }
            last = Some(now);
        }
    });
}

/// Checks at once (the window gained focus).
pub(crate) fn poke<R: Runtime>(app: &AppHandle<R>) {
    if let Some(poke) = app.try_state::<Poke>() {
        poke.0.notify_one();
    }
}
