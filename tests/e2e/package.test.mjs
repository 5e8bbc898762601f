// The Linux package: built from the e2e build by scripts/test (`tauri bundle --debug --bundles deb`),
// inspected with dpkg-deb, installed into a scratch root, and started there through WebDriver.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, launchApp, screenshot } from "./driver.mjs";

const DEB_DIR = path.join(ROOT, "target/debug/bundle/deb");
const VERSION = execFileSync("cargo", ["metadata", "--no-deps", "--format-version", "1"], { cwd: ROOT, encoding: "utf8" })
  .match(/"name":"billkeep","version":"([^"]+)"/)[1];
const deb = path.join(DEB_DIR, `Billkeep_${VERSION}_amd64.deb`);
const run = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8" });
let root;

before(() => {
  assert.ok(existsSync(deb), `${deb} was built (scripts/test bundles it)`);
  root = mkdtempSync(path.join(os.tmpdir(), "billkeep-deb-root-"));
  run("dpkg-deb", ["-x", deb, root]);
});
after(() => root && rmSync(root, { recursive: true, force: true }));

describe("the .deb package", () => {
  it("has a file name with version and architecture and the control fields a packager expects", () => {
    assert.deepEqual(readdirSync(DEB_DIR).filter((f) => f.endsWith(".deb")), [`Billkeep_${VERSION}_amd64.deb`]);
    const control = run("dpkg-deb", ["-f", deb]);
    const field = (name) => control.match(new RegExp(`^${name}: (.*)$`, "m"))?.[1];
    assert.equal(field("Package"), "billkeep");
    assert.equal(field("Version"), VERSION);
    assert.equal(field("Architecture"), "amd64");
    assert.equal(field("Maintainer"), "Billkeep developers");
    assert.equal(field("Section"), "utils");
    assert.match(field("Depends"), /libwebkit2gtk-4\.1-0/);
    assert.match(field("Depends"), /libayatana-appindicator3-1/, "the tray's library");
    assert.equal(field("Depends").split(",").length, new Set(field("Depends").split(",").map((d) => d.trim())).size, "no duplicate dependency");
    assert.match(field("Recommends"), /gnome-keyring/);
    assert.match(field("Description"), /bills of your linked biller accounts/);
  });

  it("holds the binary, a desktop entry and the icons", () => {
    const files = run("dpkg-deb", ["-c", deb])
      .split("\n")
      .map((line) => line.trim().split(/\s+/).at(-1)?.replace(/^\.\//, ""));
    for (const needed of ["usr/bin/billkeep", "usr/share/applications/Billkeep.desktop", "usr/share/icons/hicolor/128x128/apps/billkeep.png", "usr/share/icons/hicolor/32x32/apps/billkeep.png"]) {
      assert.ok(files.includes(needed), `${needed} is in the package`);
    }
    const desktop = run("sh", ["-c", `dpkg-deb --fsys-tarfile '${deb}' | tar -xO usr/share/applications/Billkeep.desktop`]);
    assert.match(desktop, /^Name=Billkeep$/m);
    assert.match(desktop, /^Exec=billkeep %u$/m, "a billkeep:// link is passed to the app");
    assert.match(desktop, /^MimeType=.*x-scheme-handler\/billkeep;/m);
    run("desktop-file-validate", [path.join(root, "usr/share/applications/Billkeep.desktop")]);
    // The desktop resolves billkeep:// links to this entry (xdg-mime reads the installed files).
    const handler = execFileSync("xdg-mime", ["query", "default", "x-scheme-handler/billkeep"], {
      encoding: "utf8",
      env: { ...process.env, XDG_DATA_HOME: path.join(root, "none"), XDG_CONFIG_HOME: path.join(root, "none"), XDG_DATA_DIRS: path.join(root, "usr/share") },
    }).trim();
    assert.equal(handler, "Billkeep.desktop");
    assert.match(desktop, /^Icon=billkeep$/m);
    assert.match(desktop, /^Categories=.*Finance;/m);
    assert.ok(statSync(path.join(root, "usr/bin/billkeep")).mode & 0o111, "the binary is executable");
  });

  it("starts from its installed location and shows the Billkeep window", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "billkeep-deb-data-"));
    const app = await launchApp({
      name: "package",
      application: path.join(root, "usr/bin/billkeep"),
      env: { BILLKEEP_DATA_DIR: dataDir, BILLKEEP_KEYRING_SERVICE: `dev.billkeep.package.${process.pid}` },
    });
    try {
      assert.equal(await app.browser.getTitle(), "Billkeep");
      const brand = await app.browser.$('[data-testid="brand"]');
      await brand.waitForDisplayed({ timeout: 15_000 });
      assert.equal(await brand.getText(), "Billkeep");
      await screenshot(app.browser, "package-installed");
    } finally {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
