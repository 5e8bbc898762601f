import path from "node:path";
import { defineConfig } from "vite";

const ROOT = path.resolve(import.meta.dirname, "../../..");

// Bundles the guide's React example for the browser test (React is a dev dependency only).
export default defineConfig({
  root: import.meta.dirname,
  base: "/react/",
  logLevel: "warn",
  define: { "process.env.NEXT_PUBLIC_BILLERAPI_CLIENT_ID": JSON.stringify("client_connect_e2e") },
  build: { outDir: path.join(ROOT, "target/connect-react"), emptyOutDir: true, target: "es2022", minify: false },
});
