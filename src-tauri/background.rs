//! Work the app does on its own: open the vault at start, recover interrupted links and sync in
//! the background, and announce bills coming due (each bill once). `sync_and_notify` is the one
//! sequence both the start-up and the "Sync now" command run.

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
        if let Err(e) = sync_and_notify(&app, &core, None, false).await {
            tracing::info!(code = %e.code(), "no sync at start");
        }
    });
}

/// Syncs (every link, or one; `force`: a full re-sync) with progress events, then announces bills
/// that came due. The idle timer counts the sync as work in progress.
pub(crate) async fn sync_and_notify<R: Runtime>(
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
    let reports = reports?;
    notify_due_bills(app, core);
    Ok(reports)
}

/// Shows one OS notification per bill due within the lead time that was not announced before.
pub(crate) fn notify_due_bills<R: Runtime>(app: &AppHandle<R>, core: &Billkeep) {
    let Ok(settings) = core.settings() else {
        return;
    };
    let today = time::OffsetDateTime::now_utc().date();
    let until = today + time::Duration::days(i64::from(settings.notification_lead_days));
    let due = match core.take_due_notifications(today, until) {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(code = %e.code(), "cannot read due bills");
            return;
        }
    };
    for bill in due {
        let amount = billkeep_core::money::format(bill.amount, &bill.currency);
        let due = billerapi::dates::format_date(bill.due_date);
        let body = if bill.status == billerapi::bills::BillStatus::Overdue {
            format!("{amount} was due on {due}")
        } else {
            format!("{amount} is due on {due}")
        };
        if let Err(e) = app
            .notification()
            .builder()
            .title(format!("{} bill", bill.biller_name))
            .body(body)
            .show()
        {
            tracing::info!(error = %e, "notification not shown");
        }
    }
}
