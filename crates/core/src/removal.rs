//! Removing a link: at its own origin first (which revokes its token there), then every local
//! trace. A removal the origin did not confirm keeps the link, marked "removal pending", and is
//! retried at each sync, so no token stays valid remotely while it disappears from view.

use crate::app::Billkeep;
use crate::links::{self, LinkStatus, LinkSummary};
use crate::origin::ApiOrigin;
use crate::{Error, Result};

/// How a removal at the link's origin went.
enum Remote {
    /// The origin removed it, or says it no longer has it.
    Gone,
    /// Not confirmed, and why.
    Unconfirmed(Error),
}

impl Billkeep {
    /// Asks the link's own origin to remove it. A 404 means "already gone" only because it comes
    /// from that origin: no other server is ever asked.
    async fn remove_at_origin(&self, link: &LinkSummary) -> Remote {
        let origin = match ApiOrigin::from_stored(&link.origin) {
            Ok(o) => o,
            Err(e) => return Remote::Unconfirmed(e),
        };
        let client = match self.client_for(&origin).await {
            Ok(c) => c,
            Err(e) => return Remote::Unconfirmed(e),
        };
        match client.account_remove(&link.link_id).await {
            Ok(_) => Remote::Gone,
            Err(e) if e.status() == Some(404) => Remote::Gone,
            Err(e) => Remote::Unconfirmed(e.into()),
        }
    }

    /// Deletes a link's row, token and bills, and leaves no copy of the sealed token in the WAL.
    fn delete_locally(&self, id: i64) -> Result<()> {
        self.store().with(|c| links::delete(c, id))?;
        self.store().checkpoint()
    }

    /// Removes a link: at its origin first (revoking its token), then its local row, token and
    /// bills. If the origin does not confirm, the link is kept as "removal pending" and the error
    /// says so; the next sync tries again.
    pub async fn unlink(&self, id: i64) -> Result<()> {
        let link = self.store().with(|c| links::get(c, id))?;
        match self.remove_at_origin(&link).await {
            Remote::Gone => self.delete_locally(id),
            Remote::Unconfirmed(e) => {
                let detail = e.to_string();
                self.store().with(|c| {
                    links::set_status(
                        c,
                        id,
                        LinkStatus::RemovalPending,
                        Some(e.code().as_str()),
                        Some(&detail),
                        None,
                    )
                })?;
                let origin = ApiOrigin::from_stored(&link.origin)
                    .map(|o| o.to_string())
                    .unwrap_or(link.origin);
                Err(Error::RemovalPending {
                    account: format!("{} {}", link.biller_name, link.account_mask),
                    origin,
                    detail,
                })
            }
        }
    }

    /// Forgets a link on this computer only (its token stays valid at its origin until removed
    /// there): for a link whose origin is gone for good. The caller has warned the user.
    pub fn forget(&self, id: i64) -> Result<()> {
        self.store().with(|c| links::get(c, id))?;
        self.delete_locally(id)
    }

    /// Tries again every removal its origin has not confirmed; returns the links now removed.
    pub(crate) async fn retry_removals(&self, pending: &[LinkSummary]) -> Vec<(i64, Result<()>)> {
        let mut done = Vec::new();
        for link in pending {
            let outcome = match self.remove_at_origin(link).await {
                Remote::Gone => self.delete_locally(link.id),
                Remote::Unconfirmed(e) => Err(e),
            };
            done.push((link.id, outcome));
        }
        done
    }
}
