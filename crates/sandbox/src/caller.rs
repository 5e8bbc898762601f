//! Who is calling, decided once per request for the layers that need it (the rate limit, the
//! idempotency store, the response dialect): a client whose credentials are right, or the client
//! behind a bearer token (an access token or a Connect session's link token).

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;
use rusqlite::{Connection, OptionalExtension};

use crate::auth::verified_client;
use crate::state::AppState;
use crate::tokens;

/// The caller of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// Right client credentials.
    Client(String),
    /// A bearer token that belongs to this client.
    Token {
        /// Its client.
        client_id: String,
        /// A fingerprint of the token (never the token).
        fingerprint: String,
    },
    /// A bearer token the emulator does not know (it will be refused).
    UnknownToken(String),
    /// No credentials, or wrong ones.
    Anonymous,
}

impl Caller {
    /// The client whose budget and records this request uses, if any.
    pub fn client_id(&self) -> Option<&str> {
        match self {
            Caller::Client(id) | Caller::Token { client_id: id, .. } => Some(id),
            _ => None,
        }
    }

    /// A stable key for per-caller state: the client, else the token, else one shared key.
    pub fn key(&self) -> String {
        match self {
            Caller::Client(id) | Caller::Token { client_id: id, .. } => format!("client:{id}"),
            Caller::UnknownToken(fp) => format!("token:{fp}"),
            Caller::Anonymous => "unauthenticated".to_owned(),
        }
    }
}

/// The client an access token or link token belongs to.
fn client_of_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<String>> {
    let hash = tokens::hash(token);
    let access = conn
        .query_row(
            "SELECT l.client_id FROM access_tokens t JOIN links l ON l.link_id = t.link_id
             WHERE t.token_hash = ?1",
            [hash.as_slice()],
            |r| r.get(0),
        )
        .optional()?;
    if access.is_some() {
        return Ok(access);
    }
    conn.query_row(
        "SELECT client_id FROM link_tokens WHERE token_hash = ?1",
        [hash.as_slice()],
        |r| r.get(0),
    )
    .optional()
}

/// Works out the caller and keeps it in the request's extensions.
pub async fn identify(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let headers = request.headers();
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    let caller = if let Some(id) = verified_client(&state, headers) {
        Caller::Client(id)
    } else if let Some(token) = bearer {
        let fingerprint = tokens::fingerprint(&token);
        let found = state
            .store
            .run(move |conn| Ok(client_of_token(conn, &token)?))
            .await
            .ok()
            .flatten();
        match found {
            Some(client_id) => Caller::Token {
                client_id,
                fingerprint,
            },
            None => Caller::UnknownToken(fingerprint),
        }
    } else {
        Caller::Anonymous
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}
