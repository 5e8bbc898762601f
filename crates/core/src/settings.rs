//! Settings: which BillerAPI environment the app talks to.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::origin::ApiOrigin;

/// A BillerAPI environment, as listed in the design's "Environments" table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentKind {
    /// The sandbox emulator the app starts on 127.0.0.1 (the default, works offline).
    #[default]
    Embedded,
    /// The public BillerAPI sandbox (`bb_test_*` keys).
    Sandbox,
    /// The public BillerAPI production API (`bb_live_*` keys).
    Production,
    /// Any other URL, e.g. a shared `billerapi-sandbox` for a support team.
    Custom,
}

impl EnvironmentKind {
    /// Every environment, in the order the UI lists them.
    pub const ALL: [EnvironmentKind; 4] = [
        EnvironmentKind::Embedded,
        EnvironmentKind::Sandbox,
        EnvironmentKind::Production,
        EnvironmentKind::Custom,
    ];

    /// The stable name used in settings, the CLI and IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            EnvironmentKind::Embedded => "embedded",
            EnvironmentKind::Sandbox => "sandbox",
            EnvironmentKind::Production => "production",
            EnvironmentKind::Custom => "custom",
        }
    }
}

impl fmt::Display for EnvironmentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The name given was not one of the four environments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown environment {0:?}: expected embedded, sandbox, production or custom")]
pub struct UnknownEnvironment(pub String);

impl FromStr for EnvironmentKind {
    type Err = UnknownEnvironment;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnvironmentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownEnvironment(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_emulator_is_the_default_environment() {
        assert_eq!(EnvironmentKind::default(), EnvironmentKind::Embedded);
    }

    #[test]
    fn names_round_trip_through_text_and_json() {
        for kind in EnvironmentKind::ALL {
            assert_eq!(kind.as_str().parse::<EnvironmentKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).expect("serializes");
            assert_eq!(json, format!("\"{kind}\""));
        }
    }

    #[test]
    fn an_unknown_name_is_rejected_with_the_valid_choices() {
        let err = "staging".parse::<EnvironmentKind>().unwrap_err();
        assert!(err
            .to_string()
            .contains("embedded, sandbox, production or custom"));
    }
}

/// Setting keys in the `settings` table.
pub(crate) mod keys {
    pub const ENVIRONMENT: &str = "environment";
    pub const CUSTOM_URL: &str = "custom_url";
    pub const CLIENT_USER_ID: &str = "client_user_id";
    /// Before v15 of the settings: one lead time (read once into [`REMINDER_DAYS`]).
    pub const LEAD_DAYS: &str = "notification_lead_days";
    /// Days before a due date a reminder is shown, comma-separated (`7,3,0`).
    pub const REMINDER_DAYS: &str = "reminder_days";
    pub const AUTO_LOCK_MINUTES: &str = "auto_lock_minutes";
    /// Whether a daily sync runs in the background.
    pub const BACKGROUND_SYNC: &str = "background_sync";
    /// Check for a new version at start (default on).
    pub const CHECK_UPDATES: &str = "check_updates";
    /// Whether closing the window keeps Billkeep running in the tray.
    pub const CLOSE_TO_TRAY: &str = "close_to_tray";
    /// Whether the first close asked what closing should do.
    pub const CLOSE_ASKED: &str = "close_asked";
    /// When every link was last synced (unix seconds).
    pub const LAST_FULL_SYNC: &str = "last_full_sync_at";
    pub fn client_id(origin: &crate::origin::ApiOrigin) -> String {
        format!("client_id.{}", origin.credential_name())
    }
    pub fn connect_url(origin: &crate::origin::ApiOrigin) -> String {
        format!("connect_url.{}", origin.credential_name())
    }
    pub fn credentials_stamp(origin: &crate::origin::ApiOrigin) -> String {
        format!("credentials_stamp.{}", origin.credential_name())
    }
}

/// Reads one setting.
pub(crate) fn get(conn: &rusqlite::Connection, key: &str) -> crate::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    // Cached: a settings load reads several keys, and compiling the statement each time was most
    // of a link's local work (crates/core/benches).
    Ok(conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Writes one setting.
pub(crate) fn set(conn: &rusqlite::Connection, key: &str, value: &str) -> crate::Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The settings the app and CLI show and change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Where new links are made.
    pub environment: EnvironmentKind,
    /// The base URL of the custom environment, if set.
    pub custom_url: Option<String>,
    /// Where new links are made: `embedded`, or the API base URL (a link's `origin` compares to it).
    pub origin: Option<String>,
    /// The client id of the active origin, if set.
    pub client_id: Option<String>,
    /// The hosted Connect page of the active origin, when set (else `<base URL>/connect`, a
    /// guess: BillerAPI documents no URL for it).
    pub connect_url: Option<String>,
    /// Whether the active origin's client secret is stored.
    pub has_client_secret: bool,
    /// This installation's end-user id sent as `client_user_id`.
    pub client_user_id: String,
    /// Days before a due date a reminder is shown, largest first (`[7, 3, 0]`: a week before,
    /// three days before, and on the day). The largest is also how far ahead lists mark a bill
    /// "due soon".
    pub reminder_days: Vec<u32>,
    /// Minutes without user activity after which a passphrase vault locks itself (0: never).
    pub auto_lock_minutes: u32,
    /// A sync of every link once a day, in the background (default on).
    pub background_sync: bool,
    /// Whether the app checks for a new version at start.
    pub check_updates: bool,
    /// Closing the window keeps Billkeep running in the tray (default off).
    pub close_to_tray: bool,
    /// The first close has asked what closing should do.
    pub close_asked: bool,
}

/// The auto-lock delay of a new installation, in minutes.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 15;
/// The longest auto-lock delay the app accepts, in minutes (a day).
pub const MAX_AUTO_LOCK_MINUTES: u32 = 24 * 60;

/// Loads the settings (client secret presence is filled in by the caller, which has the keyring).
pub(crate) fn load(conn: &rusqlite::Connection) -> crate::Result<Settings> {
    let environment = get(conn, keys::ENVIRONMENT)?
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    let client_user_id = match get(conn, keys::CLIENT_USER_ID)? {
        Some(id) => id,
        None => {
            let id = format!("billkeep_{}", crate::vault::random_hex::<8>());
            set(conn, keys::CLIENT_USER_ID, &id)?;
            id
        }
    };
    let custom_url = get(conn, keys::CUSTOM_URL)?;
    let origin = ApiOrigin::of_environment(environment, custom_url.as_deref()).ok();
    let (client_id, connect_url) = match &origin {
        Some(origin) => (
            get(conn, &keys::client_id(origin))?,
            get(conn, &keys::connect_url(origin))?,
        ),
        None => (None, None),
    };
    Ok(Settings {
        environment,
        custom_url,
        origin: origin.as_ref().map(ApiOrigin::stored),
        client_id,
        connect_url,
        has_client_secret: false,
        client_user_id,
        reminder_days: reminder_days(conn)?,
        auto_lock_minutes: get(conn, keys::AUTO_LOCK_MINUTES)?
            .and_then(|s| s.parse().ok())
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES),
        background_sync: flag(conn, keys::BACKGROUND_SYNC, true)?,
        check_updates: flag(conn, keys::CHECK_UPDATES, true)?,
        close_to_tray: flag(conn, keys::CLOSE_TO_TRAY, false)?,
        close_asked: flag(conn, keys::CLOSE_ASKED, false)?,
    })
}

