//! Where Billkeep keeps its data when nothing overrides it: the OS app-data directory named after
//! the app identifier (the same place Tauri's `app_data_dir` gives the desktop app).

use std::path::PathBuf;

/// The app identifier (`tauri.conf.json`).
pub const IDENTIFIER: &str = "dev.billkeep.app";
/// Environment variable that overrides the data directory.
pub const DATA_DIR_ENV: &str = "BILLKEEP_DATA_DIR";

/// `BILLKEEP_DATA_DIR`, else the OS app-data directory for [`IDENTIFIER`].
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = || {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    };
    let base = if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA")
            .map(PathBuf::from)
            .unwrap_or_else(home)
    } else if cfg!(target_os = "macos") {
        home().join("Library/Application Support")
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home().join(".local/share"))
    };
    base.join(IDENTIFIER)
}

/// Environment variable that names the keyring service (tests and side-by-side installs use their
/// own, so they never share secrets).
pub const KEYRING_SERVICE_ENV: &str = "BILLKEEP_KEYRING_SERVICE";

/// `BILLKEEP_KEYRING_SERVICE`, else [`crate::vault::SERVICE`].
pub fn keyring_service() -> String {
    std::env::var(KEYRING_SERVICE_ENV)
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::vault::SERVICE.to_owned())
}
