import { describe, expect, it } from "vitest";
import { BillButler, detectEnvironment, resolveConfig } from "../src/index";

describe("environment and URL resolution", () => {
  it("detects sandbox from a sandbox link token, development from localhost, else production", () => {
    expect(detectEnvironment("lt_sandbox_abc", "example.com")).toBe("sandbox");
    expect(detectEnvironment("lt_live_abc", "localhost")).toBe("development");
    expect(detectEnvironment("lt_live_abc", "app.example.com")).toBe("production");
    expect(detectEnvironment(undefined, undefined)).toBe("production");
  });

  it("prefers connectUrl, then baseUrl, then the environment", () => {
    expect(resolveConfig({ environment: "sandbox" }, undefined).connectUrl.href).toBe("https://sandbox.api.billerapi.com/connect");
    const base = resolveConfig({ baseUrl: "http://127.0.0.1:4321/" }, "lt_sandbox_x");
    expect(base.connectUrl.href).toBe("http://127.0.0.1:4321/connect");
    expect(base.apiUrl).toBe("http://127.0.0.1:4321");
    const explicit = resolveConfig({ baseUrl: "http://a.test", connectUrl: "http://b.test/c" }, undefined);
    expect(explicit.connectUrl.href).toBe("http://b.test/c");
    expect(resolveConfig({ environment: "production", apiUrl: "https://x.test/" }, undefined).apiUrl).toBe("https://x.test");
  });

  it("refuses unusable URLs and unknown environments", () => {
    expect(() => resolveConfig({ connectUrl: "not a url" }, undefined)).toThrow(/not a valid URL/);
    expect(() => resolveConfig({ connectUrl: "javascript:alert(1)" }, undefined)).toThrow(/http/);
    // @ts-expect-error: deliberately wrong
    expect(() => resolveConfig({ environment: "staging" }, undefined)).toThrow(/environment/);
  });

  it("exposes the resolution on the class", () => {
    expect(new BillButler({ clientId: "c", environment: "sandbox" }).resolve().environment).toBe("sandbox");
  });
});
