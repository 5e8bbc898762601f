//! The one error type of `billkeep-core`: a stable code, a message a person can act on.

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
    Database(String),
    /// A call to BillerAPI failed.
    #[error("{0}")]
    Api(Box<billerapi::Error>),
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
    /// An origin has no client credentials yet.
    #[error("no client credentials for {0}; set them in Settings")]
    MissingCredentials(String),
    /// A value given by the user is not usable.
    #[error("{0}")]
    Invalid(String),
    /// The embedded emulator could not start.
    #[error("the embedded BillerAPI sandbox could not start: {0}")]
    Embedded(String),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(String),
}

impl Error {
    /// The stable machine code the UI and CLI show and test.
    pub fn code(&self) -> &'static str {
        match self {
            Error::KeyringUnavailable(_) => "keyring_unavailable",
            Error::KeyringLocked => "keyring_locked",
            Error::PassphraseRequired => "passphrase_required",
            Error::WrongPassphrase => "wrong_passphrase",
            Error::WeakPassphrase(_) => "weak_passphrase",
            Error::KeyRotated => "key_rotated",
            Error::KeyMissing => "key_missing",
            Error::Unseal => "unseal_failed",
            Error::CorruptDatabase { .. } => "corrupt_database",
            Error::ReadOnly { .. } => "read_only",
            Error::Database(_) => "database",
            Error::Api(e) => match e.code().as_str() {
                "login_required" => "needs_relink",
                "rate_limited" => "rate_limited",
                "timeout" | "connect" | "transport" => "network",
                "redirect" => "redirect",
                "unauthorized" => "unauthorized",
                "public_token_already_used" | "public_token_expired" | "invalid_public_token" => {
                    "public_token_invalid"
                }
                _ => "api",
            },
            Error::UnknownLink(_) => "unknown_link",
            Error::DuplicateLink { .. } => "duplicate_link",
            Error::RemovalPending { .. } => "removal_pending",
            Error::MissingCredentials(_) => "missing_credentials",
            Error::Invalid(_) => "invalid_input",
            Error::Embedded(_) => "embedded_sandbox",
            Error::Io(_) => "io",
        }
    }
}

impl From<billerapi::Error> for Error {
    fn from(e: billerapi::Error) -> Self {
        Error::Api(Box::new(e))
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Database(e.to_string())
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
