//! Requests to link: a link session with a shareable page. Made by the client, opened by the user
//! at `session_url`, followed by the client: PENDING → IN_PROGRESS (a Connect step was taken) →
//! COMPLETED (consent given; the public token waits for the client) / CANCELLED / EXPIRED.

use billerapi::link::{Consent, LinkTokenCreateRequest};
use billerapi::link_request::{
    RequestStatus, RequestToLink, RequestToLinkCreate, RequestToLinkPage, RequestToLinkQuery,
};
use rusqlite::{params, Connection, OptionalExtension};
use time::{Duration, OffsetDateTime};

use crate::error::ApiError;
use crate::link_flow;
use crate::model::{from_unix, unix};
use crate::tokens;

/// How long a request's page stays usable **[ours]**: a week (a link token alone lives 30 min).
pub const LIFETIME: Duration = Duration::days(7);
/// Request id prefix.
pub const REQUEST_ID: &str = "rtl_";

const COLUMNS: &str = "r.id, r.client_id, r.client_user_id, r.biller_id, r.status, r.link_token_id,
    r.session_token, r.metadata, r.public_token, r.created_at, r.updated_at, t.expires_at";

fn from_row(
    r: &rusqlite::Row<'_>,
    base_url: &str,
    now: OffsetDateTime,
) -> rusqlite::Result<RequestToLink> {
    let status: RequestStatus = r
        .get::<_, String>(4)?
        .parse()
        .unwrap_or_else(|n| match n {});
    let expired = from_unix(r.get(11)?) <= now;
    // A request nobody finished in time is expired; that is derived, never stored.
    let status = match status {
        RequestStatus::Pending | RequestStatus::InProgress if expired => RequestStatus::Expired,
        other => other,
    };
    let token: String = r.get(6)?;
    let metadata: Option<String> = r.get(7)?;
    let public_token: Option<String> = r.get(8)?;
    Ok(RequestToLink {
        id: r.get(0)?,
        client_id: Some(r.get(1)?),
        client_user_id: r.get(2)?,
        biller_id: r.get(3)?,
        status: status.clone(),
        link_token_id: Some(r.get(5)?),
        session_url: format!(
            "{}/connect?link_token={}",
            base_url.trim_end_matches('/'),
            token
        ),
        metadata: metadata.and_then(|m| serde_json::from_str(&m).ok()),
        public_token: public_token
            .filter(|_| status == RequestStatus::Completed)
            .map(Into::into),
        created_at: from_unix(r.get(9)?),
        updated_at: from_unix(r.get(10)?),
    })
}

/// Metadata as the OpenAPI document states it: null, or an object of at most 50 keys of 1 to 40
/// characters whose values are strings of at most 500 characters (Stripe's rule, **[ours]**).
fn validate_metadata(meta: &serde_json::Value) -> Result<(), ApiError> {
    use billerapi::link_request::metadata_limits::{KEYS, KEY_CHARS, VALUE_CHARS};
    let invalid = || {
        ApiError::bad_request(format!(
            "metadata must be an object of at most {KEYS} keys (1 to {KEY_CHARS} characters) \
             with string values of at most {VALUE_CHARS} characters"
        ))
    };
    let map = match meta {
        serde_json::Value::Null => return Ok(()),
        serde_json::Value::Object(map) => map,
        _ => return Err(invalid()),
    };
    let fits = map.len() <= KEYS
        && map.iter().all(|(k, v)| {
            (1..=KEY_CHARS).contains(&k.chars().count())
                && v.as_str().is_some_and(|s| s.chars().count() <= VALUE_CHARS)
        });
    if fits {
        Ok(())
    } else {
        Err(invalid())
    }
}

/// `POST /link/request-to-link`.
pub fn create(
    conn: &Connection,
    now: OffsetDateTime,
    client_id: &str,
    base_url: &str,
    req: RequestToLinkCreate,
) -> Result<RequestToLink, ApiError> {
    if let Some(meta) = &req.metadata {
        validate_metadata(meta)?;
    }
    let token = link_flow::create_link_token(
        conn,
        now,
        client_id,
        LinkTokenCreateRequest {
            client_id: client_id.to_owned(),
            client_user_id: req.client_user_id.clone(),
            consents: vec![Consent::Bills],
            redirect_uri: None,
            biller_id: req.biller_id.clone(),
            account_link_id: None,
        },
    )?;
    let token_id = token.link_token_id.clone().unwrap_or_default();
    conn.execute(
        "UPDATE link_tokens SET expires_at = ?2 WHERE link_token_id = ?1",
        params![token_id, unix(now + LIFETIME)],
    )?;
    let id = tokens::generate(REQUEST_ID);
    conn.execute(
        "INSERT INTO link_requests (id, client_id, client_user_id, biller_id, status, link_token_id,
             session_token, metadata, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'PENDING', ?5, ?6, ?7, ?8, ?8)",
        params![
            id,
            client_id,
            req.client_user_id,
            req.biller_id,
            token_id,
            token.link_token.expose(),
            req.metadata.map(|m| m.to_string()),
            unix(now),
        ],
    )?;
    get(conn, now, client_id, base_url, &id)
}

