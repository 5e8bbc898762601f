//! The local bill cache: upserts from syncs, filtered and paged queries for the UI and CLI (in
//! SQL, one layer for both), and export.

use billerapi::bills::{Bill, BillStatus, LineItem};
use billerapi::dates::{format_date, parse_date, Date};
use rusqlite::{params, params_from_iter, Connection, ToSql};
use serde::Serialize;

use crate::settings::EnvironmentKind;
use crate::Error;

/// A bill as kept locally.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StoredBill {
    /// The local link id.
    pub link: i64,
    /// BillerAPI's bill id.
    pub bill_id: String,
    /// The biller.
    pub biller_id: String,
    /// Its name.
    pub biller_name: String,
    /// Masked account number.
    pub account_number: String,
    /// Amount in minor units.
    pub amount: i64,
    /// ISO 4217 currency.
    pub currency: String,
    /// When it is due (`YYYY-MM-DD` on the wire).
    #[serde(with = "billerapi::dates::iso_date")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub due_date: Date,
    /// PENDING, PAID, OVERDUE, CANCELLED, SCHEDULED, or a newer value as sent.
    pub status: BillStatus,
    /// When the statement was issued (`YYYY-MM-DD` on the wire).
    #[serde(with = "billerapi::dates::iso_date")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub statement_date: Date,
    /// Description.
    pub description: Option<String>,
    /// Auto-pay on.
    pub auto_pay: bool,
    /// Itemised charges.
    pub line_items: Vec<StoredLineItem>,
    /// Where it stands against its due date, today, with the notification lead time.
    pub due: crate::reminders::Due,
}

/// One charge of a stored bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StoredLineItem {
    /// What it is for.
    pub description: String,
    /// Minor units.
    pub amount: i64,
}

/// Which bills to list, and which slice of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillFilter {
    /// One link only.
    pub link: Option<i64>,
    /// One status only.
    pub status: Option<BillStatus>,
    /// Due on or after.
    pub from: Option<Date>,
    /// Due on or before.
    pub to: Option<Date>,
    /// Unpaid ones only: overdue, pending and scheduled (not paid, cancelled or unknown).
    pub unpaid: bool,
}

/// The order a list of bills comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum BillOrder {
    /// Newest due date first (the history).
    #[default]
    Newest,
    /// Soonest due date first (what is to pay).
    Soonest,
}

/// What a filtered list adds up to, without reading its bills.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BillSummary {
    /// How many bills match.
    pub count: u32,
    /// How many of them are overdue or due soon (`reminders::due`).
    pub due_soon: u32,
    /// Their amounts per currency (minor units), by currency code.
    pub totals: Vec<CurrencyTotal>,
}

/// A sum of amounts in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CurrencyTotal {
    /// ISO 4217 code.
    pub currency: String,
    /// Minor units.
    pub amount: i64,
}

/// Reads a `YYYY-MM-DD` date typed by a person (`--from`, a filter field), naming the field.
pub fn parse_filter_date(name: &str, value: &str) -> Result<Date, Error> {
    parse_date(value.trim())
        .ok_or_else(|| Error::Invalid(format!("{name} must be a date (YYYY-MM-DD), not {value:?}")))
}

/// One slice of the filtered bills, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BillPage {
    /// The bills of this slice, in the order asked for.
    pub bills: Vec<StoredBill>,
    /// How many match in all.
    pub total: u32,
}

