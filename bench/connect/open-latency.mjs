// Measures open() → OPEN (the first step rendered and interactive) for N fresh link tokens.
import { connectFrame, launchBrowser, startEmulator, startHost, waitForLog } from "../../tests/connect/harness.mjs";

const runs = Number(process.argv[2] ?? 20);
const emulator = await startEmulator();
const host = await startHost(emulator.base);
const browser = await launchBrowser();
const samples = [];
try {
  for (const preselected of [false, true]) {
    const times = [];
    // One unmeasured warm-up, then N measured opens, each with a new page and link token.
    for (let i = 0; i <= runs; i++) {
      const page = await browser.newPage();
      await page.goto(`${host.base}/${preselected ? "?biller=test_electric_company" : ""}`);
      await page.click("#prepare");
      await waitForLog(page, "prepared");
      await page.click("#link");
      const log = await waitForLog(page, "event");
      const open = log.find((e) => e.name === "OPEN");
      await connectFrame(page).locator(preselected ? "#username" : "#biller-search").waitFor();
      const openedAt = await page.evaluate(() => window.__openedAt);
      if (i > 0) times.push(open.at - openedAt);
      await page.close();
    }
    times.sort((a, b) => a - b);
    samples.push([preselected ? "credentials (biller pre-selected)" : "biller search", times]);
  }
} finally {
  await browser.close();
  await host.stop();
  await emulator.stop();
}
console.log(`\nopen() → first interactive step, Chromium headless, local emulator, ${runs} runs each\n`);
console.log("| first step | median (ms) | min (ms) | max (ms) |");
console.log("|---|---:|---:|---:|");
for (const [name, t] of samples) {
  const median = t.length % 2 ? t[(t.length - 1) / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
  console.log(`| ${name} | ${median.toFixed(1)} | ${t[0].toFixed(1)} | ${t.at(-1).toFixed(1)} |`);
}