/// `GET /link/request-to-link/{id}`: one of this client's requests.
pub fn get(
    conn: &Connection,
    now: OffsetDateTime,
    client_id: &str,
    base_url: &str,
    id: &str,
) -> Result<RequestToLink, ApiError> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM link_requests r JOIN link_tokens t ON t.link_token_id = r.link_token_id
             WHERE r.id = ?1 AND r.client_id = ?2"
        ),
        params![id, client_id],
        |r| from_row(r, base_url, now),
    )
    .optional()?
    .ok_or_else(|| ApiError::not_found(format!("Request to link {id} not found")))
}

/// `GET /link/request-to-link`: this client's requests, newest first, filtered and paged.
pub fn list(
    conn: &Connection,
    now: OffsetDateTime,
    client_id: &str,
    base_url: &str,
    q: &RequestToLinkQuery,
) -> Result<RequestToLinkPage, ApiError> {
    let page = q.page.unwrap_or(1);
    let limit = q.limit.unwrap_or(20);
    if !(1..=1_000_000).contains(&page) {
        return Err(ApiError::bad_request("page must be between 1 and 1000000"));
    }
    if !(1..=100).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 100"));
    }
    let status = q
        .status
        .as_deref()
        .map(|s| s.parse::<RequestStatus>().unwrap_or_else(|n| match n {}));
    if let Some(RequestStatus::Unknown(s)) = &status {
        return Err(ApiError::bad_request(format!(
            "unknown status {s:?}: PENDING, IN_PROGRESS, COMPLETED, CANCELLED or EXPIRED"
        )));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM link_requests r JOIN link_tokens t ON t.link_token_id = r.link_token_id
         WHERE r.client_id = ?1 AND (?2 IS NULL OR r.client_user_id = ?2) AND (?3 IS NULL OR r.biller_id = ?3)
           AND (?4 IS NULL OR instr(r.id, ?4) > 0 OR instr(r.client_user_id, ?4) > 0 OR instr(coalesce(r.biller_id, ''), ?4) > 0)
         ORDER BY r.created_at DESC, r.rowid DESC"
    ))?;
    let all: Vec<RequestToLink> = stmt
        .query_map(
            params![client_id, q.client_user_id, q.biller_id, q.search],
            |r| from_row(r, base_url, now),
        )?
        .collect::<Result<_, _>>()?;
    // Status is partly derived (expiry), so it is filtered after reading.
    let matching: Vec<RequestToLink> = all
        .into_iter()
        .filter(|r| status.as_ref().is_none_or(|s| &r.status == s))
        .collect();
    let total = matching.len() as u32;
    let items = matching
        .into_iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .collect();
    Ok(RequestToLinkPage {
        items,
        total,
        page,
        limit,
    })
}

/// **[ours]** `POST /link/request-to-link/{id}/cancel`: a request not yet completed is cancelled
/// and its page stops working.
pub fn cancel(
    conn: &Connection,
    now: OffsetDateTime,
    client_id: &str,
    base_url: &str,
    id: &str,
) -> Result<RequestToLink, ApiError> {
    let request = get(conn, now, client_id, base_url, id)?;
    match request.status {
        RequestStatus::Pending | RequestStatus::InProgress => {}
        RequestStatus::Cancelled => return Ok(request),
        other => {
            return Err(ApiError::conflict(format!(
                "a {other} request cannot be cancelled"
            )))
        }
    }
    conn.execute(
        "UPDATE link_requests SET status = 'CANCELLED', updated_at = ?2 WHERE id = ?1",
        params![id, unix(now)],
    )?;
    conn.execute(
        "UPDATE link_tokens SET expires_at = ?2 WHERE link_token_id = ?1",
        params![request.link_token_id, unix(now)],
    )?;
    get(conn, now, client_id, base_url, id)
}

/// A Connect step was taken in the session of `link_token_id`: its request, if any, is now in
/// progress.
pub fn started(
    conn: &Connection,
    now: OffsetDateTime,
    link_token_id: &str,
) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE link_requests SET status = 'IN_PROGRESS', updated_at = ?2
         WHERE link_token_id = ?1 AND status = 'PENDING'",
        params![link_token_id, unix(now)],
    )?;
    Ok(())
}

/// The session of `link_token_id` gave consent: its request, if any, is completed and keeps the
/// public token for the client.
pub fn completed(
    conn: &Connection,
    now: OffsetDateTime,
    link_token_id: &str,
    public_token: &str,
) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE link_requests SET status = 'COMPLETED', public_token = ?3, updated_at = ?2
         WHERE link_token_id = ?1 AND status IN ('PENDING', 'IN_PROGRESS')",
        params![link_token_id, unix(now), public_token],
    )?;
    Ok(())
}
