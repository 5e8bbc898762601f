//! The one error type of the shell's commands, serialized as `{code, message}` for the UI. The
//! codes are core's [`ErrorCode`]: one enum for the whole app, exported to TypeScript.

use std::path::PathBuf;

use billkeep_core::ErrorCode;
use serde::ser::SerializeStruct;
use serde::Serialize;
use ts_rs::TS;

/// Everything a command can fail with. The message is what the UI shows; it never holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data directory could not be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory that was asked for.
        path: PathBuf,
        /// Why it failed.
        source: std::io::Error,
    },
    /// A link the UI asked to open is not an https:// URL.
    #[error("only https:// links can be opened outside the app")]
    NotHttps,
    /// The system browser could not be started.
    #[error("could not open the link in your browser: {0}")]
    OpenExternal(#[source] tauri_plugin_shell::Error),
    /// The vault is not open yet (unlock it first).
    #[error("Billkeep is locked: unlock it with your passphrase")]
    Locked,
    /// Only a passphrase vault can be locked.
    #[error("this vault's key is in the system keyring, which unlocks it when you log in; only a passphrase-protected vault can be locked")]
    NotLockable,
    /// An input from the UI was refused before reaching core.
    #[error("{0}")]
    Invalid(String),
    /// The app's logic failed; its code is passed through.
    #[error("{0}")]
    Core(#[from] billkeep_core::Error),
    /// Starting at login could not be turned on or off.
    #[error("could not change starting at login: {0}")]
    Autostart(String),
    /// An update could not be checked, verified or installed.
    #[error("{0}")]
    Update(String),
    /// Something that should not happen.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    /// The stable code of this error (core's codes pass through unchanged).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::DataDir { .. } => ErrorCode::DataDir,
            Error::NotHttps => ErrorCode::NotHttps,
            Error::OpenExternal(_) => ErrorCode::OpenExternal,
            Error::Locked => ErrorCode::Locked,
            Error::NotLockable => ErrorCode::NotLockable,
            Error::Autostart(_) => ErrorCode::Autostart,
            Error::Update(_) => ErrorCode::Update,
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::Core(e) => e.code(),
            Error::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let documentation = match self {
            Error::Core(e) => e.documentation_url(),
            _ => None,
        };
        let fields = if documentation.is_some() { 4 } else { 3 };
        let mut out = serializer.serialize_struct("CommandError", fields)?;
        out.serialize_field("code", &self.code())?;
        out.serialize_field("message", &self.to_string())?;
        // The duplicate guard names the existing link so the UI can offer to relink it.
        let existing = match self {
            Error::Core(billkeep_core::Error::DuplicateLink { existing, .. }) => Some(*existing),
            _ => None,
        };
        out.serialize_field("existingLink", &existing)?;
        // Only BillerAPI errors that named a page carry it.
        match documentation {
            Some(url) => out.serialize_field("documentationUrl", url)?,
            None => out.skip_field("documentationUrl")?,
        }
        out.end()
    }
}

/// The shape an [`Error`] takes on the wire; only its TypeScript declaration is used.
#[derive(TS)]
#[allow(dead_code)]
#[ts(rename_all = "camelCase")]
pub struct CommandError {
    /// The stable machine code.
    code: ErrorCode,
    /// The message to show the user.
    message: String,
    /// For `duplicate_link`: the local id of the link already there.
    existing_link: Option<i64>,
    /// For a BillerAPI error: the documentation page it named.
    #[ts(optional)]
    documentation_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialize_as_code_and_message() {
        let json = serde_json::to_value(Error::NotHttps).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({
                "code": "not_https",
                "message": "only https:// links can be opened outside the app",
                "existingLink": null,
            })
        );
    }

    #[test]
    fn a_duplicate_names_the_existing_link() {
        let e = Error::Core(billkeep_core::Error::DuplicateLink {
            existing: 7,
            biller_name: "B".into(),
            account_mask: "****1".into(),
        });
        let json = serde_json::to_value(e).expect("serializes");
        assert_eq!(
            (json["code"].as_str(), json["existingLink"].as_i64()),
            (Some("duplicate_link"), Some(7))
        );
    }
}
