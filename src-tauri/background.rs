//! Work the app does on its own: open the vault at start, recover interrupted links and sync in
//! the background, and announce bills coming due, overdue or unusual (each once per rule; after
//! the start-up sync, as one catch-up notification).

use std::sync::Arc;

use billkeep_core::sync::SyncProgress;
use billkeep_core::vault::Unlock;
use billkeep_core::Billkeep;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::events::{SYNC_PROGRESS, VAULT_READY};
use crate::state::AppState;

/// At start: open the vault with the keyring. If that fails the UI asks for a passphrase.
pub(crate) fn open_at_start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        match state.open(Unlock::Keyring).await {
            Ok(core) => after_unlock(app.clone(), core),
            Err(e) => tracing::warn!(code = %e.code(), "vault not opened at start"),
        }
    });
}

/// Once the vault is open: tell the UI, then (after its first paint) recover interrupted links
/// and sync without blocking it.
pub(crate) fn after_unlock<R: Runtime>(app: AppHandle<R>, core: Arc<Billkeep>) {
    let _ = app.emit(VAULT_READY, ());
    tauri::async_runtime::spawn(async move {
        // The cached data is on screen first; the network and database work of a sync follows.
        crate::startup::ui_painted(std::time::Duration::from_secs(5)).await;
        // Only a crash marker sends us looking for lost links, and only on its own origin.
        match core.recover_interrupted_links().await {
            Ok(r) if !r.recovered.is_empty() => {
                tracing::info!(count = r.recovered.len(), "recovered interrupted links")
            }
            Ok(_) => {}
            Err(e) => tracing::info!(code = %e.code(), "interrupted links not recovered"),
        }
        // What came due while the app was closed is announced once, after this first sync
        // (from the cache if the sync fails).
        if let Err(e) = sync_with_progress(&app, &core, None, false).await {
            tracing::info!(code = %e.code(), "no sync at start");
        }
        announce(&app, &core, true);
        let check = core.settings().map(|s| s.check_updates).unwrap_or(true);
        crate::updates::check_at_start(&app, check).await;
    });
}

/// Syncs (every link, or one; `force`: a full re-sync) with progress events. The idle timer
/// counts the sync as work in progress.
async fn sync_with_progress<R: Runtime>(
    app: &AppHandle<R>,
    core: &Billkeep,
    link: Option<i64>,
    force: bool,
) -> Result<Vec<SyncProgress>, billkeep_core::Error> {
    let state = app.state::<AppState>();
    state.idle().sync_started();
    let emitter = app.clone();
    let reports = core
        .sync(link, force, move |p| {
            let _ = emitter.emit(SYNC_PROGRESS, p);
        })
        .await;
    state.idle().sync_ended();
    reports
}

/// Syncs, then announces what came due ("Sync now" and every sync after the first).
pub(crate) async fn sync_and_notify<R: Runtime>(
    app: &AppHandle<R>,
    core: &Billkeep,
    link: Option<i64>,
    force: bool,
) -> Result<Vec<SyncProgress>, billkeep_core::Error> {
    let reports = sync_with_progress(app, core, link, force).await?;
    announce(app, core, false);
    Ok(reports)
}

/// Announces what came due, what is overdue and what stands out, each bill once per rule. After
/// the start-up sync (`catch_up`) several reminders are one notification listing them: what
/// happened while the app was closed.
pub(crate) fn announce<R: Runtime>(app: &AppHandle<R>, core: &Billkeep, catch_up: bool) {
    let today = billkeep_core::clock::today_local();
    let reminders = match core.take_reminders(today) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(code = %e.code(), "cannot read reminders");
            return;
        }
    };
    let show = |title: String, body: String| {
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            tracing::info!(error = %e, "notification not shown");
        }
    };
    if catch_up && reminders.len() > 1 {
        let (title, body) = billkeep_core::reminders::catch_up(&reminders);
        show(title, body);
        return;
    }
    for reminder in &reminders {
        show(reminder.title(), reminder.body());
    }
}
