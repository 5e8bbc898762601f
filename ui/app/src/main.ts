import { mount } from "svelte";
import App from "./App.svelte";
import { uiReady } from "./lib/bindings";
import { mark, startupMarks } from "./lib/startup";
import { app } from "./lib/stores/app.svelte";
import { laterScreens } from "./screens/later.svelte";
import "./app.css";

// Under LANG=C, WebKitGTK reports the POSIX locale as the language ("c"), which Intl refuses; a
// library formatting with navigator.language (uPlot does, as it loads) would then throw. Such a
// system has no language preference: fall back to the default locale. The tag is only checked,
// not used: the first Intl formatter loads ICU's data (~16 ms here), which the first paint
// does not need (bench/startup, LANG=en_US.UTF-8).
try {
  Intl.getCanonicalLocales(navigator.language);
} catch {
  Object.defineProperty(navigator, "language", { value: "en-US", configurable: true });
  Object.defineProperty(navigator, "languages", { value: ["en-US"], configurable: true });
}

mark("script_start");
// Which system fonts app.css names (Linux keeps the generic families: see app.css).
const ua = navigator.userAgent;
if (/Macintosh|Mac OS X/.test(ua)) document.documentElement.dataset.os = "mac";
else if (/Windows/.test(ua)) document.documentElement.dataset.os = "windows";
// The first data load starts now, before the first render: its IPC round trips and the vault's
// answer overlap the render instead of following it (bench/startup's timeline).
void app.start();
const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
mount(App, { target });
mark("mounted");

// Once the first data load is painted (the accounts list, or why it is not there), tell the shell:
// start-up diagnostics, and what bench/startup measures.
void app.loaded.then(() =>
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      mark("accounts_painted");
      void uiReady(startupMarks()).catch(() => {});
      laterScreens.preload();
    }),
  ),
);
