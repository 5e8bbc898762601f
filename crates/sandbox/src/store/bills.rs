//! Stored bills: insertion, the filtered and paginated query of `GET /bills/get`, and new
//! statements.

use billerapi::bills::{Bill, BillSource, BillStatus, BillsPage, LineItem};
use billerapi::dates::{format_date, parse_date};
use rusqlite::{params, Connection, Transaction};
use sha2::{Digest, Sha256};
use time::Date;

use crate::error::ApiError;
use crate::model::Link;
use crate::statements::{self, Statement};
use crate::{catalog, scenarios};

/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 25;
/// The largest page.
pub const MAX_LIMIT: u32 = 100;

/// The sandbox's bill id prefix, as BillerAPI's go-live page shows sandbox ids (clients must not
/// parse it; earlier `bill_…` ids stay valid).
const BILL_ID: &str = "sandbox_bill_";

/// A bill's id is derived from its link and place, so it is stable.
fn bill_id(link_id: &str, seq: i64) -> String {
    let digest = Sha256::digest(format!("{link_id}/{seq}").as_bytes());
    format!("{BILL_ID}{}", hex::encode(&digest[..12]))
}

/// Stores statements for a link.
pub fn insert(
    tx: &Transaction<'_>,
    link_id: &str,
    statements: &[Statement],
) -> Result<(), ApiError> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO bills (id, link_id, seq, statement_date, due_date, amount, currency, status,
             description, auto_pay, line_items, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'USD', ?7, ?8, ?9, ?10, ?11)",
    )?;
    for s in statements {
        stmt.execute(params![
            bill_id(link_id, s.seq),
            link_id,
            s.seq,
            format_date(s.statement_date),
            format_date(s.due_date),
            s.amount,
            s.status.as_str(),
            s.description,
            s.auto_pay,
            serde_json::to_string(&s.line_items).map_err(ApiError::internal)?,
            s.source.as_str(),
        ])?;
    }
    Ok(())
}

/// The filters of `GET /bills/get`, validated.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub status: Option<BillStatus>,
    pub source: Option<BillSource>,
    pub limit: u32,
    /// The last bill already returned, as (`YYYY-MM-DD` due date, id): compared as text, so any
    /// cursor of the documented grammar is a position, even one no bill ever had.
    pub after: Option<(String, String)>,
}

