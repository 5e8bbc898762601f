import { defineConfig } from "vite";

// The script-tag build, appended to dist/ by the main build (`npm run build`).
export default defineConfig({
  build: {
    lib: {
      entry: "src/global.ts",
      name: "BillerAPIConnect",
      formats: ["iife"],
      fileName: () => "connect-sdk.iife.js",
    },
    target: "es2020",
    minify: true,
    sourcemap: true,
    emptyOutDir: false,
  },
});
