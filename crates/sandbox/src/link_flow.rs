//! Link tokens, the Connect session they drive, public tokens and their exchange.
//!
//! A session moves through `credentials → mfa (if asked) → discover → select → consent → done`;
//! each step is accepted only in its place, and only with the session's own link token.

use billerapi::link::{
    Consent, LinkMetadata, LinkSession, LinkStepResponse, LinkToken, LinkTokenCreateRequest,
    LinkTokenExchangeResponse, SubmitCredentialsRequest,
};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use time::{Duration, OffsetDateTime};

use crate::error::ApiError;
use crate::model::{consents_to_text, session_from_row, unix, Session, SESSION_COLUMNS};
use crate::scenarios::{self, Scenario};
use crate::{catalog, links, tokens};

/// How long link tokens and public tokens live.
pub const TOKEN_LIFETIME: Duration = Duration::minutes(30);
/// Wrong MFA codes allowed before the session goes back to the credentials step.
const MFA_ATTEMPTS: i64 = 3;

/// Checks `consents` is a non-empty subset of the known scopes; returns it without duplicates.
pub(crate) fn validate_consents(consents: &[Consent]) -> Result<Vec<Consent>, ApiError> {
    if consents.is_empty() {
        return Err(ApiError::bad_request(
            "consents must not be empty: use [\"bills\"] and/or \"payments\"",
        ));
    }
    let mut out: Vec<Consent> = Vec::new();
    for consent in consents {
        if let Consent::Unknown(other) = consent {
            return Err(ApiError::bad_request(format!(
                "consents must be a subset of bills, payments; got {other:?}"
            )));
        }
        if !out.contains(consent) {
            out.push(consent.clone());
        }
    }
    Ok(out)
}

pub(crate) fn validate_client_user_id(client_user_id: &str) -> Result<(), ApiError> {
    if !(1..=256).contains(&client_user_id.chars().count()) {
        return Err(ApiError::bad_request(
            "client_user_id must be 1 to 256 characters",
        ));
    }
    Ok(())
}

/// The grammar the OpenAPI document states: `https://` and printable ASCII, or `http://` on
/// localhost or 127.0.0.1 with an optional port and path; at most 2,048 characters.
fn redirect_uri_allowed(uri: &str) -> bool {
    let printable = |s: &str| s.bytes().all(|b| (b'!'..=b'~').contains(&b));
    if uri.len() > 2048 {
        return false;
    }
    if let Some(rest) = uri.strip_prefix("https://") {
        return !rest.is_empty() && printable(rest);
    }
    let Some(rest) = uri.strip_prefix("http://") else {
        return false;
    };
    let Some(rest) = rest
        .strip_prefix("localhost")
        .or_else(|| rest.strip_prefix("127.0.0.1"))
    else {
        return false;
    };
    let (port, path) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok && printable(path)
}

pub(crate) fn validate_account_number(account_number: &str) -> Result<(), ApiError> {
    let digits = account_number.len();
    if !(4..=20).contains(&digits) || !account_number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::bad_request(
            "account_number must be 4 to 20 digits",
        ));
    }
    Ok(())
}

