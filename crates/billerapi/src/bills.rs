//! Bills of a linked account (`GET /bills/get`).

use serde::{Deserialize, Serialize};
use time::Date;

open_enum! {
    /// A bill's status.
    pub enum BillStatus {
        /// Issued, not yet paid, not yet due.
        Pending = "PENDING",
        /// Paid.
        Paid = "PAID",
        /// Past its due date and unpaid.
        Overdue = "OVERDUE",
        /// Cancelled by the biller.
        Cancelled = "CANCELLED",
        /// Will be paid automatically (auto-pay, payment plans); shown by the sandbox.
        Scheduled = "SCHEDULED",
    }
}

open_enum! {
    /// Where a bill's data came from.
    pub enum BillSource {
        /// The biller's own systems.
        BillerDirect = "BILLER_DIRECT",
        /// The biller's website.
        Scraping = "SCRAPING",
        /// A scanned document.
        Ocr = "OCR",
        /// An e-mailed bill.
        Email = "EMAIL",
    }
}

/// One itemised charge of a bill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineItem {
    /// What the charge is for.
    pub description: String,
    /// The charge, in the smallest currency unit.
    pub amount: i64,
}

/// The Bill object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bill {
    /// Unique bill identifier.
    pub id: String,
    /// The biller that issued it.
    pub biller_id: String,
    /// The biller's display name.
    pub biller_name: String,
    /// The account number, masked (`****4567`).
    pub account_number: String,
    /// The amount due, in the smallest currency unit (cents).
    pub amount: i64,
    /// ISO 4217 currency code.
    pub currency: String,
    /// When it is due.
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_date: Date,
    /// Its status.
    pub status: BillStatus,
    /// When the statement was issued.
    #[serde(with = "crate::dates::iso_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub statement_date: Date,
    /// A description such as `April 2026 Electric Bill`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether auto-pay is on for the account.
    #[serde(default)]
    pub auto_pay_enabled: bool,
    /// The itemised charges.
    #[serde(default)]
    pub line_items: Vec<LineItem>,
}

/// `GET /bills/get` query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BillsQuery {
    /// The account link (`link_id` from the exchange). Required unless `account_number` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_link_id: Option<String>,
    /// Sandbox only: a magic account number, answering that scenario's bills without a link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_number: Option<String>,
    /// Only bills due on or after this date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Only bills due on or before this date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Only bills with this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Only bills from this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Page size: default 25, max 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// One page of bills.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillsPage {
    /// The bills on this page.
    pub bills: Vec<Bill>,
    /// Whether another page follows.
    pub has_more: bool,
    /// Pass as `cursor` to get the next page; `null` on the last one.
    #[serde(default)]
    pub next_cursor: Option<String>,
}
