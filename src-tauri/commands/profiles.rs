//! Profiles (support staff): separate data, vault keys and settings. The window shows one profile;
//! switching saves the choice and starts Billkeep again on the other.

use std::path::PathBuf;
use std::sync::Mutex;

use billkeep_core::profiles::{ProfileInfo, Profiles};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;

use crate::Error;

/// The profile this window shows, and where the profiles are listed.
pub(crate) struct CurrentProfile {
    /// The base data directory (the default profile's).
    pub base: PathBuf,
    /// The default keyring service.
    pub service: String,
    /// The profile shown.
    pub name: Mutex<String>,
    /// Chosen by `--profile` or `BILLKEEP_PROFILE` for this run: switching is then refused.
    pub pinned: bool,
}

/// Every profile and the one shown.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileList {
    /// The profiles, the default first.
    pub profiles: Vec<ProfileInfo>,
    /// The profile this window shows.
    pub current: String,
    /// Chosen on the command line for this run (switching is refused).
    pub pinned: bool,
}

fn current<R: Runtime>(app: &AppHandle<R>) -> Result<tauri::State<'_, CurrentProfile>, Error> {
    app.try_state::<CurrentProfile>()
        .ok_or_else(|| Error::Invalid("profiles are not available here".to_owned()))
}

fn load(p: &CurrentProfile) -> Result<Profiles, Error> {
    Ok(Profiles::load(&p.base, &p.service)?)
}

fn shown(p: &CurrentProfile) -> String {
    p.name.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

fn list(p: &CurrentProfile, profiles: &Profiles) -> ProfileList {
    ProfileList {
        profiles: profiles.list(),
        current: shown(p),
        pinned: p.pinned,
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

pub(crate) async fn list_profiles<R: Runtime>(app: &AppHandle<R>) -> Result<ProfileList, Error> {
    let p = current(app)?;
    Ok(list(&p, &load(&p)?))
}

pub(crate) async fn create_profile<R: Runtime>(
    app: &AppHandle<R>,
    name: String,
) -> Result<ProfileList, Error> {
    let p = current(app)?;
    let mut profiles = load(&p)?;
    profiles.create(&name)?;
    Ok(list(&p, &profiles))
}

pub(crate) async fn rename_profile<R: Runtime>(
    app: &AppHandle<R>,
    from: String,
    to: String,
) -> Result<ProfileList, Error> {
    let p = current(app)?;
    let mut profiles = load(&p)?;
    profiles.rename(&from, &to)?;
    if same(&shown(&p), &from) {
        *p.name.lock().unwrap_or_else(|e| e.into_inner()) = to.trim().to_owned();
    }
    Ok(list(&p, &profiles))
}

pub(crate) async fn delete_profile<R: Runtime>(
    app: &AppHandle<R>,
    name: String,
) -> Result<ProfileList, Error> {
    let p = current(app)?;
    if same(&shown(&p), &name) {
        return Err(Error::Invalid(
            "This profile is open: switch to another one before deleting it".to_owned(),
        ));
    }
    let mut profiles = load(&p)?;
    let location = profiles.locate(Some(&name))?;
    let keyring = billkeep_core::vault::OsKeyring::new(location.keyring_service);
    profiles.delete(&name, &keyring)?;
    Ok(list(&p, &profiles))
}

pub(crate) async fn switch_profile<R: Runtime>(
    app: &AppHandle<R>,
    name: String,
) -> Result<(), Error> {
    let p = current(app)?;
    if p.pinned {
        return Err(Error::Invalid(
            "This window's profile was chosen with --profile or BILLKEEP_PROFILE; start Billkeep without it to switch".to_owned(),
        ));
    }
    let mut profiles = load(&p)?;
    profiles.set_active(&name)?;
    // Start again on the other profile once this answer has reached the window.
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        app.restart();
    });
    Ok(())
}
