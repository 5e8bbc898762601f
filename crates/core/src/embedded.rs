//! The embedded environment: Billkeep's own BillerAPI sandbox, started on 127.0.0.1 when needed,
//! with client credentials generated on first use (id in settings, secret in the keyring).

use std::path::Path;

use billerapi_sandbox::{ClientCredentials, Config, RateLimit, RateLimits, Sandbox};

use crate::origin::ApiOrigin;
use crate::settings;
use crate::store::Store;
use crate::vault::SecretStore;
use crate::Error;

/// The emulator's state file inside the data directory: links made there survive restarts.
pub const SANDBOX_FILE: &str = "embedded-sandbox.db";

/// The embedded emulator's limits: sixty times the documented ones (it serves one user).
pub const EMBEDDED_LIMITS: RateLimits = RateLimits {
    writes: RateLimit {
        requests: 6_000,
        per_seconds: 60.0,
    },
    reads: RateLimit {
        requests: 60_000,
        per_seconds: 60.0,
    },
};

/// The embedded environment's credentials, created on first use.
pub fn credentials(store: &Store, secrets: &dyn SecretStore) -> Result<ClientCredentials, Error> {
    let origin = ApiOrigin::Embedded;
    let id = store.with(|c| settings::client_id(c, &origin))?;
    let secret = secrets.get(&settings::secret_name(&origin))?;
    if let (Some(client_id), Some(secret)) = (id, secret) {
        return Ok(ClientCredentials {
            client_id,
            client_secret: secret.to_string(),
        });
    }
    let fresh = ClientCredentials::generate();
    secrets.set(&settings::secret_name(&origin), &fresh.client_secret)?;
    store.with(|c| settings::set_client_id(c, &origin, &fresh.client_id))?;
    Ok(fresh)
}

/// Starts the embedded emulator on a free loopback port.
pub async fn start(data_dir: &Path, credentials: ClientCredentials) -> Result<Sandbox, Error> {
    billerapi_sandbox::serve(Config {
        data: Some(data_dir.join(SANDBOX_FILE)),
        clients: vec![credentials],
        // The same limiting code as a real server, with room for one user's sixty-fold bursts.
        rate_limits: Some(EMBEDDED_LIMITS),
        // A refresh that finishes before the first poll: the embedded sandbox has no biller.
        sync_delay: std::time::Duration::from_millis(50),
        ..Config::default()
    })
    .await
    .map_err(Error::Embedded)
}
