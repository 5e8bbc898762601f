//! Recovering a link lost between its exchange and its commit (a crash, a power cut): the pending
//! marker names the origin, and that origin's account list is compared with ours.
//!
//! Only accounts made for this installation (`client_user_id`) on that origin are adopted: one
//! client id may serve many installs on a shared server, and `GET /bills/accounts` lists them all.

use serde::Serialize;

use crate::app::Billkeep;
use crate::links::{self, LinkStatus, NewLink};
use crate::origin::ApiOrigin;
use crate::Result;

/// The result of recovering interrupted links.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reconciled {
    /// Links the API has and we had lost: stored as needing relink.
    pub recovered: Vec<String>,
}

impl Billkeep {
    /// Whether a crash left a link half-completed (then [`Billkeep::recover_interrupted_links`]
    /// is worth a call).
    pub fn has_pending_links(&self) -> Result<bool> {
        self.store().with(|c| {
            Ok(
                c.query_row("SELECT EXISTS(SELECT 1 FROM pending_links)", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    /// For each origin a crash marker names: stores this installation's accounts there that we
    /// lack as "needs relink" (code `orphaned`), then clears its markers. Does nothing, and asks
    /// no server, when there is no marker. An origin that cannot be asked keeps its markers for
    /// the next start; the first such error is returned when no origin could be asked.
    pub async fn recover_interrupted_links(&self) -> Result<Reconciled> {
        let origins = self.store().with(|c| links::pending_origins(c))?;
        let mut result = Reconciled::default();
        let mut first_error = None;
        let mut asked = 0;
        for origin in origins {
            match self.reconcile_origin(&origin).await {
                Ok(found) => {
                    asked += 1;
                    result.recovered.extend(found);
                }
                Err(e) => {
                    tracing::info!(code = %e.code(), origin = %origin, "interrupted links not recovered yet");
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if asked == 0 => Err(e),
            _ => Ok(result),
        }
    }

    async fn reconcile_origin(&self, origin: &ApiOrigin) -> Result<Vec<String>> {
        let mine = self.active()?.client_user_id;
        let remote = self.client_for(origin).await?.accounts().await?.accounts;
        let ours: Vec<_> = remote
            .into_iter()
            .filter(|a| a.client_user_id == mine)
            .collect();
        self.sealing(|tx, key| {
            let mut recovered = Vec::new();
            for account in ours {
                if links::known(tx, origin, &account.id)? {
                    continue;
                }
                let environment = links::environment_of(tx, origin)?;
                links::insert(
                    tx,
                    key,
                    &NewLink {
                        environment,
                        origin,
                        link_id: &account.id,
                        biller_id: &account.biller_id,
                        biller_name: &account.biller_name,
                        account_mask: account.account_number.as_deref().unwrap_or(""),
                        account_name: account.account_name.as_deref().unwrap_or(""),
                        consents: "bills",
                    },
                    None,
                    LinkStatus::NeedsRelink,
                    Some("orphaned"),
                )?;
                recovered.push(account.id);
            }
            links::clear_pending_for(tx, origin)?;
            Ok(recovered)
        })
    }
}
