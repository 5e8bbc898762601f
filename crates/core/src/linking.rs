//! Linking an account: a Connect session (link token), the exchange of Connect's public token,
//! relinking in update mode, and the sandbox's shortcut without Connect.

use billerapi::link::{Consent, LinkTokenCreateRequest};
use billerapi::secret::PublicToken;
use serde::Serialize;

use crate::app::Billkeep;
use crate::links::{self, LinkStatus, LinkSummary, NewLink};
use crate::origin::ApiOrigin;
use crate::settings::{self, EnvironmentKind};
use crate::{Error, Result};

/// A started Connect session: what the webview needs to open the SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkSession {
    /// The link token (short-lived, made for the front end).
    pub link_token: String,
    /// When the link token expires.
    #[serde(with = "billerapi::dates::timestamp")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub expires_at: time::OffsetDateTime,
    /// The hosted Connect URL of the link's origin.
    pub connect_url: String,
    /// The environment.
    pub environment: EnvironmentKind,
}

/// What Connect's `onSuccess` said about the account (used for the duplicate guard and display).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkedAccount {
    /// The biller id.
    pub biller_id: Option<String>,
    /// The biller's name.
    pub biller_name: Option<String>,
    /// The masked account number.
    pub account_mask: Option<String>,
    /// The account's name.
    pub account_name: Option<String>,
}

fn validate_public_token(token: &str) -> Result<()> {
    let ok = token.starts_with("pt_")
        && (8..=256).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid(
            "that is not a public token from Connect".to_owned(),
        ))
    }
}

impl Billkeep {
    async fn link_token(
        &self,
        origin: &ApiOrigin,
        biller_id: Option<String>,
        account_link_id: Option<String>,
    ) -> Result<LinkSession> {
        let s = self.settings()?;
        let client = self.client_for(origin).await?;
        let created = client
            .link_token_create(&LinkTokenCreateRequest {
                client_id: client.client_id().unwrap_or_default().to_owned(),
                client_user_id: s.client_user_id,
                consents: vec![Consent::Bills],
                redirect_uri: None,
                biller_id,
                account_link_id,
            })
            .await?;
        // BillerAPI documents no URL for its hosted Connect page: `<base>/connect` is our guess,
        // and each origin may set the real one (Settings, `billkeep-cli env connect-url`).
        let connect = match self.store().with(|c| settings::connect_url(c, origin))? {
            Some(url) => billerapi::Url::parse(&url).map_err(|e| Error::Invalid(e.to_string()))?,
            None => client
                .base_url()
                .join("connect")
                .map_err(|e| Error::Invalid(e.to_string()))?,
        };
        Ok(LinkSession {
            link_token: created.token.link_token.expose().to_owned(),
            expires_at: created.token.expires_at,
            connect_url: connect.to_string(),
            environment: s.environment,
        })
    }

    /// Starts a Connect session for a new link on the active origin.
    pub async fn start_link(&self, biller_id: Option<&str>) -> Result<LinkSession> {
        let origin = self.active_origin()?;
        self.link_token(&origin, biller_id.map(str::to_owned), None)
            .await
    }

    /// Starts a Connect session in update mode for an existing link, on the link's own origin.
    pub async fn start_relink(&self, id: i64) -> Result<LinkSession> {
        let link = self.store().with(|c| links::get(c, id))?;
        let origin = ApiOrigin::from_stored(&link.origin)?;
        self.link_token(&origin, Some(link.biller_id), Some(link.link_id))
            .await
    }

    fn refuse_duplicate(&self, origin: &ApiOrigin, biller: &str, mask: &str) -> Result<()> {
        match self
            .store()
            .with(|c| links::duplicate_of(c, origin, biller, mask))?
        {
            Some(existing) => Err(Error::DuplicateLink {
                existing: existing.id,
                biller_name: existing.biller_name,
                account_mask: existing.account_mask,
            }),
            None => Ok(()),
        }
    }

