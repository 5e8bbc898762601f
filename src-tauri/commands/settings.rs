//! Settings: environment, credentials, notification lead time.

use billkeep_core::settings::{EnvironmentKind, Settings};
use tauri::State;
use zeroize::Zeroizing;

use crate::state::AppState;
use crate::Error;

/// The current settings (never the client secret, only whether one is stored).
#[tauri::command]
pub(crate) async fn get_settings(state: State<'_, AppState>) -> Result<Settings, Error> {
    Ok(state.app().await?.settings()?)
}

/// Makes an environment the active one.
#[tauri::command]
pub(crate) async fn set_environment(
    state: State<'_, AppState>,
    environment: EnvironmentKind,
    custom_url: Option<String>,
) -> Result<Settings, Error> {
    Ok(state
        .app()
        .await?
        .use_environment(environment, custom_url.as_deref())
        .await?)
}

/// Stores an environment's client id and secret (the secret goes to the OS keyring).
#[tauri::command]
pub(crate) async fn set_credentials(
    state: State<'_, AppState>,
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
    let app = state.app().await?;
    app.set_credentials(environment, &client_id, &secret)?;
    Ok(app.settings()?)
}

/// Checks the active environment's credentials with a harmless API call.
#[tauri::command]
pub(crate) async fn test_credentials(state: State<'_, AppState>) -> Result<(), Error> {
    Ok(state.app().await?.test_credentials().await?)
}

/// Sets how many days before a due date a notification is shown.
#[tauri::command]
pub(crate) async fn set_notification_lead_days(
    state: State<'_, AppState>,
    days: u32,
) -> Result<Settings, Error> {
    let app = state.app().await?;
    app.set_notification_lead_days(days)?;
    Ok(app.settings()?)
}

/// Sets after how many idle minutes a passphrase vault locks itself (0: never).
#[tauri::command]
pub(crate) async fn set_auto_lock_minutes(
    state: State<'_, AppState>,
    minutes: u32,
) -> Result<Settings, Error> {
    let app = state.app().await?;
    app.set_auto_lock_minutes(minutes)?;
    Ok(app.settings()?)
}
