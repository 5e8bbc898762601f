import { mount } from "svelte";
import App from "./App.svelte";
import { uiReady } from "./lib/bindings";
import { app } from "./lib/stores/app.svelte";
import "./app.css";

const target = document.getElementById("app");
if (!target) throw new Error("index.html has no #app element");
mount(App, { target });

// Once the first data load is painted (the accounts list, or why it is not there), tell the shell:
// start-up diagnostics, and what bench/startup measures.
void app.loaded.then(() => requestAnimationFrame(() => requestAnimationFrame(() => void uiReady().catch(() => {}))));
