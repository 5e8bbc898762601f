//! `Billkeep`: everything the desktop shell and the CLI do, over one data directory.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use billerapi::link::{Consent, LinkTokenCreateRequest};
use billerapi::secret::{ClientSecret, PublicToken};
use billerapi::{Client, Environment, Url};
use billerapi_sandbox::{ClientCredentials, Sandbox};
use rusqlite::params;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::bills::{self, BillFilter, StoredBill};
use crate::links::{self, LinkStatus, LinkSummary, NewLink};
use crate::settings::{self, EnvironmentKind, Settings};
use crate::store::Store;
use crate::vault::{self, sealed_secrets, DataKey, KeyMode, SealedSecrets, SecretStore, Unlock};
use crate::{embedded, Error, Result};

/// A started Connect session: what the webview needs to open the SDK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LinkSession {
    /// The link token (short-lived, made for the front end).
    pub link_token: String,
    /// RFC 3339 expiry.
    pub expires_at: String,
    /// The hosted Connect URL of the active environment.
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

/// One recorded Connect event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ConnectEvent {
    /// Row id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The Connect session (link token id).
    pub session_id: String,
    /// The documented event name.
    pub event: String,
    /// Its metadata as JSON (token fields removed when recorded).
    pub metadata: String,
    /// RFC 3339 time.
    pub at: String,
}

/// The result of reconciling local links with the API's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reconciled {
    /// Links the API has and we had lost (e.g. a crash between exchange and commit): stored as
    /// needing relink.
    pub recovered: Vec<String>,
}

