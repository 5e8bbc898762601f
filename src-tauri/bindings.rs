//! The TypeScript bindings of the IPC surface, generated from the Rust types and commands.
//!
//! `ui/app/src/lib/bindings.ts` is written by
//! `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`; the same test fails when the
//! committed file no longer matches the Rust side, so the two cannot drift.

use billkeep_core::bills::{StoredBill, StoredLineItem};
use billkeep_core::links::{LinkStatus, LinkSummary};
use billkeep_core::settings::{EnvironmentKind, Settings};
use billkeep_core::sync::{SyncOutcome, SyncProgress};
use billkeep_core::{ConnectEvent, LinkSession, LinkedAccount};
use ts_rs::{Config, TS};

use crate::error::CommandError;
use crate::{AppInfo, BillPage, BillQuery, ExportResult, VaultStatus};

/// Where the generated file lives, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/app/src/lib/bindings.ts";

/// One command as the webview sees it.
struct CommandSpec {
    /// The TypeScript function name.
    function: &'static str,
    /// The Rust command name passed to `invoke`.
    command: &'static str,
    /// `(name, TypeScript type)` of each argument, in order.
    args: &'static [(&'static str, &'static str)],
    /// The TypeScript type the promise resolves to.
    returns: &'static str,
    /// One line saying what it does.
    doc: &'static str,
}

const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        function: "appInfo",
        command: "app_info",
        args: &[],
        returns: "AppInfo",
        doc: "Version, data directory and active environment.",
    },
    CommandSpec {
        function: "vaultStatus",
        command: "vault_status",
        args: &[],
        returns: "VaultStatus",
        doc: "Whether the vault is open, and if not, why.",
    },
    CommandSpec {
        function: "unlockVault",
        command: "unlock_vault",
        args: &[("passphrase", "string")],
        returns: "VaultStatus",
        doc: "Opens the vault with a passphrase.",
    },
    CommandSpec {
        function: "lockVault",
        command: "lock_vault",
        args: &[],
        returns: "VaultStatus",
        doc: "Locks a passphrase vault until its passphrase is entered again.",
    },
    CommandSpec {
        function: "reportActivity",
        command: "report_activity",
        args: &[("connectOpen", "boolean")],
        returns: "null",
        doc: "Reports user activity (and whether Connect is open) to the Rust-side idle lock.",
    },
    CommandSpec {
        function: "openExternal",
        command: "open_external",
        args: &[("url", "string")],
        returns: "null",
        doc: "Opens an https:// link in the system browser.",
    },
    CommandSpec {
        function: "uiReady",
        command: "ui_ready",
        args: &[],
        returns: "null",
        doc: "Tells the shell the UI has painted (start-up diagnostics).",
    },
    CommandSpec {
        function: "getSettings",
        command: "get_settings",
        args: &[],
        returns: "Settings",
        doc: "The current settings (never the client secret).",
    },
    CommandSpec {
        function: "setEnvironment",
        command: "set_environment",
        args: &[
            ("environment", "EnvironmentKind"),
            ("customUrl", "string | null"),
        ],
        returns: "Settings",
        doc: "Makes an environment the active one.",
    },
    CommandSpec {
        function: "setCredentials",
        command: "set_credentials",
        args: &[
            ("environment", "EnvironmentKind"),
            ("clientId", "string"),
            ("clientSecret", "string"),
        ],
        returns: "Settings",
        doc: "Stores an environment's client id and secret (the secret goes to the OS keyring).",
    },
    CommandSpec {
        function: "testCredentials",
        command: "test_credentials",
        args: &[],
        returns: "null",
        doc: "Checks the active environment's credentials against the API.",
    },
    CommandSpec {
        function: "setNotificationLeadDays",
        command: "set_notification_lead_days",
        args: &[("days", "number")],
        returns: "Settings",
        doc: "Sets the notification lead time in days.",
    },
    CommandSpec {
        function: "setAutoLockMinutes",
        command: "set_auto_lock_minutes",
        args: &[("minutes", "number")],
        returns: "Settings",
        doc: "Sets after how many idle minutes a passphrase vault locks itself (0: never).",
    },
    CommandSpec {
        function: "createLinkToken",
        command: "create_link_token",
        args: &[("billerId", "string | null")],
        returns: "LinkSession",
        doc: "Step 1: a link token and the Connect URL.",
    },
    CommandSpec {
        function: "exchangePublicToken",
        command: "exchange_public_token",
        args: &[("publicToken", "string"), ("account", "LinkedAccount")],
        returns: "LinkSummary",
        doc: "Step 3: exchanges Connect's public token; the access token stays in Rust.",
    },
    CommandSpec {
        function: "startRelink",
        command: "start_relink",
        args: &[("link", "number")],
        returns: "LinkSession",
        doc: "A link token in update mode for a link that needs relinking.",
    },
    CommandSpec {
        function: "completeRelink",
        command: "complete_relink",
        args: &[("link", "number"), ("publicToken", "string")],
        returns: "LinkSummary",
        doc: "Finishes a relink.",
    },
    CommandSpec {
        function: "sandboxLink",
        command: "sandbox_link",
        args: &[("billerId", "string"), ("accountNumber", "string")],
        returns: "LinkSummary",
        doc: "Sandbox environments: links a test account without Connect.",
    },
    CommandSpec {
        function: "listLinks",
        command: "list_links",
        args: &[],
        returns: "Array<LinkSummary>",
        doc: "Links of the active environment.",
    },
    CommandSpec {
        function: "unlink",
        command: "unlink",
        args: &[("link", "number")],
        returns: "null",
        doc: "Removes a link remotely, then its token and bills.",
    },
    CommandSpec {
        function: "forgetLink",
        command: "forget_link",
        args: &[("link", "number")],
        returns: "null",
        doc: "Forgets a link on this computer only; its token stays valid at its origin.",
    },
    CommandSpec {
        function: "listBills",
        command: "list_bills",
        args: &[("query", "BillQuery")],
        returns: "BillPage",
        doc: "Cached bills, newest due date first.",
    },
    CommandSpec {
        function: "syncNow",
        command: "sync_now",
        args: &[("link", "number | null")],
        returns: "Array<SyncProgress>",
        doc: "Fetches bills; progress arrives as sync-progress events.",
    },
    CommandSpec {
        function: "exportBills",
        command: "export_bills",
        args: &[("format", "\"csv\" | \"json\"")],
        returns: "ExportResult",
        doc: "Writes every cached bill to the Downloads folder.",
    },
    CommandSpec {
        function: "recordConnectEvent",
        command: "record_connect_event",
        args: &[
            ("sessionId", "string"),
            ("event", "string"),
            ("metadata", "Record<string, unknown>"),
        ],
        returns: "null",
        doc: "Records a Connect event for the support log.",
    },
    CommandSpec {
        function: "listConnectEvents",
        command: "list_connect_events",
        args: &[("limit", "number")],
        returns: "Array<ConnectEvent>",
        doc: "The latest Connect events, newest first.",
    },
];