/// `POST /link/token/create`.
pub fn create_link_token(
    conn: &Connection,
    now: OffsetDateTime,
    client_id: &str,
    req: LinkTokenCreateRequest,
) -> Result<LinkToken, ApiError> {
    if req.client_id != client_id {
        return Err(ApiError::forbidden(
            "client_id does not match the X-Client-ID header",
        ));
    }
    validate_client_user_id(&req.client_user_id)?;
    let consents = validate_consents(&req.consents)?;
    if let Some(uri) = &req.redirect_uri {
        if !redirect_uri_allowed(uri) {
            return Err(ApiError::bad_request(
                "redirect_uri must be an https:// URL (or http://localhost)",
            ));
        }
    }
    let mut biller_id = req.biller_id.clone();
    if let Some(id) = &biller_id {
        if catalog::find(id).is_none() {
            return Err(ApiError::not_found(format!("unknown biller_id {id:?}")));
        }
    }
    if let Some(link_id) = &req.account_link_id {
        let link = links::owned_link(conn, client_id, link_id)?;
        if biller_id.as_ref().is_some_and(|b| *b != link.biller_id) {
            return Err(ApiError::conflict(
                "biller_id differs from the account link's biller",
            ));
        }
        biller_id = Some(link.biller_id);
    }
    let token = tokens::generate(tokens::LINK_TOKEN);
    let token_id = tokens::generate(tokens::LINK_TOKEN_ID);
    let expires_at = now + TOKEN_LIFETIME;
    conn.execute(
        "INSERT INTO link_tokens (link_token_id, token_hash, client_id, client_user_id, consents,
             redirect_uri, biller_id, account_link_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            token_id,
            tokens::hash(&token).as_slice(),
            client_id,
            req.client_user_id,
            consents_to_text(&consents),
            req.redirect_uri,
            biller_id,
            req.account_link_id,
            unix(now),
            unix(expires_at),
        ],
    )?;
    Ok(LinkToken {
        link_token: token.into(),
        link_token_id: Some(token_id),
        client_id: Some(client_id.to_owned()),
        client_user_id: Some(req.client_user_id),
        consents,
        redirect_uri: req.redirect_uri,
        biller_id,
        created_at: Some(now),
        expires_at,
    })
}

/// The live session of a link token: unknown → 401, expired → 400 `LINK_TOKEN_EXPIRED`.
pub fn session_by_token(
    conn: &Connection,
    now: OffsetDateTime,
    link_token: &str,
) -> Result<Session, ApiError> {
    let session = conn
        .query_row(
            &format!("SELECT {SESSION_COLUMNS} FROM link_tokens WHERE token_hash = ?1"),
            [tokens::hash(link_token).as_slice()],
            session_from_row,
        )
        .optional()?
        .ok_or_else(|| {
            ApiError::unauthorized("Invalid link token").with_code("INVALID_LINK_TOKEN")
        })?;
    if now >= session.expires_at {
        return Err(
            ApiError::unauthorized("The link token has expired; create a new one")
                .with_code("LINK_TOKEN_EXPIRED"),
        );
    }
    Ok(session)
}

/// The session behind `/link/{link_token_id}/…`, authorised by its own link token.
pub fn session_for_step(
    conn: &Connection,
    now: OffsetDateTime,
    link_token: &str,
    link_token_id: &str,
) -> Result<Session, ApiError> {
    let session = session_by_token(conn, now, link_token)?;
    if session.link_token_id != link_token_id {
        return Err(
            ApiError::forbidden("The link token does not belong to this link session")
                .with_code("INVALID_LINK_TOKEN"),
        );
    }
    if session.step == "done" {
        return Err(ApiError::conflict("This link session is already complete")
            .with_code("LINK_SESSION_COMPLETE"));
    }
    Ok(session)
}

fn next_step_name(step: &str) -> &'static str {
    match step {
        "credentials" => "submit_credentials",
        "mfa" => "submit_mfa",
        "discover" => "discover_accounts",
        "select" => "select_account",
        "consent" => "consent",
        _ => "done",
    }
}

fn out_of_order(session: &Session) -> ApiError {
    ApiError::conflict(format!(
        "Step out of order: this link session expects {} next",
        next_step_name(&session.step)
    ))
    .with_code("INVALID_STEP")
}

fn set_step(conn: &Connection, session: &Session, step: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE link_tokens SET step = ?2 WHERE link_token_id = ?1",
        params![session.link_token_id, step],
    )?;
    Ok(())
}

fn failure(code: &str, message: &str) -> LinkStepResponse {
    LinkStepResponse {
        success: false,
        error_code: Some(code.to_owned()),
        message: Some(message.to_owned()),
        ..Default::default()
    }
}

fn proceed(status: &str, next_step: &str) -> LinkStepResponse {
    LinkStepResponse {
        success: true,
        status: Some(status.to_owned()),
        next_step: Some(next_step.to_owned()),
        ..Default::default()
    }
}

/// `GET /link/session`: what the Connect page needs to render the first step.
pub fn describe(session: &Session) -> LinkSession {
    LinkSession {
        link_token_id: session.link_token_id.clone(),
        consents: session.consents.clone(),
        biller_id: session.biller_id.clone(),
        account_link_id: session.account_link_id.clone(),
        next_step: next_step_name(&session.step).to_owned(),
        expires_at: session.expires_at,
    }
}

