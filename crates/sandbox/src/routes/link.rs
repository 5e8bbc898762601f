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
#[utoipa::path(post, path = "/link/token/create", tag = "link", request_body = LinkTokenCreateRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 201, body = LinkTokenCreateResponse), (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
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
            success: true,
            token,
        }),
    ))
}

/// Exchanges a single-use public token for the link's long-lived access token.
#[utoipa::path(post, path = "/link/token/exchange", tag = "link", request_body = LinkTokenExchangeRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = LinkTokenExchangeResponse), (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody), (status = 429, body = ApiErrorBody)))]
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
