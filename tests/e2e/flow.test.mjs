// The whole product in the real webview: link through the Connect iframe, restart, relink,
// errors, unlink — and no secret anywhere the webview or the logs can see.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ARTIFACTS, launchApp, pressWhenShown, screenshot, typeText } from "./driver.mjs";

const SERVICE = `dev.billkeep.e2e.${process.pid}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-flow-"));
const ENV = { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: SERVICE, BILLKEEP_LOG: "debug" };
let app;
let shot = 0;
const snap = (name) => screenshot(app.browser, `flow-${String(++shot).padStart(2, "0")}-${name}`);
const $ = (sel) => app.browser.$(sel);
const testid = (id) => $(`[data-testid="${id}"]`);

async function invoke(cmd, args = {}) {
  return app.browser.executeAsync((cmd, args, done) => {
    window.__TAURI_INTERNALS__.invoke(cmd, args).then((ok) => done({ ok }), (err) => done({ err }));
  }, cmd, args);
}

async function start() {
  app = await launchApp({ name: `flow-${shot}`, env: ENV });
  await (await testid("brand")).waitForDisplayed({ timeout: 15_000 });
}

/** The answers of every command that returns data, as the webview receives them. */
async function ipcAnswers() {
  const answers = [];
  for (const [cmd, args] of [
    ["app_info", {}],
    ["vault_status", {}],
    ["get_settings", {}],
    ["list_links", {}],
    ["list_bills", { query: {} }],
    ["list_connect_events", { limit: 1000 }],
    ["sync_now", { link: null, force: false }],
    ["create_link_token", { billerId: null }],
    ["overview", {}],
    ["chart", { link: null }],
  ]) {
    answers.push(JSON.stringify({ cmd, ...(await invoke(cmd, args)) }));
  }
  return answers.join("\n");
}

async function stop() {
  const log = await ipcAnswers();
  const dom = await app.browser.execute(() => document.documentElement.outerHTML + JSON.stringify(localStorage));
  await app.stop();
  return { log, dom };
}

const CONNECT = 'iframe[title="BillerAPI Connect"]';

/** Inside the Connect iframe: run `work`, then come back to the app's page. If `work` fails, Connect
 * is closed so that the next test starts from the app, not from a leftover modal. */
async function inConnect(work) {
  await (await $(CONNECT)).waitForExist({ timeout: 15_000 });
  await app.browser.waitUntil(async () => (await (await $(CONNECT)).getCSSProperty("visibility")).value === "visible", { timeout: 15_000 });
  await app.browser.switchFrame(await $(CONNECT));
  try {
    await work();
  } catch (e) {
    await app.browser.switchFrame(null);
    const close = await $('button[aria-label="Close"]');
    if (await close.isExisting()) await close.click();
    throw e;
  }
  await app.browser.switchFrame(null);
}

const type = (selector, text) => typeText(app.browser, selector, text);
const press = (selector) => pressWhenShown(app.browser, selector);

const inFrame = {
  async signIn(accountNumber) {
    await type("#username", "anyone");
    await type("#password", "anything");
    await type("#account-number", accountNumber);
    await press("button[type=submit]");
  },
  async chooseBiller(search, name) {
    await type("#biller-search", search);
    // The list is filtered 150 ms after the last key: a click on the unfiltered list can land where
    // its button was a moment ago, so wait until only matching billers are listed.
    await app.browser.waitUntil(
      async () => {
        const texts = [];
        for (const b of await app.browser.$$("#biller-list button")) texts.push(await b.getText());
        return texts.length > 0 && texts.every((t) => t.toLowerCase().includes(search));
      },
      { timeout: 10_000, timeoutMsg: `the biller list never showed only "${search}"` },
    );
    await press(`button*=${name}`);
  },
  async finish() {
    await press("button=Continue");
    await press("button=Allow");
  },
};

function keyringSecret(name) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", SERVICE, "username", name], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

const captured = { logs: [], doms: [] };

before(start);
after(async () => {
  if (app) captured.doms.push((await stop()).dom);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Billkeep, end to end", () => {
  it("1. first run: link 4242424242 through Connect, then see its bill with line items", async () => {
    await (await testid("accounts")).waitForExist({ reverse: true });
    await (await $("h2*=No linked accounts yet")).waitForDisplayed({ timeout: 15_000 });
    await snap("empty");
    await press('[data-testid="link-account"]');
    await inConnect(async () => {
      await inFrame.chooseBiller("electric", "Test Electric Company");
      await snap("connect-credentials");
      await inFrame.signIn("4242424242");
      await inFrame.finish();
    });
    const account = await testid("account");
    await account.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await (await testid("account-biller")).getText(), "Test Electric Company");
    assert.equal(await (await testid("account-mask")).getText(), "****4242");
    await app.browser.waitUntil(async () => (await (await testid("link-status")).getText()) === "OK", { timeout: 15_000 });
    await snap("linked");
    await (await testid("nav-bills")).click();
    await press('[data-testid="tab-upcoming"]');
    const row = await testid("bill-row");
    await row.waitForDisplayed({ timeout: 10_000 });
    assert.match(await row.getText(), /Test Electric Company[\s\S]*\$\s?154\.20/);
    await row.click();
    const items = await testid("line-items");
    await items.waitForDisplayed();
    assert.match(await items.getText(), /Electric usage \(820 kWh\)[\s\S]*Distribution charge[\s\S]*State tax/);
    await snap("bill-detail");
    await app.browser.keys("Escape");
  });

  it("2. after a restart the link and its bills are still there, and a sync works", async () => {
    const { log, dom } = await stop();
    captured.logs.push(log);
    captured.doms.push(dom);
    await start();
    await (await testid("account")).waitForDisplayed({ timeout: 15_000 });
    await press('[data-testid="sync-all"]');
    const notice = await testid("notice");
    await notice.waitForDisplayed({ timeout: 15_000 });
    assert.equal(await notice.getText(), "Synced 1 account.");
    await (await testid("nav-bills")).click();
    await press('[data-testid="tab-upcoming"]');
    await (await testid("bill-row")).waitForDisplayed({ timeout: 10_000 });
    await snap("after-restart");
    await (await testid("nav-accounts")).click();
  });

  it("3. a login reset shows needs relink; relinking through Connect makes it OK again", async () => {
    const { ok: session } = await invoke("create_link_token", { billerId: null });
    const base = new URL(session.connectUrl).origin;
    const { ok: settings } = await invoke("get_settings");
    const secret = keyringSecret("client-secret.embedded");
    assert.ok(secret.startsWith("bb_test_"), "the embedded client secret is in the keyring");
    const linkId = await (await testid("account")).getAttribute("data-link");
    const reset = await fetch(`${base}/sandbox/links/${linkId}/reset_login`, {
      method: "POST",
      headers: { "X-Client-ID": settings.clientId, "X-Client-Secret": secret },
    });
    assert.equal(reset.status, 200);
    await press('[data-testid="sync-one"]');
    await app.browser.waitUntil(async () => (await (await testid("link-status")).getText()) === "Needs relink", { timeout: 15_000 });
    await snap("needs-relink");
    await press('[data-testid="relink"]');
    await inConnect(async () => {
      await inFrame.signIn("4242424242");
      await inFrame.finish();
    });
    await app.browser.waitUntil(async () => (await (await testid("link-status")).getText()) === "OK", { timeout: 15_000 });
    await snap("relinked");
  });

  it("4. invalid credentials are explained in Connect; leaving stores nothing", async () => {
    await press('[data-testid="link-account"]');
    await inConnect(async () => {
      await inFrame.chooseBiller("gas", "Test Gas Company");
      await inFrame.signIn("4000000001");
      // The form is drawn again with the error, so look the paragraph up on each try.
      await app.browser.waitUntil(async () => (await (await $("#credentials-error")).getText()).includes("incorrect"), { timeout: 10_000 });
      await snap("invalid-credentials");
      await press("button=Exit");
    });
    await (await $(CONNECT)).waitForExist({ reverse: true, timeout: 10_000 });
    assert.equal((await app.browser.$$('[data-testid="account"]')).length, 1, "nothing new is linked");
    // Closing Connect with its close button is a plain exit too.
    await press('[data-testid="link-account"]');
    const close = await $('button[aria-label="Close"]');
    await close.waitForDisplayed({ timeout: 10_000 });
    await close.click();
    await (await $(CONNECT)).waitForExist({ reverse: true, timeout: 10_000 });
    assert.equal((await app.browser.$$('[data-testid="account"]')).length, 1);
  });

  it("5. unlink removes the account, its bills and every trace of its token", async () => {
    const dbFiles = () => readdirSync(dataDir).filter((f) => f.startsWith("billkeep.db")).map((f) => readFileSync(path.join(dataDir, f)));
    const sealed = execFileSync("python3", ["-c", `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute("select hex(sealed_token) from links").fetchone()[0])`, path.join(dataDir, "billkeep.db")], { encoding: "utf8" }).trim();
    const needle = Buffer.from(sealed.slice(10, 58), "hex"); // 24 bytes of the nonce
    assert.ok(dbFiles().some((b) => b.includes(needle)), "the sealed token is in the database before");
    await press('[data-testid="unlink"]');
    await press('[data-testid="confirm"]');
    await (await $("h2*=No linked accounts yet")).waitForDisplayed({ timeout: 15_000 });
    await (await testid("nav-bills")).click();
    await (await $("h2*=No bills yet")).waitForDisplayed({ timeout: 5_000 });
    await snap("unlinked");
    assert.ok(!dbFiles().some((b) => b.includes(needle)), "no trace of the token after unlink");
  });

  it("6. no IPC answer, DOM, localStorage or log line holds an access token or the client secret", async () => {
    const secret = keyringSecret("client-secret.embedded");
    const { log, dom } = await stop();
    captured.logs.push(log);
    captured.doms.push(dom);
    app = null;
    const driverLogs = readdirSync(ARTIFACTS).filter((f) => f.startsWith("tauri-driver-flow")).map((f) => readFileSync(path.join(ARTIFACTS, f), "utf8"));
    const everything = [...captured.logs, ...captured.doms, ...driverLogs].join("\n");
    assert.ok(captured.logs.join("").includes("list_bills") && captured.logs.join("").includes("Test Electric Company"), "the IPC answers were captured");
    assert.ok(driverLogs.join("").includes("BillerAPI call"), "the app's own log was captured");
    assert.doesNotMatch(everything, /at_sandbox_[0-9a-f]{32}/, "an access token leaked");
    assert.ok(secret.length > 20 && !everything.includes(secret), "the client secret leaked");
    assert.doesNotMatch(everything, /bb_test_[0-9a-f]{32}/, "a client secret leaked");
  });
});
