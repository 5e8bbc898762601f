//! Sandbox helpers: the documented scenario listing and our extensions (link without the UI,
//! force a login repair, issue a statement, move the clock).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use billerapi::accounts::Account;
use billerapi::bills::Bill;
use billerapi::error_body::ApiErrorBody;
use billerapi::sandbox::{
    ClockRequest, ClockResponse, NewStatementRequest, SandboxPublicTokenCreateRequest,
    SandboxPublicTokenCreateResponse, ScenariosResponse, CLOCK_MAX_ADVANCE_SECONDS,
};

use crate::auth::ClientAuth;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::scenarios::{Scenario, MFA_CODE};
use crate::state::AppState;
use crate::store::bills as store_bills;
use crate::{link_flow, links};

/// The documented magic account numbers (no credentials needed).
#[utoipa::path(get, path = "/sandbox/scenarios", operation_id = "listSandboxScenarios", tag = "sandbox", responses((status = 200, body = ScenariosResponse)))]
pub async fn scenarios() -> Json<ScenariosResponse> {
    Json(ScenariosResponse {
        scenarios: Scenario::documented(),
        mfa_code: MFA_CODE.to_owned(),
    })
}

/// **Sandbox extension.** Completes a whole Connect session at once and returns its public token.
#[utoipa::path(post, path = "/sandbox/public_token/create", operation_id = "createSandboxPublicToken", tag = "sandbox", request_body = SandboxPublicTokenCreateRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = SandboxPublicTokenCreateResponse),
        (status = 400, body = ApiErrorBody),
        (status = 401, body = ApiErrorBody), (status = 403, body = ApiErrorBody, description = "client_id is not the caller's, or the scenario's refusal (`INVALID_CREDENTIALS`, `ACCOUNT_LOCKED`)"), (status = 404, body = ApiErrorBody, description = "unknown biller_id"), (status = 503, body = ApiErrorBody, description = "`BILLER_UNAVAILABLE` (sandbox 4000000002)")))]
pub async fn public_token_create(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<SandboxPublicTokenCreateRequest>,
) -> Result<Json<SandboxPublicTokenCreateResponse>, ApiError> {
    let now = state.clock.now();
    let (public_token, expires_at) = state
        .store
        .run(move |conn| link_flow::sandbox_public_token(conn, now, &client_id, req))
        .await?;
    Ok(Json(SandboxPublicTokenCreateResponse {
        success: true,
        public_token: public_token.into(),
        expires_at,
    }))
}

/// **Sandbox extension.** The link now fails bill retrieval with `LOGIN_REQUIRED` until it is
/// repaired through Connect in update mode (`account_link_id` on link token create).
#[utoipa::path(post, path = "/sandbox/links/{link_id}/reset_login", operation_id = "resetSandboxLogin", tag = "sandbox",
    params(("link_id" = String, Path)), security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = Account), (status = 401, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn reset_login(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    Path(link_id): Path<String>,
) -> Result<Json<Account>, ApiError> {
    let now = state.clock.now();
    let link = state
        .store
        .run(move |conn| links::reset_login(conn, now, &client_id, &link_id))
        .await?;
    Ok(Json(link.to_account()))
}

/// **Sandbox extension.** Issues the link's next statement now (due in 21 days).
#[utoipa::path(post, path = "/sandbox/bills/new_statement", operation_id = "createSandboxStatement", tag = "sandbox", request_body = NewStatementRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 201, body = Bill), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 404, body = ApiErrorBody)))]
pub async fn new_statement(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<NewStatementRequest>,
) -> Result<(StatusCode, Json<Bill>), ApiError> {
    let today = state.clock.today();
    let bill = state
        .store
        .run(move |conn| {
            let link = links::owned_link(conn, &client_id, &req.link_id)?;
            store_bills::new_statement(conn, &link, today)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(bill)))
}

fn clock_now(state: &AppState) -> ClockResponse {
    ClockResponse {
        now: state.clock.now(),
        offset_seconds: state.clock.offset(),
    }
}

/// **Sandbox extension.** The sandbox's current time.
#[utoipa::path(get, path = "/sandbox/clock", operation_id = "getSandboxClock", tag = "sandbox", security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = ClockResponse), (status = 401, body = ApiErrorBody)))]
pub async fn clock_get(State(state): State<AppState>, _: ClientAuth) -> Json<ClockResponse> {
    Json(clock_now(&state))
}

/// **Sandbox extension.** Sets, advances or resets the sandbox clock (token expiry, due dates).
#[utoipa::path(post, path = "/sandbox/clock", operation_id = "setSandboxClock", tag = "sandbox", request_body = ClockRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = ClockResponse), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 409, body = ApiErrorBody, description = "the move would take the clock out of 1971-01-01 to 9000-12-31")))]
pub async fn clock_set(
    State(state): State<AppState>,
    _: ClientAuth,
    ApiJson(req): ApiJson<ClockRequest>,
) -> Result<Json<ClockResponse>, ApiError> {
    // Out of range depends on where the clock is now: a conflict, not a malformed request.
    let out_of_range =
        |_| ApiError::conflict("the sandbox clock must stay between 1971-01-01 and 9000-12-31");
    match (req.reset, req.now, req.advance_seconds) {
        (true, None, None) => state.clock.reset(),
        (false, Some(now), None) => state.clock.set(now).map_err(out_of_range)?,
        (false, None, Some(seconds))
            if seconds.unsigned_abs() <= CLOCK_MAX_ADVANCE_SECONDS as u64 =>
        {
            state.clock.advance(seconds).map_err(out_of_range)?
        }
        (false, None, Some(_)) => {
            return Err(ApiError::bad_request(
                "advance_seconds must be within ten years",
            ))
        }
        _ => {
            return Err(ApiError::bad_request(
                "give exactly one of now, advance_seconds or reset: true",
            ))
        }
    }
    Ok(Json(clock_now(&state)))
}
