// Time to render the 10,000-bill list: from the click on "Bills" to the rows painted, in the real
// webview over WebDriver, median of N toggles between Accounts and Bills.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchApp } from "../../tests/e2e/driver.mjs";

const [seedDir, runs = "10"] = process.argv.slice(2);
const dir = mkdtempSync(path.join(os.tmpdir(), "billkeep-render-"));
cpSync(seedDir, dir, { recursive: true });
const app = await launchApp({ name: "render", env: { BILLKEEP_DATA_DIR: dir } });
const b = app.browser;
try {
  await (await b.$('[data-testid="account"]')).waitForDisplayed({ timeout: 30_000 });
  const total = await b.executeAsync((done) =>
    window.__TAURI_INTERNALS__.invoke("list_bills", { query: {} }).then((p) => done(p.total)),
  );
  const times = [];
  for (let i = 0; i <= Number(runs); i++) {
    const ms = await b.executeAsync((done) => {
      const started = performance.now();
      document.querySelector('[data-testid="nav-bills"]').click();
      const check = () => {
        if (document.querySelector('[data-testid="bill-row"]')) {
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - started)));
        } else requestAnimationFrame(check);
      };
      check();
    });
    if (i > 0) times.push(ms);
    await (await b.$('[data-testid="nav-accounts"]')).click();
  }
  times.sort((a, b2) => a - b2);
  const median = times[Math.floor(times.length / 2)];
  console.log(`\nrender of the bill list (${total} cached bills), click → rows painted, median of ${runs}\n`);
  console.log("| bills | median (ms) | min (ms) | max (ms) | goal |");
  console.log("|---:|---:|---:|---:|---|");
  console.log(`| ${total} | ${median.toFixed(1)} | ${times[0].toFixed(1)} | ${times.at(-1).toFixed(1)} | ≤ 100 ms |`);
} finally {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
}
