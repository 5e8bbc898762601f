//! Printing: tables for people, JSON for scripts, errors with their code, and exit codes.

use billkeep_core::bills::StoredBill;
use billkeep_core::links::LinkSummary;
use billkeep_core::Error;
use serde::Serialize;

/// Exit codes (stable, documented in docs/cli.md).
pub fn exit_code(e: &Error) -> u8 {
    match e.code() {
        "keyring_unavailable"
        | "keyring_locked"
        | "passphrase_required"
        | "wrong_passphrase"
        | "key_missing"
        | "key_rotated"
        | "unseal_failed" => 3,
        "needs_relink"
        | "rate_limited"
        | "network"
        | "unauthorized"
        | "public_token_invalid"
        | "api"
        | "redirect"
        | "removal_pending"
        | "embedded_sandbox" => 4,
        "unknown_link" => 5,
        "corrupt_database" | "read_only" | "database" => 6,
        "invalid_input" | "weak_passphrase" | "duplicate_link" | "missing_credentials" => 7,
        _ => 1,
    }
}

/// `error: message (code)` on standard error.
pub fn error(e: &Error) {
    eprintln!("error: {e} ({})", e.code());
}

/// Prints a value as pretty JSON.
pub fn json<T: Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot encode the output: {e}"),
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
            serde_json::to_value(l.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            l.last_synced_at.as_deref().unwrap_or("never"),
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
            b.due_date,
            b.status,
            billkeep_core::money::format(b.amount, &b.currency),
            b.biller_name,
            b.description.as_deref().unwrap_or("")
        );
    }
}
