//! `link`: link an account without Connect, through the sandbox's public token shortcut.

use billkeep_core::Result;

use crate::context::Context;
use crate::output;

/// `link` arguments. The sandbox shortcut takes no biller credentials: the account number's
/// scenario decides what happens (4242424242 always succeeds).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Biller id, e.g. test_electric_company.
    #[arg(long)]
    biller: String,
    /// Account number; sandbox magic numbers pick the scenario (4242424242 always succeeds).
    #[arg(long)]
    account: String,
    /// The client_user_id to link for (default: this installation's).
    #[arg(long)]
    user: Option<String>,
}

/// Runs `link`.
pub async fn run(ctx: &Context, args: Args) -> Result<()> {
    let link = ctx
        .app
        .sandbox_link(&args.biller, &args.account, args.user.as_deref())
        .await?;
    if ctx.json {
        output::json(&link);
    } else {
        println!(
            "linked {} {} as {} ({})",
            link.biller_name, link.account_mask, link.id, link.link_id
        );
    }
    Ok(())
}