/// Chooses the active environment (a custom one needs its URL).
pub(crate) fn use_environment(
    conn: &rusqlite::Connection,
    kind: EnvironmentKind,
    custom_url: Option<&str>,
) -> crate::Result<()> {
    if kind == EnvironmentKind::Custom {
        let url = custom_url.ok_or_else(|| {
            crate::Error::Invalid("the custom environment needs a URL".to_owned())
        })?;
        // Links made on an earlier URL stay with it (origin.rs); only new links use this one.
        set(
            conn,
            keys::CUSTOM_URL,
            crate::origin::custom_url(url)?.as_str(),
        )?;
    }
    set(conn, keys::ENVIRONMENT, kind.as_str())
}

/// Records the client id of an origin (its secret was just stored), with a fresh credentials
/// stamp: every process holding the old secret in memory reads the new one.
pub(crate) fn set_client_id(
    conn: &rusqlite::Connection,
    origin: &ApiOrigin,
    client_id: &str,
) -> crate::Result<()> {
    set(
        conn,
        &keys::credentials_stamp(origin),
        &crate::vault::random_hex::<16>(),
    )?;
    set(conn, &keys::client_id(origin), client_id)
}

/// The stamp of an origin's credentials, changed whenever they are set (none before stamps).
pub(crate) fn credentials_stamp(
    conn: &rusqlite::Connection,
    origin: &ApiOrigin,
) -> crate::Result<Option<String>> {
    get(conn, &keys::credentials_stamp(origin))
}

/// The client id of an origin.
pub(crate) fn client_id(
    conn: &rusqlite::Connection,
    origin: &ApiOrigin,
) -> crate::Result<Option<String>> {
    get(conn, &keys::client_id(origin))
}

