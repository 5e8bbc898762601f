/** The events that count as the user being present. */
export const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "focus"] as const;

/** What the reporter needs; injectable so tests can drive the clock. */
export interface ActivityOptions {
  /** Tells the shell the user is active, and whether a Connect flow is open. */
  report: (connectOpen: boolean) => unknown;
  /** Whether a Connect flow is on screen (activity inside its iframe is invisible here). */
  connectOpen: () => boolean;
  /** Where activity is listened for. */
  target?: Pick<Window, "addEventListener" | "removeEventListener">;
  /** At most one report per this many ms while the user keeps acting. */
  everyMs?: number;
  /** The clock, in ms. */
  now?: () => number;
}

/** A running reporter. */
export interface ActivityReporter {
  /** Reports now: a Connect flow opened or closed. */
  connectChanged(): void;
  /** Stops listening. */
  stop(): void;
}

/**
 * Reports user activity to the shell, whose idle timer locks a passphrase vault (the lock is
 * decided in Rust, so a webview that stops reporting cannot keep the key in memory). Reports are
 * throttled; a Connect flow opening or closing is reported at once.
 */
export function startActivityReports(options: ActivityOptions): ActivityReporter {
  const { report, connectOpen, target = window, everyMs = 20_000, now = Date.now } = options;
  let last = Number.NEGATIVE_INFINITY;
  let stopped = false;
  const send = () => {
    last = now();
    void Promise.resolve(report(connectOpen())).catch(() => {});
  };
  const active = () => {
    if (!stopped && now() - last >= everyMs) send();
  };
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, active, { passive: true, capture: true });
  return {
    connectChanged: () => {
      if (!stopped) send();
    },
    stop: () => {
      stopped = true;
      for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, active, { capture: true });
    },
  };
}