/// Event names the shell emits.
const EVENTS: &[(&str, &str, &str)] = &[
    (
        "SYNC_PROGRESS",
        "sync-progress",
        "Payload: SyncProgress, after each link of a sync.",
    ),
    (
        "VAULT_READY",
        "vault-ready",
        "No payload: the vault opened.",
    ),
    (
        "VAULT_LOCKED",
        "vault-locked",
        "No payload: the vault locked itself (idle, screen lock, sleep, key rotated elsewhere).",
    ),
];

fn declaration<T: TS>(cfg: &Config) -> String {
    format!("export {}\n", T::decl(cfg))
}

/// Renders the whole bindings file.
pub fn render() -> String {
    let cfg = Config::new();
    let mut out = String::from(
        "// Generated from src-tauri/bindings.rs by \
         `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`. Do not edit.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\n",
    );
    for decl in [
        declaration::<AppInfo>(&cfg),
        declaration::<VaultStatus>(&cfg),
        declaration::<EnvironmentKind>(&cfg),
        declaration::<Settings>(&cfg),
        declaration::<LinkSession>(&cfg),
        declaration::<LinkedAccount>(&cfg),
        declaration::<LinkStatus>(&cfg),
        declaration::<LinkSummary>(&cfg),
        declaration::<StoredLineItem>(&cfg),
        declaration::<StoredBill>(&cfg),
        declaration::<BillQuery>(&cfg),
        declaration::<BillPage>(&cfg),
        declaration::<ExportResult>(&cfg),
        declaration::<SyncOutcome>(&cfg),
        declaration::<SyncProgress>(&cfg),
        declaration::<ConnectEvent>(&cfg),
        declaration::<CommandError>(&cfg),
    ] {
        out.push_str(&decl);
        out.push('\n');
    }
    for (name, value, doc) in EVENTS {
        out.push_str(&format!(
            "/** {doc} */\nexport const {name} = \"{value}\";\n\n"
        ));
    }
    for spec in COMMANDS {
        let params: Vec<String> = spec
            .args
            .iter()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect();
        let names: Vec<&str> = spec.args.iter().map(|(name, _)| *name).collect();
        let payload = if names.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "/** {doc} Rejects with a `CommandError`. */\n\
             export function {function}({params}): Promise<{returns}> {{\n  \
             return invoke<{returns}>(\"{command}\"{payload});\n}}\n\n",
            doc = spec.doc,
            function = spec.function,
            params = params.join(", "),
            returns = spec.returns,
            command = spec.command,
        ));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn bindings_file_matches_the_rust_side() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        let expected = render();
        if std::env::var_os("BILLKEEP_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, &expected).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{BINDINGS_PATH} is stale: run `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`"
        );
    }

    #[test]
    fn every_registered_command_has_a_binding_and_a_grant() {
        let capability = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/default.json"),
        )
        .expect("capability file");
        for spec in COMMANDS {
            let grant = format!("\"allow-{}\"", spec.command.replace('_', "-"));
            assert!(
                capability.contains(&grant),
                "{} is not granted",
                spec.command
            );
        }
    }
}
