//! The Connect event log (Support screen and its export): each Connect event with its metadata,
//! minus anything named like a token.

use rusqlite::params;
use serde::Serialize;

use crate::app::Billkeep;
use crate::clock;
use crate::Result;

/// One recorded Connect event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectEvent {
    /// Row id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The Connect session (link token id).
    pub session_id: String,
    /// The documented event name.
    pub event: String,
    /// Its metadata as JSON (token fields removed when recorded).
    pub metadata: String,
    /// RFC 3339 time.
    pub at: String,
}

/// Metadata without any field whose name mentions a token (public tokens never reach the log).
pub fn redact(metadata: &serde_json::Value) -> serde_json::Value {
    let mut metadata = metadata.clone();
    if let Some(map) = metadata.as_object_mut() {
        map.retain(|k, _| !k.to_ascii_lowercase().contains("token"));
    }
    metadata
}

impl Billkeep {
    /// Records one Connect event (support log), redacted.
    pub fn record_connect_event(
        &self,
        session_id: &str,
        event: &str,
        metadata: &serde_json::Value,
    ) -> Result<()> {
        let metadata = redact(metadata);
        self.store().with(|c| {
            c.execute(
                "INSERT INTO connect_events (session_id, event, metadata, at) VALUES (?1, ?2, ?3, ?4)",
                params![session_id, event, metadata.to_string(), clock::now()],
            )?;
            Ok(())
        })
    }

    /// The Connect event log, newest first (for the Support screen and its redacted export).
    pub fn connect_events(&self, limit: u32) -> Result<Vec<ConnectEvent>> {
        self.store().with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, session_id, event, metadata, at FROM connect_events ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(ConnectEvent {
                    id: r.get(0)?,
                    session_id: r.get(1)?,
                    event: r.get(2)?,
                    metadata: r.get(3)?,
                    at: clock::rfc3339(r.get(4)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}
