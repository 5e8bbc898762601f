//! The HTTP surface: one module per API area, assembled into one router with its OpenAPI document.

pub mod accounts;
pub mod billers;
pub mod bills;
pub mod connect;
pub mod fallback;
pub mod link;
pub mod sandbox;
pub mod session;
pub mod sync;

use std::sync::Arc;

use axum::routing::get;
use axum::{Json, Router};
use billerapi::error_body::ApiErrorBody;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::extract::BODY_LIMIT;
use crate::middleware;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "BillerAPI sandbox (Billkeep emulator)",
        description = "The documented BillerAPI sandbox surface, plus the emulator's own `/sandbox/` \
            helpers and the Connect session steps the public docs leave out (marked as sandbox extensions).",
        license(name = "MIT")
    ),
    components(schemas(ApiErrorBody)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "billers", description = "Biller discovery"),
        (name = "link", description = "Link tokens and their exchange"),
        (name = "link-session", description = "The hosted Connect flow's session steps"),
        (name = "bills", description = "Bills, accounts and sync"),
        (name = "sandbox", description = "Sandbox-only helpers")
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "client_id",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Client-ID"))),
        );
        components.add_security_scheme(
            "client_secret",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Client-Secret"))),
        );
        components.add_security_scheme(
            "access_token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "link_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lt_sandbox_…")
                    .build(),
            ),
        );
    }
}

/// The API routes and the OpenAPI document that describes exactly them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(billers::list))
        .routes(routes!(billers::get))
        .routes(routes!(link::create))
        .routes(routes!(link::exchange))
        .routes(routes!(session::describe))
        .routes(routes!(session::billers))
        .routes(routes!(session::submit_credentials))
        .routes(routes!(session::submit_mfa))
        .routes(routes!(session::discover_accounts))
        .routes(routes!(session::select_account))
        .routes(routes!(session::consent))
        .routes(routes!(bills::get))
        .routes(routes!(accounts::list))
        .routes(routes!(accounts::get, accounts::remove))
        .routes(routes!(sync::trigger))
        .routes(routes!(sync::history))
        .routes(routes!(sandbox::scenarios))
        .routes(routes!(sandbox::public_token_create))
        .routes(routes!(sandbox::reset_login))
        .routes(routes!(sandbox::new_statement))
        .routes(routes!(sandbox::clock_get, sandbox::clock_set))
        .split_for_parts()
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
    .fallback(fallback::not_found)
    .method_not_allowed_fallback(fallback::method_not_allowed)
    .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::rate_limit,
    ))
    .layer(axum::middleware::from_fn(middleware::request_id_and_log))
    .with_state(state)
}
