// Shared by the Connect browser tests and bench/connect: the real emulator, a host web server that
// plays "your server" from the BillerAPI guide, and Debian's Chromium through playwright-core.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SANDBOX_BIN = process.env.BILLERAPI_SANDBOX_BIN ?? path.join(ROOT, "target/debug/billerapi-sandbox");
export const CLIENT_ID = "client_connect_e2e";
const CLIENT_SECRET = "bb_test_connect_e2e_secret";

/** Starts the emulator on a free port; resolves with its base URL and a stop function. */
export async function startEmulator() {
  const child = spawn(
    SANDBOX_BIN,
    ["--addr", "127.0.0.1:0", "--data", ":memory:", "--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, "--log-format", "json"],
    { stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, RUST_LOG: "warn" } },
  );
  const base = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`billerapi-sandbox exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error("billerapi-sandbox did not start")), 15_000);
  });
  return { base, stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) };
}

/** Calls the emulator as a server would (client credentials never reach the browser). */
export async function serverCall(base, method, urlPath, body) {
  const res = await fetch(base + urlPath, {
    method,
    headers: { "X-Client-ID": CLIENT_ID, "X-Client-Secret": CLIENT_SECRET, "Content-Type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".map": "application/json" };

/**
 * The host site: the test pages, the SDK build, and the two server routes of the guide:
 * `/api/create-link-token` and `/api/exchange-token`. Exchanges are kept for the tests to read.
 */
export async function startHost(emulatorBase, { reactDir } = {}) {
  const exchanges = [];
  const files = {
    "/": path.join(ROOT, "tests/connect/host/index.html"),
    "/app.js": path.join(ROOT, "tests/connect/host/app.js"),
    "/sdk.js": path.join(ROOT, "tests/connect/host/sdk.js"),
    "/sdk/connect-sdk.js": path.join(ROOT, "ui/connect-sdk/dist/connect-sdk.js"),
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://host");
    const send = (status, type, body) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    try {
      if (req.method === "GET" && url.pathname === "/config.json") {
        return send(200, "application/json", JSON.stringify({ clientId: CLIENT_ID, baseUrl: emulatorBase }));
      }
      if (req.method === "POST" && url.pathname.startsWith("/api/")) {
        let raw = "";
        for await (const chunk of req) raw += chunk;
        const input = raw ? JSON.parse(raw) : {};
        if (url.pathname === "/api/create-link-token") {
          const { status, body } = await serverCall(emulatorBase, "POST", "/link/token/create", {
            client_id: CLIENT_ID,
            client_user_id: input.userId ?? "user_123",
            consents: ["bills"],
            ...(input.biller_id ? { biller_id: input.biller_id } : {}),
          });
          return send(status, "application/json", JSON.stringify({ linkToken: body.link_token, ...body }));
        }
        if (url.pathname === "/api/exchange-token") {
          const { status, body } = await serverCall(emulatorBase, "POST", "/link/token/exchange", {
            client_id: CLIENT_ID,
            public_token: input.publicToken,
          });
          exchanges.push({ status, body });
          return send(status, "application/json", JSON.stringify(body));
        }
      }
      if (req.method === "GET") {
        let file = files[url.pathname];
        if (!file && reactDir && url.pathname.startsWith("/react/")) {
          file = path.join(reactDir, url.pathname.slice("/react/".length) || "index.html");
          if (!file.startsWith(reactDir)) file = undefined;
        }
        if (file) return send(200, TYPES[path.extname(file)] ?? "text/html", await readFile(file));
      }
      send(404, "text/plain", "not found");
    } catch (e) {
      send(500, "text/plain", String(e));
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  return { base: `http://127.0.0.1:${port}`, exchanges, stop: () => new Promise((r) => server.close(r)) };
}

/** Debian's Chromium, headless, with the flags a closed network needs. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The Connect iframe of a page. */
export const connectFrame = (page) => page.frameLocator('iframe[title="BillerAPI Connect"]');

/** Waits until the host page's log holds an entry matching `predicate`; returns the whole log. */
export async function waitForLog(page, kind) {
  await page.waitForFunction((k) => window.__log.some((e) => e.kind === k), kind, { timeout: 15_000 });
  return page.evaluate(() => window.__log);
}
