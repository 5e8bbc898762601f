import { describe, expect, it } from "vitest";
import { ago } from "./format";

describe("ago", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const before = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it("says how long ago, in the sentence's English, rounded to the largest unit", () => {
    expect(ago(null, now)).toBe("never");
    expect(ago(before(59), now)).toBe("just now");
    expect(ago(before(60), now)).toBe("1 minute ago");
    expect(ago(before(45 * 60), now)).toBe("45 minutes ago");
    expect(ago(before(3600), now)).toBe("1 hour ago");
    expect(ago(before(23 * 3600), now)).toBe("23 hours ago");
    expect(ago(before(86_400), now)).toBe("yesterday");
    expect(ago(before(3 * 86_400), now)).toBe("3 days ago");
  });

  it("uses no Intl formatter (the first one of a start loads ICU's data before the first paint)", () => {
    const made: string[] = [];
    const saved = { RelativeTimeFormat: Intl.RelativeTimeFormat, DateTimeFormat: Intl.DateTimeFormat, NumberFormat: Intl.NumberFormat };
    for (const name of Object.keys(saved) as (keyof typeof saved)[]) {
      (Intl as Record<string, unknown>)[name] = function () {
        made.push(name);
        throw new Error(`${name} made`);
      };
    }
    try {
      expect(ago(before(3 * 3600), now)).toBe("3 hours ago");
    } finally {
      Object.assign(Intl, saved);
    }
    expect(made).toEqual([]);
  });
});
