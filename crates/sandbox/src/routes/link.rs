//! `POST /link/token/create` and `POST /link/token/exchange`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use billerapi::error_body::ApiErrorBody;
use billerapi::link::{
    LinkTokenCreateRequest, LinkTokenCreateResponse, LinkTokenExchangeRequest,
    LinkTokenExchangeResponse,
};

use crate::auth::ClientAuth;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::link_flow;
use crate::state::AppState;

/// Creates a link token (30 minutes) for one Connect session.
#[utoipa::path(post, path = "/link/token/create", operation_id = "createLinkToken", tag = "link", request_body = LinkTokenCreateRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 201, body = LinkTokenCreateResponse), (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 429, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "client_id is not the caller's"), (status = 409, body = ApiErrorBody, description = "biller_id differs from the account link's biller")))]
pub async fn create(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<LinkTokenCreateRequest>,
) -> Result<(StatusCode, Json<LinkTokenCreateResponse>), ApiError> {
    let now = state.clock.now();
    let token = state
        .store
        .run(move |conn| link_flow::create_link_token(conn, now, &client_id, req))
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(LinkTokenCreateResponse {
            success: Some(true),
            token,
        }),
    ))
}

/// Exchanges a single-use public token for the link's long-lived access token.
#[utoipa::path(post, path = "/link/token/exchange", operation_id = "exchangePublicToken", tag = "link", request_body = LinkTokenExchangeRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = LinkTokenExchangeResponse), (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody), (status = 429, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "client_id is not the caller's"), (status = 404, body = ApiErrorBody, description = "`INVALID_PUBLIC_TOKEN`: no such public token for this client"), (status = 409, body = ApiErrorBody, description = "`PUBLIC_TOKEN_ALREADY_USED`")))]
pub async fn exchange(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<LinkTokenExchangeRequest>,
) -> Result<Json<LinkTokenExchangeResponse>, ApiError> {
    let now = state.clock.now();
    let answer = state
        .store
        .run(move |conn| {
            link_flow::exchange(
                conn,
                now,
                &client_id,
                &req.client_id,
                req.public_token.expose(),
            )
        })
        .await?;
    Ok(Json(answer))
}
