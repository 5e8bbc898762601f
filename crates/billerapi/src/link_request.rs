//! Request to link: a client asks one of its users to link an account through a shareable
//! Connect page (`session_url`), and follows the request's status.

use reqwest::Method;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::{segment, Auth, Call};
use crate::secret::PublicToken;
use crate::{Client, Error};

open_enum! {
    /// Where a request to link stands.
    pub enum RequestStatus {
        /// Created; the user has not opened the page yet.
        Pending = "PENDING",
        /// The user is going through Connect.
        InProgress = "IN_PROGRESS",
        /// The user linked an account.
        Completed = "COMPLETED",
        /// The client cancelled it.
        Cancelled = "CANCELLED",
        /// Not completed in time.
        Expired = "EXPIRED",
    }
}

/// `POST /link/request-to-link` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RequestToLinkCreate {
    /// Your identifier for the end user who will link.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub client_user_id: String,
    /// Pre-selects a biller on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biller_id: Option<String>,
    /// Your own notes, kept with the request: up to 50 keys of 1 to 40 characters, each with a
    /// string of at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = metadata_schema))]
    pub metadata: Option<serde_json::Value>,
}

/// The Request to Link object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestToLink {
    /// Its id (`rtl_…`).
    pub id: String,
    /// The client that made it.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The end user it is for.
    pub client_user_id: String,
    /// The pre-selected biller, if any.
    #[serde(default)]
    pub biller_id: Option<String>,
    /// Where it stands.
    pub status: RequestStatus,
    /// The link session behind the page.
    #[serde(default)]
    pub link_token_id: Option<String>,
    /// The page to share with the user.
    pub session_url: String,
    /// The client's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub metadata: Option<serde_json::Value>,
    /// **Sandbox extension**: once `COMPLETED`, the public token to exchange (single-use, 30
    /// minutes), for clients that cannot receive webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(skip))]
    pub public_token: Option<PublicToken>,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub updated_at: OffsetDateTime,
}

/// `GET /link/request-to-link` query (the docs name its parameters in camelCase).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct RequestToLinkQuery {
    /// Matches the id, the end user or the biller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<RequestStatus>))]
    pub status: Option<String>,
    /// Only this end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_user_id: Option<String>,
    /// Only this biller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biller_id: Option<String>,
    /// Page number, from 1 (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1000000))]
    pub page: Option<u32>,
    /// Page size, 1 to 100 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
}

/// `GET /link/request-to-link` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestToLinkPage {
    /// The requests of this page, newest first.
    pub items: Vec<RequestToLink>,
    /// How many match in all.
    pub total: u32,
    /// This page's number.
    pub page: u32,
    /// The page size.
    pub limit: u32,
}

/// The metadata limits, shared by the emulator's check and its OpenAPI document.
pub mod metadata_limits {
    /// Most keys.
    pub const KEYS: usize = 50;
    /// Longest key, in characters.
    pub const KEY_CHARS: usize = 40;
    /// Longest value, in characters.
    pub const VALUE_CHARS: usize = 500;
}

#[cfg(feature = "openapi")]
fn metadata_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Object, Type::Null]))
        .max_properties(Some(metadata_limits::KEYS))
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(metadata_limits::KEY_CHARS)),
        ))
        .additional_properties(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(metadata_limits::VALUE_CHARS)),
        ))
        .build()
}

impl Client {
    /// `POST /link/request-to-link` (client credentials). Documented as idempotent by key:
    /// retried like a read, with the same `Idempotency-Key`.
    pub async fn request_to_link_create(
        &self,
        request: &RequestToLinkCreate,
    ) -> Result<RequestToLink, Error> {
        self.send(
            Call::new(Method::POST, "/link/request-to-link", Auth::Client)
                .json(request)?
                .replayable(),
        )
        .await
    }

    /// `GET /link/request-to-link` (client credentials).
    pub async fn request_to_link_list(
        &self,
        query: &RequestToLinkQuery,
    ) -> Result<RequestToLinkPage, Error> {
        self.send(Call::new(Method::GET, "/link/request-to-link", Auth::Client).query(query)?)
            .await
    }

    /// `GET /link/request-to-link/{id}` (client credentials).
    pub async fn request_to_link(&self, id: &str) -> Result<RequestToLink, Error> {
        self.send(Call::new(
            Method::GET,
            format!("/link/request-to-link/{}", segment(id)),
            Auth::Client,
        ))
        .await
    }

    /// **Sandbox extension** `POST /link/request-to-link/{id}/cancel` (client credentials).
    pub async fn request_to_link_cancel(&self, id: &str) -> Result<RequestToLink, Error> {
        self.send(Call::new(
            Method::POST,
            format!("/link/request-to-link/{}/cancel", segment(id)),
            Auth::Client,
        ))
        .await
    }
}
