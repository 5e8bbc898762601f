//! The hosted Connect flow's session steps under `/link/{link_token_id}/…`, each authorised by the
//! session's own link token (`Authorization: Bearer lt_…`). A refused step answers 200 with
//! `success: false` and an `error_code`, as the docs describe.

use axum::extract::{Path, State};
use axum::Json;
use billerapi::billers::{BillersPage, BillersQuery};
use billerapi::error_body::ApiErrorBody;
use billerapi::link::{
    ConsentRequest, LinkSession, LinkStepResponse, SelectAccountRequest, SubmitCredentialsRequest,
    SubmitMfaRequest,
};
use rusqlite::Connection;
use time::OffsetDateTime;

use crate::auth::LinkTokenAuth;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::link_flow;
use crate::model::Session;
use crate::state::AppState;

/// Runs one step on the session of `link_token_id`, in one store call.
async fn step<F>(
    state: &AppState,
    token: String,
    link_token_id: String,
    work: F,
) -> Result<Json<LinkStepResponse>, ApiError>
where
    F: FnOnce(&Connection, OffsetDateTime, &Session) -> Result<LinkStepResponse, ApiError>
        + Send
        + 'static,
{
    let now = state.clock.now();
    let answer = state
        .store
        .run(move |conn| {
            let session = link_flow::session_for_step(conn, now, &token, &link_token_id)?;
            let answer = work(conn, now, &session)?;
            // A request to link behind this session follows its progress.
            crate::link_requests::started(conn, now, &session.link_token_id)?;
            if let Some(public_token) = &answer.public_token {
                crate::link_requests::completed(
                    conn,
                    now,
                    &session.link_token_id,
                    public_token.expose(),
                )?;
            }
            Ok(answer)
        })
        .await?;
    Ok(Json(answer))
}

/// **Sandbox extension.** The session of a link token: what the Connect page shows first.
#[utoipa::path(get, path = "/link/session", operation_id = "describeLinkSession", tag = "link-session", security(("link_token" = [])),
    responses((status = 200, body = LinkSession), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody)))]
pub async fn describe(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
) -> Result<Json<LinkSession>, ApiError> {
    let now = state.clock.now();
    let session = state
        .store
        .run(move |conn| link_flow::session_by_token(conn, now, &token))
        .await?;
    Ok(Json(link_flow::describe(&session)))
}

/// **Sandbox extension.** Billers for the Connect page's biller step (the page has no client
/// secret, so `/billers` is closed to it). The same search and pages as `/billers`.
#[utoipa::path(get, path = "/link/billers", operation_id = "listLinkSessionBillers", tag = "link-session", params(BillersQuery), security(("link_token" = [])),
    responses((status = 200, body = BillersPage), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody)))]
pub async fn billers(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
    ApiQuery(q): ApiQuery<BillersQuery>,
) -> Result<Json<BillersPage>, ApiError> {
    let now = state.clock.now();
    state
        .store
        .run(move |conn| link_flow::session_by_token(conn, now, &token).map(|_| ()))
        .await?;
    crate::routes::billers::page(&q).map(Json)
}

/// Submits the biller credentials; the account number selects the sandbox scenario.
#[utoipa::path(post, path = "/link/{link_token_id}/submit-credentials", operation_id = "submitCredentials", tag = "link-session",
    params(("link_token_id" = String, Path)), request_body = SubmitCredentialsRequest, security(("link_token" = [])),
    responses((status = 200, body = LinkStepResponse), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody, description = "unknown biller_id"), (status = 409, body = ApiErrorBody, description = "a step out of order, the session complete, or no biller chosen")))]
pub async fn submit_credentials(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
    Path(link_token_id): Path<String>,
    ApiJson(req): ApiJson<SubmitCredentialsRequest>,
) -> Result<Json<LinkStepResponse>, ApiError> {
    step(&state, token, link_token_id, move |conn, _, s| {
        link_flow::submit_credentials(conn, s, req)
    })
    .await
}

/// Submits the MFA code (`123456` in the sandbox).
#[utoipa::path(post, path = "/link/{link_token_id}/submit-mfa", operation_id = "submitMfa", tag = "link-session",
    params(("link_token_id" = String, Path)), request_body = SubmitMfaRequest, security(("link_token" = [])),
    responses((status = 200, body = LinkStepResponse), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "the link token is not this session's"), (status = 409, body = ApiErrorBody, description = "a step out of order, or the session complete")))]
pub async fn submit_mfa(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
    Path(link_token_id): Path<String>,
    ApiJson(req): ApiJson<SubmitMfaRequest>,
) -> Result<Json<LinkStepResponse>, ApiError> {
    step(&state, token, link_token_id, move |conn, _, s| {
        link_flow::submit_mfa(conn, s, &req.mfa_code)
    })
    .await
}

/// Discovers the accounts behind the accepted credentials.
#[utoipa::path(post, path = "/link/{link_token_id}/discover-accounts", operation_id = "discoverAccounts", tag = "link-session",
    params(("link_token_id" = String, Path)), security(("link_token" = [])),
    responses((status = 200, body = LinkStepResponse), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "the link token is not this session's"), (status = 409, body = ApiErrorBody, description = "a step out of order, or the session complete")))]
pub async fn discover_accounts(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
    Path(link_token_id): Path<String>,
) -> Result<Json<LinkStepResponse>, ApiError> {
    step(&state, token, link_token_id, |conn, _, s| {
        link_flow::discover_accounts(conn, s)
    })
    .await
}

/// **Sandbox extension.** Chooses one discovered account.
#[utoipa::path(post, path = "/link/{link_token_id}/select-account", operation_id = "selectAccount", tag = "link-session",
    params(("link_token_id" = String, Path)), request_body = SelectAccountRequest, security(("link_token" = [])),
    responses((status = 200, body = LinkStepResponse), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "the link token is not this session's"), (status = 404, body = ApiErrorBody, description = "account_id was not discovered"), (status = 409, body = ApiErrorBody, description = "a step out of order, or the session complete")))]
pub async fn select_account(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
    Path(link_token_id): Path<String>,
    ApiJson(req): ApiJson<SelectAccountRequest>,
) -> Result<Json<LinkStepResponse>, ApiError> {
    step(&state, token, link_token_id, move |conn, _, s| {
        link_flow::select_account(conn, s, &req.account_id)
    })
    .await
}

/// **Sandbox extension.** Records the user's consent and issues the single-use public token.
#[utoipa::path(post, path = "/link/{link_token_id}/consent", operation_id = "giveConsent", tag = "link-session",
    params(("link_token_id" = String, Path)), request_body = ConsentRequest, security(("link_token" = [])),
    responses((status = 200, body = LinkStepResponse), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "the link token is not this session's"), (status = 409, body = ApiErrorBody, description = "a step out of order, the session complete, or other scopes than requested")))]
pub async fn consent(
    State(state): State<AppState>,
    LinkTokenAuth(token): LinkTokenAuth,
    Path(link_token_id): Path<String>,
    ApiJson(req): ApiJson<ConsentRequest>,
) -> Result<Json<LinkStepResponse>, ApiError> {
    step(&state, token, link_token_id, move |conn, now, s| {
        link_flow::consent(conn, now, s, &req.consents)
    })
    .await
}
