//! The vault: the data key (from the OS keyring, or derived from a passphrase with Argon2id) and the
//! sealing of access tokens with it.
//!
//! `meta` holds what opening needs: `key_mode`, `key_version`, a `verifier` (a constant sealed
//! with the key, to tell a wrong key from damage), and for a passphrase vault its `argon2_salt`,
//! `kdf` parameters and `vault_format`.

pub mod active;
pub mod kdf;
pub mod passphrase;
pub mod seal;
pub mod sealed_secrets;
pub mod secrets;
pub mod status;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use zeroize::Zeroizing;

pub use active::ActiveKey;
pub use kdf::KdfParams;
pub use seal::DataKey;
pub use sealed_secrets::SealedSecrets;
pub use secrets::{MemoryStore, OsKeyring, SecretStore, SERVICE};
pub use status::{VaultState, VaultStatus};

use crate::Error;

/// The layout of a passphrase vault's `meta` record this version writes (`vault_format`).
pub const VAULT_FORMAT: u8 = 1;

const VERIFIER: &[u8] = b"billkeep-vault-verifier";

/// How the vault gets its key.
pub enum Unlock {
    /// From the OS keyring (created there on first use).
    Keyring,
    /// Derived from this passphrase (the vault is created in passphrase mode on first use).
    Passphrase(Zeroizing<String>),
}

/// Which mode a vault is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    /// Key in the OS keyring.
    Keyring,
    /// Key derived from a passphrase.
    Passphrase,
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>, Error> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

fn set_meta(conn: &Connection, key: &str, value: &[u8]) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value],
    )?;
    Ok(())
}

fn keyring_name(version: u32) -> String {
    format!("vault-key-v{version}")
}

pub(crate) fn key_from_keyring(
    secrets: &dyn SecretStore,
    version: u32,
) -> Result<Option<DataKey>, Error> {
    let Some(encoded) = secrets.get(&keyring_name(version))? else {
        return Ok(None);
    };
    let raw = Zeroizing::new(
        STANDARD
            .decode(encoded.as_bytes())
            .map_err(|_| Error::KeyMissing)?,
    );
    let bytes: [u8; 32] = raw.as_slice().try_into().map_err(|_| Error::KeyMissing)?;
    Ok(Some(DataKey::from_bytes(bytes, version)))
}

/// Checks `key` against the stored verifier.
pub(crate) fn verify(conn: &Connection, key: &DataKey, mode: KeyMode) -> Result<(), Error> {
    let verifier = meta(conn, "verifier")?.ok_or(Error::KeyMissing)?;
    match seal::open(key, "verifier", "vault", &verifier) {
        Ok(v) if v.as_slice() == VERIFIER => Ok(()),
        _ if mode == KeyMode::Passphrase => Err(Error::WrongPassphrase),
        _ => Err(Error::KeyMissing),
    }
}

/// The parameters a passphrase vault was made with (vaults from before they were stored used
/// [`KdfParams::CURRENT`]'s values).
fn stored_kdf(conn: &Connection) -> Result<KdfParams, Error> {
    match meta(conn, "kdf")? {
        Some(bytes) => KdfParams::decode(&String::from_utf8_lossy(&bytes)),
        None => Ok(KdfParams::CURRENT),
    }
}