/// `POST /link/{id}/submit-credentials`.
pub fn submit_credentials(
    conn: &Connection,
    session: &Session,
    req: SubmitCredentialsRequest,
) -> Result<LinkStepResponse, ApiError> {
    if !matches!(session.step.as_str(), "credentials" | "mfa") {
        return Err(out_of_order(session));
    }
    let length_ok = |s: &str| (1..=256).contains(&s.chars().count());
    if !length_ok(&req.username) || !length_ok(req.password.expose()) {
        return Err(ApiError::bad_request(
            "username and password are required, 1 to 256 characters each",
        ));
    }
    validate_account_number(&req.account_number)?;
    let biller_id = match (&session.biller_id, &req.biller_id) {
        (Some(preselected), Some(chosen)) if preselected != chosen => {
            return Err(ApiError::conflict(
                "biller_id differs from the biller the link token pre-selected",
            ));
        }
        (Some(preselected), _) => preselected.clone(),
        (None, Some(chosen)) => chosen.clone(),
        (None, None) => {
            return Err(ApiError::conflict(
                "biller_id is required: this link session has no biller chosen yet",
            ))
        }
    };
    if catalog::find(&biller_id).is_none() {
        return Err(ApiError::not_found(format!(
            "unknown biller_id {biller_id:?}"
        )));
    }
    if let Some(link_id) = &session.account_link_id {
        let link = links::owned_link(conn, &session.client_id, link_id)?;
        if link.account_number != req.account_number {
            return Ok(failure(
                "ACCOUNT_MISMATCH",
                "These credentials are for a different account than the one being repaired.",
            ));
        }
    }
    let scenario = Scenario::of(&req.account_number);
    if let Some((code, message)) = scenario.credentials_error() {
        return Ok(failure(code, message));
    }
    let step = if scenario.requires_mfa() {
        "mfa"
    } else {
        "discover"
    };
    conn.execute(
        "UPDATE link_tokens SET step = ?2, session_biller = ?3, account_number = ?4, mfa_attempts = 0,
             accounts_json = NULL, selected_account = NULL
         WHERE link_token_id = ?1",
        params![session.link_token_id, step, biller_id, req.account_number],
    )?;
    Ok(if scenario.requires_mfa() {
        LinkStepResponse {
            message: Some("Enter the 6-digit code sent to the phone number on file.".to_owned()),
            ..proceed("mfa_required", "submit_mfa")
        }
    } else {
        proceed("credentials_accepted", "discover_accounts")
    })
}

/// `POST /link/{id}/submit-mfa`.
pub fn submit_mfa(
    conn: &Connection,
    session: &Session,
    mfa_code: &str,
) -> Result<LinkStepResponse, ApiError> {
    if session.step != "mfa" {
        return Err(out_of_order(session));
    }
    if mfa_code.trim() == scenarios::MFA_CODE {
        set_step(conn, session, "discover")?;
        return Ok(proceed("mfa_verified", "discover_accounts"));
    }
    let attempts = session.mfa_attempts + 1;
    if attempts >= MFA_ATTEMPTS {
        conn.execute(
            "UPDATE link_tokens SET step = 'credentials', mfa_attempts = 0 WHERE link_token_id = ?1",
            [&session.link_token_id],
        )?;
        return Ok(failure(
            "MFA_ATTEMPTS_EXCEEDED",
            "Too many wrong codes. Sign in again.",
        ));
    }
    conn.execute(
        "UPDATE link_tokens SET mfa_attempts = ?2 WHERE link_token_id = ?1",
        params![session.link_token_id, attempts],
    )?;
    Ok(failure(
        "INVALID_MFA_CODE",
        "That code is not right. Check it and try again.",
    ))
}