/// Stores the bills just fetched for a link (inside the caller's transaction): new ones added,
/// changed ones updated, and every earlier statement kept — an API that pages only recent bills
/// must not erase the history. Returns how many were new or changed.
pub(crate) fn upsert(
    conn: &Connection,
    link_row: i64,
    bills: &[Bill],
    fetched_at: i64,
) -> Result<usize, Error> {
    let mut changed = 0;
    {
        let mut upsert = conn.prepare_cached(
            "INSERT INTO bills (link_row, bill_id, biller_id, biller_name, account_number, amount, currency, due_date,
                 status, statement_date, description, auto_pay, line_items, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (link_row, bill_id) DO UPDATE SET
                 amount = excluded.amount, currency = excluded.currency, due_date = excluded.due_date,
                 status = excluded.status, statement_date = excluded.statement_date,
                 description = excluded.description, auto_pay = excluded.auto_pay,
                 line_items = excluded.line_items, fetched_at = excluded.fetched_at
             WHERE bills.amount IS NOT excluded.amount OR bills.status IS NOT excluded.status
                 OR bills.due_date IS NOT excluded.due_date OR bills.line_items IS NOT excluded.line_items",
        )?;
        for bill in bills {
            let items: Vec<StoredLineItem> = bill
                .line_items
                .iter()
                .map(
                    |LineItem {
                         description,
                         amount,
                     }| StoredLineItem {
                        description: description.clone(),
                        amount: *amount,
                    },
                )
                .collect();
            changed += upsert.execute(params![
                link_row,
                bill.id,
                bill.biller_id,
                bill.biller_name,
                bill.account_number,
                bill.amount,
                bill.currency,
                format_date(bill.due_date),
                bill.status.as_str(),
                format_date(bill.statement_date),
                bill.description,
                bill.auto_pay_enabled,
                serde_json::to_string(&items).map_err(|e| Error::Damaged(e.to_string()))?,
                fetched_at,
            ])?;
        }
    }
    Ok(changed)
}

const MATCHING: &str = "FROM bills b JOIN links l ON l.id = b.link_row
     WHERE l.environment = ?1 AND (?2 IS NULL OR b.link_row = ?2) AND (?3 IS NULL OR b.status = ?3)
       AND (?4 IS NULL OR b.due_date >= ?4) AND (?5 IS NULL OR b.due_date <= ?5)
       AND (?6 = 0 OR b.status IN ('OVERDUE', 'PENDING', 'SCHEDULED'))";

/// `MATCHING`'s six parameters for `filter`; a statement's own ones follow from `?7`.
fn matching(env: EnvironmentKind, filter: &BillFilter) -> Vec<Box<dyn ToSql>> {
    vec![
        Box::new(env.as_str()),
        Box::new(filter.link),
        Box::new(filter.status.as_ref().map(|s| s.as_str().to_owned())),
        Box::new(filter.from.map(format_date)),
        Box::new(filter.to.map(format_date)),
        Box::new(filter.unpaid),
    ]
}

/// The columns `stored_bill` reads, in its order.
const COLUMNS: &str =
    "b.link_row, b.bill_id, b.biller_id, b.biller_name, b.account_number, b.amount,
     b.currency, b.due_date, b.status, b.statement_date, b.description, b.auto_pay, b.line_items";

fn stored_bill(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredBill> {
    let date = |i: usize| -> rusqlite::Result<Date> {
        let text: String = r.get(i)?;
        parse_date(&text).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("not a date: {text:?}").into(),
            )
        })
    };
    let items: String = r.get(12)?;
    Ok(StoredBill {
        link: r.get(0)?,
        bill_id: r.get(1)?,
        biller_id: r.get(2)?,
        biller_name: r.get(3)?,
        account_number: r.get(4)?,
        amount: r.get(5)?,
        currency: r.get(6)?,
        due_date: date(7)?,
        status: r
            .get::<_, String>(8)?
            .parse()
            .unwrap_or_else(|n| match n {}),
        statement_date: date(9)?,
        description: r.get(10)?,
        auto_pay: r.get(11)?,
        line_items: serde_json::from_str(&items).unwrap_or_default(),
        due: Default::default(),
    })
}

