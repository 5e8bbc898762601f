//! Request to link: create (also under the idempotency page's `/request-to-link/create`), list,
//! get, and cancel (ours).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use billerapi::error_body::ApiErrorBody;
use billerapi::link_request::{
    RequestToLink, RequestToLinkCreate, RequestToLinkPage, RequestToLinkQuery,
};

use crate::auth::ClientAuth;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::link_requests;
use crate::state::AppState;

async fn made(
    state: AppState,
    client_id: String,
    req: RequestToLinkCreate,
) -> Result<(StatusCode, Json<RequestToLink>), ApiError> {
    let now = state.clock.now();
    let base = state.public_url.clone();
    let created = state
        .store
        .run(move |conn| link_requests::create(conn, now, &client_id, &base, req))
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Asks one of your users to link: a link session whose page (`session_url`) you share.
#[utoipa::path(post, path = "/link/request-to-link", operation_id = "createRequestToLink", tag = "link", request_body = RequestToLinkCreate,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 201, body = RequestToLink), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody), (status = 404, body = ApiErrorBody, description = "unknown biller_id")))]
pub async fn create(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<RequestToLinkCreate>,
) -> Result<(StatusCode, Json<RequestToLink>), ApiError> {
    made(state, client_id, req).await
}

/// The same as `POST /link/request-to-link`, under the path the idempotency page prints.
#[utoipa::path(post, path = "/request-to-link/create", operation_id = "createRequestToLinkAlias", tag = "link", request_body = RequestToLinkCreate,
    operation_id = "request_to_link_create_alias",
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 201, body = RequestToLink), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody), (status = 429, body = ApiErrorBody), (status = 404, body = ApiErrorBody, description = "unknown biller_id")))]
pub async fn create_alias(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<RequestToLinkCreate>,
) -> Result<(StatusCode, Json<RequestToLink>), ApiError> {
    made(state, client_id, req).await
}

/// Your requests to link, newest first.
#[utoipa::path(get, path = "/link/request-to-link", operation_id = "listRequestsToLink", tag = "link", params(RequestToLinkQuery),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = RequestToLinkPage), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 429, body = ApiErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiQuery(q): ApiQuery<RequestToLinkQuery>,
) -> Result<Json<RequestToLinkPage>, ApiError> {
    let now = state.clock.now();
    let base = state.public_url.clone();
    let page = state
        .store
        .run(move |conn| link_requests::list(conn, now, &client_id, &base, &q))
        .await?;
    Ok(Json(page))
}

/// One of your requests to link.
#[utoipa::path(get, path = "/link/request-to-link/{id}", operation_id = "getRequestToLink", tag = "link", params(("id" = String, Path)),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = RequestToLink), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody),
        (status = 429, body = ApiErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    Path(id): Path<String>,
) -> Result<Json<RequestToLink>, ApiError> {
    let now = state.clock.now();
    let base = state.public_url.clone();
    let found = state
        .store
        .run(move |conn| link_requests::get(conn, now, &client_id, &base, &id))
        .await?;
    Ok(Json(found))
}

/// **Sandbox extension.** Cancels a request not yet completed; its page stops working.
#[utoipa::path(post, path = "/link/request-to-link/{id}/cancel", operation_id = "cancelRequestToLink", tag = "link", params(("id" = String, Path)),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = RequestToLink), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody), (status = 409, body = ApiErrorBody), (status = 422, body = ApiErrorBody),
        (status = 429, body = ApiErrorBody)))]
pub async fn cancel(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    Path(id): Path<String>,
) -> Result<Json<RequestToLink>, ApiError> {
    let now = state.clock.now();
    let base = state.public_url.clone();
    let cancelled = state
        .store
        .run(move |conn| link_requests::cancel(conn, now, &client_id, &base, &id))
        .await?;
    Ok(Json(cancelled))
}