impl Filters {
    /// Parses the documented query parameters; every bad value is a 400 that names it.
    pub fn parse(q: &billerapi::bills::BillsQuery) -> Result<Self, ApiError> {
        let date = |name: &str, v: &Option<String>| -> Result<Option<Date>, ApiError> {
            v.as_deref()
                .map(|s| {
                    parse_date(s).ok_or_else(|| {
                        ApiError::bad_request(format!("{name} must be a date (YYYY-MM-DD)"))
                    })
                })
                .transpose()
        };
        let start = date("start_date", &q.start_date)?;
        let end = date("end_date", &q.end_date)?;
        let status = match q.status.as_deref() {
            None => None,
            Some(s) => match s.parse::<BillStatus>().unwrap_or_else(|n| match n {}) {
                BillStatus::Unknown(_) => {
                    return Err(ApiError::bad_request(
                        "status must be one of PENDING, PAID, OVERDUE, CANCELLED, SCHEDULED",
                    ))
                }
                known => Some(known),
            },
        };
        let source = match q.source.as_deref() {
            None => None,
            Some(s) => match s.parse::<BillSource>().unwrap_or_else(|n| match n {}) {
                BillSource::Unknown(_) => {
                    return Err(ApiError::bad_request(
                        "source must be one of BILLER_DIRECT, SCRAPING, OCR, EMAIL",
                    ))
                }
                known => Some(known),
            },
        };
        let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::bad_request(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        let after = q.cursor.as_deref().map(decode_cursor).transpose()?;
        Ok(Filters {
            start,
            end,
            status,
            source,
            limit,
            after,
        })
    }

    fn keeps(&self, bill: &Bill, source: &BillSource) -> bool {
        self.start.is_none_or(|s| bill.due_date >= s)
            && self.end.is_none_or(|e| bill.due_date <= e)
            && self.status.as_ref().is_none_or(|s| *s == bill.status)
            && self.source.as_ref().is_none_or(|s| s == source)
            // Bills come newest due date first; the cursor is the last one already returned.
            && self.after.as_ref().is_none_or(|(d, id)| {
                (format_date(bill.due_date).as_str(), bill.id.as_str()) < (d.as_str(), id.as_str())
            })
    }
}

fn encode_cursor(bill: &Bill) -> String {
    format!("{}~{}", format_date(bill.due_date), bill.id)
}

/// Reads `YYYY-MM-DD~<id>` (the grammar the OpenAPI document states); anything else is a 400.
fn decode_cursor(cursor: &str) -> Result<(String, String), ApiError> {
    let invalid = || {
        ApiError::bad_request(
            "cursor is not valid: pass next_cursor from a previous page unchanged",
        )
    };
    let (date, id) = cursor.split_once('~').ok_or_else(invalid)?;
    let date_ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let id_ok = (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if date_ok && id_ok {
        Ok((date.to_owned(), id.to_owned()))
    } else {
        Err(invalid())
    }
}

/// A stored PENDING bill whose due date has passed reads as OVERDUE.
fn effective_status(stored: BillStatus, due: Date, today: Date) -> BillStatus {
    if stored == BillStatus::Pending && due < today {
        BillStatus::Overdue
    } else {
        stored
    }
}

/// All bills of a link, newest due date first, with their sources.
fn load(conn: &Connection, link: &Link, today: Date) -> Result<Vec<(Bill, BillSource)>, ApiError> {
    let biller_name = catalog::find(&link.biller_id)
        .map(|b| b.name)
        .unwrap_or_default();
    let mut stmt = conn.prepare_cached(
        "SELECT id, statement_date, due_date, amount, currency, status, description, auto_pay, line_items, source
         FROM bills WHERE link_id = ?1 ORDER BY due_date DESC, id DESC",
    )?;
    let rows = stmt.query_map([&link.link_id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, bool>(7)?,
            r.get::<_, String>(8)?,
            r.get::<_, String>(9)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, statement, due, amount, currency, status, description, auto_pay, items, source) =
            row?;
        let due_date =
            parse_date(&due).ok_or_else(|| ApiError::internal("stored due date unreadable"))?;
        let line_items: Vec<LineItem> = serde_json::from_str(&items).map_err(ApiError::internal)?;
        let stored_status = status.parse().unwrap_or_else(|n| match n {});
        out.push((
            Bill {
                id,
                biller_id: link.biller_id.clone(),
                biller_name: biller_name.clone(),
                account_number: link.account_mask.clone(),
                amount,
                currency,
                due_date,
                status: effective_status(stored_status, due_date, today),
                statement_date: parse_date(&statement)
                    .ok_or_else(|| ApiError::internal("stored date unreadable"))?,
                description,
                auto_pay_enabled: auto_pay,
                line_items,
            },
            source.parse().unwrap_or_else(|n| match n {}),
        ));
    }
    Ok(out)
}

/// One page of a link's bills.
pub fn page(
    conn: &Connection,
    link: &Link,
    filters: &Filters,
    today: Date,
) -> Result<BillsPage, ApiError> {
    let all = load(conn, link, today)?;
    Ok(paginate(all, filters))
}

fn paginate(all: Vec<(Bill, BillSource)>, filters: &Filters) -> BillsPage {
    let limit = filters.limit as usize;
    let mut kept = all
        .into_iter()
        .filter(|(b, s)| filters.keeps(b, s))
        .map(|(b, _)| b);
    let bills: Vec<Bill> = kept.by_ref().take(limit).collect();
    let has_more = kept.next().is_some();
    let next_cursor = if has_more {
        bills.last().map(encode_cursor)
    } else {
        None
    };
    BillsPage {
        bills,
        has_more,
        next_cursor,
    }
}

/// Sandbox: the bills of a magic account number without any link, computed for today.
pub fn scenario_page(
    account_number: &str,
    filters: &Filters,
    today: Date,
) -> Result<BillsPage, ApiError> {
    let scenario = scenarios::Scenario::of(account_number);
    if let Some((code, message)) = scenario.credentials_error() {
        return Err(scenario_error(code, message));
    }
    let biller = catalog::find("test_electric_company")
        .ok_or_else(|| ApiError::internal("test biller missing"))?;
    let pseudo_link = format!("sandbox_{account_number}");
    let mask = scenarios::mask(account_number);
    let all = statements::initial(scenario, &biller, account_number, 0, today)
        .into_iter()
        .map(|s| {
            let bill = Bill {
                id: bill_id(&pseudo_link, s.seq),
                biller_id: biller.id.clone(),
                biller_name: biller.name.clone(),
                account_number: mask.clone(),
                amount: s.amount,
                currency: "USD".to_owned(),
                due_date: s.due_date,
                status: s.status,
                statement_date: s.statement_date,
                description: Some(s.description),
                auto_pay_enabled: s.auto_pay,
                line_items: s.line_items,
            };
            (bill, s.source)
        });
    let mut sorted: Vec<(Bill, BillSource)> = all.collect();
    sorted.sort_by(|(a, _), (b, _)| (b.due_date, &b.id).cmp(&(a.due_date, &a.id)));
    Ok(paginate(sorted, filters))
}

/// The error a scenario's bill retrieval answers with: an outage is a retryable 503; a biller
/// refusing the login (`INVALID_CREDENTIALS`, `ACCOUNT_LOCKED`) a 403.
pub fn scenario_error(code: &'static str, message: &str) -> ApiError {
    let status = if code == "BILLER_UNAVAILABLE" {
        axum::http::StatusCode::SERVICE_UNAVAILABLE
    } else {
        axum::http::StatusCode::FORBIDDEN
    };
    ApiError {
        status,
        message: message.to_owned(),
        error_code: Some(code),
        retry_after: None,
    }
}

/// Sandbox: issues the link's next statement, due in 21 days. Returns it.
pub fn new_statement(conn: &mut Connection, link: &Link, today: Date) -> Result<Bill, ApiError> {
    let tx = conn.transaction()?;
    let next_seq: i64 = tx.query_row(
        "SELECT COALESCE(MAX(seq), -1) + 1 FROM bills WHERE link_id = ?1",
        [&link.link_id],
        |r| r.get(0),
    )?;
    let biller =
        catalog::find(&link.biller_id).ok_or_else(|| ApiError::internal("unknown biller"))?;
    let due = today + time::Duration::days(21);
    let profile = statements::HistoryProfile::of(&link.account_number);
    let mut statement =
        statements::history_bill(&biller, &link.account_number, &profile, next_seq, due);
    statement.statement_date = today;
    insert(&tx, &link.link_id, std::slice::from_ref(&statement))?;
    tx.commit()?;
    let id = bill_id(&link.link_id, next_seq);
    load(conn, link, today)?
        .into_iter()
        .map(|(b, _)| b)
        .find(|b| b.id == id)
        .ok_or_else(|| ApiError::internal("new statement not found"))
}

/// How many bills a link has.
pub fn count(conn: &Connection, link_id: &str) -> Result<u32, ApiError> {
    let n: i64 = conn.query_row(
        "SELECT COUNT(*) FROM bills WHERE link_id = ?1",
        [link_id],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_rejected() {
        let date = time::macros::date!(2026 - 04 - 15);
        let bill_like = Bill {
            id: "bill_abc".to_owned(),
            biller_id: String::new(),
            biller_name: String::new(),
            account_number: String::new(),
            amount: 0,
            currency: "USD".to_owned(),
            due_date: date,
            status: BillStatus::Paid,
            statement_date: date,
            description: None,
            auto_pay_enabled: false,
            line_items: vec![],
        };
        let cursor = encode_cursor(&bill_like);
        assert_eq!(
            decode_cursor(&cursor).expect("decodes"),
            ("2026-04-15".to_owned(), "bill_abc".to_owned())
        );
        for bad in [
            "",
            "!!!",
            "djF8MjAyNi0wNC0xNQ",
            "2026-04-15",
            "2026-04-15~",
            "2026-4-15~bill_1",
            "2026-04-15~bill 1",
            "x026-04-15~bill_1",
        ] {
            assert!(decode_cursor(bad).is_err(), "{bad:?}");
        }
    }
}
