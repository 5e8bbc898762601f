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
    pub id: i64,
    /// The Connect session (link token id).
    pub session_id: String,
    /// The documented event name.
    pub event: String,
    /// Its metadata as JSON (token fields removed when recorded).
    pub metadata: String,
    /// When it happened.
    #[serde(with = "billerapi::dates::timestamp")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub at: time::OffsetDateTime,
}

/// Metadata without any field whose name mentions a token (public tokens never reach the log).
pub fn redact(metadata: &serde_json::Value) -> serde_json::Value {
    let mut metadata = metadata.clone();
    if let Some(map) = metadata.as_object_mut() {
        map.retain(|k, _| !k.to_ascii_lowercase().contains("token"));
    }
    metadata
}

/// Whether a metadata field identifies the user's account (masked number, account id): kept in
/// the user's own log, replaced in what they send to support.
fn identifies_account(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["token", "account_mask", "account_id", "accountid"]
        .iter()
        .any(|k| key.contains(k))
}

/// The log for a support ticket, as pretty JSON: sessions, events, times and codes; never a
/// token, nor the fields that identify the user's accounts.
pub fn for_ticket(events: &[ConnectEvent]) -> String {
    let entries: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            let mut meta: serde_json::Value = serde_json::from_str(&e.metadata).unwrap_or_default();
            if let Some(map) = meta.as_object_mut() {
                for (key, value) in map.iter_mut() {
                    if identifies_account(key) {
                        *value = serde_json::Value::String("[redacted]".to_owned());
                    }
                }
            }
            serde_json::json!({
                "session": e.session_id,
                "event": e.event,
                "at": billerapi::dates::format_timestamp(e.at),
                "metadata": meta,
            })
        })
        .collect();
    serde_json::to_string_pretty(&entries).unwrap_or_default()
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
                    at: clock::from_unix(r.get(4)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_never_carries_tokens_or_account_identifiers() {
        let event = ConnectEvent {
            id: 1,
            session_id: "ltid_1".into(),
            event: "SUCCESS".into(),
            metadata: r#"{"public_token":"pt_x","account_mask":"****4242","accountId":"acct_1","biller_id":"b"}"#.into(),
            at: time::OffsetDateTime::UNIX_EPOCH,
        };
        let ticket = for_ticket(&[event]);
        for secret in ["pt_x", "****4242", "acct_1"] {
            assert!(!ticket.contains(secret), "{ticket}");
        }
        assert!(ticket.contains("\"biller_id\": \"b\""), "{ticket}");
    }
}
