//! Profiles: separate Billkeeps on one computer ("Personal", "Support — sandbox"), each with its
//! own data directory, vault key (its own keyring service, or its own passphrase) and settings,
//! so tokens never cross from one to another. The default profile is the data directory itself
//! (what Billkeep used before profiles); the others live in `<data dir>/profiles/<slug>/`, listed
//! in `<data dir>/profiles.json` with the profile the app opens next.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::vault::SecretStore;
use crate::{Error, Result};

/// Names the profile to use (the CLI's `--profile` reads it too).
pub const PROFILE_ENV: &str = "BILLKEEP_PROFILE";
/// The default profile's name.
pub const DEFAULT_PROFILE: &str = "Personal";
const REGISTRY: &str = "profiles.json";
const DIR: &str = "profiles";

/// Where a profile keeps its data and its secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileLocation {
    /// The profile's name.
    pub name: String,
    /// Its data directory.
    pub data_dir: PathBuf,
    /// Its keyring service (its secrets never share one with another profile).
    pub keyring_service: String,
}

/// A profile as the app and CLI list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    /// Its name.
    pub name: String,
    /// Whether it is the default profile (which cannot be deleted).
    pub default: bool,
    /// Whether it is the one the app opens.
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    name: String,
    /// Its directory under `profiles/` (empty for the default profile).
    slug: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Registry {
    /// The default profile's name (it may be renamed).
    #[serde(default)]
    default_name: Option<String>,
    #[serde(default)]
    profiles: Vec<Entry>,
    /// The profile the app opens next.
    #[serde(default)]
    active: Option<String>,
}

/// The profiles of one base data directory.
pub struct Profiles {
    base: PathBuf,
    service: String,
    registry: Registry,
}

/// A name must be 1–40 characters, printable, without path separators, and not only spaces.
fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    let ok = (1..=40).contains(&name.chars().count())
        && !name
            .chars()
            .any(|c| c.is_control() || c == '/' || c == '\\');
    if ok {
        Ok(name.to_owned())
    } else {
        Err(Error::Invalid(
            "A profile name is 1 to 40 characters, without / or \\".to_owned(),
        ))
    }
}

fn io(what: String, source: std::io::Error) -> Error {
    Error::Io { what, source }
}

fn new_slug() -> String {
    format!("p{}", crate::vault::random_hex::<6>())
}

impl Profiles {
    /// The profiles of `base` (the default data directory), whose default keyring service is
    /// `service`.
    pub fn load(base: &Path, service: &str) -> Result<Self> {
        let path = base.join(REGISTRY);
        let registry = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| Error::Invalid(format!("{} is damaged: {e}", path.display())))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Registry::default(),
            Err(e) => return Err(io(format!("read {}", path.display()), e)),
        };
        Ok(Self {
            base: base.to_owned(),
            service: service.to_owned(),
            registry,
        })
    }

    fn default_name(&self) -> &str {
        self.registry
            .default_name
            .as_deref()
            .unwrap_or(DEFAULT_PROFILE)
    }

    fn save(&self) -> Result<()> {
        let path = self.base.join(REGISTRY);
        let failed = |e| io(format!("write {}", path.display()), e);
        std::fs::create_dir_all(&self.base).map_err(failed)?;
        let tmp = self.base.join(format!("{REGISTRY}.tmp"));
        let bytes =
            serde_json::to_vec_pretty(&self.registry).map_err(|e| Error::Invalid(e.to_string()))?;
        std::fs::write(&tmp, bytes).map_err(failed)?;
        // Atomic: a crash leaves the old list or the new one.
        std::fs::rename(&tmp, &path).map_err(failed)
    }

    fn same(a: &str, b: &str) -> bool {
        a.trim().to_lowercase() == b.trim().to_lowercase()
    }

    fn exists(&self, name: &str) -> bool {
        Self::same(name, self.default_name())
            || self
                .registry
                .profiles
                .iter()
                .any(|p| Self::same(&p.name, name))
    }

    /// The active profile's name.
    pub fn active(&self) -> String {
        match &self.registry.active {
            Some(name) if self.exists(name) => name.clone(),
            _ => self.default_name().to_owned(),
        }
    }

    /// Every profile, the default first.
    pub fn list(&self) -> Vec<ProfileInfo> {
        let active = self.active();
        std::iter::once(self.default_name().to_owned())
            .chain(self.registry.profiles.iter().map(|p| p.name.clone()))
            .map(|name| ProfileInfo {
                default: Self::same(&name, self.default_name()),
                active: Self::same(&name, &active),
                name,
            })
            .collect()
    }

    /// Where a profile lives (`None`: the active one).
    pub fn locate(&self, name: Option<&str>) -> Result<ProfileLocation> {
        let name = name.map(str::to_owned).unwrap_or_else(|| self.active());
        if Self::same(&name, self.default_name()) {
            return Ok(ProfileLocation {
                name: self.default_name().to_owned(),
                data_dir: self.base.clone(),
                keyring_service: self.service.clone(),
            });
        }
        let entry = self
            .registry
            .profiles
            .iter()
            .find(|p| Self::same(&p.name, &name))
            .ok_or_else(|| Error::Invalid(format!("There is no profile named {name:?}")))?;
        Ok(ProfileLocation {
            name: entry.name.clone(),
            data_dir: self.base.join(DIR).join(&entry.slug),
            keyring_service: format!("{}.profile.{}", self.service, entry.slug),
        })
    }

    /// Makes a new, empty profile.
    pub fn create(&mut self, name: &str) -> Result<ProfileLocation> {
        let name = check_name(name)?;
        if self.exists(&name) {
            return Err(Error::Invalid(format!(
                "A profile named {name:?} exists already"
            )));
        }
        let slug = new_slug();
        let dir = self.base.join(DIR).join(&slug);
        std::fs::create_dir_all(&dir).map_err(|e| io(format!("create {}", dir.display()), e))?;
        self.registry.profiles.push(Entry {
            name: name.clone(),
            slug,
        });
        self.save()?;
        self.locate(Some(&name))
    }

    /// Renames a profile (its data and secrets stay where they are).
    pub fn rename(&mut self, from: &str, to: &str) -> Result<()> {
        let to = check_name(to)?;
        if self.exists(&to) && !Self::same(from, &to) {
            return Err(Error::Invalid(format!(
                "A profile named {to:?} exists already"
            )));
        }
        let was_active = Self::same(&self.active(), from);
        if Self::same(from, self.default_name()) {
            self.registry.default_name = Some(to.clone());
        } else {
            let entry = self
                .registry
                .profiles
                .iter_mut()
                .find(|p| Self::same(&p.name, from))
                .ok_or_else(|| Error::Invalid(format!("There is no profile named {from:?}")))?;
            entry.name = to.clone();
        }
        if was_active {
            self.registry.active = Some(to);
        }
        self.save()
    }

    /// Makes a profile the one the app opens.
    pub fn set_active(&mut self, name: &str) -> Result<()> {
        let found = self.locate(Some(name))?;
        self.registry.active = Some(found.name);
        self.save()
    }

    /// Deletes a profile: its keyring entries (vault key, client secrets), then its data
    /// directory — every sealed token with it. The default profile cannot be deleted.
    pub fn delete(&mut self, name: &str, secrets: &dyn SecretStore) -> Result<()> {
        if Self::same(name, self.default_name()) {
            return Err(Error::Invalid(
                "The default profile cannot be deleted".to_owned(),
            ));
        }
        let location = self.locate(Some(name))?;
        for secret in secret_names(&location.data_dir)? {
            secrets.delete(&secret)?;
        }
        match std::fs::remove_dir_all(&location.data_dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(format!("delete {}", location.data_dir.display()), e)),
        }
        self.registry
            .profiles
            .retain(|p| !Self::same(&p.name, &location.name));
        if self
            .registry
            .active
            .as_deref()
            .is_some_and(|a| Self::same(a, &location.name))
        {
            self.registry.active = None;
        }
        self.save()
    }
}

