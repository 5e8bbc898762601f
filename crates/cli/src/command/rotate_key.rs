//! `rotate-key`: re-seal every token (and a passphrase vault's secrets) under a new key.

use billkeep_core::Result;

use crate::context::Context;

/// Runs `rotate-key`; a passphrase vault derives the new key from the same passphrase.
pub fn run(ctx: &Context) -> Result<()> {
    let n = ctx
        .app
        .rotate_key(ctx.passphrase.as_ref().map(|p| p.as_str()))?;
    println!("re-sealed {n} token(s) under a new key");
    Ok(())
}
