//! Where secrets live: the OS keyring behind one small trait, so error paths can be tested with an
//! in-memory store (the real Secret Service is tested in CI under gnome-keyring).

use std::collections::HashMap;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::Error;

/// The keyring service name every Billkeep secret is filed under.
pub const SERVICE: &str = "dev.billkeep.app";

/// A place to keep small secrets by name.
pub trait SecretStore: Send + Sync {
    /// The secret, or `None` if there is none by that name.
    fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, Error>;
    /// Stores (or replaces) a secret.
    fn set(&self, name: &str, value: &str) -> Result<(), Error>;
    /// Removes a secret; removing a missing one is not an error.
    fn delete(&self, name: &str) -> Result<(), Error>;
}

/// The OS keyring: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
pub struct OsKeyring {
    service: String,
}

impl OsKeyring {
    /// The keyring under [`SERVICE`] (or another service name, e.g. for tests).
    pub fn new(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, Error> {
        keyring::Entry::new(&self.service, name).map_err(map_keyring)
    }
}

fn map_keyring(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(_) => Error::KeyringLocked,
        keyring::Error::PlatformFailure(inner) => {
            let text = inner.to_string();
            if text.contains("locked") || text.contains("Locked") {
                Error::KeyringLocked
            } else {
                Error::KeyringUnavailable(text)
            }
        }
        other => Error::KeyringUnavailable(other.to_string()),
    }
}

impl SecretStore for OsKeyring {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, Error> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(Zeroizing::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring(e)),
        }
    }

    fn set(&self, name: &str, value: &str) -> Result<(), Error> {
        self.entry(name)?.set_password(value).map_err(map_keyring)
    }

    fn delete(&self, name: &str) -> Result<(), Error> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring(e)),
        }
    }
}

/// An in-memory store, or one that fails on purpose: for tests of error paths only (a mock, since a
/// locked or missing keyring cannot be arranged at will).
#[derive(Default)]
pub struct MemoryStore {
    values: Mutex<HashMap<String, String>>,
    failure: Mutex<Option<fn() -> Error>>,
}

impl MemoryStore {
    /// From now on every call fails with `failure()`.
    pub fn fail_with(&self, failure: fn() -> Error) {
        *self.failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(failure);
    }

    fn check(&self) -> Result<(), Error> {
        match *self.failure.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(failure) => Err(failure()),
            None => Ok(()),
        }
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &str) -> Result<Option<Zeroizing<String>>, Error> {
        self.check()?;
        Ok(self
            .values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned()
            .map(Zeroizing::new))
    }

    fn set(&self, name: &str, value: &str) -> Result<(), Error> {
        self.check()?;
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), value.to_owned());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), Error> {
        self.check()?;
        self.values
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(name);
        Ok(())
    }
}
