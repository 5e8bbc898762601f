//! The vault on the real Secret Service (gnome-keyring in CI), and its error paths.

mod common;

use std::sync::Arc;

use billkeep_core::vault::{MemoryStore, SecretStore, Unlock};
use billkeep_core::{Billkeep, Error};
use zeroize::Zeroizing;

#[test]
fn the_os_keyring_stores_reads_and_deletes_a_secret() {
    let keyring = common::keyring("roundtrip");
    keyring
        .set("probe", "value-1")
        .expect("Secret Service reachable: run under scripts/test");
    assert_eq!(
        keyring.get("probe").unwrap().as_deref().map(String::as_str),
        Some("value-1")
    );
    keyring.set("probe", "value-2").unwrap();
    assert_eq!(
        keyring.get("probe").unwrap().as_deref().map(String::as_str),
        Some("value-2")
    );
    keyring.delete("probe").unwrap();
    assert!(keyring.get("probe").unwrap().is_none());
    keyring.delete("probe").unwrap();
}

#[test]
fn a_new_vault_keeps_its_key_in_the_keyring_and_reopens_with_it() {
    let dir = common::scratch("vault-keyring");
    let keyring = common::keyring("vault");
    drop(common::open(&dir, keyring.clone()));
    assert!(
        keyring.get("vault-key-v1").unwrap().is_some(),
        "the data key is in the keyring"
    );
    let reopened = Billkeep::open(&dir, keyring.clone(), Unlock::Keyring).unwrap();
    assert_eq!(reopened.key_mode(), billkeep_core::vault::KeyMode::Keyring);
    // Without its key, the vault says so instead of making a new one over old ciphertexts.
    keyring.delete("vault-key-v1").unwrap();
    assert!(matches!(
        Billkeep::open(&dir, keyring, Unlock::Keyring),
        Err(Error::KeyMissing)
    ));
}

#[test]
fn a_locked_or_missing_keyring_is_reported_and_nothing_is_written_in_its_place() {
    // A mock store: a locked keyring cannot be arranged at will on a CI machine.
    for (failure, code) in [
        ((|| Error::KeyringLocked) as fn() -> Error, "keyring_locked"),
        (
            (|| Error::KeyringUnavailable("no session bus".to_owned())) as fn() -> Error,
            "keyring_unavailable",
        ),
    ] {
        let dir = common::scratch(&format!("vault-{code}"));
        let store = Arc::new(MemoryStore::default());
        store.fail_with(failure);
        let err = Billkeep::open(&dir, store, Unlock::Keyring).err().unwrap();
        assert_eq!(err.code(), code);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert!(
            files
                .iter()
                .all(|f| f.to_string_lossy().starts_with("billkeep.db")),
            "no key file: {files:?}"
        );
    }
}

#[test]
fn passphrase_mode_needs_the_right_passphrase() {
    let dir = common::scratch("vault-passphrase");
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
    let pass = |p: &str| Unlock::Passphrase(Zeroizing::new(p.to_owned()));
    assert_eq!(
        Billkeep::open(&dir, store.clone(), pass("short"))
            .err()
            .unwrap()
            .code(),
        "weak_passphrase"
    );
    let vault = Billkeep::open(&dir, store.clone(), pass("correct horse battery")).unwrap();
    assert_eq!(vault.key_mode(), billkeep_core::vault::KeyMode::Passphrase);
    drop(vault);
    assert!(matches!(
        Billkeep::open(&dir, store.clone(), pass("wrong horse battery")),
        Err(Error::WrongPassphrase)
    ));
    assert!(matches!(
        Billkeep::open(&dir, store.clone(), Unlock::Keyring),
        Err(Error::PassphraseRequired)
    ));
    assert!(Billkeep::open(&dir, store, pass("correct horse battery")).is_ok());
}

