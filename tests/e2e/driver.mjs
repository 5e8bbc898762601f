// Starts tauri-driver (-> WebKitWebDriver -> the app) and opens a WebDriver session on it.
// Shared by the desktop e2e tests; needs DISPLAY (run under xvfb-run) and a session bus.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, openSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterEach } from "node:test";
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

/** The processes (pids) whose environment carries `marker` (the app and its webview helpers). */
function processesMarked(marker) {
  const pids = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "latin1").includes(marker)) pids.push(Number(entry));
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

/**
 * Waits until every process of one launch has ended (SIGKILL after `timeoutMs`). The app keeps
 * one instance per data directory, so a launch that overlaps the last one's exit would hand its
 * arguments over and quit, and the new WebDriver session would never open.
 */
async function reap(marker, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pids = processesMarked(marker);
    if (pids.length === 0) return;
    if (Date.now() > deadline) {
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // ended meanwhile
        }
      }
      console.log(`launch ${marker}: ${pids.length} process(es) still running after ${timeoutMs} ms, killed`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The launches of this test file still open, for the failure report. */
const open = new Set();

// A failed test leaves its evidence in the test output (CI shows nothing else): the end of the
// app's log and a screenshot under target/e2e/.
afterEach(async (t) => {
  if (t.passed) return;
  for (const launch of open) {
    const safe = `${launch.name}-${t.name}`.replace(/[^a-z0-9]+/gi, "-").slice(0, 80);
    await launch.browser.saveScreenshot(path.join(ARTIFACTS, `failed-${safe}.png`)).catch(() => {});
    const lines = readFileSync(launch.logPath, "utf8")
      .replace(/\x1b\[[0-9;]*m/g, "")
      .split("\n")
      .filter(Boolean)
      .slice(-40);
    console.log(`app log of "${launch.name}" (last ${lines.length} lines; screenshot failed-${safe}.png):`);
    for (const line of lines) console.log(`  ${line}`);
  }
});

/**
 * Launches the app through tauri-driver with `env` added to its environment.
 * Returns the WebDriver session and a `stop()` that ends both and waits for the app to exit.
 * The update feed is a closed port on this computer unless `env` names one: tests never reach
 * the internet.
 */
export async function launchApp({ env = {}, name = "app", application = APP } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const nativePort = await freePort();
  // Never inherit stdout: a WebKitWebDriver orphaned by a killed tauri-driver would keep the pipe
  // open and hang the test run.
  const logPath = path.join(ARTIFACTS, `tauri-driver-${name}.log`);
  const log = openSync(logPath, "w");
  const marker = `BILLKEEP_E2E_LAUNCH=${randomUUID()}`;
  const driver = spawn(
    process.env.TAURI_DRIVER ?? "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    {
      env: {
        ...process.env,
        BILLKEEP_UPDATE_URL: "http://127.0.0.1:9/latest.json",
        ...env,
        BILLKEEP_E2E_LAUNCH: marker.split("=")[1],
      },
      stdio: ["ignore", log, log],
    },
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
    const launch = { name, browser, logPath };
    open.add(launch);
    const stop = async () => {
      open.delete(launch);
      await browser.deleteSession().catch(() => {});
      driver.kill("SIGTERM"); // SIGTERM lets tauri-driver stop WebKitWebDriver too.
      await exited;
      await reap(marker);
    };
    return { browser, stop };
  } catch (e) {
    driver.kill("SIGTERM");
    await exited;
    await reap(marker);
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
