/** The events that count as the user being present. */
export const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "focus"] as const;

/** What the idle timer needs; injectable so tests can drive the clock. */
export interface AutoLockOptions {
  /** Minutes of inactivity before `lock` is called (0 or less: never). */
  minutes: number;
  /** Locks the vault. Called at most once per timer. */
  lock: () => void | Promise<void>;
  /** True while work that must not be interrupted is running (a sync, a Connect flow). */
  busy?: () => boolean;
  /** Where activity is listened for. */
  target?: Pick<Window, "addEventListener" | "removeEventListener">;
  /** How often the idle time is checked, in ms. */
  checkEveryMs?: number;
  /** The clock, in ms. */
  now?: () => number;
}

/**
 * Calls `lock` once the user has been idle for `minutes` (and nothing busy is running).
 * Returns a function that stops the timer.
 */
export function startAutoLock(options: AutoLockOptions): () => void {
  const { minutes, lock, busy = () => false, target = window, checkEveryMs = 15_000, now = Date.now } = options;
  if (!(minutes > 0)) return () => {};
  const limitMs = minutes * 60_000;
  let lastActive = now();
  let done = false;
  const active = () => {
    lastActive = now();
  };
  const check = () => {
    if (done) return;
    // Busy work counts as activity: the user is waiting for it, not away.
    if (busy()) {
      lastActive = now();
      return;
    }
    if (now() - lastActive >= limitMs) {
      stop();
      void lock();
    }
  };
  const timer = setInterval(check, Math.min(checkEveryMs, limitMs));
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, active, { passive: true, capture: true });
  function stop() {
    if (done) return;
    done = true;
    clearInterval(timer);
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, active, { capture: true });
  }
  return stop;
}
