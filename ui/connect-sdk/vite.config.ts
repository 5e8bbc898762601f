import { defineConfig } from "vitest/config";

// A standalone library with no runtime dependencies, in three forms: ESM and CommonJS for bundlers
// and Node, and a script-tag build (IIFE, the global `BillerAPIConnect`, plus `BillButler`).
// Declarations come from `tsc` (build-types.mjs).
export default defineConfig({
  build: {
    lib: {
      entry: { "connect-sdk": "src/index.ts" },
      formats: ["es", "cjs"],
      fileName: (format) => (format === "es" ? "connect-sdk.js" : "connect-sdk.cjs"),
    },
    target: "es2020",
    minify: false,
    sourcemap: true,
  },
  test: {
    environment: "happy-dom",
    // Unit tests never load the Connect page; the browser e2e tests do.
    environmentOptions: { happyDOM: { settings: { navigation: { disableChildFrameNavigation: true } } } },
    include: ["test/**/*.test.ts"],
  },
});
