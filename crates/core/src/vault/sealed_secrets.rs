//! Client secrets of a passphrase vault. There is no keyring to hold them (that is why the vault
//! uses a passphrase), so they are sealed with the vault key and kept in the database, bound to
//! their name; they open only while the vault is unlocked.

use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};
use zeroize::Zeroizing;

use super::seal::{self, DataKey};
use super::{ActiveKey, SecretStore};
use crate::store::Store;
use crate::Error;

const PURPOSE: &str = "client-secret";

/// A [`SecretStore`] in the database, sealed with the (possibly rotated) vault key.
pub struct SealedSecrets {
    store: Store,
    key: Arc<ActiveKey>,
}

impl SealedSecrets {
    /// Secrets in `store`, sealed with the key the database expects at the time of each call.
    pub fn new(store: Store, key: Arc<ActiveKey>) -> Self {
        Self { store, key }
    }
}

impl SecretStore for SealedSecrets {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, Error> {
        self.store.with(|c| {
            let key = self.key.current(c)?;
            read(c, &key, name)
        })
    }

    fn set(&self, name: &str, value: &str) -> Result<(), Error> {
        self.store.with(|c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let key = self.key.current(&tx)?;
            write(
                &tx,
                name,
                &seal::seal(&key, PURPOSE, name, value.as_bytes()),
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn delete(&self, name: &str) -> Result<(), Error> {
        self.store.with(|c| {
            c.execute("DELETE FROM sealed_secrets WHERE name = ?1", [name])?;
            Ok(())
        })
    }
}

fn read(conn: &Connection, key: &DataKey, name: &str) -> Result<Option<Zeroizing<String>>, Error> {
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT sealed FROM sealed_secrets WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    let Some(sealed) = sealed else {
        return Ok(None);
    };
    let plain = seal::open(key, PURPOSE, name, &sealed)?;
    let text = std::str::from_utf8(&plain).map_err(|_| Error::Unseal)?;
    Ok(Some(Zeroizing::new(text.to_owned())))
}

fn write(conn: &Connection, name: &str, sealed: &[u8]) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO sealed_secrets (name, sealed) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET sealed = excluded.sealed",
        rusqlite::params![name, sealed],
    )?;
    Ok(())
}

/// Re-seals every stored secret from `old` to `new` (inside the caller's rotation transaction).
pub(crate) fn reseal_all(conn: &Connection, old: &DataKey, new: &DataKey) -> Result<usize, Error> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sealed_secrets")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for name in &names {
        let secret = read(conn, old, name)?.ok_or(Error::Unseal)?;
        write(
            conn,
            name,
            &seal::seal(new, PURPOSE, name, secret.as_bytes()),
        )?;
    }
    Ok(names.len())
}
