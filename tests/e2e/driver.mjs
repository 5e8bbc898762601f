// Starts tauri-driver (-> WebKitWebDriver -> the app) and opens a WebDriver session on it.
// Shared by the desktop e2e tests; needs DISPLAY (run under xvfb-run) and a session bus.
import { spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { remote } from "webdriverio";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const ARTIFACTS = path.join(ROOT, "target/e2e");
/** The app under test: a debug build with embedded assets, made by scripts/test. */
export const APP = process.env.BILLKEEP_E2E_APP ?? path.join(ARTIFACTS, "bin/billkeep");

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`tauri-driver did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * Launches the app through tauri-driver with `env` added to its environment.
 * Returns the WebDriver session and a `stop()` that ends both cleanly.
 */
export async function launchApp({ env = {}, name = "app", application = APP } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  // Never inherit stdout: a WebKitWebDriver orphaned by a killed tauri-driver would keep the pipe
  // open and hang the test run.
  const log = openSync(path.join(ARTIFACTS, `tauri-driver-${name}.log`), "w");
  const driver = spawn(
    process.env.TAURI_DRIVER ?? "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    { env: { ...process.env, ...env }, stdio: ["ignore", log, log] },
  );
  const exited = new Promise((resolve) => driver.once("exit", resolve));
  try {
    await waitForPort(port, 15_000);
    const browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      capabilities: {
        browserName: "wry",
        // webdriverio 9 asks for BiDi by default, which WebKitWebDriver refuses.
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application },
      },
    });
    const stop = async () => {
      await browser.deleteSession().catch(() => {});
      driver.kill("SIGTERM"); // SIGTERM lets tauri-driver stop WebKitWebDriver too.
      await exited;
    };
    return { browser, stop };
  } catch (e) {
    driver.kill("SIGTERM");
    await exited;
    throw e;
  }
}

/** Saves a PNG of the window under target/e2e/. */
export async function screenshot(browser, name) {
  await browser.saveScreenshot(path.join(ARTIFACTS, `${name}.png`));
}

/** Runs `fn` again when the page re-rendered the element under it (a stale handle). */
export async function retrying(fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 4 || !/stale|not found|intercepted/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Types into a field as a user does (WebKitWebDriver refuses setValue inside a cross-origin frame). */
export async function typeText(browser, selector, text) {
  await retrying(async () => {
    const field = await browser.$(selector);
    await field.waitForDisplayed({ timeout: 10_000 });
    await field.click();
  });
  // One action per character: WebKitWebDriver drops repeats within one action ("4000" → "40").
  for (const ch of text) await browser.keys(ch);
}

/** Clicks the element matching `selector` once it is shown, looking it up afresh on each try. */
export async function pressWhenShown(browser, selector) {
  await retrying(async () => {
    const el = await browser.$(selector);
    await el.waitForDisplayed({ timeout: 10_000 });
    await el.click();
  });
}
