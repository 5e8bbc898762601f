import { resolveConfig } from "./config.js";
import { Modal } from "./modal.js";
import { initMessage, judge, newSessionId, type PageMessage } from "./protocol.js";
import type {
  BillButlerConfig,
  ConnectError,
  ConnectHandler,
  ConnectMetadata,
  ConnectOptions,
  SuccessMetadata,
} from "./types.js";

const DEFAULT_LOAD_TIMEOUT_MS = 15_000;

/** Gives success metadata both spellings the docs use. */
function successMetadata(raw: Record<string, unknown>, sessionId: string): SuccessMetadata {
  const text = (...keys: string[]) => {
    for (const k of keys) if (typeof raw[k] === "string") return raw[k] as string;
    return "";
  };
  const name = text("institutionName", "institution_name", "biller_name");
  const account = text("accountId", "account_id");
  return {
    ...raw,
    biller_id: text("biller_id"),
    institutionName: name,
    institution_name: name,
    accountId: account,
    account_id: account,
    account_name: text("account_name"),
    account_mask: text("account_mask"),
    link_session_id: text("link_session_id") || sessionId,
  };
}

/** One Connect session: open once, then success, exit or destroy. */
export function createHandler(config: BillButlerConfig, options: ConnectOptions): ConnectHandler {
  let state: "idle" | "open" | "closed" = "idle";
  let modal: Modal | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let initialized = false;
  let linkSessionId: string | undefined;
  const sessionId = newSessionId();
  let connectOrigin = "";

  const event = (name: Parameters<NonNullable<ConnectOptions["onEvent"]>>[0], metadata: ConnectMetadata) =>
    options.onEvent?.(name, metadata);
  const exitWith = (error: ConnectError | null, metadata: ConnectMetadata) => options.onExit?.(error, metadata);

  const close = () => {
    state = "closed";
    if (timer !== undefined) clearTimeout(timer);
    window.removeEventListener("message", onMessage);
    modal?.unmount();
    modal = null;
  };

  const onMessage = (e: MessageEvent) => {
    if (!modal) return;
    const verdict = judge(e, connectOrigin, modal.iframe.contentWindow, sessionId);
    if (verdict.kind === "foreign") return;
    if (verdict.kind === "invalid") {
      event("ERROR", { error_code: "INVALID_MESSAGE", message: verdict.reason, link_session_id: linkSessionId });
      return;
    }
    handle(verdict.message);
  };

  const handle = (message: PageMessage) => {
    switch (message.type) {
      case "ready":
        if (initialized || !modal?.iframe.contentWindow) return;
        initialized = true;
        if (timer !== undefined) clearTimeout(timer);
        modal.iframe.contentWindow.postMessage(initMessage(options.linkToken, sessionId), connectOrigin);
        modal.ready();
        return;
      case "event":
        if (typeof message.metadata.link_session_id === "string") linkSessionId = message.metadata.link_session_id;
        event(message.name, message.metadata);
        return;
      case "resize":
        return;
      case "success":
        close();
        options.onSuccess(message.publicToken, successMetadata(message.metadata, linkSessionId ?? sessionId));
        return;
      case "exit":
        close();
        exitWith(message.error, { link_session_id: linkSessionId, ...message.metadata });
        return;
    }
  };

  const userClose = () => {
    if (state !== "open") return;
    close();
    const metadata = { status: "user_closed", link_session_id: linkSessionId };
    event("EXIT", metadata);
    exitWith(null, metadata);
  };

  return {
    open() {
      if (state === "open") {
        event("ERROR", { error_code: "ALREADY_OPEN", message: "Connect is already open" });
        return;
      }
      if (state === "closed") {
        exitWith(
          { code: "HANDLER_DESTROYED", message: "This Connect handler has closed; create a new one with a new link token" },
          { status: "closed" },
        );
        return;
      }
      if (typeof options.linkToken !== "string" || options.linkToken.trim() === "") {
        state = "closed";
        exitWith({ code: "INVALID_CONFIG", message: "linkToken is required" }, { status: "invalid_config" });
        return;
      }
      let connectUrl: URL;
      try {
        connectUrl = new URL(resolveConfig(config, options.linkToken, location.hostname).connectUrl);
      } catch (e) {
        state = "closed";
        exitWith({ code: "INVALID_CONFIG", message: (e as Error).message }, { status: "invalid_config" });
        return;
      }
      connectOrigin = connectUrl.origin;
      connectUrl.searchParams.set("v", "1");
      connectUrl.searchParams.set("parent_origin", location.origin);
      state = "open";
      modal = new Modal(connectUrl.toString(), userClose);
      window.addEventListener("message", onMessage);
      modal.mount();
      timer = setTimeout(() => {
        if (initialized || state !== "open") return;
        close();
        exitWith(
          { code: "CONNECT_LOAD_TIMEOUT", message: `Connect did not load from ${connectOrigin}; check the network and the Connect URL` },
          { status: "load_timeout" },
        );
      }, config.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS);
    },
    exit() {
      if (state !== "open") return;
      close();
      exitWith(null, { status: "exited_by_host", link_session_id: linkSessionId });
    },
    destroy() {
      close();
    },
  };
}