#[test]
fn a_damaged_database_is_reported_and_left_untouched() {
    let dir = common::scratch("corrupt");
    let file = dir.join("billkeep.db");
    let garbage = b"this is not a database; it is a file someone put here by mistake".repeat(64);
    std::fs::write(&file, &garbage).unwrap();
    let err = Billkeep::open(&dir, Arc::new(MemoryStore::default()), Unlock::Keyring)
        .err()
        .unwrap();
    assert_eq!(err.code(), "corrupt_database", "{err}");
    assert!(err.to_string().contains("left untouched"));
    assert_eq!(std::fs::read(&file).unwrap(), garbage);
}

#[test]
fn an_unwritable_data_directory_is_reported() {
    // Root ignores permission bits, so use a place nobody can create files in.
    let err = Billkeep::open(
        std::path::Path::new("/proc/billkeep-data"),
        Arc::new(MemoryStore::default()),
        Unlock::Keyring,
    )
    .err()
    .unwrap();
    assert_eq!(err.code(), "read_only", "{err}");
}

#[test]
fn a_new_vault_made_by_several_processes_at_once_has_one_key() {
    let dir = common::scratch("vault-first-use-race");
    let no_keyring = Arc::new(MemoryStore::default());
    no_keyring.fail_with(|| Error::KeyringUnavailable("no bus".into()));
    let secrets: Arc<dyn SecretStore> = no_keyring;
    let pass = || Unlock::Passphrase(Zeroizing::new("correct horse battery".to_owned()));
    // Four openers race on a brand-new data directory (Argon2id makes the window wide).
    let openers: Vec<_> = (0..4)
        .map(|_| {
            let (dir, secrets) = (dir.clone(), secrets.clone());
            std::thread::spawn(move || Billkeep::open(&dir, secrets, pass()).unwrap())
        })
        .collect();
    let vaults: Vec<Billkeep> = openers.into_iter().map(|t| t.join().unwrap()).collect();
    // Whatever each one seals, a fresh opener reads: they all hold the same key.
    for (i, vault) in vaults.iter().enumerate() {
        vault
            .set_credentials(
                billkeep_core::settings::EnvironmentKind::Sandbox,
                &format!("client_{i}"),
                &format!("bb_test_secret_number_{i}"),
            )
            .unwrap();
        let fresh = Billkeep::open(&dir, secrets.clone(), pass()).unwrap();
        let settings = fresh.settings().unwrap();
        assert!(
            settings.has_client_secret,
            "opener {i} sealed with another key"
        );
    }
}

#[test]
fn a_passphrase_vault_keeps_its_kdf_parameters_and_format() {
    let dir = common::scratch("vault-kdf");
    let store: Arc<dyn SecretStore> = Arc::new(MemoryStore::default());
    let pass = || Unlock::Passphrase(Zeroizing::new("correct horse battery".to_owned()));
    let vault = Billkeep::open(&dir, store.clone(), pass()).unwrap();
    let meta = |key: &str| -> Option<Vec<u8>> {
        vault
            .store()
            .with(|c| {
                Ok(
                    c.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
                        .ok(),
                )
            })
            .unwrap()
    };
    assert_eq!(
        meta("kdf").as_deref(),
        Some(b"argon2id;v=19;m=65536;t=3;p=1".as_slice())
    );
    assert_eq!(meta("vault_format").as_deref(), Some([1u8].as_slice()));
    // A vault from before the parameters were stored opens with the values it was made with.
    vault
        .store()
        .with(|c| {
            c.execute("DELETE FROM meta WHERE key IN ('kdf', 'vault_format')", [])?;
            Ok(())
        })
        .unwrap();
    drop(vault);
    let vault = Billkeep::open(&dir, store.clone(), pass()).unwrap();
    // One from a newer Billkeep is refused with a reason, not misread.
    vault
        .store()
        .with(|c| {
            c.execute(
                "INSERT INTO meta (key, value) VALUES ('vault_format', x'02')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    drop(vault);
    let err = Billkeep::open(&dir, store, pass()).err().unwrap();
    assert!(err.to_string().contains("newer Billkeep"), "{err}");
}
