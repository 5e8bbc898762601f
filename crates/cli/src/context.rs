//! What every subcommand starts from: the vault opened as the global options say, interrupted
//! links recovered, and the output mode.

use std::io::Read;
use std::sync::Arc;

use billkeep_core::paths::{default_data_dir, keyring_service};
use billkeep_core::profiles::Profiles;
use billkeep_core::vault::{OsKeyring, Unlock};
use billkeep_core::{Billkeep, Error, Result};
use zeroize::Zeroizing;

use crate::command::Command;
use crate::Cli;

/// An opened data directory and how to print.
pub struct Context {
    /// The app's state over the data directory.
    pub app: Billkeep,
    /// `--json`.
    pub json: bool,
    /// How the vault was unlocked (a passphrase rotation needs it again).
    pub passphrase: Option<Zeroizing<String>>,
}

/// A line read from standard input, without its line end.
pub fn read_stdin_line(what: &str) -> Result<Zeroizing<String>> {
    let mut text = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|source| Error::Io {
            what: format!("read the {what} from standard input"),
            source,
        })?;
    let trimmed = Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_owned());
    if trimmed.is_empty() {
        return Err(Error::Invalid(format!("no {what} on standard input")));
    }
    Ok(trimmed)
}

fn passphrase(cli: &Cli) -> Result<Option<Zeroizing<String>>> {
    if cli.passphrase_stdin {
        return read_stdin_line("passphrase").map(Some);
    }
    Ok(std::env::var("BILLKEEP_PASSPHRASE")
        .ok()
        .filter(|p| !p.is_empty())
        .map(Zeroizing::new))
}

/// Opens the data directory, recovers links a crash interrupted, runs the subcommand, and stops
/// the embedded emulator.
pub async fn run(cli: Cli) -> Result<()> {
    let base = cli.data_dir.clone().unwrap_or_else(default_data_dir);
    let service = keyring_service();
    let profiles = Profiles::load(&base, &service)?;
    let mut cli = cli;
    if let Command::Profiles(args) = cli.command {
        return crate::command::profiles::run(profiles, cli.json, args);
    }
    let location = profiles.locate(cli.profile.take().as_deref())?;
    let passphrase = passphrase(&cli)?;
    let unlock = match &passphrase {
        Some(p) => Unlock::Passphrase(p.clone()),
        None => Unlock::Keyring,
    };
    let app = Billkeep::open(
        &location.data_dir,
        Arc::new(OsKeyring::new(location.keyring_service)),
        unlock,
    )?;
    let ctx = Context {
        app,
        json: cli.json,
        passphrase,
    };
    if ctx.app.has_pending_links()? {
        // A previous run stopped between an exchange and its commit: recover the link as orphaned.
        match ctx.app.recover_interrupted_links().await {
            Ok(r) if !r.recovered.is_empty() => eprintln!(
                "note: recovered {} link(s) interrupted by a crash; relink them",
                r.recovered.len()
            ),
            Ok(_) => {}
            Err(e) => eprintln!("warning: could not recover interrupted links: {e}"),
        }
    }
    let result = cli.command.run(&ctx).await;
    ctx.app.shutdown().await;
    result
}

impl Context {
    /// The local id of a link given as a local id or a `link_…` id.
    pub fn resolve(&self, reference: &str) -> Result<i64> {
        Ok(self.app.link(reference)?.id)
    }
}
