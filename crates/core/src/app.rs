//! `Billkeep`: everything the desktop shell and the CLI do, over one data directory. This file
//! opens it and hands out API clients; each area's operations live in their own module
//! (`linking`, `removal`, `recovery`, `sync`, `reminders`, `support_log`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use billerapi::secret::ClientSecret;
use billerapi::{Client, Environment, Url};
use billerapi_sandbox::{ClientCredentials, Sandbox};
use rusqlite::{Transaction, TransactionBehavior};
use zeroize::Zeroizing;

use crate::bills::{self, BillFilter, BillOrder, BillPage, BillSummary, StoredBill};
use crate::links::{self, LinkSummary};
use crate::origin::ApiOrigin;
use crate::settings::{self, EnvironmentKind, Settings};
use crate::store::Store;
use crate::vault::{self, ActiveKey, DataKey, KeyMode, SealedSecrets, SecretStore, Unlock};
use crate::{embedded, Error, Result};

/// The app's state over one data directory.
pub struct Billkeep {
    data_dir: PathBuf,
    store: Store,
    /// The OS keyring (vault key of a keyring vault).
    secrets: Arc<dyn SecretStore>,
    /// Where client secrets live: the keyring, or sealed in the database for a passphrase vault.
    client_secrets: Arc<dyn SecretStore>,
    key: Arc<ActiveKey>,
    /// The running embedded emulator and the credentials it was started with. Its lock also makes
    /// the first-use credentials exactly once when two first calls race (the start-up sync and a
    /// click on "Link account").
    embedded: tokio::sync::Mutex<Option<(Sandbox, ClientCredentials)>>,
    /// One client per origin, reused while its URL and credentials stay the same (building one
    /// loads the OS root certificates, which costs milliseconds).
    clients: std::sync::Mutex<HashMap<ApiOrigin, (String, Client)>>,
    /// Client secrets read from the OS keyring, by origin, with the credentials stamp they were
    /// read under: a keyring read is a Secret Service session (tens of ms), and a link, a relink
    /// or a settings read would each pay it. A new stamp (credentials set, here or by another
    /// process) makes the next use read the keyring again.
    keyring_secrets: std::sync::Mutex<HashMap<ApiOrigin, (String, Zeroizing<String>)>>,
    /// The pace kept with URL origins: BillerAPI's documented limits unless a tool says otherwise.
    url_pacing: std::sync::Mutex<Option<billerapi::pacing::RateLimits>>,
    /// E-mail consents under way (`discovery.rs`).
    pub(crate) consents: crate::discovery::PendingConsents,
    /// How long opening took (start-up diagnostics).
    opened: OpenTimings,
}

/// How long [`Billkeep::open`] took, by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenTimings {
    /// Opening (and migrating) the database.
    pub store: std::time::Duration,
    /// Getting the vault key (a keyring round trip, or the passphrase's key derivation).
    pub unlock: std::time::Duration,
}

impl Billkeep {
    /// Opens the data directory: the database (refusing a damaged one) and the vault key.
    pub fn open(data_dir: &Path, secrets: Arc<dyn SecretStore>, unlock: Unlock) -> Result<Self> {
        let started = std::time::Instant::now();
        let store = Store::open(data_dir)?;
        let store_opened = started.elapsed();
        let (key, mode) = store.with(|c| vault::unlock(c, secrets.as_ref(), unlock))?;
        let opened = OpenTimings {
            store: store_opened,
            unlock: started.elapsed() - store_opened,
        };
        let key = Arc::new(ActiveKey::new(key, mode, secrets.clone()));
        // A passphrase vault is used where no keyring works, so its client secrets cannot go there.
        let client_secrets: Arc<dyn SecretStore> = match mode {
            KeyMode::Keyring => secrets.clone(),
            KeyMode::Passphrase => Arc::new(SealedSecrets::new(store.clone(), key.clone())),
        };
        let app = Self {
            data_dir: data_dir.to_owned(),
            store,
            secrets,
            client_secrets,
            key,
            embedded: tokio::sync::Mutex::new(None),
            clients: std::sync::Mutex::new(HashMap::new()),
            keyring_secrets: std::sync::Mutex::new(HashMap::new()),
            url_pacing: std::sync::Mutex::new(Some(billerapi::pacing::RateLimits::DOCUMENTED)),
            consents: Default::default(),
            opened,
        };
        app.file_legacy_custom_secret();
        Ok(app)
    }

    /// How long opening took, by part.
    pub fn open_timings(&self) -> OpenTimings {
        self.opened
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
        self.key.mode()
    }

