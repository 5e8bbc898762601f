//! Start-up timing: how long from process start until the UI reports its first paint.

use std::sync::OnceLock;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Set when this variable is present: the app prints one machine-readable line when the UI is
/// ready, which `bench/startup` reads.
pub const PROBE_ENV: &str = "BILLKEEP_STARTUP_PROBE";

static PROCESS_START: OnceLock<Instant> = OnceLock::new();
static UI_READY: OnceLock<()> = OnceLock::new();
static UI_READY_NOTIFY: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Records the moment `run()` began; call first thing in `main`.
pub(crate) fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

/// Records that the UI painted; only the first call counts. Returns the start-up time in ms.
pub(crate) fn mark_ui_ready() -> Option<u128> {
    UI_READY.set(()).ok()?;
    UI_READY_NOTIFY.notify_waiters();
    let elapsed = PROCESS_START.get().map(|start| start.elapsed().as_millis());
    if std::env::var_os(PROBE_ENV).is_some() {
        let epoch_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        println!("startup-probe ready {epoch_ms}");
    }
    elapsed
}

/// Waits until the UI has painted (or `at_most` has passed): background work that competes for the
/// CPU, such as the start-up sync, waits for the first paint instead of delaying it.
pub(crate) async fn ui_painted(at_most: std::time::Duration) {
    let notified = UI_READY_NOTIFY.notified();
    tokio::pin!(notified);
    // Registered before the check, so a paint between the check and the wait is not missed.
    notified.as_mut().enable();
    if UI_READY.get().is_some() {
        return;
    }
    let _ = tokio::time::timeout(at_most, notified).await;
}
