//! Starting and stopping the emulator.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::params;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::dialect::{Dialect, ErrorFormat};
use crate::error::Error;
use crate::rate_limit::{RateLimiter, RateLimits};
use crate::state::AppState;
use crate::store::Store;
use crate::{routes, syncs, tokens};

/// A client's credentials. `Debug` never shows the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    /// Sent as `X-Client-ID`.
    pub client_id: String,
    /// Sent as `X-Client-Secret` (`bb_test_…`).
    pub client_secret: String,
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl ClientCredentials {
    /// A new random sandbox pair: `client_…` and `bb_test_…`.
    pub fn generate() -> Self {
        Self {
            client_id: tokens::generate("client_"),
            client_secret: tokens::generate("bb_test_"),
        }
    }
}

/// How to run the emulator.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free one. Default `127.0.0.1:0`.
    pub addr: SocketAddr,
    /// The SQLite file; `None` keeps everything in memory.
    pub data: Option<PathBuf>,
    /// Clients to register (their secrets replace stored ones with the same id).
    pub clients: Vec<ClientCredentials>,
    /// Writes and reads per client, if limited (the standalone server uses the documented ones).
    pub rate_limits: Option<RateLimits>,
    /// Where the sandbox clock starts relative to real time.
    pub clock_offset_seconds: i64,
    /// How long a triggered sync takes.
    pub sync_delay: Duration,
    /// The docs' variant answers follow, for clients not in `client_dialects`.
    pub dialect: Dialect,
    /// A dialect per client id.
    pub client_dialects: HashMap<String, Dialect>,
    /// Which documented error body errors use.
    pub error_format: ErrorFormat,
    /// The URL users reach this server at, for request-to-link pages (default `http://ADDR`).
    pub public_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data: None,
            clients: Vec::new(),
            rate_limits: None,
            clock_offset_seconds: 0,
            sync_delay: Duration::from_millis(200),
            dialect: Dialect::default(),
            client_dialects: HashMap::new(),
            error_format: ErrorFormat::default(),
            public_url: None,
        }
    }
}

/// A running emulator. Dropping it leaves the server running until the runtime ends; call
/// [`Sandbox::shutdown`] to stop it cleanly.
pub struct Sandbox {
    addr: SocketAddr,
    client_ids: Vec<String>,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Sandbox {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the API base URL (and Connect origin).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every registered client id.
    pub fn client_ids(&self) -> &[String] {
        &self.client_ids
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the end.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Ok(Err(e)) = (&mut self.task).await {
            tracing::warn!(error = %e, "sandbox server ended with an error");
        }
    }
}

fn validate(client: &ClientCredentials) -> Result<(), Error> {
    let id_ok = !client.client_id.is_empty()
        && client.client_id.len() <= 128
        && client.client_id.bytes().all(|b| b.is_ascii_graphic());
    if !id_ok {
        return Err(Error::Config(
            "client_id must be 1 to 128 visible ASCII characters".to_owned(),
        ));
    }
    if client.client_secret.len() < 8 || !client.client_secret.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(Error::Config(
            "client_secret must be at least 8 visible ASCII characters".to_owned(),
        ));
    }
    Ok(())
}

/// Opens the store, registers the clients and starts serving on `config.addr`.
pub async fn serve(config: Config) -> Result<Sandbox, Error> {
    for client in &config.clients {
        validate(client)?;
    }
    let store = Store::open(config.data.as_deref())?;
    let clock = Arc::new(Clock::with_offset(config.clock_offset_seconds));
    let path = config
        .data
        .as_ref()
        .map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string());
    let store_err = |source| Error::Store {
        path: path.clone(),
        source,
    };
    let clients: HashMap<String, [u8; 32]> = store
        .run_now(|conn| -> rusqlite::Result<_> {
            let now = clock.now().unix_timestamp();
            for c in &config.clients {
                conn.execute(
                    "INSERT INTO clients (client_id, secret_hash, created_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (client_id) DO UPDATE SET secret_hash = excluded.secret_hash",
                    params![c.client_id, tokens::hash(&c.client_secret).as_slice(), now],
                )?;
            }
            syncs::fail_interrupted(conn, clock.now())?;
            let mut stmt = conn.prepare(
                "SELECT client_id, secret_hash FROM clients ORDER BY created_at, client_id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            let mut map = HashMap::new();
            for row in rows {
                let (id, hash) = row?;
                if let Ok(hash) = <[u8; 32]>::try_from(hash.as_slice()) {
                    map.insert(id, hash);
                }
            }
            Ok(map)
        })
        .map_err(store_err)?;
    let mut client_ids: Vec<String> = clients.keys().cloned().collect();
    client_ids.sort();

    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| Error::Bind {
            addr: config.addr.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(|source| Error::Bind {
        addr: config.addr.to_string(),
        source,
    })?;
    let state = AppState {
        store,
        clock,
        clients: Arc::new(clients),
        sync_delay: config.sync_delay,
        rate_limiter: config.rate_limits.map(|l| Arc::new(RateLimiter::new(l))),
        dialect: config.dialect,
        dialects: Arc::new(config.client_dialects.clone()),
        error_format: config.error_format,
        public_url: config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{addr}"))
            .into(),
        emails: Default::default(),
    };
    let (tx, rx) = oneshot::channel::<()>();
    let app = routes::app(state);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    tracing::info!(%addr, "BillerAPI sandbox listening");
    Ok(Sandbox {
        addr,
        client_ids,
        shutdown: Some(tx),
        task,
    })
}