    /// True once another process rotated this passphrase vault's key: it must be unlocked again.
    pub fn key_is_stale(&self) -> bool {
        self.key.is_stale()
    }

    /// Runs `work` in an `IMMEDIATE` transaction with the key the database expects now, so a
    /// rotation by another process can neither be missed nor commit in between.
    pub(crate) fn sealing<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>, &DataKey) -> Result<T>,
    ) -> Result<T> {
        self.store.with(|c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let key = self.key.current(&tx)?;
            let out = work(&tx, &key)?;
            tx.commit()?;
            Ok(out)
        })
    }

    /// The OS keyring (the vault key of a keyring vault).
    pub(crate) fn keyring(&self) -> &dyn SecretStore {
        self.secrets.as_ref()
    }

    /// The active key holder (rotation replaces its key).
    pub(crate) fn active_key(&self) -> &ActiveKey {
        &self.key
    }

    /// Before secrets were kept per origin the custom environment's secret had one fixed name;
    /// it belongs to the custom URL of that time. Moved once; a keyring that is not reachable now
    /// is tried again at the next start.
    fn file_legacy_custom_secret(&self) {
        let moved = || -> Result<()> {
            let Some(secret) = self.client_secrets.get(settings::LEGACY_CUSTOM_SECRET)? else {
                return Ok(());
            };
            let s = self.active()?;
            if let Ok(origin) =
                ApiOrigin::of_environment(EnvironmentKind::Custom, s.custom_url.as_deref())
            {
                self.client_secrets
                    .set(&settings::secret_name(&origin), &secret)?;
            }
            self.client_secrets.delete(settings::LEGACY_CUSTOM_SECRET)
        };
        if let Err(e) = moved() {
            tracing::info!(code = %e.code(), "legacy custom secret not moved yet");
        }
    }

    // ---------- settings ----------

    /// The current settings.
    pub fn settings(&self) -> Result<Settings> {
        let mut s = self.active()?;
        s.has_client_secret = match self.origin_of(&s) {
            Ok(ApiOrigin::Embedded) => true,
            Ok(origin) => self.client_secret(&origin)?.is_some(),
            Err(_) => false,
        };
        Ok(s)
    }

    /// Switches the active environment. Links stay on the origin they were made on.
    pub async fn use_environment(
        &self,
        kind: EnvironmentKind,
        custom_url: Option<&str>,
    ) -> Result<Settings> {
        self.store
            .with(|c| settings::use_environment(c, kind, custom_url))?;
        self.settings()
    }

    /// Stores the client id (settings) and secret (keyring, or sealed) of an environment's origin;
    /// for the custom environment that is its current URL.
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
        let origin = ApiOrigin::of_environment(kind, self.active()?.custom_url.as_deref())?;
        self.client_secrets
            .set(&settings::secret_name(&origin), client_secret.trim())?;
        self.store
            .with(|c| settings::set_client_id(c, &origin, client_id))
    }

    /// Sets (or, with `None`, resets to `<base URL>/connect`) the hosted Connect page of an
    /// environment's origin; for the custom environment, of its current URL.
    pub fn set_connect_url(&self, kind: EnvironmentKind, url: Option<&str>) -> Result<()> {
        if kind == EnvironmentKind::Embedded {
            return Err(Error::Invalid(
                "the embedded sandbox serves its own Connect page".to_owned(),
            ));
        }
        let origin = ApiOrigin::of_environment(kind, self.active()?.custom_url.as_deref())?;
        self.store
            .with(|c| settings::set_connect_url(c, &origin, url))
    }

    /// Turns the daily background sync on or off.
    pub fn set_background_sync(&self, on: bool) -> Result<()> {
        self.store
            .with(|c| settings::set_flag(c, settings::keys::BACKGROUND_SYNC, on))
    }

    /// Turns the check for a new version at start on or off.
    pub fn set_check_updates(&self, on: bool) -> Result<()> {
        self.store
            .with(|c| settings::set_flag(c, settings::keys::CHECK_UPDATES, on))
    }

    /// Chooses what closing the window does (and records that the choice was asked for).
    pub fn set_close_to_tray(&self, on: bool) -> Result<()> {
        self.store.with(|c| {
            settings::set_flag(c, settings::keys::CLOSE_TO_TRAY, on)?;
            settings::set_flag(c, settings::keys::CLOSE_ASKED, true)
        })
    }

    /// When every link was last synced (by any process), if ever.
    pub fn last_full_sync(&self) -> Result<Option<time::OffsetDateTime>> {
        self.store.with(|c| settings::last_full_sync(c))
    }

    /// Sets the reminder lead times (days before a due date).
    pub fn set_reminder_days(&self, days: &[u32]) -> Result<()> {
        self.store.with(|c| settings::set_reminder_days(c, days))
    }

    /// Sets after how many idle minutes the desktop app locks a passphrase vault (0: never).
    pub fn set_auto_lock_minutes(&self, minutes: u32) -> Result<()> {
        self.store
            .with(|c| settings::set_auto_lock_minutes(c, minutes))
    }

    /// The active settings without the secret lookup (hot paths).
    pub(crate) fn active(&self) -> Result<Settings> {
        self.store.with(|c| settings::load(c))
    }

    pub(crate) fn origin_of(&self, s: &Settings) -> Result<ApiOrigin> {
        ApiOrigin::of_environment(s.environment, s.custom_url.as_deref())
    }

    /// The origin new links are made on.
    pub fn active_origin(&self) -> Result<ApiOrigin> {
        self.origin_of(&self.active()?)
    }

    // ---------- API clients, one per origin ----------

    /// The embedded emulator's base URL and credentials, starting it (and making its credentials,
    /// on first use) if it is not running.
    async fn embedded(&self) -> Result<(Url, ClientCredentials)> {
        let mut guard = self.embedded.lock().await;
        let (sandbox, creds) = match guard.as_mut() {
            Some(running) => running,
            None => {
                let creds = embedded::credentials(&self.store, self.client_secrets.as_ref())?;
                let sandbox = embedded::start(&self.data_dir, creds.clone()).await?;
                guard.insert((sandbox, creds))
            }
        };
        let url = Url::parse(&sandbox.base_url())
            .map_err(|e| Error::Invalid(format!("the embedded sandbox's address: {e}")))?;
        Ok((url, creds.clone()))
    }

    /// The base URL of the active origin (starting the embedded emulator if that is it).
    pub async fn base_url(&self) -> Result<Url> {
        match self.active_origin()? {
            ApiOrigin::Embedded => Ok(self.embedded().await?.0),
            ApiOrigin::Url(url) => Ok(url),
        }
    }

    /// A client for the active origin with its credentials.
    pub async fn client(&self) -> Result<Client> {
        self.client_for(&self.active_origin()?).await
    }

    /// A client for `origin` with that origin's own credentials: a link's token and a client
    /// secret only ever travel to the origin they belong to.
    pub async fn client_for(&self, origin: &ApiOrigin) -> Result<Client> {
        let (base, client_id, secret) = match origin {
            ApiOrigin::Embedded => {
                let (base, c) = self.embedded().await?;
                (base, c.client_id, Zeroizing::new(c.client_secret))
            }
            ApiOrigin::Url(base) => {
                let missing = || Error::MissingCredentials(origin.to_string());
                let id = self
                    .store
                    .with(|c| settings::client_id(c, origin))?
                    .ok_or_else(missing)?;
                let secret = self.client_secret(origin)?.ok_or_else(missing)?;
                (base.clone(), id, secret)
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
        let mut cached = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((key, client)) = cached.get(origin) {
            if *key == cache_key {
                return Ok(client.clone());
            }
        }
        // The client paces itself under the origin's limits: the documented ones, or the embedded
        // emulator's higher ones.
        let limits = match origin {
            ApiOrigin::Embedded => Some(billerapi::pacing::RateLimits {
                writes_per_minute: embedded::EMBEDDED_LIMITS.writes.requests,
                reads_per_minute: embedded::EMBEDDED_LIMITS.reads.requests,
            }),
            ApiOrigin::Url(_) => *self.url_pacing.lock().unwrap_or_else(|p| p.into_inner()),
        };
        let client = Client::builder(Environment::Custom(base))
            .credentials(client_id, ClientSecret::new(secret.as_str()))
            .rate_limits(limits)
            .build()?;
        cached.insert(origin.clone(), (cache_key, client.clone()));
        Ok(client)
    }

    /// The client secret of a URL origin: from memory while its credentials stamp is the one it
    /// was read under (OS keyring only; a passphrase vault's secrets are sealed in SQLite).
    fn client_secret(&self, origin: &ApiOrigin) -> Result<Option<Zeroizing<String>>> {
        let name = settings::secret_name(origin);
        if self.key_mode() != KeyMode::Keyring {
            return self.client_secrets.get(&name);
        }
        let stamp = self
            .store
            .with(|c| settings::credentials_stamp(c, origin))?;
        let mut cached = self
            .keyring_secrets
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let (Some(stamp), Some((seen, secret))) = (&stamp, cached.get(origin)) {
            if seen == stamp {
                return Ok(Some(secret.clone()));
            }
        }
        let secret = self.client_secrets.get(&name)?;
        match (stamp, &secret) {
            (Some(stamp), Some(secret)) => {
                cached.insert(origin.clone(), (stamp, secret.clone()));
            }
            _ => {
                cached.remove(origin);
            }
        }
        Ok(secret)
    }

    /// Sets the pace kept with URL origins (`None`: none), for tools and benchmarks that talk to
    /// an emulator without limits. Clients made from now on use it, each with a fresh allowance.
    pub fn set_url_pacing(&self, limits: Option<billerapi::pacing::RateLimits>) {
        *self.url_pacing.lock().unwrap_or_else(|p| p.into_inner()) = limits;
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|origin, _| *origin == ApiOrigin::Embedded);
    }

    /// Checks the active origin's credentials with a harmless authenticated call.
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

    // ---------- links and bills as stored ----------

    /// Links of the active environment; those made on another origin (an earlier custom URL) are
    /// flagged `other_origin`.
    pub fn links(&self) -> Result<Vec<LinkSummary>> {
        let s = self.active()?;
        let active = self.origin_of(&s).ok().map(|o| o.stored());
        let mut list = self.store.with(|c| links::list(c, s.environment))?;
        for link in &mut list {
            link.other_origin = active.as_deref() != Some(link.origin.as_str());
        }
        Ok(list)
    }

    /// One link by local id or BillerAPI link id.
    pub fn link(&self, reference: &str) -> Result<LinkSummary> {
        let env = self.active()?.environment;
        self.store.with(|c| links::resolve(c, env, reference))
    }

    /// Cached bills of the active environment, newest due date first.
    pub fn bills(&self, filter: &BillFilter) -> Result<Vec<StoredBill>> {
        Ok(self
            .bill_page(filter, BillOrder::Newest, 0, u32::MAX)?
            .bills)
    }

    /// The cached bills as CSV or JSON, or the unpaid and expected ones as an iCalendar file.
    pub fn export(&self, format: bills::ExportFormat) -> Result<String> {
        match format {
            bills::ExportFormat::Csv => Ok(bills::to_csv(&self.bills(&BillFilter::default())?)),
            bills::ExportFormat::Json => Ok(bills::to_json(&self.bills(&BillFilter::default())?)),
            bills::ExportFormat::Ics => self.export_calendar(),
        }
    }

    /// One slice of the cached bills (`limit` from `offset`, in `order`) and how many match in
    /// all, each flagged with where it stands against its due date today.
    pub fn bill_page(
        &self,
        filter: &BillFilter,
        order: BillOrder,
        offset: u32,
        limit: u32,
    ) -> Result<BillPage> {
        let s = self.active()?;
        let mut page = self
            .store
            .with(|c| bills::page(c, s.environment, filter, order, offset, limit))?;
        let today = crate::clock::today_local();
        for bill in &mut page.bills {
            bill.due = crate::reminders::due(&bill.status, bill.due_date, today, s.due_soon_days());
        }
        Ok(page)
    }

    /// What the cached bills matching `filter` add up to (count, due soon, sums per currency),
    /// read in SQL: a list's heading without its bills.
    pub fn bill_summary(&self, filter: &BillFilter) -> Result<BillSummary> {
        let s = self.active()?;
        let soon_until = crate::clock::today_local()
            .saturating_add(time::Duration::days(s.due_soon_days().into()));
        self.store
            .with(|c| bills::summary(c, s.environment, filter, soon_until))
    }

    /// Rotates the vault key: every token (and a passphrase vault's client secrets) re-sealed under
    /// a new key version in one transaction.
    pub fn rotate_key(&self, passphrase: Option<&str>) -> Result<usize> {
        let mut replaced = None;
        let count = self.sealing(|tx, old| {
            let (new, meta) = vault::next_key(self.keyring(), old, self.key_mode(), passphrase)?;
            let n = links::reseal_all(tx, old, &new)?;
            vault::sealed_secrets::reseal_all(tx, old, &new)?;
            vault::write_meta(tx, &meta)?;
            replaced = Some((old.version(), new));
            Ok(n)
        })?;
        if let Some((old_version, new)) = replaced {
            self.active_key().replace(new);
            if self.key_mode() == KeyMode::Keyring {
                vault::forget_key(self.keyring(), old_version)?;
            }
        }
        Ok(count)
    }

    /// A link's access token, opened with the key the database expects now.
    pub(crate) fn token(&self, id: i64) -> Result<billerapi::secret::AccessToken> {
        self.store.with(|c| {
            let key = self.key.current(c)?;
            links::token(c, &key, id)
        })
    }
}
