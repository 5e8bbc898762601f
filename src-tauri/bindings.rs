//! The TypeScript bindings of the IPC surface, generated from the Rust types and commands.
//!
//! `ui/app/src/lib/bindings.ts` is written by
//! `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`; the same test fails when the
//! committed file no longer matches the Rust side, so the two cannot drift.

use billkeep_core::settings::EnvironmentKind;
use ts_rs::{Config, TS};

use crate::error::CommandError;
use crate::{AppInfo, ErrorCode};

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
        declaration::<EnvironmentKind>(&cfg),
        declaration::<ErrorCode>(&cfg),
        declaration::<CommandError>(&cfg),
    ] {
        out.push_str(&decl);
        out.push('\n');
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
