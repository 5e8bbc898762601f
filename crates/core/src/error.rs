//! The one error type of `billkeep-core`, and [`ErrorCode`]: the single source of truth for the
//! codes the desktop app and the CLI may surface. Variants keep their cause (`#[source]`); the
//! message a person reads is made at the edge (the shell's `{code, message}`, the CLI's stderr).

use serde::Serialize;

/// Every stable code a caller may see, core's and the desktop shell's. The UI switches on it
/// exhaustively (the TypeScript compiler checks), the CLI maps it to exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No OS keyring could be reached.
    KeyringUnavailable,
    /// The keyring is locked.
    KeyringLocked,
    /// A passphrase vault needs its passphrase.
    PassphraseRequired,
    /// The passphrase did not open the vault.
    WrongPassphrase,
    /// A new passphrase is too weak.
    WeakPassphrase,
    /// Another process rotated a passphrase vault's key.
    KeyRotated,
    /// The vault key is missing from the keyring.
    KeyMissing,
    /// A sealed token did not open.
    UnsealFailed,
    /// The database is damaged or foreign.
    CorruptDatabase,
    /// The data location cannot be written.
    ReadOnly,
    /// Another database failure.
    Database,
    /// The biller login must be repaired (relink).
    NeedsRelink,
    /// BillerAPI asked to wait.
    RateLimited,
    /// BillerAPI could not be reached.
    Network,
    /// BillerAPI answered with a redirect, which is never followed.
    Redirect,
    /// BillerAPI refused the client credentials.
    Unauthorized,
    /// A public token was expired, used or malformed.
    PublicTokenInvalid,
    /// Any other BillerAPI error.
    Api,
    /// No such link.
    UnknownLink,
    /// The account is already linked.
    DuplicateLink,
    /// A link's origin has not confirmed its removal.
    RemovalPending,
    /// Some links of a sync did not sync.
    SyncIncomplete,
    /// The origin has no client credentials.
    MissingCredentials,
    /// A value given by the user is not usable.
    InvalidInput,
    /// The embedded emulator could not start.
    EmbeddedSandbox,
    /// Reading or writing a file failed.
    Io,
    /// Shell: the data directory could not be created.
    DataDir,
    /// Shell: only https:// links open outside the app.
    NotHttps,
    /// Shell: the system browser could not be started.
    OpenExternal,
    /// Shell: the vault is locked.
    Locked,
    /// Shell: why the vault is closed — it locked itself or was locked by the user.
    VaultLocked,
    /// Shell: a keyring vault cannot be locked.
    NotLockable,
    /// Shell: starting at login could not be turned on or off.
    Autostart,
    /// Shell: an update could not be checked, verified or installed.
    Update,
    /// Shell: something that should not happen.
    Internal,
}

