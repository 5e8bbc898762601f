//! Signed updates (`tauri-plugin-updater`): the release feed is checked at start (a setting, on
//! by default) and on "Check now"; a newer version is offered with its release notes; on the
//! user's click it is downloaded and its signature verified against the public key in
//! `tauri.conf.json`, and only then installed. A bad signature or an older version is refused.
//! `BILLKEEP_UPDATE_URL` points at another feed; with a loopback feed (tests, a local mirror)
//! `BILLKEEP_UPDATE_PUBKEY` may name the key it is signed with.

use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, Url};
use tauri_plugin_updater::{Update, UpdaterExt};
use ts_rs::TS;

use crate::events::UPDATE_AVAILABLE;
use crate::Error;

/// Another update feed (`latest.json`).
pub(crate) const UPDATE_URL_ENV: &str = "BILLKEEP_UPDATE_URL";
/// The public key of a loopback feed.
pub(crate) const UPDATE_PUBKEY_ENV: &str = "BILLKEEP_UPDATE_PUBKEY";

/// A newer version on the feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    /// Its version.
    pub version: String,
    /// Its release notes.
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    pub date: Option<String>,
}

/// Where updating stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatus {
    /// The running version.
    pub current: String,
    /// A newer version, if the feed has one.
    pub available: Option<AvailableUpdate>,
    /// It was downloaded and its signature verified: it can be installed.
    pub verified: bool,
}

/// The update found by the last check, and its verified bytes once downloaded. Managed only
/// where the updater plugin is registered (the app, not unit tests).
#[derive(Default)]
pub(crate) struct Updates {
    found: Mutex<Option<Update>>,
    verified: Mutex<Option<(String, Vec<u8>)>>,
    /// The check at start ran (a passphrase vault unlocked again does not repeat it).
    checked_at_start: std::sync::atomic::AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn updates<R: Runtime>(app: &AppHandle<R>) -> Result<tauri::State<'_, Updates>, Error> {
    app.try_state::<Updates>()
        .ok_or_else(|| Error::Update("Updates are not available in this build".to_owned()))
}

fn is_loopback(url: &Url) -> bool {
    matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// What a plugin error means for the user (never a URL with a query, never a key).
fn explain(e: tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as E;
    Error::Update(match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => {
            "The update's signature does not match Billkeep's release key, so it was not installed."
                .to_owned()
        }
        E::ReleaseNotFound => "The update feed has no release for this computer.".to_owned(),
        E::Reqwest(_) | E::Network(_) => {
            "The update feed could not be reached; try again later.".to_owned()
        }
        other => format!("The update could not be completed: {other}"),
    })
}

fn updater<R: Runtime>(app: &AppHandle<R>) -> Result<tauri_plugin_updater::Updater, Error> {
    let mut builder = app.updater_builder();
    if let Some(feed) = std::env::var(UPDATE_URL_ENV).ok().filter(|v| !v.is_empty()) {
        let url = Url::parse(&feed)
            .map_err(|_| Error::Update(format!("{UPDATE_URL_ENV} is not a URL")))?;
        if url.scheme() != "https" && !(url.scheme() == "http" && is_loopback(&url)) {
            return Err(Error::Update(format!(
                "{UPDATE_URL_ENV} must be https:// (or http:// on this computer)"
            )));
        }
        if let Some(key) = std::env::var(UPDATE_PUBKEY_ENV)
            .ok()
            .filter(|v| !v.is_empty())
        {
            // Another key only for a feed on this computer: a remote feed is always checked
            // against the release key.
            if !is_loopback(&url) {
                return Err(Error::Update(format!(
                    "{UPDATE_PUBKEY_ENV} is accepted only with a feed on this computer"
                )));
            }
            builder = builder.pubkey(key);
        }
        builder = builder.endpoints(vec![url]).map_err(explain)?;
    }
    builder.build().map_err(explain)
}

fn status(current: &str, update: Option<&Update>, verified: bool) -> UpdateStatus {
    UpdateStatus {
        current: current.to_owned(),
        available: update.map(|u| AvailableUpdate {
            version: u.version.clone(),
            notes: u.body.clone(),
            date: u.date.map(billerapi::dates::format_timestamp),
        }),
        verified,
    }
}

/// Whether `offered` is newer than `current` (the plugin checks too; a downgrade is never offered).
fn newer(offered: &str, current: &str) -> bool {
    let parse = |v: &str| semver::Version::parse(v.trim_start_matches('v')).ok();
    matches!((parse(offered), parse(current)), (Some(o), Some(c)) if o > c)
}

/// Checks the feed.
pub(crate) async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateStatus, Error> {
    let current = app.package_info().version.to_string();
    updates(app)?;
    let found = updater(app)?.check().await.map_err(explain)?;
    let found = found.filter(|u| newer(&u.version, &current));
    let state = updates(app)?;
    *lock(&state.verified) = None;
    let answer = status(&current, found.as_ref(), false);
    *lock(&state.found) = found;
    Ok(answer)
}

/// Downloads the update found and verifies its signature (nothing is installed yet).
pub(crate) async fn download<R: Runtime>(app: &AppHandle<R>) -> Result<UpdateStatus, Error> {
    let current = app.package_info().version.to_string();
    let state = updates(app)?;
    let update = lock(&state.found)
        .clone()
        .ok_or_else(|| Error::Update("There is no update to download: check again".to_owned()))?;
    let bytes = update.download(|_, _| {}, || {}).await.map_err(explain)?;
    *lock(&state.verified) = Some((update.version.clone(), bytes));
    Ok(status(&current, Some(&update), true))
}

/// Installs the verified update, then starts the new version.
pub(crate) async fn install<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    let state = updates(app)?;
    let update = lock(&state.found)
        .clone()
        .ok_or_else(|| Error::Update("There is no update to install: check again".to_owned()))?;
    let bytes = match lock(&state.verified).take() {
        Some((version, bytes)) if version == update.version => bytes,
        _ => return Err(Error::Update("Download the update first".to_owned())),
    };
    // `install` verifies the bytes once more before it touches anything.
    update.install(bytes).map_err(explain)?;
    app.restart();
}

/// At start (after the first paint), when the setting is on: tell the window about a new version.
pub(crate) async fn check_at_start<R: Runtime>(app: &AppHandle<R>, enabled: bool) {
    let Some(state) = app.try_state::<Updates>() else {
        return;
    };
    if !enabled
        || state
            .checked_at_start
            .swap(true, std::sync::atomic::Ordering::Relaxed)
    {
        return;
    }
    match check(app).await {
        Ok(found) if found.available.is_some() => {
            let _ = app.emit(UPDATE_AVAILABLE, found);
        }
        Ok(_) => {}
        Err(e) => tracing::info!(error = %e, "update check at start"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_newer_version_is_offered() {
        assert!(newer("0.2.0", "0.1.0"));
        assert!(newer("v1.0.0", "0.9.9"));
        assert!(!newer("0.1.0", "0.1.0"));
        assert!(!newer("0.0.9", "0.1.0"), "a downgrade");
        assert!(!newer("not a version", "0.1.0"));
    }
}
