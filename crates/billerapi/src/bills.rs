//! Bills of a linked account (`GET /bills/get`).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::amount::Amount;
use crate::client::{Auth, Call};
use crate::secret::AccessToken;
use crate::{Client, Error};

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

/// One itemised charge of a bill (in minor units; inside a bill, its amount may also come as a
/// decimal, which [`Bill`] reads with the bill's currency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineItem {
    /// What the charge is for.
    pub description: String,
    /// The charge, in the smallest currency unit.
    pub amount: i64,
}

/// The Bill object. Written as the Bill object's reference shows it; read in every documented
/// variant too: the id as `id` or `bill_id`, amounts in minor units (`15420`) or as decimals in
/// major units (`127.50`), converted exactly with the currency's ISO 4217 exponent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "WireBill")]
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

/// A bill as it may arrive: the variants the docs show, before amounts are made exact.
#[derive(Deserialize)]
struct WireBill {
    #[serde(alias = "bill_id")]
    id: String,
    biller_id: String,
    biller_name: String,
    account_number: String,
    amount: Amount,
    currency: String,
    #[serde(with = "crate::dates::iso_date")]
    due_date: Date,
    status: BillStatus,
    #[serde(with = "crate::dates::iso_date")]
    statement_date: Date,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    auto_pay_enabled: bool,
    #[serde(default)]
    line_items: Vec<WireLineItem>,
}

#[derive(Deserialize)]
struct WireLineItem {
    description: String,
    amount: Amount,
}

impl TryFrom<WireBill> for Bill {
    type Error = String;

    fn try_from(w: WireBill) -> Result<Self, String> {
        let minor = |amount: &Amount, field: &str| {
            amount
                .to_minor(&w.currency)
                .map_err(|e| format!("{field}: {e}"))
        };
        let line_items = w
            .line_items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                Ok(LineItem {
                    description: item.description.clone(),
                    amount: minor(&item.amount, &format!("line_items[{i}].amount"))?,
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Bill {
            amount: minor(&w.amount, "amount")?,
            id: w.id,
            biller_id: w.biller_id,
            biller_name: w.biller_name,
            account_number: w.account_number,
            currency: w.currency,
            due_date: w.due_date,
            status: w.status,
            statement_date: w.statement_date,
            description: w.description,
            auto_pay_enabled: w.auto_pay_enabled,
            line_items,
        })
    }
}

/// `GET /bills/get` query.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BillsQuery {
    /// The account link (`link_id` from the exchange): `GET /bills/get` requires it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(ignore))]
    pub account_link_id: Option<String>,
    /// Sandbox only: a magic account number, answering that scenario's bills without a link
    /// (`GET /bills`, as the magic-number page writes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(ignore))]
    pub account_number: Option<String>,
    /// Only bills due on or after this date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub start_date: Option<String>,
    /// Only bills due on or before this date (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub end_date: Option<String>,
    /// Only bills with this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<BillStatus>))]
    pub status: Option<String>,
    /// Only bills from this source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<BillSource>))]
    pub source: Option<String>,
    /// Page size: default 25, max 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}~[A-Za-z0-9_-]{1,128}$")
    )]
    pub cursor: Option<String>,
}

/// One page of bills: `bills` as the bills reference shows it, or `data` as the pagination
/// concept does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillsPage {
    /// The bills on this page.
    #[serde(alias = "data")]
    pub bills: Vec<Bill>,
    /// Whether another page follows.
    pub has_more: bool,
    /// Pass as `cursor` to get the next page; `null` on the last one.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// How a bills or sync call authenticates: one link's access token, or the client credentials.
#[derive(Debug, Clone, Copy)]
pub enum ReadAuth<'a> {
    /// `Authorization: Bearer <access token>`.
    AccessToken(&'a AccessToken),
    /// `X-Client-ID` + `X-Client-Secret`.
    ClientCredentials,
}

impl<'a> ReadAuth<'a> {
    pub(crate) fn auth(self) -> Auth<'a> {
        match self {
            ReadAuth::AccessToken(token) => Auth::Access(token),
            ReadAuth::ClientCredentials => Auth::Client,
        }
    }
}

impl Client {
    /// `GET /bills/get`: one page.
    pub async fn bills_get(
        &self,
        auth: ReadAuth<'_>,
        query: &BillsQuery,
    ) -> Result<BillsPage, Error> {
        self.send(Call::new(Method::GET, "/bills/get", auth.auth()).query(query)?)
            .await
    }

    /// Sandbox: `GET /bills?account_number=…`, a magic number's bills without a link (client
    /// credentials; the query's `account_number` is required).
    pub async fn sandbox_scenario_bills(&self, query: &BillsQuery) -> Result<BillsPage, Error> {
        self.send(Call::new(Method::GET, "/bills", Auth::Client).query(query)?)
            .await
    }

    /// Walks every page of `GET /bills/get` from `query`'s cursor (or the start) to the end.
    pub fn bill_pages<'a>(&'a self, auth: ReadAuth<'a>, query: BillsQuery) -> BillPages<'a> {
        BillPages {
            client: self,
            auth,
            query,
            done: false,
            pages: 0,
        }
    }
}

/// Cursor pagination of bills, one page per `next_page()`.
pub struct BillPages<'a> {
    client: &'a Client,
    auth: ReadAuth<'a>,
    query: BillsQuery,
    done: bool,
    pages: u32,
}

/// More pages than any real account has: a guard against a server that never ends.
const MAX_PAGES: u32 = 10_000;

impl BillPages<'_> {
    /// The next page, or `None` after the last one (or after an error).
    pub async fn next_page(&mut self) -> Option<Result<BillsPage, Error>> {
        if self.done {
            return None;
        }
        let page = match self.client.bills_get(self.auth, &self.query).await {
            Ok(page) => page,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.pages += 1;
        match (&page.next_cursor, page.has_more) {
            (Some(next), true)
                if Some(next) == self.query.cursor.as_ref() || self.pages >= MAX_PAGES =>
            {
                self.done = true;
                return Some(Err(Error::Decode {
                    path: "next_cursor".to_owned(),
                    message: "the API returned the same cursor again; pagination stopped"
                        .to_owned(),
                }));
            }
            (Some(next), true) => self.query.cursor = Some(next.clone()),
            _ => self.done = true,
        }
        Some(Ok(page))
    }

    /// Every remaining bill, in the API's order.
    pub async fn collect_all(mut self) -> Result<Vec<Bill>, Error> {
        let mut bills = Vec::new();
        while let Some(page) = self.next_page().await {
            bills.extend(page?.bills);
        }
        Ok(bills)
    }
}
