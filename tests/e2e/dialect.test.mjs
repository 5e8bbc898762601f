// The app against a server answering in another of the docs' dialects: a standalone
// billerapi-sandbox with --dialect pagination (lists in `data`, `bill_id`, decimal amounts) and
// the overview's error bodies. Linked and synced from the window, the bills show as they should.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT, launchApp, pressWhenShown, screenshot } from "./driver.mjs";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-dialect-"));
const ENV = { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: `dev.billkeep.e2e.dialect.${process.pid}` };
const SANDBOX = process.env.BILLERAPI_SANDBOX ?? path.join(ROOT, "target/debug/billerapi-sandbox");
const ID = "client_e2e_dialect";
const SECRET = "bb_test_e2e_dialect_secret";
let app;
let server;
let port;

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function invoke(cmd, args = {}) {
  return app.browser.executeAsync(
    (cmd, args, done) => window.__TAURI_INTERNALS__.invoke(cmd, args).then((ok) => done({ ok }), (err) => done({ err })),
    cmd,
    args,
  );
}

before(async () => {
  port = await freePort();
  server = spawn(
    SANDBOX,
    ["--addr", `127.0.0.1:${port}`, "--data", ":memory:", "--dialect", "pagination", "--error-format", "overview", "--sync-delay-ms", "100"],
    { env: { ...process.env, BILLERAPI_CLIENT_ID: ID, BILLERAPI_CLIENT_SECRET: SECRET }, stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  app = await launchApp({ name: "dialect", env: ENV });
  await (await app.browser.$('[data-testid="brand"]')).waitForDisplayed({ timeout: 15_000 });
});

after(async () => {
  await app?.stop();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a server in the pagination dialect", () => {
  it("links, syncs from the window, and shows the bills with exact amounts", async () => {
    const url = `http://127.0.0.1:${port}`;
    assert.ok((await invoke("set_environment", { environment: "custom", customUrl: url })).ok);
    assert.ok((await invoke("set_credentials", { environment: "custom", clientId: ID, clientSecret: SECRET })).ok);
    const linked = await invoke("sandbox_link", { billerId: "test_electric_company", accountNumber: "4242424242" });
    assert.ok(linked.ok, JSON.stringify(linked.err));
    // An error in the overview's body still reaches the user as a message.
    const refused = await invoke("sandbox_link", { billerId: "test_electric_company", accountNumber: "4000000004" });
    assert.equal(refused.err.code, "api");
    assert.match(refused.err.message, /locked/i);

    await app.browser.execute(() => location.reload());
    await pressWhenShown(app.browser, '[data-testid="sync-all"]');
    const notice = await app.browser.$('[data-testid="notice"]');
    await notice.waitForDisplayed({ timeout: 20_000 });
    assert.match(await notice.getText(), /Synced 1 account/);
    await pressWhenShown(app.browser, '[data-testid="nav-bills"]');
    await pressWhenShown(app.browser, '[data-testid="tab-upcoming"]');
    const row = await app.browser.$('[data-testid="bill-row"]');
    await row.waitForDisplayed({ timeout: 10_000 });
    assert.match(await row.getText(), /154\.20/);
    await screenshot(app.browser, "dialect-01-pagination-bills");
  });
});
