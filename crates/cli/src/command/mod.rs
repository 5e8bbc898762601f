//! The subcommands: one module each, with its arguments and one `run`. This enum only dispatches.

mod bills;
mod env;
mod export;
mod forecast;
mod forget;
mod link;
mod links;
pub mod profiles;
mod relink;
mod request;
mod rotate_key;
mod sync;
mod unlink;

use billkeep_core::Result;
use clap::Subcommand;

use crate::context::Context;

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show or change the BillerAPI environment and its credentials.
    Env(env::Args),
    /// Link an account without Connect (sandbox environments).
    Link(link::Args),
    /// List linked accounts.
    Links,
    /// List cached bills.
    Bills(bills::Args),
    /// Fetch bills from BillerAPI.
    Sync(sync::Args),
    /// Repair a link whose biller login expired (sandbox: runs Connect's steps headlessly).
    Relink(relink::Args),
    /// Remove a link: at its own origin, then its local token and bills.
    Unlink(unlink::Args),
    /// Forget a link on this computer only (its token stays valid at its origin).
    Forget(forget::Args),
    /// Export cached bills (CSV, JSON) or what is to pay as a calendar (ICS).
    Export(export::Args),
    /// Each account's next bill as expected from its history, and bills that stand out.
    Forecast,
    /// Re-seal every stored token under a new vault key.
    RotateKey,
    /// Ask someone to link from their own browser (request to link), follow or cancel it.
    Request(request::Args),
    /// List, create, rename, switch or delete profiles (separate data, vault keys and settings).
    Profiles(profiles::Args),
}

impl Command {
    /// Runs the subcommand.
    pub async fn run(self, ctx: &Context) -> Result<()> {
        match self {
            Command::Env(args) => env::run(ctx, args).await,
            Command::Link(args) => link::run(ctx, args).await,
            Command::Links => links::run(ctx),
            Command::Bills(args) => bills::run(ctx, args),
            Command::Sync(args) => sync::run(ctx, args).await,
            Command::Relink(args) => relink::run(ctx, args).await,
            Command::Unlink(args) => unlink::run(ctx, args).await,
            Command::Forget(args) => forget::run(ctx, args),
            Command::Export(args) => export::run(ctx, args),
            Command::Forecast => forecast::run(ctx),
            Command::RotateKey => rotate_key::run(ctx),
            Command::Request(args) => request::run(ctx, args).await,
            // Handled before any vault is opened (context.rs).
            Command::Profiles(_) => Ok(()),
        }
    }
}
