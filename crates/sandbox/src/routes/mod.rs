//! The HTTP surface: one module per API area, assembled into one router with its OpenAPI document.

pub mod accounts;
pub mod billers;
pub mod bills;
pub mod connect;
pub mod document;
pub mod emails;
pub mod fallback;
pub mod link;
pub mod request_to_link;
pub mod sandbox;
pub mod session;
pub mod sync;

use std::sync::Arc;

use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::BODY_LIMIT;
use crate::middleware;
use crate::state::AppState;

/// The API routes and the OpenAPI document that describes exactly them.
pub fn api() -> (Router<AppState>, serde_json::Value) {
    let (router, doc) = OpenApiRouter::with_openapi(document::ApiDoc::openapi())
        .routes(routes!(billers::list))
        .routes(routes!(billers::get))
        .routes(routes!(link::create))
        .routes(routes!(link::exchange))
        .routes(routes!(request_to_link::create, request_to_link::list))
        .routes(routes!(request_to_link::create_alias))
        .routes(routes!(request_to_link::get))
        .routes(routes!(request_to_link::cancel))
        .routes(routes!(session::describe))
        .routes(routes!(session::billers))
        .routes(routes!(session::submit_credentials))
        .routes(routes!(session::submit_mfa))
        .routes(routes!(session::discover_accounts))
        .routes(routes!(session::select_account))
        .routes(routes!(session::consent))
        .routes(routes!(bills::get))
        .routes(routes!(bills::scenario))
        .routes(routes!(accounts::list))
        .routes(routes!(accounts::get, accounts::remove))
        .routes(routes!(sync::trigger))
        .routes(routes!(sync::history))
        .routes(routes!(sandbox::scenarios))
        .routes(routes!(sandbox::public_token_create))
        .routes(routes!(sandbox::reset_login))
        .routes(routes!(sandbox::new_statement))
        .routes(routes!(sandbox::clock_get, sandbox::clock_set))
        .routes(routes!(emails::oauth_url))
        .routes(routes!(emails::connect))
        .routes(routes!(emails::messages))
        .split_for_parts();
    (router, document::complete(doc))
}

/// The whole application: API, OpenAPI document, Connect pages, fallbacks and layers.
pub fn app(state: AppState) -> Router {
    let (api, doc) = api();
    let doc = Arc::new(doc);
    api.route(
        "/openapi.json",
        get(move || async move { Json(doc.as_ref().clone()) }),
    )
    .route("/connect", get(connect::page))
    .route("/connect/connect.js", get(connect::script))
    .route("/connect/connect.css", get(connect::style))
    .route(
        "/emails/gmail/consent",
        get(emails::consent_page).post(emails::consent_answer),
    )
    .fallback(fallback::not_found)
    .method_not_allowed_fallback(fallback::method_not_allowed)
    .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
    // Outermost last: log, write errors in the configured format, identify the caller,
    // rate-limit, replay by idempotency key, then shape the answer for the caller's dialect
    // (what a replay returns is the shaped answer).
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        crate::dialect::shape,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        crate::idempotency::replay,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::rate_limit,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        crate::caller::identify,
    ))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        crate::dialect::error_format,
    ))
    .layer(axum::middleware::from_fn(middleware::request_id_and_log))
    .with_state(state)
}
