import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { BillButler, PROTOCOL, type ConnectOptions } from "../src/index";

type OnSuccess = ConnectOptions["onSuccess"];
type OnExit = NonNullable<ConnectOptions["onExit"]>;
type OnEvent = NonNullable<ConnectOptions["onEvent"]>;

const CONNECT = "http://127.0.0.1:9555/connect";
const ORIGIN = "http://127.0.0.1:9555";

function iframe(): HTMLIFrameElement {
  const el = document.querySelector<HTMLIFrameElement>("[data-billerapi-connect] iframe");
  if (!el) throw new Error("no Connect iframe");
  return el;
}

/** Delivers a message as if the iframe posted it. */
function fromIframe(data: unknown, origin = ORIGIN, source: MessageEventSource | null = iframe().contentWindow) {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source }));
}

function sessionIdSentToIframe(post: { mock: { calls: unknown[][] } }): string {
  const [init] = post.mock.calls.at(-1) as [Record<string, unknown>];
  return init.sessionId as string;
}

describe("handler lifecycle", () => {
  let onSuccess: Mock<OnSuccess>;
  let onExit: Mock<OnExit>;
  let onEvent: Mock<OnEvent>;

  beforeEach(() => {
    onSuccess = vi.fn<OnSuccess>();
    onExit = vi.fn<OnExit>();
    onEvent = vi.fn<OnEvent>();
    vi.useRealTimers();
  });
  afterEach(() => {
    document.body.innerHTML = "";
  });

  const handler = (loadTimeoutMs = 15_000) =>
    new BillButler({ clientId: "c", connectUrl: CONNECT, loadTimeoutMs }).create({
      linkToken: "lt_sandbox_abc",
      onSuccess,
      onExit,
      onEvent,
    });

  it("opens an accessible modal pointing at the Connect page with our origin and no token in the URL", () => {
    const opener = document.createElement("button");
    document.body.append(opener);
    opener.focus();
    const h = handler();
    h.open();
    const dialog = document.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute("aria-modal")).toBe("true");
    const src = new URL(iframe().src);
    expect(src.origin + src.pathname).toBe(CONNECT);
    expect(src.searchParams.get("parent_origin")).toBe(location.origin);
    expect(iframe().src).not.toContain("lt_sandbox_abc");
    expect(document.querySelector('[role="status"]')?.textContent).toBe("Loading…");
    h.destroy();
    expect(document.querySelector("[data-billerapi-connect]")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("answers ready with init, then relays events and success", () => {
    const h = handler();
    h.open();
    const post = vi.spyOn(iframe().contentWindow as Window, "postMessage");
    fromIframe({ protocol: PROTOCOL, version: 1, type: "ready" });
    expect(post).toHaveBeenCalledWith(expect.objectContaining({ type: "init", linkToken: "lt_sandbox_abc" }), ORIGIN);
    const sessionId = sessionIdSentToIframe(post);
    fromIframe({ protocol: PROTOCOL, version: 1, sessionId, type: "event", name: "OPEN", metadata: { link_session_id: "ltid_1" } });
    expect(onEvent).toHaveBeenCalledWith("OPEN", { link_session_id: "ltid_1" });
    fromIframe({
      protocol: PROTOCOL, version: 1, sessionId, type: "success", publicToken: "pt_sandbox_0011aabb",
      metadata: { biller_id: "test_electric_company", biller_name: "Test Electric Company", account_id: "acct_1" },
    });
    expect(onSuccess).toHaveBeenCalledWith("pt_sandbox_0011aabb", expect.objectContaining({
      biller_id: "test_electric_company", institutionName: "Test Electric Company", accountId: "acct_1", account_id: "acct_1",
      link_session_id: "ltid_1",
    }));
    expect(document.querySelector("[data-billerapi-connect]")).toBeNull();
    // A replay after close reaches nothing.
    fromIframe({ protocol: PROTOCOL, version: 1, sessionId, type: "success", publicToken: "pt_sandbox_0011aabb" }, ORIGIN, null);
    expect(onSuccess).toHaveBeenCalledTimes(1);
  });

  it("drops forged messages and reports malformed ones from the iframe", () => {
    const h = handler();
    h.open();
    const post = vi.spyOn(iframe().contentWindow as Window, "postMessage");
    fromIframe({ protocol: PROTOCOL, version: 1, type: "ready" });
    const sessionId = sessionIdSentToIframe(post);
    const forged = { protocol: PROTOCOL, version: 1, sessionId, type: "success", publicToken: "pt_sandbox_forged00" };
    fromIframe(forged, "https://evil.test");
    fromIframe(forged, ORIGIN, window);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(onEvent).not.toHaveBeenCalled();
    fromIframe({ protocol: PROTOCOL, version: 1, sessionId: "other", type: "event", name: "OPEN" });
    expect(onEvent).toHaveBeenCalledWith("ERROR", expect.objectContaining({ error_code: "INVALID_MESSAGE" }));
    h.destroy();
  });

  it("reports an unreachable Connect page as CONNECT_LOAD_TIMEOUT", async () => {
    vi.useFakeTimers();
    const h = handler(50);
    h.open();
    vi.advanceTimersByTime(60);
    expect(onExit).toHaveBeenCalledWith(expect.objectContaining({ code: "CONNECT_LOAD_TIMEOUT" }), { status: "load_timeout" });
    expect(document.querySelector("[data-billerapi-connect]")).toBeNull();
    h.open();
    expect(onExit).toHaveBeenLastCalledWith(expect.objectContaining({ code: "HANDLER_DESTROYED" }), { status: "closed" });
  });

  it("does not open twice, and closes on Escape with onExit(null)", () => {
    const h = handler();
    h.open();
    h.open();
    expect(document.querySelectorAll("[data-billerapi-connect]").length).toBe(1);
    expect(onEvent).toHaveBeenCalledWith("ERROR", expect.objectContaining({ error_code: "ALREADY_OPEN" }));
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(onExit).toHaveBeenCalledWith(null, expect.objectContaining({ status: "user_closed" }));
    expect(onEvent).toHaveBeenCalledWith("EXIT", expect.objectContaining({ status: "user_closed" }));
    expect(document.querySelector("[data-billerapi-connect]")).toBeNull();
  });

  it("passes the page's exit error through, and exit() closes with onExit(null)", () => {
    const h = handler();
    h.open();
    const post = vi.spyOn(iframe().contentWindow as Window, "postMessage");
    fromIframe({ protocol: PROTOCOL, version: 1, type: "ready" });
    const sessionId = sessionIdSentToIframe(post);
    fromIframe({ protocol: PROTOCOL, version: 1, sessionId, type: "exit", error: { code: "LINK_TOKEN_EXPIRED", message: "expired" }, metadata: {} });
    expect(onExit).toHaveBeenCalledWith({ code: "LINK_TOKEN_EXPIRED", message: "expired" }, expect.any(Object));
    const other = handler();
    other.open();
    other.exit();
    expect(onExit).toHaveBeenLastCalledWith(null, expect.objectContaining({ status: "exited_by_host" }));
  });

  it("reports a missing link token or a bad URL as INVALID_CONFIG without opening", () => {
    new BillButler({ connectUrl: CONNECT }).create({ linkToken: "", onSuccess, onExit }).open();
    expect(onExit).toHaveBeenCalledWith(expect.objectContaining({ code: "INVALID_CONFIG" }), expect.any(Object));
    new BillButler({ connectUrl: "nope" }).create({ linkToken: "lt_sandbox_x", onSuccess, onExit }).open();
    expect(onExit).toHaveBeenLastCalledWith(expect.objectContaining({ code: "INVALID_CONFIG" }), expect.any(Object));
    expect(document.querySelector("[data-billerapi-connect]")).toBeNull();
  });

  it("supports the quick-start form with callbacks given to the constructor", () => {
    const connect = new BillButler({ linkToken: "lt_sandbox_q", connectUrl: CONNECT, onSuccess, onExit });
    connect.open();
    expect(document.querySelector("[data-billerapi-connect]")).not.toBeNull();
    connect.exit();
    expect(onExit).toHaveBeenCalledWith(null, expect.any(Object));
  });
});
