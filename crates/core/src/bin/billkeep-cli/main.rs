//! `billkeep-cli`: Billkeep for support staff and headless machines. Every read command has
//! `--json`; exit codes are stable (see `docs/cli.md`).

// Standard error is this program's channel for progress, notes and errors.
#![allow(clippy::print_stderr)]

mod commands;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use billkeep_core::settings::EnvironmentKind;
use clap::{Parser, Subcommand, ValueEnum};

/// Billkeep on the command line: link biller accounts, sync and export their bills.
#[derive(Debug, Parser)]
#[command(name = "billkeep-cli", version, about)]
pub struct Cli {
    /// Data directory (default: BILLKEEP_DATA_DIR, else the OS app-data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Machine-readable output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Read the vault passphrase from standard input instead of using the OS keyring
    /// (also BILLKEEP_PASSPHRASE). A new vault is then created in passphrase mode.
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Output formats of `export`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Comma-separated values with a header.
    Csv,
    /// A JSON array.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show or change the BillerAPI environment and its credentials.
    Env {
        /// Without one, shows the active environment.
        #[command(subcommand)]
        action: Option<EnvAction>,
    },
    /// Link an account without Connect (sandbox environments).
    Link {
        /// Biller id, e.g. test_electric_company.
        #[arg(long)]
        biller: String,
        /// Account number; sandbox magic numbers pick the scenario (4242424242 always succeeds).
        #[arg(long)]
        account: String,
        /// Biller username (any value in the sandbox).
        #[arg(long, default_value = "user_good")]
        username: String,
        /// Biller password (any value in the sandbox).
        #[arg(long, default_value = "pass_good")]
        password: String,
        /// The client_user_id to link for (default: this installation's).
        #[arg(long)]
        user: Option<String>,
    },
    /// List linked accounts.
    Links,
    /// List cached bills.
    Bills {
        /// Only this link (local id or link_…).
        #[arg(long)]
        link: Option<String>,
        /// Only this status (PENDING, PAID, OVERDUE, CANCELLED, SCHEDULED).
        #[arg(long)]
        status: Option<String>,
        /// Due on or after (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Due on or before (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
    },
    /// Fetch bills from BillerAPI.
    Sync {
        /// Only this link (local id or link_…).
        #[arg(long)]
        link: Option<String>,
    },
    /// Repair a link whose biller login expired (sandbox: runs Connect's steps headlessly).
    Relink {
        /// Local id or link_….
        link: String,
        /// The account number to sign in with.
        #[arg(long)]
        account: String,
        /// Biller username.
        #[arg(long, default_value = "user_good")]
        username: String,
        /// Biller password.
        #[arg(long, default_value = "pass_good")]
        password: String,
        /// MFA code, if the biller asks (123456 in the sandbox).
        #[arg(long, default_value = "123456")]
        mfa_code: String,
    },
    /// Remove a link: at its own origin, then its local token and bills.
    Unlink {
        /// Local id or link_….
        link: String,
    },
    /// Forget a link on this computer only (its token stays valid at its origin).
    Forget {
        /// Local id or link_….
        link: String,
    },
    /// Export cached bills.
    Export {
        /// csv or json.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Re-seal every stored token under a new vault key.
    RotateKey,
    /// Run the BillerAPI sandbox emulator standalone.
    Sandbox {
        /// What to do with it.
        #[command(subcommand)]
        action: SandboxAction,
    },
}

/// `env` actions.
#[derive(Debug, Subcommand)]
pub enum EnvAction {
    /// Make an environment the active one.
    Use {
        /// embedded, sandbox, production or custom.
        kind: EnvironmentKind,
        /// Base URL (custom only).
        #[arg(long)]
        url: Option<String>,
    },
    /// Store an environment's client id (settings) and secret (OS keyring).
    Credentials {
        /// The environment (default: the active one).
        #[arg(long)]
        env: Option<EnvironmentKind>,
        /// The client id.
        #[arg(long)]
        client_id: String,
        /// Read the secret from standard input (else BILLERAPI_CLIENT_SECRET).
        #[arg(long)]
        secret_stdin: bool,
    },
    /// Check the active environment's credentials against the API.
    Test,
}

/// `sandbox` actions.
#[derive(Debug, Subcommand)]
pub enum SandboxAction {
    /// Serve the emulator until interrupted.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:4010")]
        addr: std::net::SocketAddr,
        /// SQLite file for its state.
        #[arg(long, default_value = "billerapi-sandbox.db")]
        data: PathBuf,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_env("BILLKEEP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    match commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e);
            ExitCode::from(output::exit_code(&e))
        }
    }
}
