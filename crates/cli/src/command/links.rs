//! `links`: the linked accounts.

use billkeep_core::Result;

use crate::context::Context;
use crate::output;

/// Runs `links`.
pub fn run(ctx: &Context) -> Result<()> {
    let links = ctx.app.links()?;
    if ctx.json {
        output::json(&links);
    } else {
        output::links(&links);
    }
    Ok(())
}
