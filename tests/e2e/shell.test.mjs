// The desktop shell end to end: the real app in a real WebKit webview, driven over WebDriver.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, launchApp, screenshot } from "./driver.mjs";

const VERSION = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8").match(
  /\[workspace\.package\][^[]*?version = "([^"]+)"/,
)[1];

/** Calls a command exactly as the UI does, returning `{ok}` or `{err}`. */
function invoke(browser, cmd, args = {}) {
  return browser.executeAsync(
    (cmd, args, done) => {
      window.__TAURI_INTERNALS__
        .invoke(cmd, args)
        .then((ok) => done({ ok }), (err) => done({ err }));
    },
    cmd,
    args,
  );
}

describe("Billkeep desktop shell", () => {
  let app;
  let dataDir;

  before(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-e2e-"));
    app = await launchApp({ name: "shell", env: { BILLKEEP_DATA_DIR: dataDir } });
  });

  after(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("opens a window titled Billkeep on the Accounts screen", async () => {
    const { browser } = app;
    assert.equal(await browser.getTitle(), "Billkeep");
    const brand = await browser.$('[data-testid="brand"]');
    await brand.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await brand.getText(), "Billkeep");
    assert.equal(await (await browser.$("main h1")).getText(), "Accounts");
    await screenshot(browser, "shell-accounts");
  });

  it("shows what app_info returns: version and embedded environment", async () => {
    const { browser } = app;
    const version = await browser.$('[data-testid="version"]');
    await version.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await version.getText(), `v${VERSION}`);
    assert.equal(await (await browser.$('[data-testid="environment"]')).getText(), "Embedded sandbox");
  });

  it("shows the data directory the app was started with on Settings", async () => {
    const { browser } = app;
    await (await browser.$('[data-testid="nav-settings"]')).click();
    const dir = await browser.$('[data-testid="settings-data-dir"]');
    await dir.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await dir.getText(), dataDir);
    await screenshot(browser, "shell-settings");
  });

  it("answers app_info over IPC with the typed shape", async () => {
    const { ok, err } = await invoke(app.browser, "app_info");
    assert.equal(err, undefined);
    assert.deepEqual(ok, { version: VERSION, dataDir, environment: "embedded", profile: "Personal" });
  });

  it("refuses to open anything but https links, with a code and a message", async () => {
    const { ok, err } = await invoke(app.browser, "open_external", { url: "file:///etc/passwd" });
    assert.equal(ok, undefined);
    assert.deepEqual(err, {
      code: "not_https",
      message: "only https:// links can be opened outside the app",
      existingLink: null,
    });
  });

  it("grants the webview no plugin command it does not use", async () => {
    const { ok, err } = await invoke(app.browser, "plugin:shell|open", { path: "https://example.com" });
    assert.equal(ok, undefined);
    assert.match(String(err), /not allowed/);
  });
});
