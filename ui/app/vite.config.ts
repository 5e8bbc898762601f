import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app builds the SDK from its sources (a fresh clone has no ui/connect-sdk/dist).
const sdk = fileURLToPath(new URL("../connect-sdk/src/index.ts", import.meta.url));

// Tauri expects a fixed dev port and loads ui/app/dist in builds (see tauri.conf.json).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: "localhost" },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, minify: true },
  resolve: {
    alias: { "@billerapi/connect-sdk": sdk },
    ...(process.env.VITEST ? { conditions: ["browser"] } : {}),
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});
