//! Shared by the core tests: scratch directories and a vault on the real OS keyring.
#![allow(dead_code, clippy::unwrap_used)] // a panic in a test helper is a failed test

use std::path::PathBuf;
use std::sync::Arc;

use billkeep_core::vault::{OsKeyring, SecretStore, Unlock};
use billkeep_core::Billkeep;

pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("billkeep-core-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The real OS keyring under a service name unique to this test, so tests never share secrets.
pub fn keyring(name: &str) -> Arc<dyn SecretStore> {
    Arc::new(OsKeyring::new(format!(
        "dev.billkeep.test.{name}.{}",
        std::process::id()
    )))
}

pub fn open(dir: &std::path::Path, secrets: Arc<dyn SecretStore>) -> Billkeep {
    Billkeep::open(dir, secrets, Unlock::Keyring).unwrap()
}