/// The app's state over one data directory.
pub struct Billkeep {
    data_dir: PathBuf,
    store: Store,
    /// The OS keyring (vault key of a keyring vault).
    secrets: Arc<dyn SecretStore>,
    /// Where client secrets live: the keyring, or sealed in the database for a passphrase vault.
    client_secrets: Arc<dyn SecretStore>,
    key: Arc<RwLock<DataKey>>,
    mode: KeyMode,
    /// The running embedded emulator and the credentials it was started with. Its lock also makes
    /// the first-use credentials exactly once when two first calls race (the start-up sync and a
    /// click on "Link account").
    embedded: tokio::sync::Mutex<Option<(Sandbox, ClientCredentials)>>,
    /// The client of the active environment, reused while its URL and credentials stay the same
    /// (building one loads the OS root certificates, which costs milliseconds).
    client: std::sync::Mutex<Option<(String, Client)>>,
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
    /// Opens the data directory: the database (refusing a damaged one) and the vault key.
    pub fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>, unlock: Unlock) -> Result<Self> {
        let store = Store::open(data_dir)?;
        let (key, mode) = store.with(|c| vault::unlock(c, secrets.as_ref(), unlock))?;
        let key = Arc::new(RwLock::new(key));
        // A passphrase vault is used where no keyring works, so its client secrets cannot go there.
        let client_secrets: Arc<dyn SecretStore> = match mode {
            KeyMode::Keyring => secrets.clone(),
            KeyMode::Passphrase => Arc::new(SealedSecrets::new(store.clone(), key.clone())),
        };
        Ok(Self {
            data_dir: data_dir.to_owned(),
            store,
            secrets,
            client_secrets,
            key,
            mode,
            embedded: tokio::sync::Mutex::new(None),
            client: std::sync::Mutex::new(None),
        })
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The database (for tests and diagnostics).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Whether the key lives in the keyring or comes from a passphrase.
    pub fn key_mode(&self) -> KeyMode {
        self.mode
    }

    fn key(&self) -> DataKey {
        self.key.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    // ---------- settings ----------

    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        let mut s = self.store.with(|c| settings::load(c))?;
        s.has_client_secret = s.environment == EnvironmentKind::Embedded
            || self
                .client_secrets
                .get(&settings::secret_name(s.environment))?
                .is_some();
        Ok(s)
    }

    /// Switches the active environment (links of other environments stay, hidden).
    pub async fn use_environment(
        &self,
        kind: EnvironmentKind,
        custom_url: Option<&str>,
    ) -> Result<Settings> {
        self.store
            .with(|c| settings::use_environment(c, kind, custom_url))?;
        self.settings()
    }

    /// Stores an environment's client id (settings) and secret (keyring).
    pub fn set_credentials(
        &self,
        kind: EnvironmentKind,
        client_id: &str,
        client_secret: &str,
    ) -> Result<()> {
        let client_id = client_id.trim();
        if client_id.is_empty() || client_secret.trim().is_empty() {
            return Err(Error::Invalid(
                "client id and secret are both required".to_owned(),
            ));
        }
        if kind == EnvironmentKind::Embedded {
            return Err(Error::Invalid(
                "the embedded environment makes its own credentials".to_owned(),
            ));
        }
        self.client_secrets
            .set(&settings::secret_name(kind), client_secret.trim())?;
        self.store
            .with(|c| settings::set_client_id(c, kind, client_id))
    }

    /// Sets the notification lead time.
    pub fn set_notification_lead_days(&self, days: u32) -> Result<()> {
        self.store.with(|c| settings::set_lead_days(c, days))
    }

    /// Sets after how many idle minutes the desktop app locks a passphrase vault (0: never).
    pub fn set_auto_lock_minutes(&self, minutes: u32) -> Result<()> {
        self.store
            .with(|c| settings::set_auto_lock_minutes(c, minutes))
    }

    /// The active settings without the keyring lookup (hot paths).
    fn active(&self) -> Result<Settings> {
        self.store.with(|c| settings::load(c))
    }

    /// The embedded emulator's base URL and credentials, starting it (and making its credentials,
    /// on first use) if it is not running.
    async fn embedded(&self) -> Result<(Url, ClientCredentials)> {
        let mut guard = self.embedded.lock().await;
        if guard.is_none() {
            let creds = embedded::credentials(&self.store, self.client_secrets.as_ref())?;
            let sandbox = embedded::start(&self.data_dir, creds.clone()).await?;
            *guard = Some((sandbox, creds));
        }
        let (sandbox, creds) = guard
            .as_ref()
            .ok_or_else(|| Error::Embedded("not running".to_owned()))?;
        let url = Url::parse(&sandbox.base_url()).map_err(|e| Error::Embedded(e.to_string()))?;
        Ok((url, creds.clone()))
    }

    /// The base URL of the active environment (starting the embedded emulator if that is it).
    pub async fn base_url(&self) -> Result<Url> {
        let s = self.active()?;
        self.base_url_for(&s).await
    }

    async fn base_url_for(&self, s: &Settings) -> Result<Url> {
        Ok(match s.environment {
            EnvironmentKind::Embedded => self.embedded().await?.0,
            EnvironmentKind::Sandbox => Environment::Sandbox.base_url(),
            EnvironmentKind::Production => Environment::Production.base_url(),
            EnvironmentKind::Custom => {
                let url = s.custom_url.clone().ok_or_else(|| {
                    Error::Invalid("the custom environment has no URL".to_owned())
                })?;
                Url::parse(&url).map_err(|_| Error::Invalid(format!("{url} is not a URL")))?
            }
        })
    }

    /// A client for the active environment with its credentials.
    pub async fn client(&self) -> Result<Client> {
        let s = self.active()?;
        let (base, client_id, secret) = match s.environment {
            EnvironmentKind::Embedded => {
                let (base, c) = self.embedded().await?;
                (base, c.client_id, Zeroizing::new(c.client_secret))
            }
            kind => {
                let base = self.base_url_for(&s).await?;
                let id = s
                    .client_id
                    .ok_or_else(|| Error::MissingCredentials(kind.to_string()))?;
                let secret = self
                    .client_secrets
                    .get(&settings::secret_name(kind))?
                    .ok_or_else(|| Error::MissingCredentials(kind.to_string()))?;
                (base, id, secret)
            }
        };
        // Reuse the client while base URL and credentials are unchanged; the key holds a
        // fingerprint of the secret, never the secret itself.
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            secret.as_str().hash(&mut h);
            h.finish()
        };
        let cache_key = format!("{base}|{client_id}|{fingerprint:x}");
        let mut cached = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((key, client)) = cached.as_ref() {
            if *key == cache_key {
                return Ok(client.clone());
            }
        }
        let client = Client::builder(Environment::Custom(base))
            .credentials(client_id, ClientSecret::new(secret.as_str()))
            .build()?;
        *cached = Some((cache_key, client.clone()));
        Ok(client)
    }

    /// Checks the active environment's credentials with a harmless authenticated call.
    pub async fn test_credentials(&self) -> Result<()> {
        self.client().await?.accounts().await?;
        Ok(())
    }

    /// Stops the embedded emulator, if running.
    pub async fn shutdown(&self) {
        if let Some((sandbox, _)) = self.embedded.lock().await.take() {
            sandbox.shutdown().await;
        }
    }

    // ---------- links ----------

    /// Links of the active environment.
    pub fn links(&self) -> Result<Vec<LinkSummary>> {
        let env = self.active()?.environment;
        self.store.with(|c| links::list(c, env))
    }

    /// One link by local id or BillerAPI link id.
    pub fn link(&self, reference: &str) -> Result<LinkSummary> {
        let env = self.active()?.environment;
        self.store.with(|c| links::resolve(c, env, reference))
    }

    async fn link_token(
        &self,
        biller_id: Option<String>,
        account_link_id: Option<String>,
    ) -> Result<LinkSession> {
        let s = self.settings()?;
        let client = self.client().await?;
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
        let connect = client
            .base_url()
            .join("connect")
            .map_err(|e| Error::Invalid(e.to_string()))?;
        Ok(LinkSession {
            link_token: created.token.link_token.expose().to_owned(),
            expires_at: billerapi::dates::format_timestamp(created.token.expires_at),
            connect_url: connect.to_string(),
            environment: s.environment,
        })
    }

    /// Starts a Connect session for a new link.
    pub async fn start_link(&self, biller_id: Option<&str>) -> Result<LinkSession> {
        self.link_token(biller_id.map(str::to_owned), None).await
    }

    /// Starts a Connect session in update mode for an existing link.
    pub async fn start_relink(&self, id: i64) -> Result<LinkSession> {
        let link = self.store.with(|c| links::get(c, id))?;
        self.link_token(Some(link.biller_id), Some(link.link_id))
            .await
    }

    /// Exchanges Connect's public token, seals the access token and stores the link, in one
    /// transaction. A crash between the exchange and the commit leaves a pending marker that the
    /// next [`Billkeep::reconcile`] resolves.
    pub async fn complete_link(
        &self,
        public_token: &str,
        account: LinkedAccount,
    ) -> Result<LinkSummary> {
        validate_public_token(public_token)?;
        let env = self.active()?.environment;
        if let (Some(biller), Some(mask)) = (&account.biller_id, &account.account_mask) {
            if let Some(existing) = self
                .store
                .with(|c| links::duplicate_of(c, env, biller, mask))?
            {
                return Err(Error::DuplicateLink {
                    existing: existing.id,
                    biller_name: existing.biller_name,
                    account_mask: existing.account_mask,
                });
            }
        }
        let client = self.client().await?;
        let pending = self.store.with(|c| {
            c.execute(
                "INSERT INTO pending_links (environment, started_at) VALUES (?1, ?2)",
                params![env.as_str(), links::now()],
            )?;
            Ok(c.last_insert_rowid())
        })?;
        let exchanged = match client
            .link_token_exchange(&PublicToken::new(public_token))
            .await
        {
            Ok(e) => e,
            Err(e) => {
                self.store.with(|c| {
                    Ok(c.execute("DELETE FROM pending_links WHERE id = ?1", [pending])?)
                })?;
                return Err(e.into());
            }
        };
        // The API's own record only when Connect's metadata did not say what was linked.
        let remote = if account.biller_name.is_some() && account.account_mask.is_some() {
            None
        } else {
            client.account(&exchanged.link_id).await.ok()
        };
        let key = self.key();
        let id = self.store.with(|c| {
            let tx = c.transaction()?;
            let biller_name = remote
                .as_ref()
                .map(|a| a.biller_name.clone())
                .or(account.biller_name.clone())
                .unwrap_or_default();
            let mask = remote
                .as_ref()
                .and_then(|a| a.account_number.clone())
                .or(account.account_mask.clone())
                .unwrap_or_default();
            let name = remote
                .as_ref()
                .and_then(|a| a.account_name.clone())
                .or(account.account_name.clone())
                .unwrap_or_default();
            let id = links::insert(
                &tx,
                &key,
                &NewLink {
                    environment: env,
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
            tx.execute("DELETE FROM pending_links WHERE id = ?1", [pending])?;
            tx.commit()?;
            Ok(id)
        })?;
        self.store.with(|c| links::get(c, id))
    }

    /// Finishes a relink: the exchange answers the same link with a fresh access token.
    pub async fn complete_relink(&self, id: i64, public_token: &str) -> Result<LinkSummary> {
        validate_public_token(public_token)?;
        let link = self.store.with(|c| links::get(c, id))?;
        let exchanged = self
            .client()
            .await?
            .link_token_exchange(&PublicToken::new(public_token))
            .await?;
        if exchanged.link_id != link.link_id {
            return Err(Error::Invalid(
                "Connect repaired a different account than the one chosen".to_owned(),
            ));
        }
        let key = self.key();
        self.store.with(|c| {
            let tx = c.transaction()?;
            links::store_token(&tx, &key, id, exchanged.access_token.expose())?;
            links::set_status(&tx, id, LinkStatus::Ok, None, None, None)?;
            tx.commit()?;
            Ok(())
        })?;
        self.store.with(|c| links::get(c, id))
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
        let client = self.client().await?;
        let user = client_user_id.unwrap_or(&s.client_user_id);
        let mask = format!(
            "****{}",
            &account_number[account_number.len().saturating_sub(4)..]
        );
        if let Some(existing) = self
            .store
            .with(|c| links::duplicate_of(c, s.environment, biller_id, &mask))?
        {
            return Err(Error::DuplicateLink {
                existing: existing.id,
                biller_name: existing.biller_name,
                account_mask: existing.account_mask,
            });
        }
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

    /// Removes a link: remotely first (revoking its token), then its local row, token and bills.
    /// If the remote removal fails, nothing local changes and the error says so.
    pub async fn unlink(&self, id: i64) -> Result<()> {
        let link = self.store.with(|c| links::get(c, id))?;
        match self.client().await?.account_remove(&link.link_id).await {
            Ok(_) => {}
            Err(e) if e.status() == Some(404) => {} // already gone remotely
            Err(e) => return Err(e.into()),
        }
        self.store.with(|c| links::delete(c, id))?;
        // No copy of the sealed token stays in the WAL either.
        self.store.checkpoint()
    }

    /// Compares local links with the API's list: links the API has but we lack (lost between
    /// exchange and commit) are stored as needing relink; pending markers are cleared.
    pub async fn reconcile(&self) -> Result<Reconciled> {
        let env = self.active()?.environment;
        let remote = self.client().await?.accounts().await?.accounts;
        let key = self.key();
        let recovered = self.store.with(|c| {
            let tx = c.transaction()?;
            let mut recovered = Vec::new();
            for account in remote {
                let known: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM links WHERE environment = ?1 AND link_id = ?2)",
                    params![env.as_str(), account.id],
                    |r| r.get(0),
                )?;
                if known {
                    continue;
                }
                links::insert(
                    &tx,
                    &key,
                    &NewLink {
                        environment: env,
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
            tx.execute(
                "DELETE FROM pending_links WHERE environment = ?1",
                [env.as_str()],
            )?;
            tx.commit()?;
            Ok(recovered)
        })?;
        Ok(Reconciled { recovered })
    }

    /// Whether a crash left a link half-completed (then [`Billkeep::reconcile`] is worth a call).
    pub fn has_pending_links(&self) -> Result<bool> {
        self.store.with(|c| {
            Ok(
                c.query_row("SELECT EXISTS(SELECT 1 FROM pending_links)", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }

    // ---------- bills, events, keys ----------

    /// Cached bills of the active environment.
    pub fn bills(&self, filter: &BillFilter) -> Result<Vec<StoredBill>> {
        let env = self.active()?.environment;
        self.store.with(|c| bills::list(c, env, filter))
    }

    /// Records one Connect event (support log). Metadata is stored as given, minus token fields.
    pub fn record_connect_event(
        &self,
        session_id: &str,
        event: &str,
        metadata: &serde_json::Value,
    ) -> Result<()> {
        let mut metadata = metadata.clone();
        if let Some(map) = metadata.as_object_mut() {
            map.retain(|k, _| !k.to_ascii_lowercase().contains("token"));
        }
        self.store.with(|c| {
            c.execute(
                "INSERT INTO connect_events (session_id, event, metadata, at) VALUES (?1, ?2, ?3, ?4)",
                params![session_id, event, metadata.to_string(), links::now()],
            )?;
            Ok(())
        })
    }

    /// The Connect event log, newest first (for the Support screen and its redacted export).
    pub fn connect_events(&self, limit: u32) -> Result<Vec<ConnectEvent>> {
        self.store.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, session_id, event, metadata, at FROM connect_events ORDER BY id DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(ConnectEvent {
                    id: r.get(0)?,
                    session_id: r.get(1)?,
                    event: r.get(2)?,
                    metadata: r.get(3)?,
                    at: links::rfc3339(r.get(4)?),
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Bills due within `lead_days` (or overdue and unpaid) not announced yet; marks them announced.
    pub fn take_due_notifications(&self, today: &str, until: &str) -> Result<Vec<StoredBill>> {
        let env = self.active()?.environment;
        self.store.with(|c| {
            let tx = c.transaction()?;
            let due: Vec<StoredBill> = bills::list(&tx, env, &BillFilter { to: Some(until.to_owned()), ..Default::default() })?
                .into_iter()
                .filter(|b| matches!(b.status.as_str(), "PENDING" | "OVERDUE") && (b.due_date.as_str() >= today || b.status == "OVERDUE"))
                .collect();
            let mut fresh = Vec::new();
            for bill in due {
                let inserted = tx.execute(
                    "INSERT OR IGNORE INTO notified_bills (link_row, bill_id, notified_at) VALUES (?1, ?2, ?3)",
                    params![bill.link, bill.bill_id, links::now()],
                )?;
                if inserted == 1 {
                    fresh.push(bill);
                }
            }
            tx.commit()?;
            Ok(fresh)
        })
    }

    /// Rotates the vault key: every token (and a passphrase vault's client secrets) re-sealed under
    /// a new key version in one transaction.
    pub fn rotate_key(&self, passphrase: Option<&str>) -> Result<usize> {
        let old = self.key();
        let (new, meta) = vault::next_key(self.secrets.as_ref(), &old, self.mode, passphrase)?;
        let count = self.store.with(|c| {
            let tx = c.transaction()?;
            let n = links::reseal_all(&tx, &old, &new)?;
            sealed_secrets::reseal_all(&tx, &old, &new)?;
            vault::write_meta(&tx, &meta)?;
            tx.commit()?;
            Ok(n)
        })?;
        *self.key.write().unwrap_or_else(|p| p.into_inner()) = new;
        if self.mode == KeyMode::Keyring {
            vault::forget_key(self.secrets.as_ref(), old.version())?;
        }
        Ok(count)
    }

    pub(crate) fn token(&self, id: i64) -> Result<billerapi::secret::AccessToken> {
        let key = self.key();
        self.store.with(|c| links::token(c, &key, id))
    }
}
