import type { CommandError } from "./bindings";

/** A rejected command as a `CommandError` (anything else becomes one with code "unknown"). */
export function asCommandError(e: unknown): CommandError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const err = e as CommandError;
    return { code: String(err.code), message: String(err.message), existingLink: err.existingLink ?? null };
  }
  return { code: "unknown", message: String(e), existingLink: null };
}

/** The user-facing message of a rejected command. */
export function messageOf(e: unknown): string {
  return asCommandError(e).message;
}

/** What the user can do next about an error, by its code. */
export function nextStep(code: string): string | null {
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
      return "Unlock Billkeep with your passphrase.";
    case "corrupt_database":
    case "read_only":
      return "Check the data location shown in Settings.";
    default:
      return null;
  }
}
