// Reaching the app from outside: a second launch hands its billkeep:// link to the running window
// (one instance per data directory) and exits; a link only navigates or prefills; a link that is
// not understood does nothing; the e-mail discovery's consent runs in the system browser (the test
// installs itself as the desktop's default browser and plays it), and its redirect, passed to a
// second launch, shows the billers found. The one-time state cannot be replayed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { APP, ROOT, launchApp, screenshot } from "./driver.mjs";

const CLI = process.env.BILLKEEP_CLI ?? path.join(ROOT, "target/debug/billkeep-cli");
const SERVICE = `dev.billkeep.e2e.reach.${process.pid}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-reach-"));
const home = mkdtempSync(path.join(os.tmpdir(), "billkeep-reach-xdg-"));
const opened = path.join(home, "opened.txt");
const env = {
  BILLKEEP_DATA_DIR: dataDir,
  BILLKEEP_KEYRING_SERVICE: SERVICE,
  XDG_CONFIG_HOME: path.join(home, "config"),
};
let app;
const $ = (sel) => app.browser.$(sel);
const testid = (id) => $(`[data-testid="${id}"]`);

/** Makes a script the desktop's default web browser: it writes down each URL it is given. */
function installBrowser() {
  const script = path.join(home, "browser.sh");
  writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
  chmodSync(script, 0o755);
  const apps = path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), ".local/share"), "applications");
  mkdirSync(apps, { recursive: true });
  writeFileSync(
    path.join(apps, "billkeep-test-browser.desktop"),
    `[Desktop Entry]\nType=Application\nName=Test browser\nExec=${script} %u\nMimeType=x-scheme-handler/http;x-scheme-handler/https;\n`,
  );
  mkdirSync(env.XDG_CONFIG_HOME, { recursive: true });
  writeFileSync(
    path.join(env.XDG_CONFIG_HOME, "mimeapps.list"),
    "[Default Applications]\nx-scheme-handler/http=billkeep-test-browser.desktop\nx-scheme-handler/https=billkeep-test-browser.desktop\n",
  );
  env.BROWSER = script;
}

/** Launches the app again with `arg`, as the desktop does for a link; resolves with its exit code. */
function secondLaunch(arg) {
  return new Promise((resolve, reject) => {
    const child = spawn(APP, [arg], { env: { ...process.env, ...env }, stdio: "ignore" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the second launch did not hand over and exit within 15 s"));
    }, 15_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

before(async () => {
  installBrowser();
  const cli = (...args) =>
    execFileSync(CLI, ["--data-dir", dataDir, ...args], { env: { ...process.env, BILLKEEP_KEYRING_SERVICE: SERVICE } });
  cli("env", "use", "embedded");
  cli("link", "--biller", "test_electric_company", "--account", "4242424242");
  cli("sync");
  app = await launchApp({ name: "reach", env });
  await (await testid("account")).waitForDisplayed({ timeout: 15_000 });
});

after(async () => {
  if (app) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe("reaching the app from outside", () => {
  it("a second launch with billkeep://bills?status=OVERDUE exits and the running window shows the overdue bills", async () => {
    assert.equal(await secondLaunch("billkeep://bills?status=OVERDUE"), 0);
    await app.browser.waitUntil(async () => (await (await testid("filter-status")).getValue()) === "OVERDUE", {
      timeout: 5_000,
      timeoutMsg: "the Bills screen did not open filtered by OVERDUE",
    });
    await screenshot(app.browser, "reach-bills-overdue");
  });

  it("billkeep://link?biller=… opens Connect with that biller chosen, and links nothing by itself", async () => {
    assert.equal(await secondLaunch("billkeep://link?biller=test_gas_company"), 0);
    const frame = await $('iframe[title="BillerAPI Connect"]');
    await frame.waitForExist({ timeout: 15_000 });
    await app.browser.switchFrame(frame);
    try {
      await (await $("#username")).waitForDisplayed({ timeout: 15_000 });
      assert.match(await (await $("body")).getText(), /Test Gas Company/);
    } finally {
      await app.browser.switchFrame(null);
    }
    await (await $('button[aria-label="Close"]')).click();
    await frame.waitForExist({ reverse: true, timeout: 5_000 });
    assert.equal((await app.browser.$$('[data-testid="account"]')).length, 1, "nothing was linked");
  });

  it("a link it does not understand is said so and does nothing", async () => {
    assert.equal(await secondLaunch("billkeep://settings?environment=custom&url=http://evil.example"), 0);
    const notice = await testid("notice");
    await notice.waitForDisplayed({ timeout: 5_000 });
    assert.match(await notice.getText(), /not understood/);
    const { settings } = JSON.parse(
      execFileSync(CLI, ["--data-dir", dataDir, "--json", "env"], {
        env: { ...process.env, BILLKEEP_KEYRING_SERVICE: SERVICE },
        encoding: "utf8",
      }),
    );
    assert.equal(settings.environment, "embedded");
    assert.equal(settings.customUrl, null);
  });

  it("finds the billers in the user's e-mail: consent in the browser, the redirect through a second launch", async () => {
    await (await testid("find-in-email")).click();
    await (await testid("email-asked")).waitForDisplayed({ timeout: 10_000 });
    await app.browser.waitUntil(() => existsSync(opened), { timeout: 10_000, timeoutMsg: "no browser was opened" });
    const consentUrl = readFileSync(opened, "utf8").trim().split("\n").at(-1);
    assert.match(consentUrl, /^http:\/\/127\.0\.0\.1:\d+\/emails\/gmail\/consent\?page=consent_/);

    // The test plays the browser: the consent page, then "Allow".
    const page = await fetch(consentUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Allow access to your bill e-mails/);
    const pageId = new URL(consentUrl).searchParams.get("page");
    const allow = await fetch(new URL(`/emails/gmail/consent?page=${pageId}&decision=allow`, consentUrl), {
      method: "POST",
      redirect: "manual",
    });
    assert.equal(allow.status, 303);
    const back = allow.headers.get("location");
    assert.match(back, /^billkeep:\/\/oauth\/email\?state=[0-9a-f]{32}&status=connected$/);

    assert.equal(await secondLaunch(back), 0);
    const found = await testid("email-found");
    await found.waitForDisplayed({ timeout: 15_000 });
    const billers = await app.browser.$$('[data-testid="found-biller"]');
    assert.equal(billers.length, 3);
    // The electric company is linked already; the two others offer "Link".
    assert.match(await found.getText(), /Test Electric Company[\s\S]*last \$\s?[\d,]+\.\d\d[\s\S]*12 e-mails/);
    assert.equal((await app.browser.$$('[data-testid="found-link"]')).length, 2);
    await screenshot(app.browser, "reach-email-found");

    // The same redirect again: its state was used up.
    assert.equal(await secondLaunch(back), 0);
    const failed = await testid("email-failed");
    await failed.waitForDisplayed({ timeout: 15_000 });
    assert.match(await failed.getText(), /unknown or has expired/);
  });
});
