//! Support: the Connect event log and its redacted export.

use billkeep_core::ConnectEvent;
use tauri::{AppHandle, Runtime};

use super::core;
use crate::Error;

const MAX_METADATA: usize = 8 * 1024;

pub(crate) async fn record_connect_event<R: Runtime>(
    app: &AppHandle<R>,
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
    Ok(core(app)
        .await?
        .record_connect_event(&session_id, &event, &metadata)?)
}

pub(crate) async fn list_connect_events<R: Runtime>(
    app: &AppHandle<R>,
    limit: u32,
) -> Result<Vec<ConnectEvent>, Error> {
    Ok(core(app).await?.connect_events(limit.clamp(1, 1000))?)
}

pub(crate) async fn export_connect_log<R: Runtime>(app: &AppHandle<R>) -> Result<String, Error> {
    let events = core(app).await?.connect_events(1000)?;
    Ok(billkeep_core::support_log::for_ticket(&events))
}
