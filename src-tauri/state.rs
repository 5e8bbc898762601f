//! The state the shell shares between commands.

use std::path::PathBuf;

use billkeep_core::settings::EnvironmentKind;
use serde::Serialize;
use ts_rs::TS;

/// State managed by Tauri for the app's lifetime.
pub(crate) struct AppState {
    data_dir: PathBuf,
    environment: EnvironmentKind,
}

impl AppState {
    pub(crate) fn new(data_dir: PathBuf) -> Self {
        Self {
            data_dir,
            // Settings persistence arrives with core's settings; until then the default applies.
            environment: EnvironmentKind::default(),
        }
    }

    pub(crate) fn info(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            environment: self.environment,
        }
    }
}

/// What the About line and the Settings screen show about this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app's version, from the workspace manifest.
    pub version: String,
    /// The directory holding the database and logs.
    pub data_dir: String,
    /// The BillerAPI environment new links are made in.
    pub environment: EnvironmentKind,
}
