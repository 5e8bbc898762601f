//! The one error type of the shell's commands, serialized as `{code, message}` for the UI.

use std::path::PathBuf;

use serde::ser::SerializeStruct;
use serde::Serialize;
use ts_rs::TS;

/// Everything a command can fail with. The message is what the UI shows.
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
    OpenExternal(String),
}

/// The stable machine code of an [`Error`], for the UI and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// See [`Error::DataDir`].
    DataDir,
    /// See [`Error::NotHttps`].
    NotHttps,
    /// See [`Error::OpenExternal`].
    OpenExternal,
}

impl Error {
    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::DataDir { .. } => ErrorCode::DataDir,
            Error::NotHttps => ErrorCode::NotHttps,
            Error::OpenExternal(_) => ErrorCode::OpenExternal,
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("CommandError", 2)?;
        out.serialize_field("code", &self.code())?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// The shape an [`Error`] takes on the wire; only its TypeScript declaration is used.
#[derive(TS)]
#[allow(dead_code)]
pub struct CommandError {
    /// The stable machine code.
    code: ErrorCode,
    /// The message to show the user.
    message: String,
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
            })
        );
    }
}
