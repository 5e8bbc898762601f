//! Requests to link (Support screen): ask someone to link from their own browser, follow the
//! request, open or cancel it. A completed request becomes a link when it is next looked at.

use billkeep_core::link_requests::LinkRequest;
use tauri::{AppHandle, Runtime};

use super::core;
use crate::{external_link, Error};

fn optional(value: Option<String>, what: &str) -> Result<Option<String>, Error> {
    match value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
        Some(v) if v.len() > 128 => Err(Error::Invalid(format!("that {what} is too long"))),
        other => Ok(other),
    }
}

pub(crate) async fn request_link<R: Runtime>(
    app: &AppHandle<R>,
    biller_id: Option<String>,
    client_user_id: Option<String>,
) -> Result<LinkRequest, Error> {
    let biller = optional(biller_id, "biller id")?;
    let user = optional(client_user_id, "end-user id")?;
    Ok(core(app)
        .await?
        .request_link(biller.as_deref(), user.as_deref())
        .await?)
}

pub(crate) async fn list_link_requests<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Vec<LinkRequest>, Error> {
    Ok(core(app).await?.link_requests(None).await?)
}

/// Collects a completed request: its link is stored and named in the answer.
pub(crate) async fn get_link_request<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
) -> Result<LinkRequest, Error> {
    Ok(core(app).await?.link_request(&id).await?)
}

pub(crate) async fn cancel_link_request<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
) -> Result<LinkRequest, Error> {
    Ok(core(app).await?.cancel_link_request(&id).await?)
}

/// Opens a request's page in the system browser: an https:// page, or the loopback server the
/// app itself talks to (the embedded sandbox, a local `billerapi-sandbox`).
pub(crate) async fn open_link_request<R: Runtime>(
    app: &AppHandle<R>,
    id: String,
) -> Result<(), Error> {
    let core = core(app).await?;
    let request = core.link_request(&id).await?;
    let api = core.base_url().await?;
    let url = external_link::validate_request_page(&request.session_url, &api)?;
    #[allow(deprecated)] // tauri-plugin-opener is not part of our stack; shell's open still works.
    tauri_plugin_shell::ShellExt::shell(app)
        .open(url.as_str(), None)
        .map_err(Error::OpenExternal)
}

pub(crate) async fn find_billers_in_email<R: Runtime>(app: &AppHandle<R>) -> Result<(), Error> {
    let core = core(app).await?;
    let consent = core.begin_email_discovery().await?;
    // The consent page: https, or the loopback server the app talks to (embedded or custom).
    let api = core.base_url().await?;
    let url = external_link::validate_request_page(&consent.url, &api)?;
    #[allow(deprecated)] // tauri-plugin-opener is not part of our stack; shell's open still works.
    tauri_plugin_shell::ShellExt::shell(app)
        .open(url.as_str(), None)
        .map_err(Error::OpenExternal)
}
