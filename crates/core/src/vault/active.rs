//! The key in use, checked against the database's key epoch before every use: another process on
//! the same data directory (`billkeep-cli rotate-key`) may have rotated it. A keyring vault then
//! loads the new key from the keyring; a passphrase vault cannot derive it without the passphrase,
//! so it refuses ([`Error::KeyRotated`]) until it is unlocked again. Nothing is ever sealed or
//! opened with a stale key.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use rusqlite::Connection;

use super::{key_from_keyring, meta, verify, KeyMode, SecretStore};
use crate::vault::seal::DataKey;
use crate::Error;

/// The vault key of an open vault and how to follow a rotation made elsewhere.
pub struct ActiveKey {
    key: RwLock<DataKey>,
    mode: KeyMode,
    keyring: Arc<dyn SecretStore>,
    stale: AtomicBool,
}

impl ActiveKey {
    /// The key `unlock` produced, in `mode`, with the keyring to reload a rotated key from.
    pub fn new(key: DataKey, mode: KeyMode, keyring: Arc<dyn SecretStore>) -> Self {
        Self {
            key: RwLock::new(key),
            mode,
            keyring,
            stale: AtomicBool::new(false),
        }
    }

    /// How the key is kept.
    pub fn mode(&self) -> KeyMode {
        self.mode
    }

    /// The key the database expects now. Call it inside the transaction that seals or opens, so
    /// a rotation cannot commit in between.
    pub fn current(&self, conn: &Connection) -> Result<DataKey, Error> {
        let wanted = stored_version(conn)?;
        let cached = self.key.read().unwrap_or_else(|p| p.into_inner()).clone();
        if cached.version() == wanted {
            return Ok(cached);
        }
        match self.mode {
            KeyMode::Keyring => {
                let key =
                    key_from_keyring(self.keyring.as_ref(), wanted)?.ok_or(Error::KeyMissing)?;
                verify(conn, &key, KeyMode::Keyring)?;
                tracing::info!(version = wanted, "vault key rotated elsewhere; reloaded");
                self.replace(key.clone());
                Ok(key)
            }
            KeyMode::Passphrase => {
                self.stale.store(true, Ordering::SeqCst);
                Err(Error::KeyRotated)
            }
        }
    }

    /// After this process rotated the key itself.
    pub fn replace(&self, key: DataKey) {
        *self.key.write().unwrap_or_else(|p| p.into_inner()) = key;
    }

    /// Whether a rotation elsewhere left this (passphrase) key unusable: unlock again.
    pub fn is_stale(&self) -> bool {
        self.stale.load(Ordering::SeqCst)
    }
}

/// The key version the database's ciphertexts are sealed under (1 before any rotation).
pub fn stored_version(conn: &Connection) -> Result<u32, Error> {
    Ok(meta(conn, "key_version")?
        .and_then(|v| <[u8; 4]>::try_from(v.as_slice()).ok())
        .map(u32::from_le_bytes)
        .unwrap_or(1))
}
