//! Requests to link (support staff): ask a customer or a tester to link an account from their
//! own browser, follow the request, and when it completes, the link appears here. BillerAPI
//! hands a completed request's public token to the client (the sandbox's extension, for clients
//! that cannot receive webhooks); it is exchanged like Connect's.

use billerapi::link_request::{
    RequestStatus, RequestToLink, RequestToLinkCreate, RequestToLinkQuery,
};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use time::OffsetDateTime;

use crate::app::Billkeep;
use crate::clock::now;
use crate::links::LinkSummary;
use crate::origin::ApiOrigin;
use crate::{Error, LinkedAccount, Result};

/// A request to link as the app and CLI show it (never its public token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkRequest {
    /// BillerAPI's id (`rtl_…`).
    pub id: String,
    /// The end user it is for.
    pub client_user_id: String,
    /// The pre-selected biller, if any.
    pub biller_id: Option<String>,
    /// Where it stands.
    pub status: RequestStatus,
    /// The page to share with the user.
    pub session_url: String,
    /// When it was made.
    #[serde(with = "billerapi::dates::timestamp")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub created_at: OffsetDateTime,
    /// When it last changed.
    #[serde(with = "billerapi::dates::timestamp")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub updated_at: OffsetDateTime,
    /// The local link it became, once completed and collected.
    pub link: Option<i64>,
}

impl LinkRequest {
    fn of(r: &RequestToLink, link: Option<i64>) -> Self {
        Self {
            id: r.id.clone(),
            client_user_id: r.client_user_id.clone(),
            biller_id: r.biller_id.clone(),
            status: r.status.clone(),
            session_url: r.session_url.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            link,
        }
    }
}

/// Ids are opaque, but a request id goes into a path: refuse anything odd before asking.
fn valid_id(id: &str) -> Result<&str> {
    if (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        Ok(id)
    } else {
        Err(Error::Invalid("that is not a request id".to_owned()))
    }
}

impl Billkeep {
    /// Asks a user to link through a shareable page, on the active origin (for this
    /// installation's end user unless another is named).
    pub async fn request_link(
        &self,
        biller_id: Option<&str>,
        client_user_id: Option<&str>,
    ) -> Result<LinkRequest> {
        let origin = self.active_origin()?;
        let user = match client_user_id {
            Some(u) => u.to_owned(),
            None => self.active()?.client_user_id,
        };
        let made = self
            .client_for(&origin)
            .await?
            .request_to_link_create(&RequestToLinkCreate {
                client_user_id: user,
                biller_id: biller_id.map(str::to_owned),
                metadata: Some(serde_json::json!({ "made_by": "billkeep" })),
            })
            .await?;
        self.store().with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO link_requests (id, origin, created_at) VALUES (?1, ?2, ?3)",
                params![made.id, origin.stored(), now()],
            )?;
            Ok(())
        })?;
        Ok(LinkRequest::of(&made, None))
    }

    /// The active origin's requests to link, newest first (a status filter optional).
    pub async fn link_requests(&self, status: Option<&str>) -> Result<Vec<LinkRequest>> {
        let origin = self.active_origin()?;
        let page = self
            .client_for(&origin)
            .await?
            .request_to_link_list(&RequestToLinkQuery {
                status: status.map(str::to_owned),
                limit: Some(100),
                ..RequestToLinkQuery::default()
            })
            .await?;
        page.items
            .iter()
            .map(|r| Ok(LinkRequest::of(r, self.collected_link(&origin, &r.id)?)))
            .collect()
    }

    /// One request, collected if it has completed: its public token is exchanged and the link
    /// stored (once: a request already collected, here or by the CLI, just names its link).
    pub async fn link_request(&self, id: &str) -> Result<LinkRequest> {
        let id = valid_id(id)?;
        let origin = self.active_origin()?;
        let request = self.client_for(&origin).await?.request_to_link(id).await?;
        let mut link = self.collected_link(&origin, id)?;
        if link.is_none() && request.status == RequestStatus::Completed {
            if let Some(token) = &request.public_token {
                let made = self.collect(&origin, id, token.expose()).await?;
                link = Some(made.id);
            }
        }
        Ok(LinkRequest::of(&request, link))
    }

    /// Cancels a request not yet completed.
    pub async fn cancel_link_request(&self, id: &str) -> Result<LinkRequest> {
        let id = valid_id(id)?;
        let origin = self.active_origin()?;
        let cancelled = self
            .client_for(&origin)
            .await?
            .request_to_link_cancel(id)
            .await?;
        Ok(LinkRequest::of(
            &cancelled,
            self.collected_link(&origin, id)?,
        ))
    }

    fn collected_link(&self, origin: &ApiOrigin, id: &str) -> Result<Option<i64>> {
        self.store().with(|c| {
            Ok(c.query_row(
                "SELECT link_row FROM link_requests WHERE origin = ?1 AND id = ?2 AND collected = 1",
                params![origin.stored(), id],
                |r| r.get::<_, Option<i64>>(0),
            )
            .optional()?
            .flatten())
        })
    }

    /// Exchanges a completed request's public token and remembers the link it became.
    async fn collect(
        &self,
        origin: &ApiOrigin,
        id: &str,
        public_token: &str,
    ) -> Result<LinkSummary> {
        let linked = self
            .complete_link(public_token, LinkedAccount::default())
            .await?;
        self.store().with(|c| {
            c.execute(
                "INSERT INTO link_requests (id, origin, created_at, link_row, collected) VALUES (?1, ?2, ?3, ?4, 1)
                 ON CONFLICT (origin, id) DO UPDATE SET link_row = excluded.link_row, collected = 1",
                params![id, origin.stored(), now(), linked.id],
            )?;
            Ok(())
        })?;
        Ok(linked)
    }
}
