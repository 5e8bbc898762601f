// Same signal as Billkeep's UI: after the first frame has been painted, tell the shell.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("ui_ready")),
);
