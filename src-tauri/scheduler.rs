//! The background life of the app, in Rust (never the webview): every tick, `billkeep-core`'s
//! scheduler says what is due — reminders at start, hourly and after a resume from sleep; the
//! daily sync at this installation's time, caught up after sleep — and nothing runs while the
//! vault is locked. `BILLKEEP_DAILY_SYNC_AT` (HH:MM) fixes the daily time;
//! `BILLKEEP_SCHEDULER_TICK_MS` shortens the tick (tests).

use std::time::Duration;

use billkeep_core::schedule::{self, Now, Scheduler, Task};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

/// The daily sync's time of day, fixed (`HH:MM` or `HH:MM:SS`, local time).
pub(crate) const DAILY_SYNC_AT_ENV: &str = "BILLKEEP_DAILY_SYNC_AT";
/// The tick in milliseconds (tests).
const TICK_ENV: &str = "BILLKEEP_SCHEDULER_TICK_MS";

fn tick() -> Duration {
    std::env::var(TICK_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(Duration::from_secs(schedule::TICK.whole_seconds() as u64))
}

/// The daily sync's local time for this installation.
pub(crate) fn daily_time(client_user_id: &str) -> time::Time {
    std::env::var(DAILY_SYNC_AT_ENV)
        .ok()
        .and_then(|v| schedule::parse_time_of_day(&v))
        .unwrap_or_else(|| schedule::daily_time(client_user_id))
}

/// Starts the scheduler for the life of the app.
pub(crate) fn start<R: Runtime>(app: AppHandle<R>) {
    let every = tick();
    tauri::async_runtime::spawn(async move {
        let mut scheduler = Scheduler::default();
        // The start-up sync and its catch-up run first (background.rs).
        tokio::time::sleep(every).await;
        loop {
            run_once(&app, &mut scheduler).await;
            tokio::time::sleep(every).await;
        }
    });
}

async fn run_once<R: Runtime>(app: &AppHandle<R>, scheduler: &mut Scheduler) {
    let state = app.state::<AppState>();
    let resumed = state.take_resumed();
    let core = state.app().await.ok();
    let settings = core.as_ref().and_then(|c| c.settings().ok());
    let last_full_sync = core
        .as_ref()
        .and_then(|c| c.last_full_sync().ok().flatten());
    let now = Now {
        now: time::OffsetDateTime::now_utc(),
        offset: billkeep_core::clock::local_offset(),
        locked: core.is_none(),
        resumed,
        daily_sync: settings.as_ref().is_some_and(|s| s.background_sync),
        daily_at: daily_time(settings.as_ref().map_or("", |s| s.client_user_id.as_str())),
        last_full_sync,
    };
    let Some(core) = core else {
        scheduler.tick(&now);
        return;
    };
    for task in scheduler.tick(&now) {
        match task {
            Task::Reminders => crate::background::announce(app, &core, false),
            Task::DailySync => {
                tracing::info!("daily background sync");
                if let Err(e) = crate::background::sync_and_notify(app, &core, None, false).await {
                    tracing::info!(code = %e.code(), "daily sync failed; tried again later");
                }
            }
        }
    }
}