/// The keyring entries a data directory's database refers to: each vault key version up to the
/// current one, and the client secret of each origin with a client id.
fn secret_names(data_dir: &Path) -> Result<Vec<String>> {
    let db = data_dir.join(crate::store::DB_FILE);
    if !db.exists() {
        return Ok(Vec::new());
    }
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let version: u32 = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'key_version'",
            [],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .ok()
        .and_then(|v| v.try_into().ok().map(u32::from_le_bytes))
        .unwrap_or(1);
    let mut names: Vec<String> = (1..=version.max(1))
        .map(|v| format!("vault-key-v{v}"))
        .collect();
    let mut stmt = conn.prepare("SELECT key FROM settings WHERE key LIKE 'client_id.%'")?;
    let keys = stmt.query_map([], |r| r.get::<_, String>(0))?;
    for key in keys {
        if let Some(origin) = key?.strip_prefix("client_id.") {
            names.push(format!("client-secret.{origin}"));
        }
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch directory, removed at the end.
    struct Base(PathBuf);
    impl Base {
        fn path(&self) -> &Path {
            &self.0
        }
    }
    impl Drop for Base {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn create_rename_activate_delete() {
        let dir = std::env::temp_dir().join(format!("billkeep-profiles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let base = Base(dir);
        let mut profiles = Profiles::load(base.path(), "svc").unwrap();
        assert_eq!(profiles.list().len(), 1);
        assert_eq!(profiles.locate(None).unwrap().data_dir, base.path());
        let support = profiles.create("Support — sandbox").unwrap();
        assert_ne!(support.data_dir, base.path());
        assert!(support.data_dir.starts_with(base.path().join("profiles")));
        assert_ne!(support.keyring_service, "svc");
        assert!(
            profiles.create("support — SANDBOX").is_err(),
            "names are unique, whatever the case"
        );
        assert!(profiles.create("a/b").is_err());
        assert!(profiles.create("   ").is_err());
        profiles.set_active("Support — sandbox").unwrap();
        let reloaded = Profiles::load(base.path(), "svc").unwrap();
        assert_eq!(reloaded.active(), "Support — sandbox");
        profiles.rename("Support — sandbox", "Support").unwrap();
        assert_eq!(profiles.active(), "Support");
        assert_eq!(
            profiles.locate(Some("Support")).unwrap().data_dir,
            support.data_dir,
            "a rename keeps the data"
        );
        let keyring = crate::vault::MemoryStore::default();
        assert!(profiles.delete(DEFAULT_PROFILE, &keyring).is_err());
        profiles.delete("Support", &keyring).unwrap();
        assert!(!support.data_dir.exists());
        assert_eq!(profiles.active(), DEFAULT_PROFILE);
        assert_eq!(Profiles::load(base.path(), "svc").unwrap().list().len(), 1);
    }
}
