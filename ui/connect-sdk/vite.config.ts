import { defineConfig } from "vitest/config";

// A standalone ESM library with no runtime dependencies.
export default defineConfig({
  build: {
    lib: { entry: "src/index.ts", formats: ["es"], fileName: () => "connect-sdk.js" },
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
