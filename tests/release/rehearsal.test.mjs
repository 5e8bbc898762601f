// The Linux leg of the release workflow, rehearsed: scripts/test runs scripts/package as the
// workflow's Linux leg does (same script; debug profile; deb and rpm — the AppImage needs a
// download that fails offline) with a throwaway updater key, then this checks what came out:
// SHA256SUMS, the updater signatures and manifest, the .rpm's metadata and payload, and the tools
// archive. (The .deb is installed and started by tests/e2e/package.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = process.env.BILLKEEP_DIST ?? path.join(ROOT, "target/dist");
const PUBKEY = process.env.BILLKEEP_UPDATER_PUBKEY;
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: "utf8", ...opts });
const VERSION = run("python3", [path.join(ROOT, "scripts/release_tools.py"), "version"]).trim();
const files = readdirSync(DIST);
const rpm = path.join(DIST, `Billkeep-${VERSION}-1.x86_64.rpm`);
const deb = path.join(DIST, `Billkeep_${VERSION}_amd64.deb`);

test("the leg's files are there and SHA256SUMS verifies every one of them", () => {
  for (const f of [deb, rpm, `${deb}.sig`, `${rpm}.sig`, path.join(DIST, `billkeep-tools-${VERSION}-linux-x86_64.tar.gz`)]) {
    assert.ok(existsSync(f), `${path.basename(f)} was packaged`);
  }
  const listed = readFileSync(path.join(DIST, "SHA256SUMS"), "utf8").trim().split("\n").map((l) => l.split(/\s+/)[1]);
  assert.deepEqual(listed.sort(), files.filter((f) => f !== "SHA256SUMS" && f !== "latest.json").sort());
  run("sha256sum", ["-c", "SHA256SUMS"], { cwd: DIST });
});

test("every installer the updater reads is signed by the updater key, and the manifest points at them", () => {
  assert.ok(PUBKEY, "scripts/test passes the rehearsal key");
  run("python3", [path.join(ROOT, "scripts/release_tools.py"), "check-sigs", DIST, PUBKEY]);
  const manifest = JSON.parse(readFileSync(path.join(DIST, "latest.json"), "utf8"));
  assert.equal(manifest.version, VERSION);
  assert.deepEqual(Object.keys(manifest.platforms).sort(), ["linux-x86_64-deb", "linux-x86_64-rpm"]);
  for (const entry of Object.values(manifest.platforms)) {
    const file = path.join(DIST, entry.url.split("/").at(-1));
    assert.ok(existsSync(file));
    assert.equal(entry.signature, readFileSync(`${file}.sig`, "utf8").trim());
  }
  // The bundler's signature carries the version it was made for (a replayed old file cannot pass
  // as this one once requireSignedVersion is on).
  const trusted = Buffer.from(readFileSync(`${deb}.sig`, "utf8"), "base64").toString();
  assert.match(trusted, new RegExp(`version:${VERSION.replaceAll(".", "\\.")}`));
});

test("the .rpm has the metadata, dependencies and desktop entry a packager expects", () => {
  const info = run("rpm", ["-qp", "--qf", "%{NAME} %{VERSION} %{RELEASE} %{ARCH} %{LICENSE}\n", rpm], { stdio: ["ignore", "pipe", "ignore"] });
  assert.equal(info.trim(), `billkeep ${VERSION} 1 x86_64 MIT`);
  const requires = run("rpm", ["-qp", "--requires", rpm], { stdio: ["ignore", "pipe", "ignore"] });
  assert.match(requires, /libwebkit2gtk-4\.1\.so\.0/);
  assert.match(requires, /libayatana-appindicator-gtk3/, "the tray's library");
  const list = run("rpm", ["-qlp", rpm], { stdio: ["ignore", "pipe", "ignore"] });
  for (const f of ["/usr/bin/billkeep", "/usr/share/applications/Billkeep.desktop", "/usr/share/icons/hicolor/128x128/apps/billkeep.png"]) {
    assert.ok(list.split("\n").includes(f), `${f} is in the rpm`);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), "billkeep-rpm-"));
  try {
    run("sh", ["-c", `rpm2cpio '${rpm}' | (cd '${root}' && cpio -idm --quiet)`]);
    const desktop = readFileSync(path.join(root, "usr/share/applications/Billkeep.desktop"), "utf8");
    assert.match(desktop, /^Exec=billkeep %u$/m);
    assert.match(desktop, /^MimeType=.*x-scheme-handler\/billkeep;/m);
    run("desktop-file-validate", [path.join(root, "usr/share/applications/Billkeep.desktop")]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the tools archive holds both programs and their docs, and the CLI runs", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "billkeep-tools-"));
  try {
    run("tar", ["-xzf", path.join(DIST, `billkeep-tools-${VERSION}-linux-x86_64.tar.gz`), "-C", dir]);
    const top = path.join(dir, `billkeep-tools-${VERSION}-linux-x86_64`);
    assert.deepEqual(readdirSync(top).sort(), ["LICENSE", "README.md", "billerapi-sandbox", "billkeep-cli", "cli.md", "sandbox.md"]);
    assert.match(run(path.join(top, "billkeep-cli"), ["--version"]), new RegExp(`billkeep-cli ${VERSION.replaceAll(".", "\\.")}`));
    assert.match(run(path.join(top, "billerapi-sandbox"), ["--help"]), /sandbox/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
