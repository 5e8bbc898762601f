//! Support: the Connect event log and its redacted export.

use billkeep_core::ConnectEvent;
use tauri::State;

use crate::state::AppState;
use crate::Error;

const MAX_METADATA: usize = 8 * 1024;

/// Records one Connect event (`onEvent`, `onExit`) for the support log.
#[tauri::command]
pub(crate) async fn record_connect_event(
    state: State<'_, AppState>,
    session_id: String,
    event: String,
    metadata: serde_json::Value,
) -> Result<(), Error> {
    if session_id.len() > 128
        || event.is_empty()
        || event.len() > 64
        || metadata.to_string().len() > MAX_METADATA
    {
        return Err(Error::Invalid("that is not a Connect event".to_owned()));
    }
    Ok(state
        .app()
        .await?
        .record_connect_event(&session_id, &event, &metadata)?)
}

/// The latest Connect events, newest first.
#[tauri::command]
pub(crate) async fn list_connect_events(
    state: State<'_, AppState>,
    limit: u32,
) -> Result<Vec<ConnectEvent>, Error> {
    Ok(state.app().await?.connect_events(limit.clamp(1, 1000))?)
}
