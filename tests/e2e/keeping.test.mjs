// Keeping bills in the real webview: the sandbox history account (two years of monthly bills)
// linked from Support, then this month's totals, the calendar, the chart with its expected band,
// an unusual bill explained, and the account's next bill. Screenshots go to target/e2e/ (the
// ones in docs/screenshots/ are copies).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp, pressWhenShown, screenshot } from "./driver.mjs";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-keeping-"));
const ENV = { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: `dev.billkeep.e2e.keeping.${process.pid}` };
let app;
const $ = (sel) => app.browser.$(sel);
const testid = (id) => $(`[data-testid="${id}"]`);
const press = (selector) => pressWhenShown(app.browser, selector);
const snap = (name) => screenshot(app.browser, `keeping-${name}`);

before(async () => {
  app = await launchApp({ name: "keeping", env: ENV });
  await (await testid("brand")).waitForDisplayed({ timeout: 15_000 });
});

after(async () => {
  if (app) await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("keeping bills", () => {
  it("links the history account from Support and syncs its two years of bills", async () => {
    await press('[data-testid="nav-support"]');
    await press('[data-testid="scenario-link-5555555555"]');
    const notice = await testid("support-notice");
    await app.browser.waitUntil(async () => /Linked Test Electric Company/.test(await notice.getText()), { timeout: 20_000 });
    await press('[data-testid="nav-accounts"]');
    const next = await testid("account-next-due");
    await next.waitForDisplayed({ timeout: 15_000 });
    // The sync runs after the link: the next bill shows once it has.
    await app.browser.waitUntil(async () => /Next bill: \$\s?\d+\.\d\d due /.test(await next.getText()), {
      timeout: 20_000,
      timeoutMsg: "no next bill shown",
    });
    await app.browser.waitUntil(async () => (await (await testid("link-status")).getText()) === "OK", { timeout: 15_000 });
    await snap("accounts");
  });

  it("says what is still to pay this month and what comes in the next 30 days", async () => {
    await press('[data-testid="nav-bills"]');
    const toPay = await testid("month-to-pay");
    await toPay.waitForDisplayed({ timeout: 10_000 });
    assert.match(await toPay.getText(), /Still to pay this month\s*\$\s?\d/);
    assert.match(await (await testid("month-paid")).getText(), /Paid so far/);
    assert.match(await (await testid("next-30-days")).getText(), /Test Electric Company/);
    await snap("this-month");
  });

  it("shows the due dates in a calendar, today marked, and walks it with the keyboard", async () => {
    await press('[data-testid="tab-calendar"]');
    await (await testid("calendar")).waitForDisplayed();
    const today = await $('[aria-current="date"]');
    await today.waitForDisplayed();
    // The current bill is in this month or the next; its entry is there once the month is read.
    let entries = await app.browser.$$('[data-testid="calendar-entry"]');
    if (entries.length === 0) {
      await press('[data-testid="calendar-next"]');
      await app.browser.waitUntil(async () => (await app.browser.$$('[data-testid="calendar-entry"]')).length > 0, { timeout: 10_000 });
      entries = await app.browser.$$('[data-testid="calendar-entry"]');
    }
    const text = await app.browser.execute((el) => el.textContent, entries[0]);
    assert.match(text, /\$\s?\d+\.\d\d Test Electric Company/);
    await snap("calendar");
    // A month after the current bill holds the expected one.
    const expected = () =>
      app.browser.execute(() => document.querySelectorAll('[data-testid="calendar-entry"][data-kind="expected"]').length);
    for (let i = 0; i < 3 && (await expected()) === 0; i++) {
      await press('[data-testid="calendar-next"]');
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok((await expected()) > 0, "an expected bill within three months");
    await snap("calendar-expected");
    // Keyboard: the focused day moves with the arrows.
    const focused = await $('[data-testid="calendar-day"][tabindex="0"]');
    await focused.click();
    const before = await focused.getAttribute("data-date");
    await app.browser.keys("ArrowRight");
    const after = await app.browser.execute(() => document.activeElement?.getAttribute("data-date"));
    assert.notEqual(after, before);
  });

  it("draws the account's chart with its expected band, and explains the unusual bill", async () => {
    await press('[data-testid="tab-history"]');
    const select = await testid("filter-account");
    await select.waitForDisplayed();
    await select.selectByIndex(1);
    const plot = await testid("chart-plot");
    await app.browser.waitUntil(async () => (await plot.getAttribute("data-drawn")) === "true", { timeout: 10_000 });
    assert.ok(await (await plot.$("canvas")).isExisting(), "uPlot drew on a canvas");
    const caption = await (await testid("amount-chart")).$("figcaption");
    assert.match(await caption.getText(), /24 bills.*next expected/s);
    // The table alternative holds the same 24 bills and the expected one.
    const rows = await app.browser.execute(() => document.querySelectorAll('[data-testid="chart-table"] tbody tr').length);
    assert.equal(rows, 25);
    // Hovering a point shows its tooltip.
    await plot.moveTo();
    await app.browser.waitUntil(async () => (await testid("chart-tooltip")).isExisting(), { timeout: 5_000 });
    await (await testid("bill-row-flag")).waitForExist({ timeout: 10_000 });
    await snap("history-chart");
    // The unusual bill is in the list with its reason (the list shows the rows in view; it is
    // among the newest, near the top).
    const reasons = await app.browser.execute(() =>
      [...document.querySelectorAll('[data-testid="bill-row-flag"]')].map((f) => f.textContent ?? ""),
    );
    const index = reasons.findIndex((r) => /\d+% above your usual for \w+/.test(r));
    assert.ok(index >= 0, reasons.join(" | "));
    await app.browser.execute((i) => {
      const flag = document.querySelectorAll('[data-testid="bill-row-flag"]')[i];
      flag.closest("button")?.click();
    }, index);
    const detail = await testid("bill-flag");
    await detail.waitForDisplayed();
    assert.match(await detail.getText(), /above your usual for/);
    await snap("unusual-bill");
    await app.browser.keys("Escape");
  });

  it("walks the bill list with the keyboard: one Tab stop, focus follows and the list scrolls", async () => {
    const table = await testid("bill-table");
    const total = Number((await table.getAttribute("aria-label")).match(/^(\d+) bills/)[1]);
    assert.ok(total > 21, `more bills (${total}) than the list draws, so rows are re-used`);
    const tabStops = () =>
      app.browser.execute(() => [...document.querySelectorAll('[data-testid="bill-table"] [tabindex="0"]')].map((e) => e.dataset.index));
    assert.deepEqual(await tabStops(), ["0"]);
    await app.browser.execute(() => document.querySelector('[data-testid="bill-row"][tabindex="0"]').focus());
    // Where the focused row is, and whether the list shows it whole.
    const focused = () =>
      app.browser.execute(() => {
        const row = document.activeElement;
        const list = document.querySelector('[data-testid="bill-table"]').getBoundingClientRect();
        const r = row.getBoundingClientRect();
        return { index: row.dataset.index, label: row.getAttribute("aria-label"), shown: r.top >= list.top - 1 && r.bottom <= list.bottom + 1 };
      });
    // Focus moves once the row is drawn (a tick after the key): wait for it, as for End and Home.
    await app.browser.keys("ArrowDown");
    await app.browser.waitUntil(async () => (await focused()).index === "1", { timeout: 5_000 });
    await app.browser.keys("End");
    await app.browser.waitUntil(async () => (await focused()).index === String(total - 1), { timeout: 5_000 });
    const last = await focused();
    assert.ok(last.shown, "the last bill scrolled into view");
    assert.match(last.label, /Test Electric Company .*due /);
    assert.deepEqual(await tabStops(), [String(total - 1)]);
    await app.browser.keys("Home");
    await app.browser.waitUntil(async () => (await focused()).index === "0", { timeout: 5_000 });
    assert.ok((await focused()).shown, "the first bill scrolled back into view");
    // Enter opens the focused bill.
    await app.browser.keys("Enter");
    await (await testid("line-items")).waitForDisplayed({ timeout: 5_000 });
    await app.browser.keys("Escape");
  });

  it("exports a calendar file of what is to pay", async () => {
    await press('[data-testid="tab-month"]');
    await press('[data-testid="export-ics"]');
    const status = await $("p[role=status]");
    await app.browser.waitUntil(async () => /Saved a calendar of \d+ unpaid and expected bills to /.test(await status.getText()), { timeout: 10_000 });
    const file = (await status.getText()).replace(/^.* to /, "");
    const text = readFileSync(file, "utf8");
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /STATUS:TENTATIVE/);
    rmSync(file, { force: true });
  });
});
