// Profiles in the window: each profile is its own data, vault key and settings. A link made in
// one profile is absent from the other, whichever way the profile is chosen.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, launchApp, screenshot } from "./driver.mjs";

const CLI = process.env.BILLKEEP_CLI ?? path.join(ROOT, "target/debug/billkeep-cli");
const SERVICE = `dev.billkeep.e2e.profiles.${process.pid}`;
const SUPPORT = "Support — sandbox";
const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-profiles-"));
const cli = (...args) =>
  execFileSync(CLI, ["--data-dir", dataDir, ...args], {
    env: { ...process.env, BILLKEEP_KEYRING_SERVICE: SERVICE },
    encoding: "utf8",
  });
let app;
const $ = (sel) => app.browser.$(sel);
const testid = (id) => $(`[data-testid="${id}"]`);

async function texts(selector) {
  const found = await app.browser.$$(selector);
  const out = [];
  for (let i = 0; i < found.length; i++) out.push(await found[i].getText());
  return out;
}

after(async () => {
  if (app) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("profiles", () => {
  it("shows only the links of the profile it opened", async () => {
    cli("profiles", "create", SUPPORT);
    cli("env", "use", "embedded");
    cli("link", "--biller", "test_electric_company", "--account", "4242424242");
    cli("--profile", SUPPORT, "env", "use", "embedded");
    cli("--profile", SUPPORT, "link", "--biller", "test_gas_company", "--account", "4242424242");

    app = await launchApp({
      name: "profiles-support",
      env: { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: SERVICE, BILLKEEP_PROFILE: SUPPORT },
    });
    await (await testid("account")).waitForDisplayed({ timeout: 15_000 });
    assert.deepEqual(await texts('[data-testid="account-biller"]'), ["Test Gas Company"]);
    const switcher = await testid("profile-switcher");
    await switcher.waitForExist({ timeout: 5_000 });
    assert.equal(await switcher.getValue(), SUPPORT);
    assert.equal(await switcher.isEnabled(), false, "chosen by BILLKEEP_PROFILE for this run");
    await screenshot(app.browser, "profiles-support");
    await app.stop();
    app = null;

    // Without a choice, the app opens the active profile: the default one.
    app = await launchApp({ name: "profiles-personal", env: { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: SERVICE } });
    await (await testid("account")).waitForDisplayed({ timeout: 15_000 });
    assert.deepEqual(await texts('[data-testid="account-biller"]'), ["Test Electric Company"]);
    const personal = await testid("profile-switcher");
    assert.equal(await personal.getValue(), "Personal");
    assert.equal(await personal.isEnabled(), true);
    await (await testid("nav-settings")).click();
    assert.equal(await (await testid("settings-profile")).getText(), "Personal");
    assert.equal((await app.browser.$$('[data-testid="profile-row"]')).length, 2);
  });
});
