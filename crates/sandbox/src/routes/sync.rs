//! `POST /bills/sync/trigger` and `GET /bills/sync`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use billerapi::error_body::ApiErrorBody;
use billerapi::sync::{SyncHistory, SyncQuery, SyncRecord, SyncTriggerRequest};

use crate::auth::BillsAuth;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::routes::bills::authorized_link;
use crate::state::AppState;
use crate::syncs::{self, Triggered};

/// Triggers a sync; answers 202 at once, the sync completes in the background.
#[utoipa::path(post, path = "/bills/sync/trigger", operation_id = "triggerSync", tag = "bills", request_body = SyncTriggerRequest,
    security(("client_id" = [], "client_secret" = []), ("access_token" = [])),
    responses((status = 202, body = SyncRecord), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn trigger(
    State(state): State<AppState>,
    auth: BillsAuth,
    ApiJson(req): ApiJson<SyncTriggerRequest>,
) -> Result<(StatusCode, Json<SyncRecord>), ApiError> {
    let now = state.clock.now();
    let triggered = state
        .store
        .run(move |conn| {
            let link = authorized_link(conn, &auth, &req.account_link_id)?;
            syncs::trigger(conn, now, &link, req.force)
        })
        .await?;
    let record = match triggered {
        Triggered::Existing(record) => record,
        Triggered::Queued(record) => {
            let (store, clock, delay, id) = (
                state.store.clone(),
                state.clock.clone(),
                state.sync_delay,
                record.id.clone(),
            );
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                let now = clock.now();
                if let Err(e) = store.run(move |conn| syncs::complete(conn, now, &id)).await {
                    tracing::warn!(error = %e, "sync did not complete");
                }
            });
            record
        }
    };
    Ok((StatusCode::ACCEPTED, Json(record)))
}

/// Sync status and history of one account link, newest first.
#[utoipa::path(get, path = "/bills/sync", operation_id = "getSyncHistory", tag = "bills", params(SyncQuery),
    security(("client_id" = [], "client_secret" = []), ("access_token" = [])),
    responses((status = 200, body = SyncHistory), (status = 400, body = ApiErrorBody), (status = 401, body = ApiErrorBody),
        (status = 403, body = ApiErrorBody), (status = 404, body = ApiErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    auth: BillsAuth,
    ApiQuery(q): ApiQuery<SyncQuery>,
) -> Result<Json<SyncHistory>, ApiError> {
    let since = q
        .since
        .as_deref()
        .map(|s| {
            time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .map_err(|_| ApiError::bad_request("since must be an RFC 3339 timestamp"))
        })
        .transpose()?;
    let link_id = q.account_link_id.clone();
    let syncs = state
        .store
        .run(move |conn| {
            authorized_link(conn, &auth, &link_id)?;
            syncs::history(conn, &link_id, since)
        })
        .await?;
    Ok(Json(SyncHistory {
        account_link_id: Some(q.account_link_id),
        syncs,
    }))
}