/// Bills of an environment's links matching `filter`, in `order`: `limit` of them from `offset`
/// (all with `u32::MAX`), and the total that match.
pub(crate) fn page(
    conn: &Connection,
    env: EnvironmentKind,
    filter: &BillFilter,
    order: BillOrder,
    offset: u32,
    limit: u32,
) -> Result<BillPage, Error> {
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) {MATCHING}"))?
        .query_row(params_from_iter(matching(env, filter)), |r| r.get(0))?;
    if limit == 0 || offset >= total {
        return Ok(BillPage {
            bills: Vec::new(),
            total,
        });
    }
    // Each order has its own statement; the bill id breaks ties so pages never overlap.
    let sql = match order {
        BillOrder::Newest => "ORDER BY b.due_date DESC, b.bill_id",
        BillOrder::Soonest => "ORDER BY b.due_date, b.bill_id",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {MATCHING} {sql} LIMIT ?7 OFFSET ?8"
    ))?;
    let mut args = matching(env, filter);
    args.push(Box::new(i64::from(limit)));
    args.push(Box::new(i64::from(offset)));
    let rows = stmt.query_map(params_from_iter(args), stored_bill)?;
    Ok(BillPage {
        bills: rows.collect::<Result<_, _>>()?,
        total,
    })
}

/// What the bills matching `filter` add up to; due soon means overdue, or pending and due on or
/// before `soon_until` (the rule of `reminders::due`, in SQL).
pub(crate) fn summary(
    conn: &Connection,
    env: EnvironmentKind,
    filter: &BillFilter,
    soon_until: Date,
) -> Result<BillSummary, Error> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT b.currency, count(*), sum(b.amount),
                sum(b.status = 'OVERDUE' OR (b.status = 'PENDING' AND b.due_date <= ?7))
         {MATCHING} GROUP BY b.currency ORDER BY b.currency"
    ))?;
    let mut args = matching(env, filter);
    args.push(Box::new(format_date(soon_until)));
    let mut rows = stmt.query(params_from_iter(args))?;
    let mut summary = BillSummary::default();
    while let Some(r) = rows.next()? {
        summary.count += r.get::<_, u32>(1)?;
        summary.due_soon += r.get::<_, u32>(3)?;
        summary.totals.push(CurrencyTotal {
            currency: r.get(0)?,
            amount: r.get(2)?,
        });
    }
    Ok(summary)
}

/// Every bill of an environment's links matching `filter`, newest due date first.
pub(crate) fn list(
    conn: &Connection,
    env: EnvironmentKind,
    filter: &BillFilter,
) -> Result<Vec<StoredBill>, Error> {
    Ok(page(conn, env, filter, BillOrder::Newest, 0, u32::MAX)?.bills)
}

/// Calls `each` with every link's bills in turn (by link, newest due date first within one),
/// holding one link's bills at a time: what adds up every account need not hold ten thousand.
pub(crate) fn for_each_link(
    conn: &Connection,
    env: EnvironmentKind,
    mut each: impl FnMut(i64, &[StoredBill]) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {MATCHING} ORDER BY b.link_row, b.due_date DESC, b.bill_id"
    ))?;
    let rows = stmt.query_map(
        params_from_iter(matching(env, &BillFilter::default())),
        stored_bill,
    )?;
    let mut own: Vec<StoredBill> = Vec::new();
    for row in rows {
        let bill = row?;
        if own.last().is_some_and(|b| b.link != bill.link) {
            each(own[0].link, &own)?;
            own.clear();
        }
        own.push(bill);
    }
    if let Some(first) = own.first() {
        each(first.link, &own)?;
    }
    Ok(())
}

/// The formats bills export to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// Comma-separated values with a header (RFC 4180, formulas defused).
    Csv,
    /// A JSON array.
    Json,
    /// An iCalendar file of unpaid and expected bills (RFC 5545).
    Ics,
}

impl ExportFormat {
    /// The file extension (`csv`, `json`).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Ics => "ics",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            "ics" => Ok(ExportFormat::Ics),
            other => Err(Error::Invalid(format!(
                "export as csv, json or ics, not {other:?}"
            ))),
        }
    }
}

/// Bills as a JSON array.
pub fn to_json(bills: &[StoredBill]) -> String {
    // Serializing our own plain structs cannot fail.
    serde_json::to_string_pretty(bills).unwrap_or_default()
}