    /// Exchanges Connect's public token, seals the access token and stores the link, in one
    /// transaction. A crash between the exchange and the commit leaves a pending marker that the
    /// next [`Billkeep::recover_interrupted_links`] resolves.
    pub async fn complete_link(
        &self,
        public_token: &str,
        account: LinkedAccount,
    ) -> Result<LinkSummary> {
        validate_public_token(public_token)?;
        let s = self.active()?;
        let origin = self.origin_of(&s)?;
        if let (Some(biller), Some(mask)) = (&account.biller_id, &account.account_mask) {
            self.refuse_duplicate(&origin, biller, mask)?;
        }
        let client = self.client_for(&origin).await?;
        let pending = self
            .store()
            .with(|c| links::mark_pending(c, s.environment, &origin))?;
        let exchanged = match client
            .link_token_exchange(&PublicToken::new(public_token))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                self.store().with(|c| links::clear_pending(c, pending))?;
                return Err(e.into());
            }
        };
        // The API's own record only when Connect's metadata did not say what was linked.
        let remote = if account.biller_name.is_some() && account.account_mask.is_some() {
            None
        } else {
            client.account(&exchanged.link_id).await.ok()
        };
        let pick = |remote: Option<String>, given: &Option<String>| {
            remote.or_else(|| given.clone()).unwrap_or_default()
        };
        let biller_name = pick(
            remote.as_ref().map(|a| a.biller_name.clone()),
            &account.biller_name,
        );
        let mask = pick(
            remote.as_ref().and_then(|a| a.account_number.clone()),
            &account.account_mask,
        );
        let name = pick(
            remote.as_ref().and_then(|a| a.account_name.clone()),
            &account.account_name,
        );
        // Stored and read back in one transaction (one lock, one commit).
        self.sealing(|tx, key| {
            let id = links::insert(
                tx,
                key,
                &NewLink {
                    environment: s.environment,
                    origin: &origin,
                    link_id: &exchanged.link_id,
                    biller_id: &exchanged.biller_id,
                    biller_name: &biller_name,
                    account_mask: &mask,
                    account_name: &name,
                    consents: "bills",
                },
                Some(exchanged.access_token.expose()),
                LinkStatus::Ok,
                None,
            )?;
            links::clear_pending(tx, pending)?;
            links::get(tx, id)
        })
    }

    /// Finishes a relink: the exchange (on the link's own origin) answers the same link with a
    /// fresh access token.
    pub async fn complete_relink(&self, id: i64, public_token: &str) -> Result<LinkSummary> {
        validate_public_token(public_token)?;
        let link = self.store().with(|c| links::get(c, id))?;
        let origin = ApiOrigin::from_stored(&link.origin)?;
        let exchanged = self
            .client_for(&origin)
            .await?
            .link_token_exchange(&PublicToken::new(public_token))
            .await?;
        if exchanged.link_id != link.link_id {
            return Err(Error::Invalid(
                "Connect repaired a different account than the one chosen".to_owned(),
            ));
        }
        self.sealing(|tx, key| {
            links::store_token(tx, key, id, exchanged.access_token.expose())?;
            links::set_status(tx, id, LinkStatus::Ok, None, None, None)
        })?;
        self.store().with(|c| links::get(c, id))
    }

    /// The sandbox's test account numbers and what each does, as the active origin lists them
    /// (`GET /sandbox/scenarios`; sandbox environments only).
    pub async fn sandbox_scenarios(&self) -> Result<Vec<billerapi::sandbox::Scenario>> {
        if self.active()?.environment == EnvironmentKind::Production {
            return Err(Error::Invalid(
                "production has no sandbox test accounts".to_owned(),
            ));
        }
        Ok(self.client().await?.sandbox_scenarios().await?.scenarios)
    }

    /// Links an account without the Connect UI, through the sandbox's public token shortcut
    /// (sandbox-like environments only; support staff use it from the CLI).
    pub async fn sandbox_link(
        &self,
        biller_id: &str,
        account_number: &str,
        client_user_id: Option<&str>,
    ) -> Result<LinkSummary> {
        let s = self.settings()?;
        if s.environment == EnvironmentKind::Production {
            return Err(Error::Invalid(
                "linking without Connect works only in sandbox environments".to_owned(),
            ));
        }
        let origin = self.active_origin()?;
        let client = self.client_for(&origin).await?;
        let user = client_user_id.unwrap_or(&s.client_user_id);
        let mask = format!(
            "****{}",
            &account_number[account_number.len().saturating_sub(4)..]
        );
        self.refuse_duplicate(&origin, biller_id, &mask)?;
        let created = client
            .sandbox_public_token_create(biller_id, account_number, user, &[Consent::Bills])
            .await?;
        self.complete_link(
            created.public_token.expose(),
            LinkedAccount {
                biller_id: Some(biller_id.to_owned()),
                account_mask: Some(mask),
                ..Default::default()
            },
        )
        .await
    }
}
