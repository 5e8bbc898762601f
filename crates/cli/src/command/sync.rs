//! `sync`: fetch bills, with progress on standard error.

use billkeep_core::sync::SyncOutcome;
use billkeep_core::{Error, Result};

use crate::context::Context;
use crate::output;

/// `sync` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this link (local id or link_…).
    #[arg(long)]
    link: Option<String>,
    /// A full re-sync: ask BillerAPI to refresh even accounts it synced moments ago.
    #[arg(long)]
    force: bool,
}

/// Runs `sync`. Links that did not sync make it fail with the BillerAPI exit code (4).
pub async fn run(ctx: &Context, args: Args) -> Result<()> {
    let only = args.link.as_deref().map(|r| ctx.resolve(r)).transpose()?;
    let json = ctx.json;
    let reports = ctx
        .app
        .sync(only, args.force, |p| {
            if !json {
                eprintln!(
                    "[{}/{}] link {}: {}",
                    p.done,
                    p.total,
                    p.link,
                    output::outcome(&p.outcome)
                );
            }
        })
        .await?;
    if json {
        output::json(&reports);
    }
    let failed = reports
        .iter()
        .filter(|r| !matches!(r.outcome, SyncOutcome::Synced { .. } | SyncOutcome::Removed))
        .count();
    if failed > 0 {
        return Err(Error::PartialSync {
            failed,
            total: reports.len(),
        });
    }
    Ok(())
}
