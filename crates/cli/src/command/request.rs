//! `request`: ask someone to link an account from their own browser (request to link), follow it,
//! cancel it. `show` collects a completed request: its link appears here.

use billkeep_core::link_requests::LinkRequest;
use billkeep_core::Result;
use clap::Subcommand;

use crate::context::Context;
use crate::output;

/// `request` actions.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Make a request and print the page to share.
    Create {
        /// Pre-select this biller on the page.
        #[arg(long)]
        biller: Option<String>,
        /// The end user it is for (default: this installation's client_user_id).
        #[arg(long)]
        user: Option<String>,
    },
    /// The active server's requests, newest first.
    List {
        /// Only this status (PENDING, IN_PROGRESS, COMPLETED, CANCELLED, EXPIRED).
        #[arg(long)]
        status: Option<String>,
    },
    /// One request; a completed one becomes a link here.
    Show {
        /// The request id (rtl_…).
        id: String,
    },
    /// Cancel a request that is not completed.
    Cancel {
        /// The request id (rtl_…).
        id: String,
    },
}

fn print(ctx: &Context, r: &LinkRequest) {
    if ctx.json {
        output::json(r);
        return;
    }
    println!("{}  {}  for {}", r.id, r.status, r.client_user_id);
    println!("  page: {}", r.session_url);
    if let Some(link) = r.link {
        println!("  linked as {link}");
    }
}

/// Runs `request`.
pub async fn run(ctx: &Context, args: Args) -> Result<()> {
    match args.action {
        Action::Create { biller, user } => {
            let made = ctx
                .app
                .request_link(biller.as_deref(), user.as_deref())
                .await?;
            print(ctx, &made);
        }
        Action::List { status } => {
            let all = ctx
                .app
                .link_requests(status.map(|s| s.to_ascii_uppercase()).as_deref())
                .await?;
            if ctx.json {
                output::json(&all);
            } else if all.is_empty() {
                println!("No requests to link. Make one with `billkeep-cli request create`.");
            } else {
                for r in &all {
                    print(ctx, r);
                }
            }
        }
        Action::Show { id } => {
            let request = ctx.app.link_request(&id).await?;
            print(ctx, &request);
        }
        Action::Cancel { id } => {
            let cancelled = ctx.app.cancel_link_request(&id).await?;
            print(ctx, &cancelled);
        }
    }
    Ok(())
}
