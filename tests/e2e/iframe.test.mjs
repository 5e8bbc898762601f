// The Connect iframe gets no IPC: from inside it, no channel reaches the app's commands. Each
// attempt tries to change a setting; the app's own page then shows the setting unchanged, and
// (as a control) that the same command does change it when the app itself calls it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, pressWhenShown, screenshot } from "./driver.mjs";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-iframe-"));
const ENV = { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: `dev.billkeep.e2e.iframe.${process.pid}` };
const CONNECT = 'iframe[title="BillerAPI Connect"]';
let app;

async function invoke(cmd, args = {}) {
  return app.browser.executeAsync(
    (cmd, args, done) => window.__TAURI_INTERNALS__.invoke(cmd, args).then((ok) => done({ ok }), (err) => done({ err })),
    cmd,
    args,
  );
}

before(async () => {
  app = await launchApp({ name: "iframe", env: ENV });
  await (await app.browser.$('[data-testid="brand"]')).waitForDisplayed({ timeout: 15_000 });
});
after(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the Connect iframe", () => {
  it("cannot invoke any command, through any channel", async () => {
    const before = await invoke("get_settings");
    assert.deepEqual(before.ok.reminderDays, [7, 3, 0]);

    await pressWhenShown(app.browser, '[data-testid="link-account"]');
    const frame = await app.browser.$(CONNECT);
    await frame.waitForExist({ timeout: 15_000 });
    await app.browser.switchFrame(frame);
    await (await app.browser.$("#biller-search")).waitForDisplayed({ timeout: 15_000 });
    const attempts = await app.browser.executeAsync((done) => {
      const results = {};
      const body = JSON.stringify({ days: 42 });
      const tries = [];
      results.internals = typeof window.__TAURI_INTERNALS__;
      results.tauri = typeof window.__TAURI__;
      try {
        window.parent.__TAURI_INTERNALS__.invoke("set_reminder_days", { days: [42] });
        results.parent = "reached";
      } catch (e) {
        results.parent = `blocked: ${e.name}`;
      }
      // wry's script message handler, and the window.ipc shim Tauri puts in its own page.
      for (const [name, channel] of [
        ["webkit.messageHandlers.ipc", window.webkit?.messageHandlers?.ipc],
        ["window.ipc", window.ipc],
      ]) {
        if (!channel) {
          results[name] = "absent";
          continue;
        }
        try {
          channel.postMessage(
            JSON.stringify({ cmd: "set_reminder_days", callback: 1, error: 2, payload: { days: [42] }, options: {}, __TAURI_INVOKE_KEY__: "guess" }),
          );
          results[name] = "posted";
        } catch (e) {
          results[name] = `blocked: ${e.name}`;
        }
      }
      // The custom-protocol IPC endpoints, with a guessed invoke key.
      for (const url of ["ipc://localhost/set_reminder_days", "http://ipc.localhost/set_reminder_days"]) {
        tries.push(
          fetch(url, {
            method: "POST",
            body,
            headers: { "Content-Type": "application/json", "Tauri-Callback": "1", "Tauri-Error": "2", "Tauri-Invoke-Key": "guess" },
          }).then(
            (r) => (results[url] = `answered ${r.status}`),
            (e) => (results[url] = `blocked: ${e.name}`),
          ),
        );
      }
      Promise.all(tries).then(() => setTimeout(() => done(results), 500));
    });
    await screenshot(app.browser, "iframe-01-connect-open");
    await app.browser.switchFrame(null);

    assert.equal(attempts.internals, "undefined", "no Tauri IPC object in the frame");
    assert.equal(attempts.tauri, "undefined");
    assert.match(attempts.parent, /^blocked/, "the app's page is out of reach (cross-origin)");
    const after = await invoke("get_settings");
    assert.deepEqual(after.ok.reminderDays, [7, 3, 0], `a command ran from the frame: ${JSON.stringify(attempts)}`);

    // Control: the same command, called by the app's own page, does change the setting.
    const changed = await invoke("set_reminder_days", { days: [5] });
    assert.deepEqual(changed.ok.reminderDays, [5]);
    console.log(`iframe attempts: ${JSON.stringify(attempts)}`);
  });
});
