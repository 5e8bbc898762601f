// The window shows what the database holds, without a click: billkeep-cli links and syncs an
// account on the same data directory while the app is open, and a background sync (the
// scheduler's daily sync, its time fixed a little after the start) brings a bill the sandbox
// issued meanwhile. Many accounts are drawn a page at a time as the list scrolls.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, launchApp, screenshot } from "./driver.mjs";

const CLI = process.env.BILLKEEP_CLI ?? path.join(ROOT, "target/debug/billkeep-cli");
const SERVICE = `dev.billkeep.e2e.live.${process.pid}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-live-"));
const cli = (...args) =>
  execFileSync(CLI, ["--data-dir", dataDir, ...args], {
    env: { ...process.env, BILLKEEP_KEYRING_SERVICE: SERVICE },
    encoding: "utf8",
  });
let app;
let dailyAt;
const $ = (sel) => app.browser.$(sel);
const testid = (id) => $(`[data-testid="${id}"]`);

async function invoke(cmd, args = {}) {
  return app.browser.executeAsync(
    (cmd, args, done) => window.__TAURI_INTERNALS__.invoke(cmd, args).then((ok) => done({ ok }), (err) => done({ err })),
    cmd,
    args,
  );
}

/** A local time of day `seconds` from now, as HH:MM:SS. */
function timeIn(seconds) {
  return new Date(Date.now() + seconds * 1000).toTimeString().slice(0, 8);
}

before(async () => {
  // Keep the daily time on today's side of midnight.
  const now = new Date();
  if (now.getHours() === 23 && now.getMinutes() >= 58) {
    await new Promise((r) => setTimeout(r, (60 - now.getSeconds() + 90) * 1000));
  }
  cli("env", "use", "embedded");
  dailyAt = timeIn(30);
  app = await launchApp({
    name: "live",
    env: {
      BILLKEEP_DATA_DIR: dataDir,
      BILLKEEP_KEYRING_SERVICE: SERVICE,
      BILLKEEP_SCHEDULER_TICK_MS: "500",
      BILLKEEP_DAILY_SYNC_AT: dailyAt,
    },
  });
  await (await $("h2*=No linked accounts yet")).waitForDisplayed({ timeout: 15_000 });
});

after(async () => {
  if (app) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a live window", () => {
  it("shows an account the CLI links, and its bills once the CLI syncs, within two seconds", async () => {
    cli("link", "--biller", "test_electric_company", "--account", "4242424242");
    const linkedAt = Date.now();
    const account = await testid("account");
    await account.waitForDisplayed({ timeout: 2_000, timeoutMsg: "the linked account did not appear within 2 s" });
    assert.ok(Date.now() - linkedAt <= 2_000);
    assert.equal(await (await testid("account-mask")).getText(), "****4242");
    await (await testid("nav-bills")).click();
    await (await $("h2*=No bills yet")).waitForDisplayed();
    cli("sync");
    const syncedAt = Date.now();
    // This month lists the bill due in the next 30 days.
    const next = await testid("next-30-days");
    await next.waitForDisplayed({ timeout: 2_000, timeoutMsg: "the synced bill did not appear within 2 s" });
    assert.ok(Date.now() - syncedAt <= 2_000);
    assert.match(await next.getText(), /Test Electric Company[\s\S]*\$\s?154\.20/);
    await (await testid("tab-upcoming")).click();
    await (await testid("bill-row")).waitForDisplayed();
    await screenshot(app.browser, "live-after-cli");
  });

  it("shows what the daily background sync brings, without a click", async () => {
    const { ok: info } = await invoke("desktop_info");
    assert.equal(info.dailySyncAt, dailyAt.slice(0, 5));
    // The sandbox issues a new statement; nothing in the window asks for it.
    const { ok: session } = await invoke("create_link_token", { billerId: null });
    const base = new URL(session.connectUrl).origin;
    const { ok: settings } = await invoke("get_settings");
    const secret = execFileSync("secret-tool", ["lookup", "service", SERVICE, "username", "client-secret.embedded"], { encoding: "utf8" }).trim();
    const linkId = JSON.parse(cli("--json", "links"))[0].linkId;
    const issued = await fetch(`${base}/sandbox/bills/new_statement`, {
      method: "POST",
      headers: { "X-Client-ID": settings.clientId, "X-Client-Secret": secret, "Content-Type": "application/json" },
      body: JSON.stringify({ link_id: linkId }),
    });
    assert.equal(issued.status, 201);
    const rows = () => app.browser.execute(() => document.querySelectorAll('[data-testid="bill-row"]').length);
    assert.equal(await rows(), 1, "not synced yet");
    await app.browser.waitUntil(async () => (await rows()) === 2, {
      timeout: 60_000,
      interval: 250,
      timeoutMsg: `the daily sync at ${dailyAt} did not bring the new bill`,
    });
    await screenshot(app.browser, "live-after-daily-sync");
  });

  it("draws many accounts a page at a time, the next page as the list's end scrolls near", async () => {
    // 35 more links straight into the database (bench/startup's seeder): the window shows them.
    execFileSync("python3", [path.join(ROOT, "bench/startup/seed.py"), dataDir, "35", "1"]);
    await (await testid("nav-accounts")).click();
    const cards = () => app.browser.execute(() => document.querySelectorAll('[data-testid="account"]').length);
    await (await testid("more-accounts")).waitForExist({ timeout: 5_000, timeoutMsg: "36 links, no page break" });
    assert.equal(await cards(), 30);
    await app.browser.execute(() => document.querySelector('[data-testid="more-accounts"]').scrollIntoView());
    await app.browser.waitUntil(async () => (await cards()) === 36, {
      timeout: 5_000,
      timeoutMsg: "scrolling to the end of the list drew no more accounts",
    });
    assert.equal(await (await testid("more-accounts")).isExisting(), false);
  });
});
