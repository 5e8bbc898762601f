//! Settings: environment, credentials, reminder lead times, auto-lock.

use billkeep_core::settings::{EnvironmentKind, Settings};
use tauri::{AppHandle, Runtime};
use zeroize::Zeroizing;

use super::core;
use crate::Error;

pub(crate) async fn get_settings<R: Runtime>(app: &AppHandle<R>) -> Result<Settings, Error> {
    Ok(core(app).await?.settings()?)
}

pub(crate) async fn set_environment<R: Runtime>(
    app: &AppHandle<R>,
    environment: EnvironmentKind,
    custom_url: Option<String>,
) -> Result<Settings, Error> {
    Ok(core(app)
        .await?
        .use_environment(environment, custom_url.as_deref())
        .await?)
}

pub(crate) async fn set_credentials<R: Runtime>(
    app: &AppHandle<R>,
    environment: EnvironmentKind,
    client_id: String,
    client_secret: String,
) -> Result<Settings, Error> {
    let secret = Zeroizing::new(client_secret);
    if client_id.len() > 256 || secret.len() > 512 {
        return Err(Error::Invalid(
            "the client id or secret is too long".to_owned(),
        ));
    }
    let core = core(app).await?;
    core.set_credentials(environment, &client_id, &secret)?;
    Ok(core.settings()?)
}

pub(crate) async fn test_credentials<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    Ok(core(app).await?.test_credentials().await?)
}

pub(crate) async fn set_reminder_days<R: Runtime>(
    app: &AppHandle<R>,
    days: Vec<u32>,
) -> Result<Settings, Error> {
    let core = core(app).await?;
    core.set_reminder_days(&days)?;
    Ok(core.settings()?)
}

pub(crate) async fn set_auto_lock_minutes<R: Runtime>(
    app: &AppHandle<R>,
    minutes: u32,
) -> Result<Settings, Error> {
    let core = core(app).await?;
    core.set_auto_lock_minutes(minutes)?;
    Ok(core.settings()?)
}

pub(crate) async fn set_connect_url<R: Runtime>(
    app: &AppHandle<R>,
    environment: EnvironmentKind,
    url: Option<String>,
) -> Result<Settings, Error> {
    if url.as_ref().is_some_and(|u| u.len() > 2048) {
        return Err(Error::Invalid("that URL is too long".to_owned()));
    }
    let core = core(app).await?;
    core.set_connect_url(environment, url.as_deref())?;
    Ok(core.settings()?)
}

pub(crate) async fn set_check_updates<R: Runtime>(
    app: &AppHandle<R>,
    on: bool,
) -> Result<Settings, Error> {
    let core = core(app).await?;
    core.set_check_updates(on)?;
    Ok(core.settings()?)
}
