//! Work the app does on its own: open the vault at start, reconcile and sync in the background,
//! and announce bills coming due (each bill once).

use std::sync::Arc;

use billkeep_core::vault::Unlock;
use billkeep_core::Billkeep;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::commands::bills::SYNC_PROGRESS;
use crate::state::AppState;

/// Event sent when the vault opens (the UI then loads its data).
pub const VAULT_READY: &str = "vault-ready";

/// At start: open the vault with the keyring. If that fails the UI asks for a passphrase.
pub(crate) fn open_at_start<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        match state.open(Unlock::Keyring).await {
            Ok(core) => after_unlock(app.clone(), core),
            Err(e) => tracing::warn!(code = e.code(), "vault not opened at start"),
        }
    });
}

/// Once the vault is open: tell the UI, then (after its first paint) reconcile and sync without
/// blocking it.
pub(crate) fn after_unlock<R: Runtime>(app: AppHandle<R>, core: Arc<Billkeep>) {
    let _ = app.emit(VAULT_READY, ());
    tauri::async_runtime::spawn(async move {
        // The cached data is on screen first; the network and database work of a sync follows.
        crate::startup::ui_painted(std::time::Duration::from_secs(5)).await;
        // Links lost to a crash or a power cut come back as "needs relink".
        if let Err(e) = core.reconcile().await {
            tracing::info!(code = e.code(), "no reconcile at start");
        }
        let emitter = app.clone();
        match core
            .sync(None, move |p| {
                let _ = emitter.emit(SYNC_PROGRESS, p);
            })
            .await
        {
            Ok(_) => notify_due_bills(&app, &core),
            Err(e) => tracing::info!(code = e.code(), "no sync at start"),
        }
    });
}

/// Shows one OS notification per bill due within the lead time that was not announced before.
pub(crate) fn notify_due_bills<R: Runtime>(app: &AppHandle<R>, core: &Billkeep) {
    let Ok(settings) = core.settings() else {
        return;
    };
    let today = time::OffsetDateTime::now_utc().date();
    let until = today + time::Duration::days(i64::from(settings.notification_lead_days));
    let due = match core.take_due_notifications(
        &billerapi::dates::format_date(today),
        &billerapi::dates::format_date(until),
    ) {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(code = e.code(), "cannot read due bills");
            return;
        }
    };
    for bill in due {
        let amount = format!(
            "{}.{:02} {}",
            bill.amount / 100,
            (bill.amount % 100).abs(),
            bill.currency
        );
        let body = if bill.status == "OVERDUE" {
            format!("{amount} was due on {}", bill.due_date)
        } else {
            format!("{amount} is due on {}", bill.due_date)
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
