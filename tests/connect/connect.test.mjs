// The Connect SDK and the hosted Connect pages in real Chromium, against the real emulator, from a
// page written like BillerAPI's vanilla example. One test per sandbox scenario.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connectFrame, launchBrowser, serverCall, startEmulator, startHost, waitForLog } from "./harness.mjs";

// Evaluated through DevTools, so the page's strict CSP stays on while axe runs.
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let emulator, host, browser;

before(async () => {
  emulator = await startEmulator();
  host = await startHost(emulator.base);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await emulator?.stop();
});

async function openPage(query = "") {
  const page = await browser.newPage();
  await page.goto(`${host.base}/${query}`);
  return page;
}

const names = (log) => log.filter((e) => e.kind === "event").map((e) => e.name);

/** axe-core on the Connect frame: no serious or critical violation. */
async function assertAccessible(page, step) {
  const frame = page.frames().find((f) => f.url().includes("/connect"));
  assert.ok(frame, "the Connect frame is loaded");
  await frame.evaluate(AXE);
  const violations = await frame.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
  });
  assert.deepEqual(violations, [], `accessibility violations at ${step}`);
}

async function signIn(page, accountNumber) {
  const frame = connectFrame(page);
  await frame.locator("#username").fill("any-user");
  await frame.locator("#password").fill("any-password");
  await frame.locator("#account-number").fill(accountNumber);
  await frame.getByRole("button", { name: "Continue" }).click();
}

