import { appInfo, type AppInfo, type CommandError } from "./bindings";

/** Loads `app_info` once and keeps either the answer or the error message to show. */
class AppInfoStore {
  info = $state<AppInfo | null>(null);
  error = $state<string | null>(null);

  async load(): Promise<void> {
    try {
      this.info = await appInfo();
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }
}

/** The user-facing message of a rejected command (a `CommandError`, or anything else). */
export function messageOf(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) {
    return String((e as CommandError).message);
  }
  return String(e);
}

/** Human name of an environment, as the UI shows it. */
export function environmentLabel(env: AppInfo["environment"]): string {
  switch (env) {
    case "embedded":
      return "Embedded sandbox";
    case "sandbox":
      return "BillerAPI sandbox";
    case "production":
      return "Production";
    case "custom":
      return "Custom server";
  }
}

export const appInfoStore = new AppInfoStore();
