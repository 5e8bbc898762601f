//! `unlink`: remove a link at its own origin, then locally.

use billkeep_core::Result;

use crate::context::Context;

/// `unlink` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Local id or link_….
    link: String,
}

/// Runs `unlink`.
pub async fn run(ctx: &Context, args: Args) -> Result<()> {
    let id = ctx.resolve(&args.link)?;
    ctx.app.unlink(id).await?;
    println!("unlinked {}", args.link);
    Ok(())
}
