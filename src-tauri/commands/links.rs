//! Linking, relinking, unlinking: steps 1 (link token) and 3 (exchange) of the link flow in
//! docs/app.md, with the token kept in Rust.

use billerapi::sandbox::Scenario;
use billkeep_core::links::LinkSummary;
use billkeep_core::{LinkSession, LinkedAccount};
use tauri::{AppHandle, Runtime};

use super::core;
use crate::Error;

fn valid_id(link: i64) -> Result<i64, Error> {
    if link > 0 {
        Ok(link)
    } else {
        Err(Error::Invalid("no such linked account".to_owned()))
    }
}

pub(crate) async fn create_link_token<R: Runtime>(
    app: &AppHandle<R>,
    biller_id: Option<String>,
) -> Result<LinkSession, Error> {
    if biller_id
        .as_ref()
        .is_some_and(|b| b.is_empty() || b.len() > 128)
    {
        return Err(Error::Invalid("that is not a biller id".to_owned()));
    }
    Ok(core(app).await?.start_link(biller_id.as_deref()).await?)
}

pub(crate) async fn exchange_public_token<R: Runtime>(
    app: &AppHandle<R>,
    public_token: String,
    account: LinkedAccount,
) -> Result<LinkSummary, Error> {
    Ok(core(app)
        .await?
        .complete_link(&public_token, account)
        .await?)
}

pub(crate) async fn start_relink<R: Runtime>(
    app: &AppHandle<R>,
    link: i64,
) -> Result<LinkSession, Error> {
    Ok(core(app).await?.start_relink(valid_id(link)?).await?)
}

pub(crate) async fn complete_relink<R: Runtime>(
    app: &AppHandle<R>,
    link: i64,
    public_token: String,
) -> Result<LinkSummary, Error> {
    Ok(core(app)
        .await?
        .complete_relink(valid_id(link)?, &public_token)
        .await?)
}

pub(crate) async fn sandbox_link<R: Runtime>(
    app: &AppHandle<R>,
    biller_id: String,
    account_number: String,
) -> Result<LinkSummary, Error> {
    if !(4..=20).contains(&account_number.len())
        || !account_number.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Error::Invalid(
            "the account number must be 4 to 20 digits".to_owned(),
        ));
    }
    Ok(core(app)
        .await?
        .sandbox_link(&biller_id, &account_number, None)
        .await?)
}

pub(crate) async fn sandbox_scenarios<R: Runtime>(
    app: &AppHandle<R>,
) -> Result<Vec<Scenario>, Error> {
    Ok(core(app).await?.sandbox_scenarios().await?)
}

/// `limit`: the first screen asks only for the accounts it shows. With 200 links the whole list
/// is ~150 KB of JSON, and WebKitGTK took ~85 ms to hand it to the page (bench/startup).
pub(crate) async fn list_links<R: Runtime>(
    app: &AppHandle<R>,
    limit: Option<u32>,
) -> Result<Vec<LinkSummary>, Error> {
    let mut links = core(app).await?.links()?;
    if let Some(limit) = limit {
        links.truncate(limit as usize);
    }
    Ok(links)
}

/// If the origin does not confirm, the link stays as "removal pending" and the error says so.
pub(crate) async fn unlink<R: Runtime>(app: &AppHandle<R>, link: i64) -> Result<(), Error> {
    Ok(core(app).await?.unlink(valid_id(link)?).await?)
}

/// For a link whose origin is gone for good; the UI warns before calling it.
pub(crate) async fn forget_link<R: Runtime>(app: &AppHandle<R>, link: i64) -> Result<(), Error> {
    Ok(core(app).await?.forget(valid_id(link)?)?)
}
