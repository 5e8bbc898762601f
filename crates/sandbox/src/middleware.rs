//! Cross-cutting layers: request ids, access logs and the rate limit.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::caller::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::tokens;

/// The request id header, on every response.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn usable_request_id(value: &HeaderValue) -> Option<String> {
    let text = value.to_str().ok()?;
    let ok = !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then(|| text.to_owned())
}

/// Gives every response an `X-Request-Id` (the caller's, if well-formed) and logs one line per
/// request: method, route, status, latency. Never headers, bodies or query strings.
pub async fn request_id_and_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request
        .headers()
        .get(&REQUEST_ID)
        .and_then(usable_request_id)
        .unwrap_or_else(|| tokens::generate("req_"));
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_owned(), |p| p.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    tracing::info!(
        request_id = %id,
        %method,
        route = %route,
        status = response.status().as_u16(),
        latency_us = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// Applies the configured limits per caller (see [`Caller::key`]): writes and reads each have their
/// bucket. A client id with a wrong secret is not that client, so knowing an id is not enough to
/// spend its quota.
pub async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(limiter) = &state.rate_limiter {
        let key = request
            .extensions()
            .get::<Caller>()
            .map_or_else(|| "unauthenticated".to_owned(), Caller::key);
        let write = matches!(
            *request.method(),
            Method::POST | Method::PUT | Method::DELETE | Method::PATCH
        );
        if let Err(retry_after) = limiter.check(&key, write) {
            return ApiError::rate_limited(retry_after).into_response();
        }
    }
    next.run(request).await
}