describe("Connect in Chromium", () => {
  it("4242424242: links with any username and password, the public token exchanges server-side", async () => {
    const page = await openPage();
    await page.click("#link");
    const frame = connectFrame(page);
    await frame.getByRole("heading", { name: "Select your biller" }).waitFor();
    await assertAccessible(page, "biller selection");
    await frame.locator("#biller-search").fill("electric");
    await frame.getByRole("button", { name: /Test Electric Company/ }).click();
    await frame.locator("#username").waitFor();
    await assertAccessible(page, "credentials");
    await signIn(page, "4242424242");
    await frame.getByRole("heading", { name: "Your account" }).waitFor();
    await assertAccessible(page, "account selection");
    await frame.getByRole("button", { name: "Continue" }).click();
    await frame.getByRole("heading", { name: "Allow access" }).waitFor();
    await assertAccessible(page, "consent");
    await frame.getByRole("button", { name: "Allow" }).click();
    const log = await waitForLog(page, "exchanged");
    assert.deepEqual(names(log), ["OPEN", "SELECT_BILLER", "SUBMIT_CREDENTIALS", "ACCOUNT_DISCOVERED", "SUCCESS"]);
    const success = log.find((e) => e.kind === "success");
    assert.match(success.publicToken, /^pt_sandbox_[0-9a-f]{32}$/);
    assert.equal(success.metadata.biller_id, "test_electric_company");
    assert.equal(success.metadata.institutionName, "Test Electric Company");
    assert.equal(success.metadata.accountId, "acct_1");
    assert.equal(success.metadata.account_mask, "****4242");
    assert.ok(log.find((e) => e.kind === "exchanged").ok);
    const exchange = host.exchanges.at(-1);
    assert.equal(exchange.status, 200);
    // The go-live page's sandbox prefix; clients never parse it, this only pins what we serve.
    assert.match(exchange.body.link_id, /^sb_link_[0-9a-f]+$/);
    assert.equal(await page.locator("[data-billerapi-connect]").count(), 0, "the modal is gone");
    await page.close();
  });

  it("4000000001: invalid credentials are shown and can be retried", async () => {
    const page = await openPage("?biller=test_electric_company");
    await page.click("#link");
    await signIn(page, "4000000001");
    const frame = connectFrame(page);
    await frame.getByRole("alert").filter({ hasText: "incorrect" }).waitFor();
    await assertAccessible(page, "credentials error");
    await signIn(page, "4242424242");
    await frame.getByRole("heading", { name: "Your account" }).waitFor();
    const log = await page.evaluate(() => window.__log);
    assert.deepEqual(names(log), ["OPEN", "SELECT_BILLER", "SUBMIT_CREDENTIALS", "ERROR", "SUBMIT_CREDENTIALS", "ACCOUNT_DISCOVERED"]);
    assert.equal(log.find((e) => e.name === "ERROR").metadata.error_code, "INVALID_CREDENTIALS");
    await page.close();
  });

  it("4000000004: a locked account ends on an error screen and onExit carries its code", async () => {
    const page = await openPage("?biller=test_electric_company");
    await page.click("#link");
    await signIn(page, "4000000004");
    const frame = connectFrame(page);
    await frame.getByRole("heading", { name: "Your account is locked" }).waitFor();
    await assertAccessible(page, "error screen");
    await frame.getByRole("button", { name: "Exit" }).click();
    const log = await waitForLog(page, "exit");
    const exit = log.find((e) => e.kind === "exit");
    assert.equal(exit.error.code, "ACCOUNT_LOCKED");
    assert.deepEqual(names(log), ["OPEN", "SELECT_BILLER", "SUBMIT_CREDENTIALS", "ERROR", "EXIT"]);
    await page.close();
  });

  it("4000000003: MFA with the sandbox code 123456", async () => {
    const page = await openPage("?biller=test_electric_company");
    await page.click("#link");
    await signIn(page, "4000000003");
    const frame = connectFrame(page);
    await frame.locator("#mfa-code").fill("000000");
    await frame.getByRole("button", { name: "Verify" }).click();
    await frame.getByRole("alert").filter({ hasText: "not right" }).waitFor();
    await assertAccessible(page, "MFA");
    await frame.locator("#mfa-code").fill("123456");
    await frame.getByRole("button", { name: "Verify" }).click();
    await frame.getByRole("button", { name: "Continue" }).click();
    await frame.getByRole("button", { name: "Allow" }).click();
    const log = await waitForLog(page, "exchanged");
    assert.deepEqual(names(log), [
      "OPEN", "SELECT_BILLER", "SUBMIT_CREDENTIALS", "MFA_REQUIRED", "SUBMIT_MFA", "ERROR", "SUBMIT_MFA", "ACCOUNT_DISCOVERED", "SUCCESS",
    ]);
    await page.close();
  });

  it("4000000008: the user chooses one of three accounts, with the keyboard only", async () => {
    const page = await openPage("?biller=test_electric_company");
    await page.click("#link");
    const frame = connectFrame(page);
    await frame.locator("#username").waitFor();
    // Focus starts on the username field; the rest is typed and tabbed.
    await page.keyboard.type("kbd-user");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kbd-pass");
    await page.keyboard.press("Tab");
    await page.keyboard.type("4000000008");
    await page.keyboard.press("Enter");
    await frame.getByRole("heading", { name: "Choose an account" }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await frame.getByRole("heading", { name: "Allow access" }).waitFor();
    await page.keyboard.press("Enter");
    const log = await waitForLog(page, "exchanged");
    assert.equal(log.find((e) => e.kind === "success").metadata.account_name, "Business");
    await page.close();
  });

  it("the user exits: onExit(null) and nothing is linked", async () => {
    const page = await openPage("?biller=test_electric_company");
    const exchangesBefore = host.exchanges.length;
    await page.click("#link");
    await connectFrame(page).locator("#username").waitFor();
    await page.getByRole("button", { name: "Close" }).click();
    const log = await waitForLog(page, "exit");
    const exit = log.find((e) => e.kind === "exit");
    assert.equal(exit.error, null);
    assert.equal(exit.metadata.status, "user_closed");
    assert.deepEqual(names(log), ["OPEN", "SELECT_BILLER", "EXIT"]);
    assert.equal(host.exchanges.length, exchangesBefore);
    await page.close();
  });

  it("an expired link token: onExit with LINK_TOKEN_EXPIRED", async () => {
    const page = await openPage("?biller=test_electric_company");
    await page.click("#prepare");
    await waitForLog(page, "prepared");
    await serverCall(emulator.base, "POST", "/sandbox/clock", { advance_seconds: 31 * 60 });
    try {
      await page.click("#link");
      const log = await waitForLog(page, "exit");
      const exit = log.find((e) => e.kind === "exit");
      assert.equal(exit.error.code, "LINK_TOKEN_EXPIRED");
      assert.match(exit.error.message, /expired/);
      assert.deepEqual(names(log), ["ERROR"]);
    } finally {
      await serverCall(emulator.base, "POST", "/sandbox/clock", { reset: true });
      await page.close();
    }
  });

  it("the Connect page opened on its own refuses to run", async () => {
    const page = await browser.newPage();
    await page.goto(`${emulator.base}/connect?v=1&parent_origin=${encodeURIComponent(host.base)}`);
    await page.getByRole("heading", { name: "Open Connect from the app" }).waitFor();
    await page.close();
  });
});