/// CSV with a header; amounts in major units (the currency's decimals); RFC 4180 quoting.
pub fn to_csv(bills: &[StoredBill]) -> String {
    fn field(s: &str) -> String {
        // A leading = + - @ would run as a formula in a spreadsheet.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_owned()
        };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    }
    let mut out = String::from("link,bill_id,biller,account,due_date,status,amount,currency,statement_date,description,auto_pay\n");
    for b in bills {
        let row = [
            b.link.to_string(),
            field(&b.bill_id),
            field(&b.biller_name),
            field(&b.account_number),
            format_date(b.due_date),
            field(b.status.as_str()),
            crate::money::major_units(b.amount, &b.currency),
            field(&b.currency),
            format_date(b.statement_date),
            field(b.description.as_deref().unwrap_or("")),
            b.auto_pay.to_string(),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    /// A pending USD bill of `link` without line items.
    pub(crate) fn bill(link: i64, id: &str, due: Date, amount: i64) -> StoredBill {
        StoredBill {
            link,
            bill_id: id.into(),
            biller_id: "test_electric_company".into(),
            biller_name: "Test Electric Company".into(),
            account_number: "****4242".into(),
            amount,
            currency: "USD".into(),
            due_date: due,
            status: BillStatus::Pending,
            statement_date: due - time::Duration::days(21),
            description: None,
            auto_pay: false,
            line_items: vec![],
            due: Default::default(),
        }
    }

    #[test]
    fn statements_no_longer_returned_by_the_api_are_kept() {
        let dir = std::env::temp_dir().join(format!("billkeep-bills-keep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = crate::store::Store::open(&dir).unwrap();
        let wire = |id: &str, due: Date, amount: i64| Bill {
            id: id.into(),
            biller_id: "b".into(),
            biller_name: "B".into(),
            account_number: "****1".into(),
            amount,
            currency: "USD".into(),
            due_date: due,
            status: BillStatus::Paid,
            statement_date: due,
            description: None,
            auto_pay_enabled: false,
            line_items: vec![],
        };
        let history: Vec<Bill> = (1..=12u8)
            .map(|m| {
                wire(
                    &format!("bill_{m}"),
                    Date::from_calendar_date(2026, time::Month::try_from(m).unwrap(), 5).unwrap(),
                    100 * i64::from(m),
                )
            })
            .collect();
        let count = store
            .with(|c| {
                c.execute(
                    "INSERT INTO links (id, environment, origin, link_id, biller_id, biller_name, account_mask,
                         status, created_at, updated_at) VALUES (1, 'embedded', 'embedded', 'l', 'b', 'B', '****1', 'ok', 0, 0)",
                    [],
                )?;
                assert_eq!(upsert(c, 1, &history, 0)?, 12);
                // Later the API pages only the last three, one of them changed.
                let mut recent = history[9..].to_vec();
                recent[2].amount = 1;
                assert_eq!(upsert(c, 1, &recent, 1)?, 1);
                c.query_row("SELECT count(*) FROM bills WHERE link_row = 1", [], |r| r.get::<_, i64>(0))
                    .map_err(Error::from)
            })
            .unwrap();
        assert_eq!(count, 12);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let bill = StoredBill {
            link: 1,
            bill_id: "bill_1".into(),
            biller_id: "b".into(),
            biller_name: "Power, \"Inc\"".into(),
            account_number: "****1234".into(),
            amount: 15420,
            currency: "USD".into(),
            due_date: date!(2026 - 04 - 15),
            status: BillStatus::Pending,
            statement_date: date!(2026 - 03 - 28),
            description: Some("=HYPERLINK(\"x\")".into()),
            auto_pay: false,
            line_items: vec![],
            due: Default::default(),
        };
        let csv = to_csv(&[bill]);
        let line = csv.lines().nth(1).unwrap();
        assert!(line.contains("\"Power, \"\"Inc\"\"\""), "{line}");
        assert!(line.contains(",154.20,USD,"), "{line}");
        assert!(line.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{line}");
    }
}
