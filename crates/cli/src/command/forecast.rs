//! `forecast`: each account's next bill as expected from its history, and the bills that stand
//! out.

use billkeep_core::cadence::Cadence;
use billkeep_core::forecast::Basis;
use billkeep_core::{money, Result};
use serde::Serialize;

use crate::context::Context;
use crate::output;

/// What `--json` prints.
#[derive(Serialize)]
struct Report {
    forecasts: Vec<billkeep_core::forecast::Forecast>,
    flagged: Vec<billkeep_core::anomaly::Flagged>,
}

fn cadence(c: &Cadence) -> String {
    match c {
        Cadence::Months { months: 1, day, .. } => format!("monthly, day {day}"),
        Cadence::Months { months, day, .. } => format!("every {months} months, day {day}"),
        Cadence::Days { days } => format!("every {days} days"),
    }
}

/// Runs `forecast`.
pub fn run(ctx: &Context) -> Result<()> {
    let (forecasts, flagged) = ctx.app.forecasts()?;
    if ctx.json {
        output::json(&Report { forecasts, flagged });
        return Ok(());
    }
    let links = ctx.app.links()?;
    let name = |id: i64| {
        links
            .iter()
            .find(|l| l.id == id)
            .map(|l| format!("{} {}", l.biller_name, l.account_mask))
            .unwrap_or_else(|| id.to_string())
    };
    if forecasts.is_empty() {
        println!("No forecast yet: an account needs three bills on a steady schedule.");
    }
    for f in &forecasts {
        let basis = match f.amount.basis {
            Basis::LastYear => "same month last year, at this year's level",
            Basis::Recent => "recent bills",
        };
        println!(
            "{:>4}  {}: next bill due {}{} ({}), about {} ({} to {}; {basis}; {} bills)",
            f.link,
            name(f.link),
            billerapi::dates::format_date(f.due_date),
            if f.spread_days > 0 {
                format!(" ±{} days", f.spread_days)
            } else {
                String::new()
            },
            cadence(&f.cadence),
            money::format(f.amount.expected, &f.currency),
            money::format(f.amount.low, &f.currency),
            money::format(f.amount.high, &f.currency),
            f.based_on,
        );
    }
    if !flagged.is_empty() {
        println!("\nBills that stand out:");
        for f in &flagged {
            println!(
                "{:>4}  {} {}: {}",
                f.link,
                name(f.link),
                f.bill_id,
                f.reasons.join("; ")
            );
        }
    }
    Ok(())
}
