// No keyring at all (a headless Linux session without Secret Service): the app asks for a new
// passphrase, works in the embedded environment on it, locks from Settings and opens again only
// with the right passphrase.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, pressWhenShown, screenshot, typeText } from "./driver.mjs";

const PASSPHRASE = "correct horse battery";
const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-lock-"));
// No session bus means no Secret Service: the keyring is unavailable, as on a bare server.
const ENV = { BILLKEEP_DATA_DIR: dataDir, DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/billkeep-no-bus" };

describe("passphrase vault without a keyring", () => {
  let app;
  const testid = (id) => app.browser.$(`[data-testid="${id}"]`);
  const type = (selector, text) => typeText(app.browser, selector, text);
  const press = (selector) => pressWhenShown(app.browser, selector);

  async function enterPassphrase(passphrase, { repeat = false } = {}) {
    await (await testid("unlock")).waitForDisplayed({ timeout: 15_000 });
    await type("#passphrase", passphrase);
    if (repeat) await type("#passphrase-repeat", passphrase);
    await press('[data-testid="unlock"] button[type=submit]');
  }

  before(async () => {
    app = await launchApp({ name: "lock", env: ENV });
  });

  after(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("asks for a new passphrase, then opens the vault with it", async () => {
    await (await testid("unlock")).waitForDisplayed({ timeout: 15_000 });
    const text = await (await testid("unlock")).getText();
    assert.match(text, /No system keyring is available/);
    await screenshot(app.browser, "lock-01-choose-passphrase");
    await enterPassphrase(PASSPHRASE, { repeat: true });
    await (await testid("brand")).waitForDisplayed({ timeout: 15_000 });
  });

  it("links a sandbox account in the embedded environment without a keyring", async () => {
    await press('[data-testid="nav-support"]');
    await press('[data-testid="scenarios"] tr:first-child button');
    const notice = await testid("support-notice");
    await notice.waitUntil(async () => /^Linked /.test(await notice.getText()), { timeout: 20_000 });
    await press('[data-testid="nav-accounts"]');
    const mask = await testid("account-mask");
    await mask.waitForDisplayed({ timeout: 10_000 });
    assert.match(await mask.getText(), /4242$/);
  });

  it("locks from Settings and refuses a wrong passphrase", async () => {
    await press('[data-testid="nav-settings"]');
    await (await testid("settings-lock")).waitForDisplayed({ timeout: 10_000 });
    await press('[data-testid="settings-lock-now"]');
    await (await testid("unlock")).waitForDisplayed({ timeout: 10_000 });
    assert.match(await (await testid("unlock")).getText(), /Billkeep is locked/);
    assert.equal(await (await testid("brand")).isExisting(), false, "nothing of the app is shown while locked");
    await screenshot(app.browser, "lock-02-locked");
    await enterPassphrase("wrong horse battery");
    const alert = await app.browser.$('[data-testid="unlock"] [role="alert"]');
    await alert.waitForDisplayed({ timeout: 15_000 });
    assert.match(await alert.getText(), /wrong passphrase.*Caps Lock/is);
  });

  it("opens again with the right passphrase, with the link and its token intact", async () => {
    await (await app.browser.$("#passphrase")).clearValue();
    await enterPassphrase(PASSPHRASE);
    await (await testid("brand")).waitForDisplayed({ timeout: 15_000 });
    await press('[data-testid="nav-accounts"]');
    await press('[data-testid="sync-one"]');
    const notice = await testid("notice");
    await notice.waitUntil(async () => (await notice.getText()) === "Synced 1 account.", { timeout: 20_000 });
    await screenshot(app.browser, "lock-03-unlocked");
  });
});
