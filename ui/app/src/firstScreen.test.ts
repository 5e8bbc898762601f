import { afterEach, expect, it } from "vitest";
import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

// A file of its own: its modules (and format.ts's cached formatters) are fresh, so any Intl
// formatter the first screen makes is seen being made.
afterEach(() => {
  cleanup();
  clearMocks();
});

it("draws the first screen's accounts without an Intl formatter (the first one loads ICU's data)", async () => {
  const made: string[] = [];
  const saved = { DateTimeFormat: Intl.DateTimeFormat, NumberFormat: Intl.NumberFormat, RelativeTimeFormat: Intl.RelativeTimeFormat };
  for (const [name, real] of Object.entries(saved)) {
    (Intl as Record<string, unknown>)[name] = new Proxy(real, {
      construct(target, args) {
        made.push(name);
        return Reflect.construct(target, args);
      },
    });
  }
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const links = [1, 2, 3].map((id) => ({
    id,
    environment: "embedded",
    origin: "embedded",
    otherOrigin: false,
    linkId: `link_${id}`,
    billerId: "test_electric_company",
    billerName: "Test Electric Company",
    accountMask: `****000${id}`,
    accountName: "Home",
    consents: ["bills"],
    status: "ok",
    statusCode: null,
    statusMessage: null,
    rateLimitedUntil: null,
    createdAt: hoursAgo(48),
    updatedAt: hoursAgo(3),
    lastSyncedAt: hoursAgo(3),
    lastCheckedAt: hoursAgo(1),
    remoteSyncedAt: hoursAgo(4),
    hasToken: true,
  }));
  let answerOverview!: () => void;
  const overviewAsked = new Promise<void>((resolve) => (answerOverview = resolve));
  mockIPC(async (cmd) => {
    const answers: Record<string, unknown> = {
      app_info: { version: "1.0.0", dataDir: "/tmp/billkeep-data", environment: "embedded" },
      vault_status: { state: "ready", code: null, message: null, keyMode: "keyring" },
      get_settings: { environment: "embedded", customUrl: null, origin: "embedded", clientId: "c", hasClientSecret: true, clientUserId: "u", reminderDays: [], autoLockMinutes: 15 },
      list_links: links,
      list_link_requests: [],
    };
    // The overview (amounts, dates) follows the first paint: held back here until the end.
    if (cmd === "overview") return overviewAsked.then(() => null);
    return answers[cmd] ?? null;
  }, { shouldMockEvents: true });
  try {
    const { default: App } = await import("./App.svelte");
    render(App);
    await waitFor(() => expect(screen.getAllByTestId("account")).toHaveLength(3));
    expect(screen.getAllByTestId("account-synced")[0].textContent?.trim()).toBe("synced 3 hours ago, checked 1 hour ago");
    expect(screen.getAllByTestId("account-data-as-of")[0].textContent).toBe("· data as of 4 hours ago");
    expect(made).toEqual([]);
  } finally {
    answerOverview();
    Object.assign(Intl, saved);
  }
});
