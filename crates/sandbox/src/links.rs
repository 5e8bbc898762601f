//! Account links: creation at exchange, repair in update mode, access tokens, removal and the
//! sandbox's "login required" switch.

use billerapi::accounts::AccountStatus;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::model::{
    consents_to_text, link_from_row, unix, Link, Session, LINK_COLUMNS, LOGIN_REQUIRED,
};
use crate::scenarios::Scenario;
use crate::store::bills as store_bills;
use crate::{catalog, statements, tokens};

/// The link with this id, if it exists (removed or not).
pub fn find(conn: &Connection, link_id: &str) -> Result<Option<Link>, ApiError> {
    Ok(conn
        .query_row(
            &format!("SELECT {LINK_COLUMNS} FROM links WHERE link_id = ?1"),
            [link_id],
            link_from_row,
        )
        .optional()?)
}

/// A link of this client that has not been removed; 404 otherwise (another client's too).
pub fn owned_link(conn: &Connection, client_id: &str, link_id: &str) -> Result<Link, ApiError> {
    match find(conn, link_id)? {
        Some(link) if link.client_id == client_id && link.removed_at.is_none() => Ok(link),
        _ => Err(ApiError::not_found(format!(
            "Account link {link_id} not found"
        ))),
    }
}

/// The client's links, oldest first; removed ones only when asked.
pub fn list(
    conn: &Connection,
    client_id: &str,
    client_user_id: Option<&str>,
) -> Result<Vec<Link>, ApiError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {LINK_COLUMNS} FROM links
         WHERE client_id = ?1 AND removed_at IS NULL AND (?2 IS NULL OR client_user_id = ?2)
         ORDER BY created_at, rowid"
    ))?;
    let rows = stmt.query_map(params![client_id, client_user_id], link_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The link an access token opens, or 401.
pub fn by_access_token(conn: &Connection, access_token: &str) -> Result<Link, ApiError> {
    let invalid = || ApiError::unauthorized("Invalid or revoked access token");
    if !access_token.starts_with(tokens::ACCESS_TOKEN) {
        return Err(invalid());
    }
    let link_id: Option<String> = conn
        .prepare_cached(
            "SELECT link_id FROM access_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
        )?
        .query_row([tokens::hash(access_token).as_slice()], |r| r.get(0))
        .optional()?;
    let link = find(conn, &link_id.ok_or_else(invalid)?)?.ok_or_else(invalid)?;
    if link.removed_at.is_some() {
        return Err(invalid());
    }
    Ok(link)
}

/// At exchange: a new link with its first statements, or in update mode the repaired link.
/// Returns `(link_id, biller_id)`.
pub fn create_or_repair(
    tx: &Transaction<'_>,
    now: OffsetDateTime,
    session: &Session,
) -> Result<(String, String), ApiError> {
    let biller_id = session.session_biller.clone().unwrap_or_default();
    if let Some(link_id) = &session.account_link_id {
        let link = owned_link(tx, &session.client_id, link_id)?;
        tx.execute(
            "UPDATE links SET status = 'ACTIVE', error_code = NULL, updated_at = ?2 WHERE link_id = ?1",
            params![link.link_id, unix(now)],
        )?;
        return Ok((link.link_id, link.biller_id));
    }
    let account_number = session.account_number.clone().unwrap_or_default();
    let account_index = session
        .accounts
        .iter()
        .position(|a| Some(&a.account_id) == session.selected_account.as_ref())
        .unwrap_or(0);
    let account = session
        .accounts
        .get(account_index)
        .cloned()
        .ok_or_else(|| ApiError::internal("no account selected"))?;
    let link_id = tokens::generate(tokens::LINK_ID);
    tx.execute(
        "INSERT INTO links (link_id, client_id, client_user_id, biller_id, account_number, account_mask,
             account_name, consents, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'ACTIVE', ?9, ?9)",
        params![
            link_id,
            session.client_id,
            session.client_user_id,
            biller_id,
            account_number,
            account.account_number,
            account.name,
            consents_to_text(&session.consents),
            unix(now),
        ],
    )?;
    let biller = catalog::find(&biller_id)
        .ok_or_else(|| ApiError::internal("unknown biller at exchange"))?;
    let first = statements::initial(
        Scenario::of(&account_number),
        &biller,
        &account_number,
        account_index,
        now.date(),
    );
    store_bills::insert(tx, &link_id, &first)?;
    Ok((link_id, biller_id))
}

/// A new access token for a link; only its hash is kept.
pub fn issue_access_token(
    tx: &Transaction<'_>,
    now: OffsetDateTime,
    link_id: &str,
) -> Result<String, ApiError> {
    let token = tokens::generate(tokens::ACCESS_TOKEN);
    tx.execute(
        "INSERT INTO access_tokens (token_hash, link_id, created_at) VALUES (?1, ?2, ?3)",
        params![tokens::hash(&token).as_slice(), link_id, unix(now)],
    )?;
    Ok(token)
}

/// Removes a link: revokes every access token and marks it `DISCONNECTED`. Returns the tokens revoked.
pub fn remove(
    conn: &mut Connection,
    now: OffsetDateTime,
    client_id: &str,
    link_id: &str,
) -> Result<u32, ApiError> {
    let tx = conn.transaction()?;
    owned_link(&tx, client_id, link_id)?;
    let revoked = tx.execute(
        "UPDATE access_tokens SET revoked_at = ?2 WHERE link_id = ?1 AND revoked_at IS NULL",
        params![link_id, unix(now)],
    )?;
    tx.execute(
        "UPDATE links SET status = 'DISCONNECTED', removed_at = ?2, updated_at = ?2 WHERE link_id = ?1",
        params![link_id, unix(now)],
    )?;
    tx.commit()?;
    Ok(u32::try_from(revoked).unwrap_or(u32::MAX))
}

/// Sandbox: the link now needs its login repaired through Connect in update mode.
pub fn reset_login(
    conn: &Connection,
    now: OffsetDateTime,
    client_id: &str,
    link_id: &str,
) -> Result<Link, ApiError> {
    owned_link(conn, client_id, link_id)?;
    conn.execute(
        "UPDATE links SET status = ?2, error_code = ?3, updated_at = ?4 WHERE link_id = ?1",
        params![
            link_id,
            AccountStatus::Error.as_str(),
            LOGIN_REQUIRED,
            unix(now)
        ],
    )?;
    owned_link(conn, client_id, link_id)
}

/// Records a successful sync time.
pub fn mark_synced(conn: &Connection, now: OffsetDateTime, link_id: &str) -> Result<(), ApiError> {
    conn.execute(
        "UPDATE links SET last_synced_at = ?2, updated_at = ?2 WHERE link_id = ?1",
        params![link_id, unix(now)],
    )?;
    Ok(())
}
