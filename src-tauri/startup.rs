//! Start-up timing: the moments of one start, from process start to the accounts painted, for
//! start-up diagnostics and `bench/startup` (its phase table). Rust marks its own moments; the UI
//! sends the webview's (navigation start, DOMContentLoaded, first paint, first IPC answered,
//! accounts painted) with `ui_ready`.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Set when this variable is present: the app prints machine-readable lines when the UI is
/// ready, which `bench/startup` reads.
pub const PROBE_ENV: &str = "BILLKEEP_STARTUP_PROBE";

/// The process start, as an instant and as wall-clock time (the webview's marks are wall-clock).
static PROCESS_START: OnceLock<(Instant, SystemTime)> = OnceLock::new();
static MARKS: Mutex<Vec<(&'static str, Instant)>> = Mutex::new(Vec::new());
static UI_READY: OnceLock<()> = OnceLock::new();
static UI_READY_NOTIFY: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Records the moment `run()` began; call first thing in `main`.
pub(crate) fn mark_process_start() {
    PROCESS_START.get_or_init(|| (Instant::now(), SystemTime::now()));
}

/// Records a moment of the start (only the first of each name counts).
pub(crate) fn mark(name: &'static str) {
    mark_at(name, Instant::now());
}

/// Records a moment measured elsewhere.
pub(crate) fn mark_at(name: &'static str, at: Instant) {
    if UI_READY.get().is_some() {
        return;
    }
    let mut marks = MARKS.lock().unwrap_or_else(|p| p.into_inner());
    if !marks.iter().any(|(n, _)| *n == name) {
        marks.push((name, at));
    }
}

fn epoch_ms(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// Records that the UI painted, with the webview's own moments (wall-clock ms since the epoch);
/// only the first call counts. With the probe on, prints the ready line and every phase.
pub(crate) fn mark_ui_ready(webview: &[(String, f64)]) -> Option<u128> {
    UI_READY.set(()).ok()?;
    UI_READY_NOTIFY.notify_waiters();
    let (start, start_wall) = *PROCESS_START.get()?;
    if std::env::var_os(PROBE_ENV).is_some() {
        let wall = |at: Instant| epoch_ms(start_wall + at.saturating_duration_since(start));
        let mut phases = serde_json::Map::new();
        phases.insert("process_start".into(), wall(start).into());
        for (name, at) in MARKS.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            phases.insert((*name).into(), wall(*at).into());
        }
        for (name, at) in webview {
            phases.insert(name.clone(), (*at).into());
        }
        println!("startup-probe phases {}", serde_json::Value::Object(phases));
        println!(
            "startup-probe ready {}",
            epoch_ms(SystemTime::now()) as u128
        );
    }
    Some(start.elapsed().as_millis())
}

/// Waits until the UI has painted (or `at_most` has passed): background work that competes for the
/// CPU, such as the start-up sync, waits for the first paint instead of delaying it.
pub(crate) async fn ui_painted(at_most: Duration) {
    let notified = UI_READY_NOTIFY.notified();
    tokio::pin!(notified);
    // Registered before the check, so a paint between the check and the wait is not missed.
    notified.as_mut().enable();
    if UI_READY.get().is_some() {
        return;
    }
    let _ = tokio::time::timeout(at_most, notified).await;
}
