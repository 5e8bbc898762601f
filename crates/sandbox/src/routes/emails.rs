//! E-mail biller discovery: the consent URL, the connection, the messages; and the consent page
//! of our own that stands in for the mail provider (not part of BillerAPI, so not in the OpenAPI
//! document).

use axum::extract::{Query, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, REFERRER_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use billerapi::emails::{
    EmailConnectRequest, EmailConnection, EmailMessagePage, EmailMessagesQuery, OAuthUrl,
    OAuthUrlRequest,
};
use billerapi::error_body::ApiErrorBody;
use serde::Deserialize;

use crate::auth::ClientAuth;
use crate::emails::{check_redirect, Decision};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

fn user_id(value: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() || value.len() > 256 {
        return Err(ApiError::bad_request("user_id must be 1 to 256 characters"));
    }
    Ok(())
}

/// The mail provider's consent URL for one of your users; no credentials, the body names the client.
#[utoipa::path(post, path = "/emails/gmail/oauth-url", operation_id = "createEmailOAuthUrl", tag = "emails", request_body = OAuthUrlRequest,
    security(()),
    responses((status = 200, body = OAuthUrl), (status = 400, body = ApiErrorBody, description = "unknown client_id, or an unusable redirect_uri"),
        (status = 429, body = ApiErrorBody)))]
pub async fn oauth_url(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<OAuthUrlRequest>,
) -> Result<Json<OAuthUrl>, ApiError> {
    user_id(&req.user_id)?;
    if !state.clients.contains_key(&req.client_id) {
        return Err(
            ApiError::bad_request("client_id is not a client of this server")
                .with_code("INVALID_CLIENT"),
        );
    }
    if req.redirect_uri.len() > 2048 {
        return Err(ApiError::bad_request(
            "redirect_uri is longer than 2048 characters",
        ));
    }
    let redirect = check_redirect(&req.redirect_uri)?;
    let page = state
        .emails
        .begin(state.clock.now(), &req.client_id, &req.user_id, redirect);
    Ok(Json(OAuthUrl {
        oauth_url: format!("{}/emails/gmail/consent?page={page}", state.public_url),
    }))
}

/// Connects the user's mailbox, after they consented.
#[utoipa::path(post, path = "/emails/gmail/connect", operation_id = "connectEmail", tag = "emails", request_body = EmailConnectRequest,
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = EmailConnection), (status = 403, body = ApiErrorBody, description = "the user has not consented, or client_id is not yours")))]
pub async fn connect(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiJson(req): ApiJson<EmailConnectRequest>,
) -> Result<Json<EmailConnection>, ApiError> {
    user_id(&req.user_id)?;
    if req.client_id != client_id {
        return Err(ApiError::forbidden(
            "client_id is not the client of these credentials",
        ));
    }
    state.emails.connect(&client_id, &req.user_id)?;
    Ok(Json(EmailConnection {
        success: Some(true),
        user_id: Some(req.user_id),
        status: Some("CONNECTED".to_owned()),
    }))
}

/// The bill e-mails found in a connected mailbox, newest first.
#[utoipa::path(get, path = "/emails/messages", operation_id = "listEmailMessages", tag = "emails", params(EmailMessagesQuery),
    security(("client_id" = [], "client_secret" = [])),
    responses((status = 200, body = EmailMessagePage), (status = 403, body = ApiErrorBody, description = "the mailbox is not connected")))]
pub async fn messages(
    State(state): State<AppState>,
    ClientAuth(client_id): ClientAuth,
    ApiQuery(q): ApiQuery<EmailMessagesQuery>,
) -> Result<Json<EmailMessagePage>, ApiError> {
    user_id(&q.user_id)?;
    let page = state.emails.messages(&client_id, state.clock.today(), &q)?;
    Ok(Json(page))
}

/// The consent page's query.
#[derive(Deserialize)]
pub struct ConsentQuery {
    page: String,
    #[serde(default)]
    decision: Option<String>,
}

const CONSENT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

fn html(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONSENT_CSP),
    );
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `GET /emails/gmail/consent?page=…`: the emulator's stand-in for the mail provider's consent.
pub async fn consent_page(
    State(state): State<AppState>,
    Query(q): Query<ConsentQuery>,
) -> Response {
    let Some(client) = state.emails.describe(state.clock.now(), &q.page) else {
        return html(
            StatusCode::NOT_FOUND,
            "<!doctype html><title>Consent expired</title><p>This consent page has expired or was already answered.</p>".to_owned(),
        );
    };
    let page = escape(&q.page);
    html(
        StatusCode::OK,
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Allow access to your bill e-mails</title>
<style>body{{font:16px system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}}button{{font:inherit;padding:.5rem 1rem;margin-right:.5rem}}</style></head>
<body><main><p><small>BillerAPI sandbox emulator — stands in for the mail provider</small></p>
<h1>Allow access to your bill e-mails?</h1>
<p><strong>{}</strong> asks BillerAPI to read the bills in your mailbox (sender, subject, amount, due date).</p>
<form method="post" action="/emails/gmail/consent?page={page}&amp;decision=allow"><button id="allow" type="submit">Allow</button></form>
<form method="post" action="/emails/gmail/consent?page={page}&amp;decision=deny"><button id="deny" type="submit">Deny</button></form>
</main></body></html>"#,
            escape(&client)
        ),
    )
}

/// `POST /emails/gmail/consent?page=…&decision=allow|deny`: back to the app's redirect URI.
pub async fn consent_answer(
    State(state): State<AppState>,
    Query(q): Query<ConsentQuery>,
) -> Response {
    let decision = match q.decision.as_deref() {
        Some("allow") => Decision::Allow,
        Some("deny") => Decision::Deny,
        _ => return ApiError::bad_request("decision must be allow or deny").into_response(),
    };
    match state.emails.answer(state.clock.now(), &q.page, decision) {
        Ok(back) => match HeaderValue::from_str(back.as_str()) {
            Ok(location) => {
                let mut response = StatusCode::SEE_OTHER.into_response();
                response.headers_mut().insert(LOCATION, location);
                response
            }
            Err(_) => ApiError::bad_request("redirect_uri cannot be sent back").into_response(),
        },
        Err(e) => e.into_response(),
    }
}