fn flag(conn: &rusqlite::Connection, key: &str, default: bool) -> crate::Result<bool> {
    Ok(get(conn, key)?.map_or(default, |v| v == "1"))
}

/// Sets an on/off setting.
pub(crate) fn set_flag(conn: &rusqlite::Connection, key: &str, on: bool) -> crate::Result<()> {
    set(conn, key, if on { "1" } else { "0" })
}

/// When every link was last synced.
pub(crate) fn last_full_sync(
    conn: &rusqlite::Connection,
) -> crate::Result<Option<time::OffsetDateTime>> {
    Ok(get(conn, keys::LAST_FULL_SYNC)?
        .and_then(|s| s.parse::<i64>().ok())
        .map(crate::clock::from_unix))
}

/// Reminder lead times of a new installation.
pub const DEFAULT_REMINDER_DAYS: [u32; 3] = [7, 3, 0];
/// The longest lead time, in days.
pub const MAX_REMINDER_DAYS: u32 = 60;
/// The most lead times.
pub const MAX_REMINDERS: usize = 5;

fn reminder_days(conn: &rusqlite::Connection) -> crate::Result<Vec<u32>> {
    if let Some(list) = get(conn, keys::REMINDER_DAYS)? {
        return Ok(list
            .split(',')
            .filter_map(|d| d.trim().parse().ok())
            .collect());
    }
    // An installation from before kept one lead time: it stays, with a reminder on the day.
    Ok(
        match get(conn, keys::LEAD_DAYS)?.and_then(|s| s.parse::<u32>().ok()) {
            Some(old) => normalized_reminders(&[old, 0]),
            None => DEFAULT_REMINDER_DAYS.to_vec(),
        },
    )
}

fn normalized_reminders(days: &[u32]) -> Vec<u32> {
    let mut days = days.to_vec();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days
}

/// Sets the reminder lead times: up to five, each 0 to 60 days (none: no reminders before a due
/// date; overdue bills are still announced).
pub(crate) fn set_reminder_days(conn: &rusqlite::Connection, days: &[u32]) -> crate::Result<()> {
    let days = normalized_reminders(days);
    if days.len() > MAX_REMINDERS || days.iter().any(|&d| d > MAX_REMINDER_DAYS) {
        return Err(crate::Error::Invalid(format!(
            "reminders are up to {MAX_REMINDERS} lead times of 0 to {MAX_REMINDER_DAYS} days"
        )));
    }
    let list: Vec<String> = days.iter().map(u32::to_string).collect();
    set(conn, keys::REMINDER_DAYS, &list.join(","))
}

impl Settings {
    /// How far ahead a bill counts as due soon: the largest reminder lead time.
    pub fn due_soon_days(&self) -> u32 {
        self.reminder_days.iter().copied().max().unwrap_or(0)
    }
}

/// Sets the auto-lock delay of a passphrase vault (0 turns it off).
pub(crate) fn set_auto_lock_minutes(
    conn: &rusqlite::Connection,
    minutes: u32,
) -> crate::Result<()> {
    if minutes > MAX_AUTO_LOCK_MINUTES {
        return Err(crate::Error::Invalid(format!(
            "the auto-lock delay is 0 (never) to {MAX_AUTO_LOCK_MINUTES} minutes"
        )));
    }
    set(conn, keys::AUTO_LOCK_MINUTES, &minutes.to_string())
}

/// The secret-store name of an origin's client secret.
pub(crate) fn secret_name(origin: &ApiOrigin) -> String {
    format!("client-secret.{}", origin.credential_name())
}

/// The name the custom environment's secret had before secrets were kept per origin.
pub(crate) const LEGACY_CUSTOM_SECRET: &str = "client-secret.custom";

/// Sets (or, with `None`, forgets) the hosted Connect page of an origin.
pub(crate) fn set_connect_url(
    conn: &rusqlite::Connection,
    origin: &ApiOrigin,
    url: Option<&str>,
) -> crate::Result<()> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => set(
            conn,
            &keys::connect_url(origin),
            crate::origin::connect_page_url(url)?.as_str(),
        ),
        None => {
            conn.execute(
                "DELETE FROM settings WHERE key = ?1",
                [keys::connect_url(origin)],
            )?;
            Ok(())
        }
    }
}

/// The hosted Connect page of an origin, when one is set.
pub(crate) fn connect_url(
    conn: &rusqlite::Connection,
    origin: &ApiOrigin,
) -> crate::Result<Option<String>> {
    get(conn, &keys::connect_url(origin))
}
