//! `bills`: the cached bills, filtered.

use billkeep_core::bills::{parse_filter_date, BillFilter, BillOrder};
use billkeep_core::Result;

use crate::context::Context;
use crate::output;

/// `bills` filters.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this link (local id or link_…).
    #[arg(long)]
    link: Option<String>,
    /// Only this status (PENDING, PAID, OVERDUE, CANCELLED, SCHEDULED).
    #[arg(long)]
    status: Option<String>,
    /// Due on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Due on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Only unpaid bills (overdue, pending, scheduled), soonest due first.
    #[arg(long)]
    unpaid: bool,
}

/// Runs `bills`.
pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let filter = BillFilter {
        link: args.link.as_deref().map(|r| ctx.resolve(r)).transpose()?,
        status: args.status.map(|s| {
            s.trim()
                .to_ascii_uppercase()
                .parse()
                .unwrap_or_else(|n| match n {})
        }),
        from: args
            .from
            .map(|d| parse_filter_date("--from", &d))
            .transpose()?,
        to: args.to.map(|d| parse_filter_date("--to", &d)).transpose()?,
        unpaid: args.unpaid,
    };
    let order = if args.unpaid {
        BillOrder::Soonest
    } else {
        BillOrder::Newest
    };
    let bills = ctx.app.bill_page(&filter, order, 0, u32::MAX)?.bills;
    if ctx.json {
        output::json(&bills);
    } else {
        output::bills(&bills);
    }
    Ok(())
}
