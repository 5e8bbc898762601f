// Generated from src-tauri/bindings.rs by `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";

export type AppInfo = { 
/**
 * The app's version, from the workspace manifest.
 */
version: string, 
/**
 * The directory holding the database and logs.
 */
dataDir: string, 
/**
 * The BillerAPI environment new links are made in.
 */
environment: EnvironmentKind, };

export type EnvironmentKind = "embedded" | "sandbox" | "production" | "custom";

export type ErrorCode = "data_dir" | "not_https" | "open_external";

export type CommandError = { 
/**
 * The stable machine code.
 */
code: ErrorCode, 
/**
 * The message to show the user.
 */
message: string, };

/** Version, data directory and active environment. Rejects with a `CommandError`. */
export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}

/** Opens an https:// link in the system browser. Rejects with a `CommandError`. */
export function openExternal(url: string): Promise<null> {
  return invoke<null>("open_external", { url });
}

/** Tells the shell the UI has painted (start-up diagnostics). Rejects with a `CommandError`. */
export function uiReady(): Promise<null> {
  return invoke<null>("ui_ready");
}
