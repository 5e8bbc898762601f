import { describe, expect, it } from "vitest";
import { judge, PROTOCOL } from "../src/index";

const ORIGIN = "http://127.0.0.1:9000";
const source = {} as MessageEventSource;
const msg = (data: unknown, origin = ORIGIN, from: MessageEventSource | null = source) => ({ data, origin, source: from });
const base = { protocol: PROTOCOL, version: 1, sessionId: "s1" };

describe("message validation", () => {
  it("accepts well-formed messages from the iframe on the Connect origin", () => {
    expect(judge(msg({ protocol: PROTOCOL, version: 1, type: "ready" }), ORIGIN, source, "s1").kind).toBe("accept");
    const ok = judge(msg({ ...base, type: "success", publicToken: "pt_sandbox_0123abcd", metadata: { biller_id: "b" } }), ORIGIN, source, "s1");
    expect(ok).toEqual({ kind: "accept", message: { type: "success", sessionId: "s1", publicToken: "pt_sandbox_0123abcd", metadata: { biller_id: "b" } } });
    expect(judge(msg({ ...base, type: "event", name: "OPEN" }), ORIGIN, source, "s1").kind).toBe("accept");
    expect(judge(msg({ ...base, type: "exit", error: null }), ORIGIN, source, "s1").kind).toBe("accept");
  });

  it("drops messages from another origin or another window silently", () => {
    const data = { ...base, type: "success", publicToken: "pt_sandbox_forged" };
    expect(judge(msg(data, "https://evil.test"), ORIGIN, source, "s1").kind).toBe("foreign");
    expect(judge(msg(data, ORIGIN, {} as MessageEventSource), ORIGIN, source, "s1").kind).toBe("foreign");
    expect(judge(msg(data, ORIGIN, null), ORIGIN, null, "s1").kind).toBe("foreign");
  });

  it("reports malformed messages from the iframe", () => {
    for (const data of [
      "string",
      null,
      [1, 2],
      { protocol: "other" },
      { ...base, version: 2, type: "ready" },
      { ...base, type: "event", name: "HACKED" },
      { ...base, type: "success", publicToken: 42 },
      { ...base, type: "success", publicToken: "at_sandbox_not_public" },
      { ...base, type: "exit", error: { code: 1 } },
      { ...base, type: "teleport" },
      { ...base, sessionId: "s2", type: "event", name: "OPEN" },
    ]) {
      expect(judge(msg(data), ORIGIN, source, "s1").kind, JSON.stringify(data)).toBe("invalid");
    }
  });
});
