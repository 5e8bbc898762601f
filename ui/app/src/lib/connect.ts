// The SDK is loaded when Connect first opens (or after the first paint): not in the start-up script.
import type { ConnectMetadata, SuccessMetadata } from "@billerapi/connect-sdk";
import { recordConnectEvent, type JsonValue, type LinkSession } from "./bindings";

/** How a Connect session ended. */
export type ConnectResult =
  | { kind: "success"; publicToken: string; metadata: SuccessMetadata }
  | { kind: "exit"; error: { code: string; message: string } | null };

let pinnedOrigin: string | null = null;
let openSessions = 0;
const listeners = new Set<() => void>();

/** Whether a Connect flow is on screen (activity inside its iframe is invisible to the app). */
export function connectIsOpen(): boolean {
  return openSessions > 0;
}

/** Calls `listener` whenever a Connect flow opens or closes; returns the unsubscribe. */
export function onConnectChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function connectChanged(delta: number): void {
  openSessions += delta;
  for (const listener of listeners) listener();
}

/**
 * Narrows the app's CSP to frames from this Connect origin only. tauri.conf.json allows loopback
 * and https frames because the origin is known only at run time; a second policy added here makes
 * the intersection exactly this origin. Switching environments reloads the window.
 */
function pinFrameOrigin(origin: string): void {
  if (pinnedOrigin === origin) return;
  if (pinnedOrigin !== null) {
    location.reload();
    return;
  }
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = `frame-src ${origin}`;
  document.head.append(meta);
  pinnedOrigin = origin;
}

/**
 * Opens Connect for a session from `create_link_token` / `start_relink`. If the link token has
 * expired (or is about to) before the user gets here, `refresh` is called for a new one.
 */
export async function openConnect(session: LinkSession, refresh: () => Promise<LinkSession>): Promise<ConnectResult> {
  if (Date.parse(session.expiresAt) - Date.now() < 60_000) {
    session = await refresh();
  }
  const { BillButler } = await import("@billerapi/connect-sdk");
  const connectUrl = new URL(session.connectUrl);
  pinFrameOrigin(connectUrl.origin);
  let sessionId = "pending";
  const record = (event: string, metadata: ConnectMetadata) => {
    if (typeof metadata.link_session_id === "string") sessionId = metadata.link_session_id;
    void recordConnectEvent(sessionId, event, metadata as JsonValue).catch(() => {});
  };
  connectChanged(+1);
  return new Promise<ConnectResult>((resolve) => {
    const handler = new BillButler({ clientId: "billkeep", connectUrl: connectUrl.toString() }).create({
      linkToken: session.linkToken,
      onSuccess: (publicToken, metadata) => resolve({ kind: "success", publicToken, metadata }),
      onExit: (error, metadata) => {
        record(error ? "EXIT_ERROR" : "EXIT", { ...metadata, error_code: error?.code });
        resolve({ kind: "exit", error });
      },
      onEvent: (name, metadata) => record(name, metadata),
    });
    handler.open();
  }).finally(() => connectChanged(-1));
}
