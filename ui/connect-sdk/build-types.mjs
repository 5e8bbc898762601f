// Declarations for both module systems: `tsc` writes dist/types/*.d.ts (ESM, imports ending in
// .js); each is copied as a .d.cts with its imports ending in .cjs, so TypeScript sees a CommonJS
// declaration for `require` (node16) and an ESM one for `import`.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const dir = path.join(import.meta.dirname, "dist/types");
for (const file of readdirSync(dir).filter((f) => f.endsWith(".d.ts"))) {
  const text = readFileSync(path.join(dir, file), "utf8");
  const cjs = text.replace(/(from\s+["']\.\/[^"']+)\.js(["'])/g, "$1.cjs$2");
  writeFileSync(path.join(dir, file.replace(/\.d\.ts$/, ".d.cts")), cjs);
}
