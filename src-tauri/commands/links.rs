//! Linking, relinking, unlinking: the seed's steps 1 and 3, with the token kept in Rust.

use billkeep_core::links::LinkSummary;
use billkeep_core::{LinkSession, LinkedAccount};
use tauri::State;

use crate::state::AppState;
use crate::Error;

fn valid_id(link: i64) -> Result<i64, Error> {
    if link > 0 {
        Ok(link)
    } else {
        Err(Error::Invalid("no such linked account".to_owned()))
    }
}

/// Step 1: a link token for Connect (and the Connect URL of the active environment).
#[tauri::command]
pub(crate) async fn create_link_token(
    state: State<'_, AppState>,
    biller_id: Option<String>,
) -> Result<LinkSession, Error> {
    if biller_id
        .as_ref()
        .is_some_and(|b| b.is_empty() || b.len() > 128)
    {
        return Err(Error::Invalid("that is not a biller id".to_owned()));
    }
    Ok(state.app().await?.start_link(biller_id.as_deref()).await?)
}

/// Step 3: exchanges Connect's public token; the access token is sealed and never returned.
#[tauri::command]
pub(crate) async fn exchange_public_token(
    state: State<'_, AppState>,
    public_token: String,
    account: LinkedAccount,
) -> Result<LinkSummary, Error> {
    Ok(state
        .app()
        .await?
        .complete_link(&public_token, account)
        .await?)
}

/// A link token in update mode for a link that needs relinking.
#[tauri::command]
pub(crate) async fn start_relink(
    state: State<'_, AppState>,
    link: i64,
) -> Result<LinkSession, Error> {
    Ok(state.app().await?.start_relink(valid_id(link)?).await?)
}

/// Finishes a relink with Connect's public token.
#[tauri::command]
pub(crate) async fn complete_relink(
    state: State<'_, AppState>,
    link: i64,
    public_token: String,
) -> Result<LinkSummary, Error> {
    Ok(state
        .app()
        .await?
        .complete_relink(valid_id(link)?, &public_token)
        .await?)
}

/// Sandbox environments: links a test account without Connect (the Support screen's scenarios).
#[tauri::command]
pub(crate) async fn sandbox_link(
    state: State<'_, AppState>,
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
    Ok(state
        .app()
        .await?
        .sandbox_link(&biller_id, &account_number, None)
        .await?)
}

/// Every link of the active environment.
#[tauri::command]
pub(crate) async fn list_links(state: State<'_, AppState>) -> Result<Vec<LinkSummary>, Error> {
    Ok(state.app().await?.links()?)
}

/// Removes a link (at its own origin first, then its token and bills). If the origin does not
/// confirm, the link stays as "removal pending" and the error says so.
#[tauri::command]
pub(crate) async fn unlink(state: State<'_, AppState>, link: i64) -> Result<(), Error> {
    Ok(state.app().await?.unlink(valid_id(link)?).await?)
}

/// Forgets a link on this computer only (its token stays valid at its origin): for a link whose
/// origin is gone for good. The UI warns before calling it.
#[tauri::command]
pub(crate) async fn forget_link(state: State<'_, AppState>, link: i64) -> Result<(), Error> {
    Ok(state.app().await?.forget(valid_id(link)?)?)
}
