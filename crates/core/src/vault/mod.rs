//! The vault: the data key (from the OS keyring, or derived from a passphrase with Argon2id) and the
//! sealing of access tokens with it.

pub mod seal;
pub mod sealed_secrets;
pub mod secrets;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rusqlite::{Connection, OptionalExtension};
use zeroize::Zeroizing;

pub use seal::DataKey;
pub use sealed_secrets::SealedSecrets;
pub use secrets::{MemoryStore, OsKeyring, SecretStore, SERVICE};

use crate::Error;

/// Argon2id parameters for passphrase mode: 64 MiB, 3 passes, 1 lane (OWASP's first choice).
pub const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
/// Argon2id passes.
pub const ARGON2_ITERATIONS: u32 = 3;
/// Argon2id lanes.
pub const ARGON2_LANES: u32 = 1;

const VERIFIER: &[u8] = b"billkeep-vault-verifier";

/// How the vault gets its key.
pub enum Unlock {
    /// From the OS keyring (created there on first use).
    Keyring,
    /// Derived from this passphrase (the vault is created in passphrase mode on first use).
    Passphrase(Zeroizing<String>),
}

/// Which mode a vault is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMode {
    /// Key in the OS keyring.
    Keyring,
    /// Key derived from a passphrase.
    Passphrase,
}

fn meta(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>, Error> {
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

fn derive(passphrase: &str, salt: &[u8], version: u32) -> Result<DataKey, Error> {
    let params = argon2::Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, ARGON2_LANES, Some(32))
        .map_err(|e| Error::Invalid(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut bytes = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, bytes.as_mut())
        .map_err(|e| Error::Invalid(e.to_string()))?;
    Ok(DataKey::from_bytes(*bytes, version))
}

fn key_from_keyring(secrets: &dyn SecretStore, version: u32) -> Result<Option<DataKey>, Error> {
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

/// Opens (or on first use creates) the vault key as `unlock` says, checking it against the
/// verifier stored in the database.
pub fn unlock(
    conn: &Connection,
    secrets: &dyn SecretStore,
    unlock: Unlock,
) -> Result<(DataKey, KeyMode), Error> {
    let mode = meta(conn, "key_mode")?;
    let version = meta(conn, "key_version")?
        .and_then(|v| v.try_into().ok().map(u32::from_le_bytes))
        .unwrap_or(1);
    let key = match (mode.as_deref(), unlock) {
        (Some(b"passphrase"), Unlock::Keyring) => return Err(Error::PassphraseRequired),
        (Some(b"passphrase"), Unlock::Passphrase(p)) => {
            let salt = meta(conn, "argon2_salt")?.ok_or(Error::KeyMissing)?;
            (derive(&p, &salt, version)?, KeyMode::Passphrase)
        }
        (Some(_), Unlock::Keyring) | (Some(_), Unlock::Passphrase(_)) => (
            key_from_keyring(secrets, version)?.ok_or(Error::KeyMissing)?,
            KeyMode::Keyring,
        ),
        (None, Unlock::Keyring) => {
            // First use: make the key, keep it in the keyring, then record the mode.
            let key = match key_from_keyring(secrets, version)? {
                Some(key) => key,
                None => {
                    let key = DataKey::generate(version);
                    secrets.set(&keyring_name(version), &STANDARD.encode(key.bytes()))?;
                    key
                }
            };
            set_meta(conn, "key_mode", b"keyring")?;
            set_meta(conn, "key_version", &version.to_le_bytes())?;
            set_meta(
                conn,
                "verifier",
                &seal::seal(&key, "verifier", "vault", VERIFIER),
            )?;
            return Ok((key, KeyMode::Keyring));
        }
        (None, Unlock::Passphrase(p)) => {
            if p.chars().count() < 8 {
                return Err(Error::Invalid(
                    "the passphrase must have at least 8 characters".to_owned(),
                ));
            }
            let mut salt = [0u8; 16];
            getrandom_fill(&mut salt);
            let key = derive(&p, &salt, version)?;
            set_meta(conn, "key_mode", b"passphrase")?;
            set_meta(conn, "argon2_salt", &salt)?;
            set_meta(conn, "key_version", &version.to_le_bytes())?;
            set_meta(
                conn,
                "verifier",
                &seal::seal(&key, "verifier", "vault", VERIFIER),
            )?;
            return Ok((key, KeyMode::Passphrase));
        }
    };
    let verifier = meta(conn, "verifier")?.ok_or(Error::KeyMissing)?;
    match seal::open(&key.0, "verifier", "vault", &verifier) {
        Ok(v) if v.as_slice() == VERIFIER => Ok(key),
        _ if key.1 == KeyMode::Passphrase => Err(Error::WrongPassphrase),
        _ => Err(Error::KeyMissing),
    }
}

fn getrandom_fill(buf: &mut [u8]) {
    use chacha20poly1305::aead::rand_core::RngCore;
    chacha20poly1305::aead::OsRng.fill_bytes(buf);
}

/// Vault metadata to write together with re-sealed tokens: `(key, value)` pairs.
pub type MetaUpdates = Vec<(&'static str, Vec<u8>)>;

/// The next key for a rotation: keyring mode stores it under its version; passphrase mode derives
/// it with a new salt. Returns the key and the meta values to commit with the re-sealed tokens.
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
            meta_updates.push(("argon2_salt", salt.to_vec()));
            derive(passphrase, &salt, version)?
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
