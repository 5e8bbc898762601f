//! Authentication as documented: client credentials (`X-Client-ID` + `X-Client-Secret`) for
//! server-side calls, `Authorization: Bearer` access tokens for one link's bills.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::state::AppState;
use crate::tokens;

/// Header carrying the client id.
pub const CLIENT_ID_HEADER: &str = "x-client-id";
/// Header carrying the client secret.
pub const CLIENT_SECRET_HEADER: &str = "x-client-secret";

/// A caller authenticated with client credentials; holds the client id.
#[derive(Debug, Clone)]
pub struct ClientAuth(pub String);

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The token of an `Authorization: Bearer …` header; `Err` for another scheme.
pub fn bearer(parts: &Parts) -> Result<Option<&str>, ApiError> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthorized("Malformed Authorization header"))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(Some(token.trim()))
        }
        _ => Err(ApiError::unauthorized(
            "Unsupported authorization scheme: use Authorization: Bearer <access_token>",
        )),
    }
}

/// The client id of a request whose client credentials are right (for the rate limiter, which
/// must never count a wrong secret against the client it names).
pub fn verified_client(state: &AppState, headers: &axum::http::HeaderMap) -> Option<String> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let (id, secret) = (get(CLIENT_ID_HEADER)?, get(CLIENT_SECRET_HEADER)?);
    let expected = state.clients.get(id).copied().unwrap_or([0u8; 32]);
    (state.clients.contains_key(id) && tokens::hashes_equal(&tokens::hash(secret), &expected))
        .then(|| id.to_owned())
}

impl ClientAuth {
    fn check(state: &AppState, parts: &Parts) -> Result<Self, ApiError> {
        let (Some(id), Some(secret)) = (
            header(parts, CLIENT_ID_HEADER),
            header(parts, CLIENT_SECRET_HEADER),
        ) else {
            return Err(ApiError::unauthorized(
                "Missing client credentials: send X-Client-ID and X-Client-Secret",
            ));
        };
        let given = tokens::hash(secret);
        // Compare against a dummy for unknown ids too, so timing does not reveal which ids exist.
        let expected = state.clients.get(id).copied().unwrap_or([0u8; 32]);
        if state.clients.contains_key(id) && tokens::hashes_equal(&given, &expected) {
            Ok(ClientAuth(id.to_owned()))
        } else {
            Err(ApiError::unauthorized("Invalid client credentials"))
        }
    }
}

impl FromRequestParts<AppState> for ClientAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        ClientAuth::check(state, parts)
    }
}

/// How a bills call authenticated: a Bearer access token, or client credentials.
#[derive(Debug, Clone)]
pub enum BillsAuth {
    /// An access token (not yet resolved to its link).
    Bearer(String),
    /// Client credentials.
    Client(String),
}

impl FromRequestParts<AppState> for BillsAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(token) = bearer(parts)? {
            return Ok(BillsAuth::Bearer(token.to_owned()));
        }
        if header(parts, CLIENT_ID_HEADER).is_none()
            && header(parts, CLIENT_SECRET_HEADER).is_none()
        {
            return Err(ApiError::unauthorized(
                "Missing credentials: send Authorization: Bearer <access_token>, or X-Client-ID and X-Client-Secret",
            ));
        }
        ClientAuth::check(state, parts).map(|c| BillsAuth::Client(c.0))
    }
}

/// The link token a hosted Connect page sends as `Authorization: Bearer lt_…`.
#[derive(Debug, Clone)]
pub struct LinkTokenAuth(pub String);

impl FromRequestParts<AppState> for LinkTokenAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        match bearer(parts)? {
            Some(token) => Ok(LinkTokenAuth(token.to_owned())),
            None => Err(ApiError::unauthorized(
                "Missing link token: send Authorization: Bearer <link_token>",
            )
            .with_code("INVALID_LINK_TOKEN")),
        }
    }
}
