// Signed updates against a local feed: a key pair made here (`tauri signer generate`), an
// artifact signed with it, and a feed that serves a newer version, the same with a tampered
// artifact, one signed by another key, and an older version. The app offers the newer one (at
// start and on "Check now") with its notes and verifies it; it refuses the tampered and the
// foreign-signed one with a clear message; it never offers the older one. Nothing is installed.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ROOT, launchApp, screenshot } from "./driver.mjs";

const SERVICE = `dev.billkeep.e2e.updates.${process.pid}`;
const work = mkdtempSync(path.join(os.tmpdir(), "billkeep-updates-"));
const dataDir = path.join(work, "data");
let app;
let server;
let mode = "newer";
const $ = (sel) => app.browser.$(sel);
const testid = (id) => $(`[data-testid="${id}"]`);

function tauri(...args) {
  return execFileSync("npx", ["--no-install", "tauri", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** A key pair; returns the public key and a function that signs a file (the .sig contents). */
function keyPair(name) {
  const key = path.join(work, name);
  tauri("signer", "generate", "--ci", "-p", "", "-w", key);
  return {
    pub: readFileSync(`${key}.pub`, "utf8").trim(),
    sign(file) {
      tauri("signer", "sign", "-f", key, "-p", "", file);
      return readFileSync(`${file}.sig`, "utf8").trim();
    },
  };
}

const release = keyPair("release");
const stranger = keyPair("stranger");
const artifact = path.join(work, "Billkeep_9.9.9_amd64.AppImage.tar.gz");
writeFileSync(artifact, Buffer.from("the new Billkeep, pretend\n".repeat(200)));
const goodSig = release.sign(artifact);
const strangerSig = stranger.sign(artifact);

function feed(port) {
  const url = `http://127.0.0.1:${port}/artifact`;
  const entry = (version, signature) => ({
    version,
    notes: `Billkeep ${version}\n- e-mail biller discovery\n- profiles`,
    pub_date: "2026-11-30T12:00:00Z",
    platforms: { "linux-x86_64": { signature, url } },
  });
  return {
    newer: entry("9.9.9", goodSig),
    tampered: entry("9.9.9", goodSig),
    stranger: entry("9.9.9", strangerSig),
    older: entry("0.0.1", release.sign(artifact)),
  }[mode];
}

before(async () => {
  server = http.createServer((req, res) => {
    const { port } = server.address();
    if (req.url.startsWith("/latest.json")) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(feed(port)));
    } else if (req.url === "/artifact") {
      const bytes = readFileSync(artifact);
      if (mode === "tampered") bytes[10] ^= 0xff;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
      res.end(bytes);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  app = await launchApp({
    name: "updates",
    env: {
      BILLKEEP_DATA_DIR: dataDir,
      BILLKEEP_KEYRING_SERVICE: SERVICE,
      BILLKEEP_UPDATE_URL: `http://127.0.0.1:${server.address().port}/latest.json`,
      BILLKEEP_UPDATE_PUBKEY: release.pub,
    },
  });
});

after(async () => {
  if (app) await app.stop();
  server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function checkNow() {
  await (await testid("check-now")).click();
  await app.browser.waitUntil(async () => (await (await testid("check-now")).getText()) === "Check now", { timeout: 15_000 });
}

describe("signed updates", () => {
  it("offers a newer version found at start, with its notes, and verifies its signature", async () => {
    const badge = await testid("update-badge");
    await badge.waitForDisplayed({ timeout: 30_000, timeoutMsg: "the check at start did not offer 9.9.9" });
    assert.match(await badge.getText(), /9\.9\.9/);
    await badge.click();
    const offer = await testid("update-available");
    await offer.waitForDisplayed();
    assert.match(await offer.getText(), /Billkeep 9\.9\.9 is available \(you have \d+\.\d+\.\d+\)/);
    assert.match(await (await testid("release-notes")).getText(), /e-mail biller discovery/);
    await (await testid("download-update")).click();
    await (await testid("update-verified")).waitForDisplayed({ timeout: 15_000 });
    assert.ok(await (await testid("install-update")).isDisplayed(), "installing waits for the user's click");
    await screenshot(app.browser, "update-verified");
  });

  it("refuses an artifact that does not match its signature", async () => {
    mode = "tampered";
    await checkNow();
    await (await testid("download-update")).click();
    const error = await testid("update-error");
    await error.waitForDisplayed({ timeout: 15_000 });
    assert.match(await error.getText(), /signature does not match Billkeep's release key/);
    assert.equal(await (await testid("update-verified")).isExisting(), false);
  });

  it("refuses an artifact signed by another key", async () => {
    mode = "stranger";
    await checkNow();
    await (await testid("download-update")).click();
    const error = await testid("update-error");
    await error.waitForDisplayed({ timeout: 15_000 });
    assert.match(await error.getText(), /signature does not match/);
  });

  it("never offers an older version", async () => {
    mode = "older";
    await checkNow();
    const none = await testid("update-none");
    await none.waitForDisplayed({ timeout: 15_000 });
    assert.match(await none.getText(), /You have the latest version \(\d+\.\d+\.\d+\)/);
    assert.equal(await (await testid("update-available")).isExisting(), false);
  });
});