impl ErrorCode {
    /// The code as text (`needs_relink`), as it appears in JSON and on the CLI's stderr.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::KeyringUnavailable => "keyring_unavailable",
            ErrorCode::KeyringLocked => "keyring_locked",
            ErrorCode::PassphraseRequired => "passphrase_required",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::WeakPassphrase => "weak_passphrase",
            ErrorCode::KeyRotated => "key_rotated",
            ErrorCode::KeyMissing => "key_missing",
            ErrorCode::UnsealFailed => "unseal_failed",
            ErrorCode::CorruptDatabase => "corrupt_database",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Database => "database",
            ErrorCode::NeedsRelink => "needs_relink",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Network => "network",
            ErrorCode::Redirect => "redirect",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::PublicTokenInvalid => "public_token_invalid",
            ErrorCode::Api => "api",
            ErrorCode::UnknownLink => "unknown_link",
            ErrorCode::DuplicateLink => "duplicate_link",
            ErrorCode::RemovalPending => "removal_pending",
            ErrorCode::SyncIncomplete => "sync_incomplete",
            ErrorCode::MissingCredentials => "missing_credentials",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::EmbeddedSandbox => "embedded_sandbox",
            ErrorCode::Io => "io",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::NotHttps => "not_https",
            ErrorCode::OpenExternal => "open_external",
            ErrorCode::Locked => "locked",
            ErrorCode::VaultLocked => "vault_locked",
            ErrorCode::NotLockable => "not_lockable",
            ErrorCode::Autostart => "autostart",
            ErrorCode::Update => "update",
            ErrorCode::Internal => "internal",
        }
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything the app's logic can fail with. Messages never contain a token or a secret.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No OS keyring could be reached (no Secret Service, no session bus…).
    #[error("the system keyring is not available ({0}); unlock it, or use a passphrase instead")]
    KeyringUnavailable(String),
    /// The keyring exists but is locked.
    #[error("the system keyring is locked; unlock it (log in again) and retry")]
    KeyringLocked,
    /// The vault needs a passphrase (it was created in passphrase mode).
    #[error("this vault is protected by a passphrase; enter it to unlock")]
    PassphraseRequired,
    /// The passphrase did not open the vault.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// A new passphrase is too short or too easy to guess.
    #[error("this passphrase is too weak: {0}")]
    WeakPassphrase(String),
    /// Another process rotated the key of this passphrase vault; it must be unlocked again.
    #[error("the vault key was changed by another Billkeep program (billkeep-cli rotate-key); unlock again with the passphrase")]
    KeyRotated,
    /// The vault key is missing from the keyring although tokens were sealed with it.
    #[error("the vault key is missing from the system keyring; relink your accounts or restore the keyring")]
    KeyMissing,
    /// A sealed token did not open: wrong key, or moved to another row.
    #[error("a stored access token could not be decrypted; relink this account")]
    Unseal,
    /// The database file is not a Billkeep database or is damaged. It is left as it is.
    #[error("the database {path} is damaged or not a Billkeep database ({detail}); it was left untouched — move it away to start afresh")]
    CorruptDatabase {
        /// The file.
        path: String,
        /// SQLite's words.
        detail: String,
    },
    /// The data directory or database cannot be written.
    #[error("cannot write to {path}: {detail}")]
    ReadOnly {
        /// The file or directory.
        path: String,
        /// Why.
        detail: String,
    },
    /// Any other database failure.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("the database could not be brought up to date: {0}")]
    Migration(#[source] Box<rusqlite_migration::Error>),
    /// A value stored in the database cannot be read back (damage, or a newer version's).
    #[error("a stored value cannot be read: {0}")]
    Damaged(String),
    /// A call to BillerAPI failed.
    #[error("{0}")]
    Api(#[source] Box<billerapi::Error>),
    /// No such link.
    #[error("no linked account {0}")]
    UnknownLink(String),
    /// The same biller account is already linked in this environment.
    #[error(
        "{biller_name} {account_mask} is already linked; relink it instead of linking it again"
    )]
    DuplicateLink {
        /// The existing link's local id.
        existing: i64,
        /// Its biller.
        biller_name: String,
        /// Its masked account number.
        account_mask: String,
    },
    /// The remote removal of a link could not be confirmed; the link is kept and retried.
    #[error("{origin} did not confirm that {account} was removed ({detail}); it stays here marked \"removal pending\" and Billkeep retries at the next sync")]
    RemovalPending {
        /// The biller and masked account.
        account: String,
        /// Where the link lives.
        origin: String,
        /// Why the removal was not confirmed.
        detail: String,
    },
    /// A sync ended with some links not synced (each one's outcome says why).
    #[error("{failed} of {total} linked accounts did not sync; see above")]
    PartialSync {
        /// How many did not sync.
        failed: usize,
        /// How many were in the sync.
        total: usize,
    },
    /// An origin has no client credentials yet.
    #[error("no client credentials for {0}; set them in Settings")]
    MissingCredentials(String),
    /// A value given by the user is not usable.
    #[error("{0}")]
    Invalid(String),
    /// The embedded emulator could not start.
    #[error("the embedded BillerAPI sandbox could not start: {0}")]
    Embedded(#[source] billerapi_sandbox::Error),
    /// Reading or writing a file failed.
    #[error("cannot {what}: {source}")]
    Io {
        /// What was being done (`write /home/a/bills.csv`).
        what: String,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The stable code the UI and CLI show and test.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Error::KeyringLocked => ErrorCode::KeyringLocked,
            Error::PassphraseRequired => ErrorCode::PassphraseRequired,
            Error::WrongPassphrase => ErrorCode::WrongPassphrase,
            Error::WeakPassphrase(_) => ErrorCode::WeakPassphrase,
            Error::KeyRotated => ErrorCode::KeyRotated,
            Error::KeyMissing => ErrorCode::KeyMissing,
            Error::Unseal => ErrorCode::UnsealFailed,
            Error::CorruptDatabase { .. } => ErrorCode::CorruptDatabase,
            Error::ReadOnly { .. } => ErrorCode::ReadOnly,
            Error::Database(_) | Error::Migration(_) | Error::Damaged(_) => ErrorCode::Database,
            Error::Api(e) => match e.code().as_str() {
                "login_required" => ErrorCode::NeedsRelink,
                "rate_limited" => ErrorCode::RateLimited,
                "timeout" | "connect" | "transport" => ErrorCode::Network,
                "redirect" => ErrorCode::Redirect,
                "unauthorized" => ErrorCode::Unauthorized,
                "public_token_already_used" | "public_token_expired" | "invalid_public_token" => {
                    ErrorCode::PublicTokenInvalid
                }
                _ => ErrorCode::Api,
            },
            Error::UnknownLink(_) => ErrorCode::UnknownLink,
            Error::DuplicateLink { .. } => ErrorCode::DuplicateLink,
            Error::RemovalPending { .. } => ErrorCode::RemovalPending,
            Error::PartialSync { .. } => ErrorCode::SyncIncomplete,
            Error::MissingCredentials(_) => ErrorCode::MissingCredentials,
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::Embedded(_) => ErrorCode::EmbeddedSandbox,
            Error::Io { .. } => ErrorCode::Io,
        }
    }

    /// Where BillerAPI documents this error, when its body named a page.
    pub fn documentation_url(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.documentation_url(),
            _ => None,
        }
    }
}

impl From<billerapi::Error> for Error {
    fn from(e: billerapi::Error) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<rusqlite_migration::Error> for Error {
    fn from(e: rusqlite_migration::Error) -> Self {
        Error::Migration(Box::new(e))
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
