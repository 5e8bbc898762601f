//! `export`: the cached bills as CSV or JSON, or a calendar of what is to pay (ICS), to a file or
//! standard output.

use std::path::PathBuf;

use billkeep_core::bills::ExportFormat;
use billkeep_core::{Error, Result};

use crate::context::Context;

/// `export` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// csv, json, or ics (unpaid and expected bills as a calendar).
    #[arg(long, default_value = "csv")]
    format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
}

/// Runs `export`.
pub fn run(ctx: &Context, args: Args) -> Result<()> {
    let text = ctx.app.export(args.format)?;
    match args.output {
        Some(path) => std::fs::write(&path, text).map_err(|source| Error::Io {
            what: format!("write {}", path.display()),
            source,
        }),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
