//! `Idempotency-Key` on POSTs, as the docs describe it: the same key with the same request
//! within 24 hours answers the original response, without doing the work again. The docs are
//! silent on a key reused for a different request; the emulator answers 422 (docs/sandbox.md).

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};
use time::Duration;

use crate::caller::Caller;
use crate::error::ApiError;
use crate::extract::BODY_LIMIT;
use crate::model::unix;
use crate::state::AppState;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// Set on an answer replayed from an earlier request.
pub const REPLAYED: &str = "idempotent-replayed";
/// How long a key is remembered.
pub const WINDOW: Duration = Duration::hours(24);

/// What an earlier request with the same key left.
enum Earlier {
    /// Nothing (or too old): this request does the work.
    None,
    /// The same request, answered: replay it.
    Answered(u16, Option<String>, Vec<u8>),
    /// The same request, still running.
    Running,
    /// Another request under the same key.
    Different,
}

/// A key's row: the request it was first used for, and its answer once there is one.
struct Stored {
    fingerprint: Vec<u8>,
    status: Option<u16>,
    content_type: Option<String>,
    body: Option<Vec<u8>>,
    created_at: i64,
}

fn usable(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// Replays, refuses or records POSTs that carry an `Idempotency-Key`.
pub async fn replay(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().unwrap_or("").to_owned())
    else {
        return next.run(request).await;
    };
    if !usable(&key) {
        return ApiError::bad_request(
            "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID v4 is best)",
        )
        .into_response();
    }
    let caller = request
        .extensions()
        .get::<Caller>()
        .map_or_else(|| "unauthenticated".to_owned(), Caller::key);
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => return ApiError::payload_too_large().into_response(),
    };
    let fingerprint: Vec<u8> = Sha256::new()
        .chain_update(parts.method.as_str())
        .chain_update(b"\0")
        .chain_update(parts.uri.path().as_bytes())
        .chain_update(b"\0")
        .chain_update(&bytes)
        .finalize()
        .to_vec();
    let now = state.clock.now();
    let earlier = {
        let (caller, key, fingerprint) = (caller.clone(), key.clone(), fingerprint.clone());
        state
            .store
            .run(move |conn| {
                let found = conn
                    .query_row(
                        "SELECT fingerprint, status, content_type, body, created_at FROM idempotency_keys
                         WHERE caller = ?1 AND key = ?2",
                        params![caller, key],
                        |r| {
                            Ok(Stored {
                                fingerprint: r.get(0)?,
                                status: r.get(1)?,
                                content_type: r.get(2)?,
                                body: r.get(3)?,
                                created_at: r.get(4)?,
                            })
                        },
                    )
                    .optional()?;
                let earlier = match found {
                    Some(s) if s.created_at <= unix(now - WINDOW) => Earlier::None,
                    Some(s) if s.fingerprint != fingerprint => Earlier::Different,
                    Some(Stored { status: None, .. }) => Earlier::Running,
                    Some(Stored {
                        status: Some(status),
                        content_type,
                        body,
                        ..
                    }) => Earlier::Answered(status, content_type, body.unwrap_or_default()),
                    None => Earlier::None,
                };
                if matches!(earlier, Earlier::None) {
                    conn.execute(
                        "INSERT OR REPLACE INTO idempotency_keys (caller, key, fingerprint, created_at)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![caller, key, fingerprint, unix(now)],
                    )?;
                }
                Ok(earlier)
            })
            .await
    };
    match earlier {
        Err(e) => return e.into_response(),
        Ok(Earlier::Different) => {
            return ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "This Idempotency-Key was already used for a different request; use a new key for a new operation",
            )
            .into_response()
        }
        Ok(Earlier::Running) => {
            return ApiError::new(
                StatusCode::CONFLICT,
                "A request with this Idempotency-Key is still being processed; retry in a moment",
            )
            .into_response()
        }
        Ok(Earlier::Answered(status, content_type, body)) => {
            let mut response =
                (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body).into_response();
            if let Some(ct) = content_type.and_then(|c| HeaderValue::from_str(&c).ok()) {
                response.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            response
                .headers_mut()
                .insert(REPLAYED, HeaderValue::from_static("true"));
            return response;
        }
        Ok(Earlier::None) => {}
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let (parts, body) = response.into_parts();
    let bytes = to_bytes(body, 16 * 1024 * 1024).await.unwrap_or_default();
    let status = parts.status.as_u16();
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let stored = bytes.to_vec();
    // A server error is not an answer to keep: the retry it invites must do the work.
    let _ = state
        .store
        .run(move |conn| {
            if status >= 500 {
                conn.execute(
                    "DELETE FROM idempotency_keys WHERE caller = ?1 AND key = ?2",
                    params![caller, key],
                )?;
            } else {
                conn.execute(
                    "UPDATE idempotency_keys SET status = ?3, content_type = ?4, body = ?5
                     WHERE caller = ?1 AND key = ?2",
                    params![caller, key, status, content_type, stored],
                )?;
            }
            Ok(())
        })
        .await;
    Response::from_parts(parts, Body::from(bytes))
}
