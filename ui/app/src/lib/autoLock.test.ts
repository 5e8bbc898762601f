import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startAutoLock } from "./autoLock";

describe("startAutoLock", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(minutes: number, busy = () => false) {
    const target = new EventTarget();
    const lock = vi.fn();
    const stop = startAutoLock({ minutes, lock, busy, target: target as unknown as Window, checkEveryMs: 1_000 });
    return { target, lock, stop };
  }

  it("locks once after the idle time, not before", () => {
    const { lock } = setup(2);
    vi.advanceTimersByTime(119_000);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(lock).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it("starts counting again on each user activity", () => {
    const { target, lock } = setup(1);
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(50_000);
    target.dispatchEvent(new Event("pointerdown"));
    vi.advanceTimersByTime(59_000);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it("never locks while something busy runs, and counts from its end", () => {
    let busy = true;
    const { lock } = setup(1, () => busy);
    vi.advanceTimersByTime(300_000);
    expect(lock).not.toHaveBeenCalled();
    busy = false;
    vi.advanceTimersByTime(58_000);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it("does nothing when turned off (0 minutes) or stopped", () => {
    const off = setup(0);
    const stopped = setup(1);
    stopped.stop();
    vi.advanceTimersByTime(3_600_000);
    expect(off.lock).not.toHaveBeenCalled();
    expect(stopped.lock).not.toHaveBeenCalled();
  });
});
