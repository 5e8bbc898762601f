import { describe, expect, it, vi } from "vitest";
import { startActivityReports } from "./activity";

describe("startActivityReports", () => {
  function setup(connect = false) {
    let clock = 0;
    const target = new EventTarget();
    const report = vi.fn();
    let open = connect;
    const reporter = startActivityReports({
      report,
      connectOpen: () => open,
      target: target as unknown as Window,
      everyMs: 20_000,
      now: () => clock,
    });
    return {
      target,
      report,
      reporter,
      tick: (ms: number) => (clock += ms),
      setOpen: (value: boolean) => (open = value),
    };
  }

  it("reports the first activity at once and then at most every 20 s", () => {
    const { target, report, tick } = setup();
    target.dispatchEvent(new Event("keydown"));
    expect(report).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 19; i++) {
      tick(1_000);
      target.dispatchEvent(new Event("pointermove"));
    }
    expect(report).toHaveBeenCalledTimes(1);
    tick(1_000);
    target.dispatchEvent(new Event("wheel"));
    expect(report).toHaveBeenCalledTimes(2);
    expect(report).toHaveBeenLastCalledWith(false);
  });

  it("reports a Connect flow opening or closing at once, with its state", () => {
    const { report, reporter, setOpen } = setup();
    setOpen(true);
    reporter.connectChanged();
    expect(report).toHaveBeenLastCalledWith(true);
    setOpen(false);
    reporter.connectChanged();
    expect(report).toHaveBeenLastCalledWith(false);
    expect(report).toHaveBeenCalledTimes(2);
  });

  it("says nothing without activity, or once stopped", () => {
    const { target, report, reporter, tick } = setup();
    tick(3_600_000);
    expect(report).not.toHaveBeenCalled();
    reporter.stop();
    target.dispatchEvent(new Event("keydown"));
    reporter.connectChanged();
    expect(report).not.toHaveBeenCalled();
  });
});
