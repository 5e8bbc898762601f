//! `billkeep-cli`: Billkeep for support staff and headless machines. Every read command has
//! `--json`; exit codes are stable (see `docs/cli.md`). One subcommand per module under
//! `command/`, each with one `run`; this file parses and dispatches.

// Standard error is this program's channel for progress, notes and errors.
#![allow(clippy::print_stderr)]

mod command;
mod context;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Billkeep on the command line: link biller accounts, sync and export their bills.
#[derive(Debug, Parser)]
#[command(name = "billkeep-cli", version, about)]
pub struct Cli {
    /// Data directory (default: BILLKEEP_DATA_DIR, else the OS app-data directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// The profile to use (default: BILLKEEP_PROFILE, else the one the app opens). Profiles live
    /// under the data directory, each with its own vault key and settings.
    #[arg(long, global = true, value_name = "NAME", env = "BILLKEEP_PROFILE")]
    pub profile: Option<String>,
    /// Machine-readable output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Read the vault passphrase from standard input instead of using the OS keyring
    /// (also BILLKEEP_PASSPHRASE). A new vault is then created in passphrase mode.
    #[arg(long, global = true)]
    pub passphrase_stdin: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: command::Command,
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
    match context::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            output::error(&e);
            ExitCode::from(output::exit_code(e.code()))
        }
    }
}
