import { mount } from "svelte";
import App from "./App.svelte";
import { uiReady } from "./lib/bindings";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
mount(App, { target });

// After the first frame is on screen, tell the shell (start-up diagnostics and bench/startup).
requestAnimationFrame(() => requestAnimationFrame(() => void uiReady().catch(() => {})));