/// `POST /link/{id}/discover-accounts`.
pub fn discover_accounts(
    conn: &Connection,
    session: &Session,
) -> Result<LinkStepResponse, ApiError> {
    if !matches!(session.step.as_str(), "discover" | "select" | "consent") {
        return Err(out_of_order(session));
    }
    let account_number = session.account_number.as_deref().unwrap_or_default();
    let accounts = Scenario::of(account_number).accounts(account_number);
    conn.execute(
        "UPDATE link_tokens SET step = 'select', accounts_json = ?2, selected_account = NULL
         WHERE link_token_id = ?1",
        params![
            session.link_token_id,
            serde_json::to_string(&accounts).map_err(ApiError::internal)?
        ],
    )?;
    Ok(LinkStepResponse {
        accounts: Some(accounts),
        ..proceed("accounts_discovered", "select_account")
    })
}

/// `POST /link/{id}/select-account`.
pub fn select_account(
    conn: &Connection,
    session: &Session,
    account_id: &str,
) -> Result<LinkStepResponse, ApiError> {
    if !matches!(session.step.as_str(), "select" | "consent") {
        return Err(out_of_order(session));
    }
    if !session.accounts.iter().any(|a| a.account_id == account_id) {
        return Err(ApiError::not_found(format!(
            "account_id {account_id:?} was not discovered in this session"
        )));
    }
    conn.execute(
        "UPDATE link_tokens SET step = 'consent', selected_account = ?2 WHERE link_token_id = ?1",
        params![session.link_token_id, account_id],
    )?;
    Ok(proceed("account_selected", "consent"))
}

/// `POST /link/{id}/consent`: the user agreed; issues the single-use public token.
pub fn consent(
    conn: &Connection,
    now: OffsetDateTime,
    session: &Session,
    granted: &[Consent],
) -> Result<LinkStepResponse, ApiError> {
    if session.step != "consent" {
        return Err(out_of_order(session));
    }
    let granted = validate_consents(granted)?;
    let same = granted.len() == session.consents.len()
        && granted.iter().all(|c| session.consents.contains(c));
    if !same {
        return Err(ApiError::conflict(
            "consents must be exactly the scopes the link token requested",
        ));
    }
    let account = session
        .accounts
        .iter()
        .find(|a| Some(&a.account_id) == session.selected_account.as_ref())
        .ok_or_else(|| out_of_order(session))?;
    let biller_id = session.session_biller.clone().unwrap_or_default();
    let biller =
        catalog::find(&biller_id).ok_or_else(|| ApiError::internal("session biller vanished"))?;
    let (public_token, expires_at) = issue_public_token(conn, now, session)?;
    set_step(conn, session, "done")?;
    Ok(LinkStepResponse {
        public_token: Some(public_token.into()),
        expires_at: Some(expires_at),
        metadata: Some(LinkMetadata {
            biller_id,
            biller_name: biller.name,
            account_id: account.account_id.clone(),
            account_name: account.name.clone(),
            account_mask: account.account_number.clone(),
        }),
        ..proceed("completed", "done")
    })
}

fn issue_public_token(
    conn: &Connection,
    now: OffsetDateTime,
    session: &Session,
) -> Result<(String, OffsetDateTime), ApiError> {
    let token = tokens::generate(tokens::PUBLIC_TOKEN);
    let expires_at = now + TOKEN_LIFETIME;
    conn.execute(
        "INSERT INTO public_tokens (token_hash, client_id, link_token_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            tokens::hash(&token).as_slice(),
            session.client_id,
            session.link_token_id,
            unix(now),
            unix(expires_at)
        ],
    )?;
    Ok((token, expires_at))
}