/// Opens (or on first use creates) the vault key as `unlock` says, checking it against the
/// verifier stored in the database. First use is one `IMMEDIATE` transaction, so two processes
/// starting on a new data directory agree on one key.
pub fn unlock(
    conn: &mut Connection,
    secrets: &dyn SecretStore,
    unlock: Unlock,
) -> Result<(DataKey, KeyMode), Error> {
    if let Some(opened) = open_existing(conn, secrets, &unlock)? {
        return Ok(opened);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have made the vault while we waited for the write lock.
    if let Some(opened) = open_existing(&tx, secrets, &unlock)? {
        return Ok(opened);
    }
    let version = 1;
    let created = match unlock {
        Unlock::Keyring => {
            let key = match key_from_keyring(secrets, version)? {
                Some(key) => key,
                None => {
                    let key = DataKey::generate(version);
                    secrets.set(&keyring_name(version), &STANDARD.encode(key.bytes()))?;
                    key
                }
            };
            set_meta(&tx, "key_mode", b"keyring")?;
            (key, KeyMode::Keyring)
        }
        Unlock::Passphrase(p) => {
            passphrase::check_new(&p, &["billkeep"])?;
            let mut salt = [0u8; 16];
            getrandom_fill(&mut salt);
            let params = KdfParams::CURRENT;
            let key = params.derive(&p, &salt, version)?;
            set_meta(&tx, "key_mode", b"passphrase")?;
            set_meta(&tx, "argon2_salt", &salt)?;
            set_meta(&tx, "kdf", params.encode().as_bytes())?;
            set_meta(&tx, "vault_format", &[VAULT_FORMAT])?;
            (key, KeyMode::Passphrase)
        }
    };
    set_meta(&tx, "key_version", &version.to_le_bytes())?;
    set_meta(
        &tx,
        "verifier",
        &seal::seal(&created.0, "verifier", "vault", VERIFIER),
    )?;
    tx.commit()?;
    Ok(created)
}

/// Opens a vault that already exists; `None` when the database has none yet.
fn open_existing(
    conn: &Connection,
    secrets: &dyn SecretStore,
    unlock: &Unlock,
) -> Result<Option<(DataKey, KeyMode)>, Error> {
    let Some(mode) = meta(conn, "key_mode")? else {
        return Ok(None);
    };
    let version = active::stored_version(conn)?;
    let opened = match (mode.as_slice(), unlock) {
        (b"passphrase", Unlock::Keyring) => return Err(Error::PassphraseRequired),
        (b"passphrase", Unlock::Passphrase(p)) => {
            if let Some(format) = meta(conn, "vault_format")? {
                if format.first().copied().unwrap_or(0) > VAULT_FORMAT {
                    return Err(Error::Invalid(
                        "this vault was made by a newer Billkeep; update Billkeep to open it"
                            .to_owned(),
                    ));
                }
            }
            let salt = meta(conn, "argon2_salt")?.ok_or(Error::KeyMissing)?;
            (
                stored_kdf(conn)?.derive(p, &salt, version)?,
                KeyMode::Passphrase,
            )
        }
        _ => (
            key_from_keyring(secrets, version)?.ok_or(Error::KeyMissing)?,
            KeyMode::Keyring,
        ),
    };
    verify(conn, &opened.0, opened.1)?;
    Ok(Some(opened))
}

/// `N` random bytes from the OS, as hex (ids, stamps, one-time states).
pub(crate) fn random_hex<const N: usize>() -> String {
    let mut bytes = [0u8; N];
    getrandom_fill(&mut bytes);
    hex::encode(bytes)
}

/// Fills `buf` from the OS's random source.
pub(crate) fn getrandom_fill(buf: &mut [u8]) {
    use chacha20poly1305::aead::rand_core::RngCore;
    chacha20poly1305::aead::OsRng.fill_bytes(buf);
}

/// Vault metadata to write together with re-sealed tokens: `(key, value)` pairs.
pub type MetaUpdates = Vec<(&'static str, Vec<u8>)>;

/// The next key for a rotation: keyring mode stores it under its version; passphrase mode derives
/// it with a new salt (and today's parameters). Returns the key and the meta values to commit with
/// the re-sealed tokens.
pub fn next_key(
    secrets: &dyn SecretStore,
    current: &DataKey,
    mode: KeyMode,
    passphrase: Option<&str>,
) -> Result<(DataKey, MetaUpdates), Error> {
    let version = current.version() + 1;
    let mut meta_updates = vec![("key_version", version.to_le_bytes().to_vec())];
    let key = match mode {
        KeyMode::Keyring => {
            let key = DataKey::generate(version);
            secrets.set(&keyring_name(version), &STANDARD.encode(key.bytes()))?;
            key
        }
        KeyMode::Passphrase => {
            let passphrase = passphrase.ok_or(Error::PassphraseRequired)?;
            let mut salt = [0u8; 16];
            getrandom_fill(&mut salt);
            let params = KdfParams::CURRENT;
            meta_updates.push(("argon2_salt", salt.to_vec()));
            meta_updates.push(("kdf", params.encode().into_bytes()));
            meta_updates.push(("vault_format", vec![VAULT_FORMAT]));
            params.derive(passphrase, &salt, version)?
        }
    };
    meta_updates.push(("verifier", seal::seal(&key, "verifier", "vault", VERIFIER)));
    Ok((key, meta_updates))
}

/// Writes meta values (inside the caller's transaction).
pub fn write_meta(conn: &Connection, updates: &MetaUpdates) -> Result<(), Error> {
    for (key, value) in updates {
        set_meta(conn, key, value)?;
    }
    Ok(())
}

/// After a committed rotation in keyring mode, the old key is no longer needed.
pub fn forget_key(secrets: &dyn SecretStore, version: u32) -> Result<(), Error> {
    secrets.delete(&keyring_name(version))
}
