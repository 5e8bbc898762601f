//! `GET /bills/accounts`, and the sandbox's get and remove of one account link.

use axum::extract::{Path, State};
use axum::Json;
use billerapi::accounts::{Account, AccountRemovedResponse, AccountsResponse};
use billerapi::error_body::ApiErrorBody;
use serde::Deserialize;

use crate::auth::ClientAuth;
use crate::error::ApiError;
use crate::extract::ApiQuery;
use crate::links;
use crate::state::AppState;

/// Optional filter of the account list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AccountsQuery {
    /// Only this end user's accounts (sandbox extension).
    client_user_id: Option<String>,
}

/// Every account linked by this client (removed ones excluded), oldest first.
#[utoipa::path(get, path = "/bills/accounts", operation_id = "listAccounts", tag = "bills", params(AccountsQuery),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = AccountsResponse), (status = 401, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiQuery(q): ApiQuery<AccountsQuery>,
) -> Result<Json<AccountsResponse>, ApiError> {
    let found = state
        .store
        .run(move |conn| links::list(conn, &client_id, q.client_user_id.as_deref()))
        .await?;
    Ok(Json(AccountsResponse {
        accounts: found.iter().map(crate::model::Link::to_account).collect(),
    }))
}

/// **Sandbox extension.** One account link; a removed one is gone (404), as from the list.
#[utoipa::path(get, path = "/bills/accounts/{account_link_id}", operation_id = "getAccount", tag = "bills",
    params(("account_link_id" = String, Path)), security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = Account), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    Path(link_id): Path<String>,
) -> Result<Json<Account>, ApiError> {
    let link = state
        .store
        .run(move |conn| links::owned_link(conn, &client_id, &link_id))
        .await?;
    Ok(Json(link.to_account()))
}

/// **Sandbox extension.** Removes an account link and revokes its access tokens.
#[utoipa::path(delete, path = "/bills/accounts/{account_link_id}", operation_id = "removeAccount", tag = "bills",
    params(("account_link_id" = String, Path)), security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = AccountRemovedResponse), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    Path(link_id): Path<String>,
) -> Result<Json<AccountRemovedResponse>, ApiError> {
    let now = state.clock.now();
    let id = link_id.clone();
    let revoked = state
        .store
        .run(move |conn| links::remove(conn, now, &client_id, &id))
        .await?;
    Ok(Json(AccountRemovedResponse {
        success: true,
        account_link_id: link_id,
        revoked_access_tokens: revoked,
    }))
}
