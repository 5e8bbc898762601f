//! `forget`: delete a link on this computer only.

use billkeep_core::Result;

use crate::context::Context;

/// `forget` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Local id or link_….
    link: String,
}

/// Runs `forget`.
pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let id = ctx.resolve(&args.link)?;
    ctx.app.forget(id)?;
    println!(
        "forgot {} on this computer; its access token stays valid at its origin until the link is removed there",
        args.link
    );
    Ok(())
}