/// `POST /sandbox/public_token/create`: runs the whole session at once (MFA answered with the
/// sandbox code); an error scenario answers with its code.
pub fn sandbox_public_token(
    conn: &mut Connection,
    now: OffsetDateTime,
    client_id: &str,
    req: billerapi::sandbox::SandboxPublicTokenCreateRequest,
) -> Result<(String, OffsetDateTime), ApiError> {
    let tx = conn.transaction()?;
    let created = create_link_token(
        &tx,
        now,
        client_id,
        LinkTokenCreateRequest {
            client_id: req.client_id,
            client_user_id: req.client_user_id,
            consents: req.consents.clone(),
            redirect_uri: None,
            biller_id: Some(req.biller_id.clone()),
            account_link_id: None,
        },
    )?;
    // The emulator always fills the id it just made.
    let token_id = created.link_token_id.clone().unwrap_or_default();
    let step =
        |tx: &Transaction<'_>| session_for_step(tx, now, created.link_token.expose(), &token_id);
    let answer = submit_credentials(
        &tx,
        &step(&tx)?,
        SubmitCredentialsRequest {
            username: "user_good".to_owned(),
            password: "pass_good".into(),
            account_number: req.account_number,
            biller_id: Some(req.biller_id),
        },
    )?;
    if !answer.success {
        let code = answer.error_code.unwrap_or_default();
        let static_code = scenario_code(&code);
        return Err(crate::store::bills::scenario_error(
            static_code,
            &answer.message.unwrap_or_default(),
        ));
    }
    if answer.status.as_deref() == Some("mfa_required") {
        submit_mfa(&tx, &step(&tx)?, scenarios::MFA_CODE)?;
    }
    discover_accounts(&tx, &step(&tx)?)?;
    select_account(&tx, &step(&tx)?, "acct_1")?;
    let done = consent(&tx, now, &step(&tx)?, &created.consents)?;
    tx.commit()?;
    let token = done
        .public_token
        .ok_or_else(|| ApiError::internal("consent issued no public token"))?;
    Ok((token.expose().to_owned(), done.expires_at.unwrap_or(now)))
}

fn scenario_code(code: &str) -> &'static str {
    [
        "INVALID_CREDENTIALS",
        "BILLER_UNAVAILABLE",
        "ACCOUNT_LOCKED",
    ]
    .into_iter()
    .find(|known| *known == code)
    .unwrap_or("LINK_FAILED")
}

/// `POST /link/token/exchange`: single use, 30 minutes, only for the client that created it.
pub fn exchange(
    conn: &mut Connection,
    now: OffsetDateTime,
    client_id: &str,
    body_client_id: &str,
    public_token: &str,
) -> Result<LinkTokenExchangeResponse, ApiError> {
    if body_client_id != client_id {
        return Err(ApiError::forbidden(
            "client_id does not match the X-Client-ID header",
        ));
    }
    let invalid = || ApiError::not_found("Invalid public token").with_code("INVALID_PUBLIC_TOKEN");
    if !public_token.starts_with(tokens::PUBLIC_TOKEN) {
        return Err(invalid());
    }
    let tx = conn.transaction()?;
    let row: Option<(String, String, i64, Option<i64>)> = tx
        .query_row(
            "SELECT client_id, link_token_id, expires_at, exchanged_at FROM public_tokens WHERE token_hash = ?1",
            [tokens::hash(public_token).as_slice()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (owner, link_token_id, expires_at, exchanged_at) = row.ok_or_else(invalid)?;
    // A token of another client is reported as unknown, so it reveals nothing.
    if !tokens::hashes_equal(owner.as_bytes(), client_id.as_bytes()) {
        return Err(invalid());
    }
    if exchanged_at.is_some() {
        return Err(ApiError::conflict(
            "The public token has already been exchanged; public tokens are single-use",
        )
        .with_code("PUBLIC_TOKEN_ALREADY_USED"));
    }
    if unix(now) >= expires_at {
        return Err(
            ApiError::bad_request("The public token has expired; link the account again")
                .with_code("PUBLIC_TOKEN_EXPIRED"),
        );
    }
    let session = tx.query_row(
        &format!("SELECT {SESSION_COLUMNS} FROM link_tokens WHERE link_token_id = ?1"),
        [&link_token_id],
        session_from_row,
    )?;
    let (link_id, biller_id) = links::create_or_repair(&tx, now, &session)?;
    let access_token = links::issue_access_token(&tx, now, &link_id)?;
    // Marking it used in the same transaction makes concurrent exchanges race safely: one wins.
    let changed = tx.execute(
        "UPDATE public_tokens SET exchanged_at = ?2, link_id = ?3 WHERE token_hash = ?1 AND exchanged_at IS NULL",
        params![tokens::hash(public_token).as_slice(), unix(now), link_id],
    )?;
    if changed != 1 {
        return Err(
            ApiError::conflict("The public token has already been exchanged")
                .with_code("PUBLIC_TOKEN_ALREADY_USED"),
        );
    }
    tx.commit()?;
    Ok(LinkTokenExchangeResponse {
        success: true,
        access_token: access_token.into(),
        biller_id,
        link_id,
    })
}
