import type { CommandError, ErrorCode } from "./bindings";

/** A rejected command as a `CommandError` (anything else becomes one with code "internal"). */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as CommandError;
    return {
      code: err.code,
      message: String(err.message),
      existingLink: err.existingLink ?? null,
      documentationUrl: err.documentationUrl,
    };
  }
  return { code: "internal", message: String(e), existingLink: null };
}

/** The documentation page BillerAPI named for this error, if any (shown as a link). */
export function documentationOf(e: unknown): string | null {
  return asCommandError(e).documentationUrl ?? null;
}

/** The user-facing message of a rejected command. */
export function messageOf(e: unknown): string {
  return asCommandError(e).message;
}

/**
 * What the user can do next about an error, by its code. Every code the app may surface is
 * listed: a new one in Rust's `ErrorCode` fails this file's type check until it is handled here.
 */
export function nextStep(code: ErrorCode): string | null {
  switch (code) {
    case "needs_relink":
    case "public_token_invalid":
      return "Link the account again.";
    case "network":
      return "Check your connection and try again.";
    case "rate_limited":
      return "BillerAPI asked us to wait; try again in a few minutes.";
    case "unauthorized":
    case "missing_credentials":
      return "Check the client ID and secret in Settings.";
    case "keyring_unavailable":
    case "keyring_locked":
      return "Unlock your system keyring, or use a passphrase.";
    case "wrong_passphrase":
      return "Type it again, minding Caps Lock and the keyboard layout.";
    case "weak_passphrase":
      return "Choose a longer one; a few unrelated words are easy to remember and hard to guess.";
    case "key_rotated":
      return "Enter your passphrase again.";
    case "redirect":
      return "Check the server URL in Settings; Billkeep does not follow redirects.";
    case "removal_pending":
      return "Sync later to finish the removal, or forget the account on this computer.";
    case "locked":
    case "vault_locked":
      return "Unlock Billkeep with your passphrase.";
    case "corrupt_database":
    case "read_only":
    case "data_dir":
      return "Check the data location shown in Settings.";
    case "embedded_sandbox":
      return "Restart Billkeep; if it persists, check the data location in Settings.";
    case "sync_incomplete":
      return "Each account's status says what went wrong.";
    case "passphrase_required":
    case "key_missing":
    case "unseal_failed":
    case "database":
    case "api":
    case "unknown_link":
    case "duplicate_link":
    case "invalid_input":
    case "io":
    case "not_https":
    case "open_external":
    case "not_lockable":
    case "autostart":
    case "update":
    case "internal":
      return null;
    default:
      return unreachable(code);
  }
}

function unreachable(code: never): null {
  void code;
  return null;
}
