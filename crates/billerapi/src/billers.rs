//! Billers: the companies whose accounts can be linked (`GET /billers`).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::client::{segment, Auth, Call};
use crate::link::Consent;
use crate::{Client, Error};

open_enum! {
    /// What a biller bills for.
    pub enum BillerCategory {
        /// Electricity.
        Electric = "electric",
        /// Natural gas.
        Gas = "gas",
        /// Water and sewer.
        Water = "water",
        /// Phone, internet, TV.
        Telecom = "telecom",
        /// Insurance premiums.
        Insurance = "insurance",
    }
}

/// A biller as listed by `GET /billers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Biller {
    /// Stable identifier, e.g. `test_electric_company`.
    pub id: String,
    /// Display name, e.g. `Test Electric Company`.
    pub name: String,
    /// What it bills for.
    pub category: BillerCategory,
    /// The consents a link to this biller can grant.
    #[serde(default)]
    pub supported_consents: Vec<Consent>,
    /// The biller's website, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
}

/// `GET /billers` query: search by name or id, filter by category, paginate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct BillersQuery {
    /// Case-insensitive text matched against name and id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only billers of this category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Page size (default 25, max 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// One page of billers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillersPage {
    /// The billers on this page.
    pub billers: Vec<Biller>,
    /// Whether another page follows.
    pub has_more: bool,
    /// Pass as `cursor` to get the next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

impl Client {
    /// `GET /billers` (client credentials): one page.
    pub async fn billers(&self, query: &BillersQuery) -> Result<BillersPage, Error> {
        self.send(Call::new(Method::GET, "/billers", Auth::Client).query(query)?)
            .await
    }

    /// `GET /billers/{biller_id}` (client credentials).
    pub async fn biller(&self, biller_id: &str) -> Result<Biller, Error> {
        self.send(Call::new(
            Method::GET,
            format!("/billers/{}", segment(biller_id)),
            Auth::Client,
        ))
        .await
    }
}
