//! Printing: tables for people, JSON for scripts, errors with their code, and exit codes.

use billkeep_core::bills::StoredBill;
use billkeep_core::links::LinkSummary;
use billkeep_core::sync::SyncOutcome;
use billkeep_core::{Error, ErrorCode};
use serde::Serialize;

/// Exit codes (stable, documented in docs/cli.md). Every code has its place: the compiler checks.
pub fn exit_code(code: ErrorCode) -> u8 {
    use ErrorCode::*;
    match code {
        KeyringUnavailable | KeyringLocked | PassphraseRequired | WrongPassphrase | KeyMissing
        | KeyRotated | UnsealFailed | Locked | VaultLocked | NotLockable => 3,
        NeedsRelink | RateLimited | Network | Redirect | Unauthorized | PublicTokenInvalid
        | Api | RemovalPending | SyncIncomplete | EmbeddedSandbox => 4,
        UnknownLink => 5,
        CorruptDatabase | ReadOnly | Database | DataDir => 6,
        InvalidInput | WeakPassphrase | DuplicateLink | MissingCredentials | NotHttps => 7,
        Io | OpenExternal | Autostart | Update | Internal => 1,
    }
}

/// `error: message (code)` on standard error, and the documentation page BillerAPI named.
pub fn error(e: &Error) {
    eprintln!("error: {e} ({})", e.code());
    if let Some(url) = e.documentation_url() {
        eprintln!("see: {url}");
    }
}

/// Prints a value as pretty JSON.
pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot encode the output: {e}"),
    }
}

/// How one link's sync ended, in words.
pub fn outcome(outcome: &SyncOutcome) -> String {
    match outcome {
        SyncOutcome::Synced { bills, changed } => {
            format!("synced {bills} bills ({changed} new or changed)")
        }
        SyncOutcome::NeedsRelink { message } => format!("needs relink: {message}"),
        SyncOutcome::RateLimited { until } => format!(
            "rate-limited until {}",
            billerapi::dates::format_timestamp(*until)
        ),
        SyncOutcome::Failed { code, message } => format!("failed ({code}): {message}"),
        SyncOutcome::Skipped { reason } => format!("skipped: {reason}"),
        SyncOutcome::Removed => "removed (its origin confirmed the earlier unlink)".to_owned(),
    }
}

/// A table of links.
pub fn links(links: &[LinkSummary]) {
    if links.is_empty() {
        println!("No linked accounts. Link one with `billkeep-cli link --biller test_electric_company --account 4242424242`.");
        return;
    }
    println!(
        "{:>4}  {:<34}  {:<26}  {:<9}  {:<13}  LAST SYNC",
        "ID", "LINK", "BILLER", "ACCOUNT", "STATUS"
    );
    for l in links {
        println!(
            "{:>4}  {:<34}  {:<26}  {:<9}  {:<13}  {}{}",
            l.id,
            l.link_id,
            l.biller_name,
            l.account_mask,
            l.status.as_str(),
            l.last_synced_at
                .map(billerapi::dates::format_timestamp)
                .unwrap_or_else(|| "never".to_owned()),
            if l.other_origin {
                format!("  (made on {})", l.origin.trim_end_matches('/'))
            } else {
                String::new()
            }
        );
    }
}

/// A table of bills.
pub fn bills(bills: &[StoredBill]) {
    if bills.is_empty() {
        println!("No bills cached. Run `billkeep-cli sync` first.");
        return;
    }
    println!(
        "{:>4}  {:<10}  {:<9}  {:>14}  {:<26}  DESCRIPTION",
        "LINK", "DUE", "STATUS", "AMOUNT", "BILLER"
    );
    for b in bills {
        println!(
            "{:>4}  {:<10}  {:<9}  {:>14}  {:<26}  {}",
            b.link,
            billerapi::dates::format_date(b.due_date),
            b.status.as_str(),
            billkeep_core::money::format(b.amount, &b.currency),
            b.biller_name,
            b.description.as_deref().unwrap_or("")
        );
    }
}
