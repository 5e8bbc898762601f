// The React LinkButton example from BillerAPI's Connect SDK guide, bundled with React and the SDK,
// completing a link in Chromium.
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { build } from "vite";
import { ROOT, connectFrame, launchBrowser, startEmulator, startHost, waitForLog } from "./harness.mjs";

let emulator, host, browser;

before(async () => {
  await build({ configFile: path.join(ROOT, "tests/connect/react/vite.config.mjs") });
  emulator = await startEmulator();
  host = await startHost(emulator.base, { reactDir: path.join(ROOT, "target/connect-react") });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await host?.stop();
  await emulator?.stop();
});

it("the React LinkButton example links 4242424242 and its server exchanges the token", async () => {
  const page = await browser.newPage();
  await page.goto(`${host.base}/react/`);
  const button = page.getByRole("button", { name: "Link Account" });
  await button.click();
  const frame = connectFrame(page);
  await frame.locator("#biller-search").fill("Test Electric");
  await frame.getByRole("button", { name: /Test Electric Company/ }).click();
  await frame.locator("#username").fill("jane");
  await frame.locator("#password").fill("secret");
  await frame.locator("#account-number").fill("4242424242");
  await frame.getByRole("button", { name: "Continue" }).click();
  await frame.getByRole("button", { name: "Continue" }).click();
  await frame.getByRole("button", { name: "Allow" }).click();
  const log = await waitForLog(page, "linked");
  assert.equal(log[0].metadata.institutionName, "Test Electric Company");
  assert.equal(host.exchanges.length, 1);
  assert.equal(host.exchanges[0].status, 200);
  assert.match(host.exchanges[0].body.access_token, /^at_sandbox_/);
  // While linking, the button said "Connecting..." and was disabled (the example's own state).
  assert.equal(await page.getByRole("button", { name: "Connecting..." }).isDisabled(), true);
  await page.close();
});
