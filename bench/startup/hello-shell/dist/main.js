// The same signal as Billkeep's UI, with the same webview moments: after the first frame has been
// painted, tell the shell. A first IPC round trip is timed alongside (not waited for).
const now = () => performance.timeOrigin + performance.now();
const marks = [["script_start", now()]];
function moments() {
  const out = [["navigation_start", performance.timeOrigin]];
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav) {
    out.push(["html_received", performance.timeOrigin + nav.responseEnd]);
    out.push(["dom_content_loaded", performance.timeOrigin + nav.domContentLoadedEventEnd]);
  }
  for (const paint of performance.getEntriesByType("paint")) {
    out.push([paint.name.replaceAll("-", "_"), performance.timeOrigin + paint.startTime]);
  }
  return [...out, ...marks];
}
const ipc = window.__TAURI_INTERNALS__.invoke("first_ipc").then(() => marks.push(["first_ipc_answered", now()]));
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    marks.push(["accounts_painted", now()]);
    void ipc.then(() => window.__TAURI_INTERNALS__.invoke("ui_ready", { marks: moments() }));
  }),
);
