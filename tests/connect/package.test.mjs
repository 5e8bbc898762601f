// The Connect SDK as its npm package: what `npm pack` ships, and each of its three builds loaded
// the way a consumer loads it — `import`, `require`, and a plain <script> tag (the IIFE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";

const SDK = path.resolve(import.meta.dirname, "../../ui/connect-sdk");

test("npm pack ships the builds and both kinds of declarations, not the sources", () => {
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--silent"], { cwd: SDK, encoding: "utf8" }));
  const files = pack.files.map((f) => f.path);
  for (const needed of ["dist/connect-sdk.js", "dist/connect-sdk.cjs", "dist/connect-sdk.iife.js", "dist/types/index.d.ts", "dist/types/index.d.cts", "package.json"]) {
    assert.ok(files.includes(needed), `${needed} is in the package`);
  }
  assert.ok(!files.some((f) => f.startsWith("src/")), "no TypeScript sources");
});

test("import and require give the same BillButler", async () => {
  const esm = await import(path.join(SDK, "dist/connect-sdk.js"));
  const cjs = createRequire(import.meta.url)(path.join(SDK, "dist/connect-sdk.cjs"));
  assert.equal(typeof esm.BillButler, "function");
  assert.equal(typeof cjs.BillButler, "function");
  assert.equal(esm.SDK_VERSION, cjs.SDK_VERSION);
  assert.deepEqual(Object.keys(esm).sort(), Object.keys(cjs).sort());
});

test("a <script> tag gets BillButler and BillerAPIConnect as globals", () => {
  const context = vm.createContext({ window: {}, document: {} });
  vm.runInContext(readFileSync(path.join(SDK, "dist/connect-sdk.iife.js"), "utf8"), context);
  assert.equal(typeof context.BillButler, "function");
  assert.equal(context.BillerAPIConnect.BillButler, context.BillButler);
});
