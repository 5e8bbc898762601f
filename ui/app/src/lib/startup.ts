/**
 * The webview's start-up moments (wall-clock ms since the epoch), sent to the shell with
 * `ui_ready` once the accounts are painted: start-up diagnostics and bench/startup's phase table.
 */
const marks: [string, number][] = [];

/** Records a moment (the first of each name counts). */
export function mark(name: string): void {
  if (!marks.some(([n]) => n === name)) marks.push([name, performance.timeOrigin + performance.now()]);
}

/** Every moment: the navigation's and the paint's from the Performance API, then ours. */
export function startupMarks(): [string, number][] {
  const out: [string, number][] = [["navigation_start", performance.timeOrigin]];
  const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    out.push(["html_received", performance.timeOrigin + nav.responseEnd]);
    out.push(["dom_content_loaded", performance.timeOrigin + nav.domContentLoadedEventEnd]);
  }
  for (const paint of performance.getEntriesByType("paint")) {
    out.push([paint.name.replaceAll("-", "_"), performance.timeOrigin + paint.startTime]);
  }
  return [...out, ...marks];
}
