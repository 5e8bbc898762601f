//! Locking a passphrase vault from the Rust side: after the idle minutes set in Settings (the
//! webview only reports activity; a webview that stops reporting cannot keep the key in memory),
//! when the screen locks, and before the system sleeps. The UI hears `vault-locked`.

use std::time::{Duration, Instant};

use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::events::VAULT_LOCKED;
use crate::session_signals::{self, LockSignal};
use crate::state::{AppState, LOCKED_MESSAGE};

/// How often the idle timer is looked at: a lock comes at most this late.
const CHECK_EVERY: Duration = Duration::from_secs(15);

/// Starts the idle checks and the screen-lock and sleep watchers for the life of the app.
pub(crate) fn start<R: Runtime>(app: AppHandle<R>) {
    let idle = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(CHECK_EVERY).await;
            check_idle(&idle, Instant::now()).await;
        }
    });
    session_signals::watch(move |signal| {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            let why = match signal {
                LockSignal::ScreenLocked => "Billkeep locked itself when your screen locked.",
                LockSignal::Sleep => "Billkeep locked itself before the computer went to sleep.",
                LockSignal::Resumed => {
                    // Not a reason to lock: the scheduler catches up at its next tick.
                    app.state::<AppState>().mark_resumed();
                    return;
                }
            };
            lock_now(&app, why).await;
        });
    });
}

/// Locks the vault if its idle time has run out at `now`; returns whether it locked.
pub(crate) async fn check_idle<R: Runtime>(app: &AppHandle<R>, now: Instant) -> bool {
    let state = app.state::<AppState>();
    if !state.is_lockable().await {
        return false;
    }
    let Ok(core) = state.app().await else {
        return false;
    };
    let minutes = match core.settings() {
        Ok(s) => s.auto_lock_minutes,
        Err(e) => {
            tracing::warn!(code = %e.code(), "cannot read the auto-lock setting");
            return false;
        }
    };
    drop(core);
    if !state.idle().lock_due(now, minutes) {
        return false;
    }
    lock_now(app, LOCKED_MESSAGE).await
}

/// Locks a passphrase vault now and tells the UI; a keyring vault is left open.
pub(crate) async fn lock_now<R: Runtime>(app: &AppHandle<R>, why: &str) -> bool {
    let state = app.state::<AppState>();
    if !state.is_lockable().await {
        return false;
    }
    match state.lock(why).await {
        Ok(true) => {
            tracing::info!("vault locked");
            let _ = app.emit(VAULT_LOCKED, ());
            true
        }
        _ => false,
    }
}
