//! The TypeScript bindings of the IPC surface, generated from its declaration (`ipc.rs`,
//! `events.rs`) and the Rust types (ts-rs): one function per command with typed arguments and
//! result, the event names with their payload types, and every type they need.
//!
//! `ui/app/src/lib/bindings.ts` is written by
//! `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`; the same test fails when the
//! committed file no longer matches the Rust side, so the two cannot drift.

use std::any::TypeId;
use std::collections::{BTreeMap, HashSet};

use ts_rs::{Config, TypeVisitor, TS};

use crate::error::CommandError;

/// Where the generated file lives, relative to the workspace root.
pub const BINDINGS_PATH: &str = "ui/app/src/lib/bindings.ts";
/// The main window's capability, generated from the surface too.
pub const CAPABILITY_PATH: &str = "src-tauri/capabilities/default.json";

/// How Rust types map to TypeScript here: 64-bit integers are plain numbers (the ids and amounts
/// the app handles stay far below 2^53).
fn config() -> Config {
    Config::new().with_large_int("number")
}

/// The TypeScript type of `T`, as an argument or result.
pub fn ts<T: TS + ?Sized>() -> String {
    T::name(&config())
}

/// The type declarations the surface needs, each once, by name (ts-rs visits a type's
/// dependencies in no fixed order, and the file must not change from one build to the next).
pub struct Declarations {
    cfg: Config,
    seen: HashSet<TypeId>,
    out: BTreeMap<String, String>,
}

impl Declarations {
    fn new() -> Self {
        Self {
            cfg: config(),
            seen: HashSet::new(),
            out: BTreeMap::new(),
        }
    }

    /// Declares `T` if it is a named type, and whatever it refers to.
    pub fn visit<T: TS + 'static + ?Sized>(&mut self) {
        <Self as TypeVisitor>::visit::<T>(self);
    }
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Each type once (some refer to themselves, like JSON values).
        if !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        // Named types have a file of their own in ts-rs's model; builtins (string, Array…) do not.
        if T::output_path().is_some() {
            let doc = T::docs()
                .map(|d| format!("{}\n", d.trim_end()))
                .unwrap_or_default();
            self.out
                .entry(T::ident(&self.cfg))
                .or_insert_with(|| format!("{doc}export {}\n", T::decl(&self.cfg)));
        }
        T::visit_dependencies(self);
        // The element of an Array<…>, the value of an Option<…>.
        T::visit_generics(self);
    }
}

/// `snake_case` → `camelCase` (Tauri's naming of command arguments on the JavaScript side).
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders the main window's capability: listening to events, and each command of the surface.
/// No plugin command; frames (the Connect iframe) get nothing.
pub fn render_capability() -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_owned(),
        "core:event:allow-unlisten".to_owned(),
    ];
    permissions.extend(
        crate::ipc::commands()
            .iter()
            .map(|c| format!("allow-{}", c.name.replace('_', "-"))),
    );
    let capability = serde_json::json!({
        "$schema": "../../gen/schemas/desktop-schema.json",
        "identifier": "main-window",
        "description": "Generated from the IPC surface (src-tauri/commands/surface.rs). What the main window may call: the app's own commands and listening to its events. No plugin command; frames (the Connect iframe) get nothing.",
        "windows": ["main"],
        "permissions": permissions,
    });
    format!(
        "{}\n",
        serde_json::to_string_pretty(&capability).unwrap_or_default()
    )
}

/// Renders the whole bindings file.
pub fn render() -> String {
    let commands = crate::ipc::commands();
    let events = crate::events::events();
    let mut types = Declarations::new();
    types.visit::<CommandError>();
    for command in &commands {
        (command.visit)(&mut types);
    }
    for event in &events {
        (event.visit)(&mut types);
    }
    let mut out = String::from(
        "// Generated from the IPC surface (src-tauri/commands/surface.rs, src-tauri/events.rs) by\n\
         // `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`. Do not edit.\n\
         import { invoke } from \"@tauri-apps/api/core\";\n\
         import { listen, type UnlistenFn } from \"@tauri-apps/api/event\";\n\n",
    );
    for declaration in types.out.values() {
        out.push_str(declaration);
        out.push('\n');
    }
    for event in &events {
        out.push_str(&format!(
            "/** {} */\nexport const {} = \"{}\";\n\n",
            event.doc.trim(),
            event.constant,
            event.name
        ));
    }
    out.push_str(
        "/** Each event's payload type, by event name. */\nexport type EventPayloads = {\n",
    );
    for event in &events {
        out.push_str(&format!("  \"{}\": {};\n", event.name, event.payload));
    }
    out.push_str(
        "};\n\n/** Listens to one of the shell's events with its payload typed. */\n\
         export function listenTo<E extends keyof EventPayloads>(\n  event: E,\n  \
         handler: (payload: EventPayloads[E]) => void,\n): Promise<UnlistenFn> {\n  \
         return listen<EventPayloads[E]>(event, (e) => handler(e.payload));\n}\n\n",
    );
    for command in &commands {
        let params: Vec<String> = command
            .args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect();
        let names: Vec<String> = command.args.iter().map(|(name, _)| camel(name)).collect();
        let payload = if names.is_empty() {
            String::new()
        } else {
            format!(", {{ {} }}", names.join(", "))
        };
        out.push_str(&format!(
            "/** {doc} Rejects with a `CommandError`. */\n\
             export function {function}({params}): Promise<{returns}> {{\n  \
             return invoke<{returns}>(\"{command}\"{payload});\n}}\n\n",
            doc = command.doc.trim(),
            function = camel(command.name),
            params = params.join(", "),
            returns = command.returns,
            command = command.name,
        ));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Writes `expected` to `relative` when asked to; fails when the committed file differs.
    fn generated(relative: &str, expected: &str) {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        if std::env::var_os("BILLKEEP_WRITE_BINDINGS").is_some() {
            std::fs::write(&path, expected).expect("write the generated file");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{relative} is stale: run `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`"
        );
    }

    #[test]
    fn bindings_file_matches_the_rust_side() {
        generated(BINDINGS_PATH, &render());
    }

    #[test]
    fn bindings_capability_matches_the_surface() {
        generated(CAPABILITY_PATH, &render_capability());
    }

    #[test]
    fn every_command_is_granted_and_nothing_else_is() {
        let capability: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities/default.json"),
            )
            .expect("capability file"),
        )
        .expect("JSON");
        let granted: BTreeSet<String> = capability["permissions"]
            .as_array()
            .expect("a permission list")
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        let declared: BTreeSet<String> = crate::ipc::commands()
            .iter()
            .map(|c| c.name.to_owned())
            .collect();
        assert_eq!(
            granted, declared,
            "capabilities/default.json and the surface differ"
        );
    }

    #[test]
    fn every_type_the_surface_names_is_declared() {
        let file = render();
        for command in crate::ipc::commands() {
            for ty in command
                .args
                .iter()
                .map(|(_, t)| t)
                .chain([&command.returns])
            {
                for word in ty.split(|c: char| !c.is_alphanumeric()) {
                    if word.starts_with(|c: char| c.is_ascii_uppercase()) && word != "Array" {
                        assert!(
                            file.contains(&format!("export type {word} ")),
                            "{}: {word} is not declared",
                            command.name
                        );
                    }
                }
            }
        }
    }
}
