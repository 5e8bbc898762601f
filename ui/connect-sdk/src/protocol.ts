import { CONNECT_EVENTS, type ConnectError, type ConnectEventName } from "./types.js";

/** Marks our messages among everything else a page may receive. */
export const PROTOCOL = "billerapi-connect";
/** The protocol version this SDK speaks. */
export const VERSION = 1;

/** A message from the Connect page, after validation. */
export type PageMessage =
  | { type: "ready" }
  | { type: "event"; sessionId: string; name: ConnectEventName; metadata: Record<string, unknown> }
  | { type: "success"; sessionId: string; publicToken: string; metadata: Record<string, unknown> }
  | { type: "exit"; sessionId: string; error: ConnectError | null; metadata: Record<string, unknown> }
  | { type: "resize"; sessionId: string; height: number };

/** What a received message turned out to be. */
export type Verdict =
  | { kind: "accept"; message: PageMessage }
  /** Not from our iframe: drop silently. */
  | { kind: "foreign" }
  /** From our iframe but malformed or of another session: drop and report. */
  | { kind: "invalid"; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isError(value: unknown): value is ConnectError {
  return isRecord(value) && typeof value.code === "string" && typeof value.message === "string";
}

/**
 * Judges a `message` event: accepted only if it comes from the Connect origin and from our own
 * iframe's window, is a well-formed v1 message, and (after `ready`) carries our session id.
 */
export function judge(
  event: Pick<MessageEvent, "origin" | "source" | "data">,
  expectedOrigin: string,
  expectedSource: MessageEventSource | null,
  sessionId: string,
): Verdict {
  if (event.origin !== expectedOrigin || expectedSource === null || event.source !== expectedSource) {
    return { kind: "foreign" };
  }
  const data = event.data;
  if (!isRecord(data) || data.protocol !== PROTOCOL) return { kind: "invalid", reason: "not a Connect message" };
  if (data.version !== VERSION) return { kind: "invalid", reason: `unsupported protocol version ${String(data.version)}` };
  if (data.type === "ready") return { kind: "accept", message: { type: "ready" } };
  if (data.sessionId !== sessionId) return { kind: "invalid", reason: "message of another session" };
  const metadata = isRecord(data.metadata) ? data.metadata : {};
  switch (data.type) {
    case "event":
      if (typeof data.name === "string" && (CONNECT_EVENTS as readonly string[]).includes(data.name)) {
        return { kind: "accept", message: { type: "event", sessionId, name: data.name as ConnectEventName, metadata } };
      }
      return { kind: "invalid", reason: "unknown event name" };
    case "success":
      if (typeof data.publicToken === "string" && /^pt_[A-Za-z0-9_]{4,200}$/.test(data.publicToken)) {
        return { kind: "accept", message: { type: "success", sessionId, publicToken: data.publicToken, metadata } };
      }
      return { kind: "invalid", reason: "success without a public token" };
    case "exit":
      if (data.error === null || data.error === undefined || isError(data.error)) {
        const error = isError(data.error) ? { code: data.error.code, message: data.error.message } : null;
        return { kind: "accept", message: { type: "exit", sessionId, error, metadata } };
      }
      return { kind: "invalid", reason: "exit with a malformed error" };
    case "resize":
      if (typeof data.height === "number" && Number.isFinite(data.height)) {
        return { kind: "accept", message: { type: "resize", sessionId, height: Math.min(2000, Math.max(200, data.height)) } };
      }
      return { kind: "invalid", reason: "resize without a height" };
    default:
      return { kind: "invalid", reason: `unknown message type ${String(data.type)}` };
  }
}

/** The `init` message the SDK sends once the page is ready. */
export function initMessage(linkToken: string, sessionId: string): Record<string, unknown> {
  return { protocol: PROTOCOL, version: VERSION, type: "init", linkToken, sessionId };
}

/** A random session id (not a secret: it tells sessions apart). */
export function newSessionId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
