import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { app } from "./lib/stores/app.svelte";
import { navigation } from "./lib/navigation.svelte";
import { emit } from "@tauri-apps/api/event";
import { CLOSE_ASKED, DATA_CHANGED, SHOW_SCREEN, VAULT_LOCKED, type StoredBill } from "./lib/bindings";

// The real IPC is exercised by the WebDriver e2e tests; here the shell is mocked so the UI's own
// behaviour (navigation, rendering, error display) is tested in isolation.
afterEach(() => {
  cleanup();
  clearMocks();
  Object.assign(app, { info: null, vault: null, settings: null, links: [], billCount: null, billsError: null, error: null, overview: null, closeAsked: false });
  // Each test mocks the shell anew, events included: the store subscribes again.
  Object.assign(app, { listening: false, started: null, billsWanted: false });
  navigation.go("accounts");
});

const INFO = { version: "9.8.7", dataDir: "/tmp/billkeep-data", environment: "embedded" };
const READY = { state: "ready", code: null, message: null, keyMode: "keyring" };
const SETTINGS = {
  environment: "embedded",
  customUrl: null,
  origin: "embedded",
  clientId: "client_x",
  hasClientSecret: true,
  clientUserId: "billkeep_1",
  reminderDays: [7, 3, 0],
  autoLockMinutes: 15,
};

function bill(i: number, overrides: Partial<StoredBill> = {}): StoredBill {
  return {
    link: 1,
    billId: `bill_${i}`,
    billerId: "test_electric_company",
    billerName: "Test Electric Company",
    accountNumber: "****4242",
    amount: 10_000 + i,
    currency: "USD",
    dueDate: `2031-01-${String((i % 28) + 1).padStart(2, "0")}`,
    status: "PENDING",
    statementDate: "2030-12-01",
    description: `Bill ${i}`,
    autoPay: false,
    lineItems: [{ description: "Usage", amount: 10_000 + i }],
    // As core flags it: a paid bill is settled.
    due: overrides.status === "PAID" ? "settled" : "later",
    ...overrides,
  };
}

type Query = { link: number | null; status: string | null; from: string | null; to: string | null; unpaid: boolean | null };

/** The shell's bill cache over `bills`: `list_bills` and `bill_summary` as core answers them
 * (filtered, ordered, paged; unpaid means overdue, pending or scheduled). `asked` records each
 * page asked for. */
function cache(bills: StoredBill[]) {
  const asked: { offset: number; limit: number }[] = [];
  const matching = (q: Query) =>
    bills.filter(
      (b) =>
        (q.link === null || b.link === q.link) &&
        (q.status === null || b.status === q.status) &&
        (q.from === null || b.dueDate >= q.from) &&
        (q.to === null || b.dueDate <= q.to) &&
        (!q.unpaid || ["OVERDUE", "PENDING", "SCHEDULED"].includes(b.status)),
    );
  const key = (b: StoredBill) => `${b.dueDate} ${b.billId}`;
  return {
    asked,
    list_bills: ({ query }: { query: Query & { order: string | null; offset: number | null; limit: number | null } }) => {
      const all = matching(query).sort((a, b) => (key(a) < key(b) ? -1 : 1));
      if (query.order !== "soonest") all.sort((a, b) => (a.dueDate > b.dueDate ? -1 : a.dueDate < b.dueDate ? 1 : a.billId < b.billId ? -1 : 1));
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 20_000;
      asked.push({ offset, limit });
      return { bills: all.slice(offset, offset + limit), total: all.length };
    },
    bill_summary: ({ matching: q }: { matching: Query }) => {
      const all = matching(q);
      const sums = new Map<string, number>();
      for (const b of all) sums.set(b.currency, (sums.get(b.currency) ?? 0) + b.amount);
      return {
        count: all.length,
        dueSoon: all.filter((b) => b.due === "overdue" || b.due === "soon").length,
        totals: [...sums].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount })),
      };
    },
  };
}

const EMPTY_OVERVIEW = {
  accounts: [],
  month: { month: "2031-01", toPay: [], paid: [], overdue: [], next30Days: [], expected: [] },
  flagged: [],
};

/** Every command the UI called in the current test, in order. */
const calls: string[] = [];

function link(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    environment: "custom",
    origin: "http://127.0.0.1:4010/",
    otherOrigin: false,
    linkId: `link_${id}`,
    billerId: "test_electric_company",
    billerName: "Test Electric Company",
    accountMask: "****4242",
    accountName: "",
    consents: ["bills"],
    status: "ok",
    statusCode: null,
    statusMessage: null,
    rateLimitedUntil: null,
    createdAt: "2026-11-01T00:00:00Z",
    updatedAt: "2026-11-01T00:00:00Z",
    lastSyncedAt: null,
    hasToken: true,
    ...overrides,
  };
}

function shell(overrides: Record<string, unknown> = {}) {
  calls.length = 0;
  mockIPC((cmd, args) => {
    calls.push(cmd);
    const answers: Record<string, unknown> = {
      app_info: INFO,
      vault_status: READY,
      get_settings: SETTINGS,
      list_links: [],
      list_bills: { bills: [], total: 0 },
      list_connect_events: [],
      list_link_requests: [],
      sandbox_scenarios: [],
      overview: EMPTY_OVERVIEW,
      ...overrides,
    };
    if (cmd in answers) {
      const answer = typeof answers[cmd] === "function" ? (answers[cmd] as (a: unknown) => unknown)(args) : answers[cmd];
      if (answer instanceof Error) throw { code: "test", message: answer.message };
      return answer;
    }
    return null;
  }, { shouldMockEvents: true });
}

describe("App", () => {
  it("shows the version and environment that app_info returns", async () => {
    shell();
    render(App);
    expect((await screen.findByTestId("version")).textContent).toBe("v9.8.7");
    expect(screen.getByTestId("environment").textContent?.trim()).toBe("Embedded sandbox");
  });

  it("starts on Accounts with its empty state", async () => {
    shell();
    render(App);
    await screen.findByTestId("version");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Accounts");
    expect(screen.getByTestId("nav-accounts").getAttribute("aria-current")).toBe("page");
    expect(screen.getByText("No linked accounts yet")).toBeTruthy();
  });

  it("paints the first accounts, then reads the rest after that paint", async () => {
    const all = Array.from({ length: 45 }, (_, i) => link(i + 1, { accountMask: `****${String(i + 1).padStart(4, "0")}` }));
    const asked: (number | null)[] = [];
    shell({
      list_links: (a: { limit: number | null }) => {
        asked.push(a.limit);
        return a.limit === null ? all : all.slice(0, a.limit);
      },
    });
    render(App);
    // What the window shows (happy-dom's is 768 px high: 8 cards), then a page of 30 drawn once
    // all 45 are read (the rest on request).
    await waitFor(() => expect(screen.getByTestId("more-accounts").textContent).toContain("15 more"));
    expect(screen.getAllByTestId("account")).toHaveLength(30);
    expect(window.innerHeight).toBe(768);
    expect(asked[0]).toBe(8);
    expect(asked).toContain(null);
  });

  it("draws the accounts a page at a time, the next one when asked (or scrolled near)", async () => {
    const all = Array.from({ length: 75 }, (_, i) => link(i + 1, { accountMask: `****${String(i + 1).padStart(4, "0")}` }));
    shell({ list_links: (a: { limit: number | null }) => (a.limit === null ? all : all.slice(0, a.limit)) });
    render(App);
    const more = await screen.findByTestId("more-accounts");
    expect(screen.getAllByTestId("account")).toHaveLength(30);
    expect(more.textContent).toContain("45 more");
    await fireEvent.click(more);
    expect(screen.getAllByTestId("account")).toHaveLength(60);
    // The keyboard goes on to the first account the button drew.
    await waitFor(() => expect(screen.getAllByTestId("account")[30].contains(document.activeElement)).toBe(true));
    await fireEvent.click(screen.getByTestId("more-accounts"));
    expect(screen.getAllByTestId("account")).toHaveLength(75);
    expect(screen.queryByTestId("more-accounts")).toBeNull();
  });

  it("says when the bills could not be read, and reads them again on request", async () => {
    let fail = true;
    const account = { link: 1, health: { health: { state: "ok" }, fix: "none", summary: "OK" }, nextDue: null, overdue: [], forecast: null };
    shell({
      list_links: [link(1)],
      overview: { ...EMPTY_OVERVIEW, accounts: [account] },
      list_bills: () => (fail ? new Error("The database is busy.") : { bills: [bill(1)], total: 1 }),
    });
    render(App);
    await screen.findByTestId("version");
    await waitFor(() => expect(calls).toContain("overview"));
    navigation.go("bills");
    await fireEvent.click(await screen.findByTestId("tab-upcoming"));
    expect((await screen.findByTestId("bills-error")).textContent).toContain("The database is busy.");
    fail = false;
    await fireEvent.click(screen.getByText("Try again"));
    expect(await screen.findByTestId("bill-row")).toBeTruthy();
  });

  it("reads the bills only once a screen lists them, and follows changes after that", async () => {
    shell({ list_bills: () => ({ bills: [bill(1)], total: 1 }) });
    render(App);
    await screen.findByTestId("version");
    await waitFor(() => expect(calls).toContain("overview"));
    expect(calls).not.toContain("list_bills");
    await fireEvent.click(screen.getByTestId("nav-bills"));
    await waitFor(() => expect(calls.filter((c) => c === "list_bills")).toHaveLength(1));
    await fireEvent.click(screen.getByTestId("nav-accounts"));
    await emit(DATA_CHANGED, { links: false, bills: true, settings: false });
    await waitFor(() => expect(calls.filter((c) => c === "list_bills")).toHaveLength(2));
  });

  it("navigates between the four screens; a screen loaded once shows at once", async () => {
    shell();
    render(App);
    await screen.findByTestId("version");
    const screens = [
      ["bills", "Bills"],
      ["settings", "Settings"],
      ["support", "Support"],
      ["accounts", "Accounts"],
    ];
    // Bills, Settings and Support are not in the start-up script: the first visit loads them.
    for (const [id, title] of screens) {
      await fireEvent.click(screen.getByTestId(`nav-${id}`));
      await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(title));
    }
    for (const [id, title] of screens) {
      await fireEvent.click(screen.getByTestId(`nav-${id}`));
      expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(title);
    }
  });

  it("shows the data directory on Settings", async () => {
    shell();
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-settings"));
    expect((await screen.findByTestId("settings-data-dir")).textContent).toBe("/tmp/billkeep-data");
  });

  it("asks for the first screen's accounts with the vault's state, in one round trip", async () => {
    let answerVault!: () => void;
    const vaultAnswered = new Promise<void>((resolve) => (answerVault = resolve));
    shell({
      vault_status: () => vaultAnswered.then(() => READY),
      list_links: [link(1), link(2)],
    });
    render(App);
    // Asked before the vault's state is known (the shell answers them once its unlock has ended).
    await waitFor(() => expect(calls).toEqual(expect.arrayContaining(["vault_status", "get_settings", "list_links"])));
    expect(screen.queryAllByTestId("account")).toHaveLength(0);
    answerVault();
    await waitFor(() => expect(screen.getAllByTestId("account")).toHaveLength(2));
    // Nothing asked twice for the first screen.
    expect(calls.slice(0, calls.indexOf("overview")).filter((c) => c === "list_links" || c === "get_settings")).toEqual([
      "get_settings",
      "list_links",
    ]);
  });

  it("uses no accounts answer when the vault is not open: the shell refuses them, Unlock shows", async () => {
    const locked = new Error("The vault is locked.");
    shell({
      vault_status: { state: "needs_passphrase", code: "keyring_unavailable", message: "the system keyring is not available", keyMode: null },
      get_settings: locked,
      list_links: locked,
    });
    render(App);
    expect(await screen.findByTestId("unlock")).toBeTruthy();
    await app.loaded;
    expect(app.error).toBeNull();
    expect(app.links).toEqual([]);
  });

  it("asks for a passphrase when no keyring is available", async () => {
    shell({ vault_status: { state: "needs_passphrase", code: "keyring_unavailable", message: "the system keyring is not available", keyMode: null } });
    render(App);
    expect(await screen.findByTestId("unlock")).toBeTruthy();
    expect(screen.getByText(/Choose a passphrase/)).toBeTruthy();
  });

  it("offers the passphrase lock only for a passphrase vault, and Lock now shows the unlock screen", async () => {
    const passphraseVault = { ...READY, keyMode: "passphrase" };
    const LOCKED = { state: "needs_passphrase", code: "vault_locked", message: "Billkeep is locked to protect your linked accounts.", keyMode: null };
    shell({ vault_status: passphraseVault, lock_vault: LOCKED, set_auto_lock_minutes: { ...SETTINGS, autoLockMinutes: 0 } });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-settings"));
    const minutes = (await screen.findByTestId("settings-auto-lock")) as HTMLInputElement;
    expect(minutes.value).toBe("15");
    await fireEvent.input(minutes, { target: { value: "0" } });
    await fireEvent.change(minutes);
    expect((await screen.findByTestId("settings-notice")).textContent).toBe("Billkeep will not lock itself.");
    await fireEvent.click(screen.getByTestId("settings-lock-now"));
    expect(await screen.findByTestId("unlock")).toBeTruthy();
    expect(screen.getByText("Billkeep is locked to protect your linked accounts.")).toBeTruthy();
    expect(screen.getByText(/Enter the passphrase that protects/)).toBeTruthy();
  });

  it("shows Unlock when the shell locks the vault on its own", async () => {
    const passphraseVault = { ...READY, keyMode: "passphrase" };
    const locked = { state: "needs_passphrase", code: "vault_locked", message: "Billkeep locked itself when your screen locked.", keyMode: null };
    const answers: Record<string, unknown> = { vault_status: passphraseVault, list_links: [link(1)] };
    shell(answers);
    render(App);
    await screen.findByTestId("account");
    // From now on the shell answers as a locked vault does, and says so with the event.
    answers.vault_status = locked;
    await emit(VAULT_LOCKED);
    expect(await screen.findByTestId("unlock")).toBeTruthy();
    expect(screen.getByText("Billkeep locked itself when your screen locked.")).toBeTruthy();
    expect(app.links).toEqual([]);
  });

  it("says where a link from an earlier server was made, and offers to forget it here", async () => {
    shell({ list_links: [link(1, { otherOrigin: true }), link(2, { status: "removal_pending", statusMessage: "not confirmed" })] });
    render(App);
    const accounts = await screen.findAllByTestId("account");
    expect(screen.getByTestId("account-origin").textContent).toBe("made on http://127.0.0.1:4010");
    expect(accounts[1].querySelector("[data-testid=link-status]")?.textContent).toBe("Removal pending");
    expect(screen.getAllByTestId("forget").length).toBe(2);
    await fireEvent.click(screen.getAllByTestId("forget")[0]);
    expect(screen.getByText(/stays valid there until the link is removed/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Forget" }));
    await screen.findByText(/Forgot Test Electric Company/);
    expect(calls).toContain("forget_link");
  });

  it("follows a request to link and tells when it became a link", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const pending = {
      id: "rtl_1", clientUserId: "customer_7", billerId: null, status: "PENDING",
      sessionUrl: "http://127.0.0.1:4010/connect?link_token=lt_sandbox_x",
      createdAt: "2026-11-30T10:00:00Z", updatedAt: "2026-11-30T10:00:00Z", link: null,
    };
    shell({
      list_link_requests: [pending],
      get_link_request: { ...pending, status: "COMPLETED", link: 5 },
      list_links: [link(5)],
    });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-support"));
    expect((await screen.findByTestId("request-status")).textContent).toContain("pending");
    await vi.advanceTimersByTimeAsync(2_100);
    expect((await screen.findByTestId("request-notice")).textContent).toContain("customer_7 linked an account");
    expect(screen.getByTestId("request-status").textContent).toContain("linked");
    expect(calls).toContain("get_link_request");
    vi.useRealTimers();
  });

  it("has no lock for a keyring vault", async () => {
    shell();
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-settings"));
    await screen.findByTestId("settings-data-dir");
    expect(screen.queryByTestId("settings-lock")).toBeNull();
  });

  it("makes a new passphrase be typed twice, and refuses two different ones", async () => {
    shell({ vault_status: { state: "needs_passphrase", code: "keyring_unavailable", message: null, keyMode: null } });
    render(App);
    await screen.findByTestId("unlock");
    await fireEvent.input(screen.getByLabelText("Passphrase"), { target: { value: "correct horse battery" } });
    await fireEvent.input(screen.getByLabelText("Repeat it"), { target: { value: "correct horse batteyr" } });
    await fireEvent.submit(screen.getByTestId("unlock").querySelector("form")!);
    expect((await screen.findByRole("alert")).textContent).toBe("The two passphrases differ; type the same one twice.");
    expect(calls).not.toContain("unlock_vault");
  });

  it("shows the command's message when the shell fails", async () => {
    shell({ app_info: new Error("cannot create the data directory /x: denied") });
    render(App);
    expect((await screen.findByTestId("app-info-error")).textContent).toBe("cannot create the data directory /x: denied");
  });

  it("lists upcoming bills with totals per currency and opens a bill's line items", async () => {
    const bills = [bill(1), bill(2, { currency: "EUR", amount: 5_000 }), bill(3, { status: "PAID" })];
    const { list_bills, bill_summary } = cache(bills);
    shell({ list_links: [], list_bills, bill_summary });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-bills"));
    await fireEvent.click(await screen.findByTestId("tab-upcoming"));
    const totals = await screen.findByTestId("totals");
    expect(totals.textContent).toContain("2 unpaid");
    expect(totals.textContent).toContain("100.01");
    expect(totals.textContent).toContain("50.00");
    const rows = await screen.findAllByTestId("bill-row");
    expect(rows.length).toBe(2);
    await fireEvent.click(rows[0]);
    expect((await screen.findByTestId("line-items")).textContent).toContain("Usage");
  });

  /** Bills, Upcoming, over 10,000 cached bills (bill i costs $100 + i cents). */
  async function bigList() {
    const bills = Array.from({ length: 10_000 }, (_, i) => bill(i, { dueDate: `2031-01-01`, billId: `bill_${String(i).padStart(5, "0")}` }));
    const db = cache(bills);
    shell({ list_bills: db.list_bills, bill_summary: db.bill_summary });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-bills"));
    await fireEvent.click(await screen.findByTestId("tab-upcoming"));
    const table = await screen.findByTestId("bill-table");
    await screen.findAllByTestId("bill-row");
    return { table, db };
  }

  it("renders only the visible rows of ten thousand bills, reading only the pages around them", async () => {
    const { table, db } = await bigList();
    expect(table.getAttribute("aria-label")).toBe("10000 bills");
    const rows = screen.getAllByTestId("bill-row");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(rows[0].getAttribute("aria-label")).toContain("$100.00");
    // Halfway down: the rows there are read (the 5,000th bill), a page at a time.
    table.scrollTop = 5_000 * 40;
    await fireEvent.scroll(table);
    await waitFor(() => expect(screen.getAllByTestId("bill-row").some((r) => r.getAttribute("aria-label")?.includes("$150.00"))).toBe(true));
    expect(db.asked.filter((a) => a.limit > 0).every((a) => a.limit <= 100)).toBe(true);
    expect(db.asked.some((a) => a.offset === 4_900 || a.offset === 5_000)).toBe(true);
    expect(screen.getAllByTestId("bill-row").length).toBeLessThan(40);
  });

  const rowOf = (table: HTMLElement, index: number) => table.querySelector<HTMLElement>(`[data-index="${index}"]`);

  it("keeps the rows' elements as the list scrolls: the rows that come into view change their text", async () => {
    const { table } = await bigList();
    const before = screen.getAllByTestId("bill-row");
    table.scrollTop = 10 * 40;
    await fireEvent.scroll(table);
    await waitFor(() => expect(rowOf(table, 20)?.getAttribute("aria-label")).toContain("$100.20"));
    const after = screen.getAllByTestId("bill-row");
    // The same elements, each where its bill is, none made or dropped.
    expect(new Set(after)).toEqual(new Set(before));
    for (const row of after) {
      const index = Number(row.dataset.index);
      expect(row.style.top).toBe(`${index * 40}px`);
      expect(row.getAttribute("aria-label")).toContain(`$${(100 + index / 100).toFixed(2)}`);
    }
  });

  it("is one Tab stop whose arrows, Page keys, Home and End move between the bills, focus following", async () => {
    const { table } = await bigList();
    const tabbable = () => screen.getAllByTestId("bill-row").filter((r) => r.tabIndex === 0);
    expect(tabbable().map((r) => r.dataset.index)).toEqual(["0"]);
    tabbable()[0].focus();
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toContain("$100.01"));
    expect(tabbable().map((r) => r.dataset.index)).toEqual(["1"]);
    await fireEvent.keyDown(document.activeElement!, { key: "PageDown" });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.index).toBe("11"));
    // The last bill's page is not read yet: its place takes focus and keeps it when the bill comes.
    await fireEvent.keyDown(document.activeElement!, { key: "End" });
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toContain("$199.99"));
    expect(table.contains(document.activeElement)).toBe(true);
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowUp" });
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toContain("$199.98"));
    await fireEvent.keyDown(document.activeElement!, { key: "Home" });
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toContain("$100.00"));
  });

  it("takes the focus back from a row scrolled so far that its element shows another bill", async () => {
    const { table } = await bigList();
    rowOf(table, 0)!.focus();
    table.scrollTop = 5_000 * 40;
    await fireEvent.scroll(table);
    await waitFor(() => expect(screen.getAllByTestId("bill-row").some((r) => r.getAttribute("aria-label")?.includes("$150.00"))).toBe(true));
    // Not left on an element that now reads as another bill: the list has it, and Tab reaches it.
    expect(document.activeElement).toBe(table);
    expect(table.tabIndex).toBe(0);
    // The arrows go on from the bill that had focus.
    await fireEvent.keyDown(table, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement?.getAttribute("aria-label")).toContain("$100.01"));
    expect(table.tabIndex).toBe(-1);
  });

  it("says what is still to pay this month, what was paid and what is overdue, with the next 30 days", async () => {
    const due = bill(1, { dueDate: "2031-01-20" });
    const overview = {
      ...EMPTY_OVERVIEW,
      month: {
        month: "2031-01",
        toPay: [{ amount: 12_345, currency: "USD" }],
        paid: [{ amount: 5_000, currency: "USD" }],
        overdue: [{ amount: 2_500, currency: "USD" }],
        next30Days: [due],
        expected: [
          {
            link: 1,
            dueDate: "2031-02-08",
            spreadDays: 2,
            cadence: { kind: "months", months: 1, day: 8, avoidsWeekends: true },
            amount: { expected: 9_000, low: 8_000, high: 10_000, basis: "last_year" },
            currency: "USD",
            basedOn: 24,
          },
        ],
      },
      flagged: [{ link: 1, billId: "bill_1", flags: [], reasons: ["42% above your usual for January (about $86.94)"] }],
    };
    shell({ list_links: [link(1)], list_bills: { bills: [due], total: 1 }, overview });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-bills"));
    expect((await screen.findByTestId("month-to-pay")).textContent).toContain("$123.45");
    expect(screen.getByTestId("month-paid").textContent).toContain("$50.00");
    expect(screen.getByTestId("month-overdue").textContent).toContain("$25.00");
    const next = screen.getByTestId("next-30-days").textContent ?? "";
    expect(next).toContain("42% above your usual for January");
    expect(screen.getByTestId("expected-bill").textContent).toContain("≈ $90.00");
  });

  it("shows the month's due dates in a calendar that the keyboard can walk", async () => {
    const months: Record<string, unknown> = {
      "2031-1": {
        month: "2031-01",
        entries: [
          { date: "2031-01-15", link: 1, billerName: "Test Electric Company", amount: 8_615, currency: "USD", kind: "bill", billId: "bill_1", status: "PENDING", overdue: false },
          { date: "2031-01-20", link: 2, billerName: "Test Gas Company", amount: 4_000, currency: "USD", kind: "bill", billId: "bill_2", status: "PAID", overdue: false },
        ],
      },
      "2031-2": {
        month: "2031-02",
        entries: [{ date: "2031-02-16", link: 1, billerName: "Test Electric Company", amount: 9_000, currency: "USD", kind: "expected", low: 8_000, high: 10_000, spreadDays: 0 }],
      },
    };
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2031, 0, 10, 12));
    try {
      calls.length = 0;
      mockIPC((cmd, args) => {
        calls.push(cmd);
        if (cmd === "calendar") {
          const a = args as { year: number; month: number };
          return months[`${a.year}-${a.month}`] ?? { month: "", entries: [] };
        }
        const answers: Record<string, unknown> = {
          app_info: INFO, vault_status: READY, get_settings: SETTINGS, list_links: [link(1)],
          list_bills: { bills: [bill(1)], total: 1 }, overview: EMPTY_OVERVIEW,
        };
        return answers[cmd] ?? null;
      }, { shouldMockEvents: true });
      render(App);
      await screen.findByTestId("version");
      await fireEvent.click(screen.getByTestId("nav-bills"));
      await fireEvent.click(await screen.findByTestId("tab-calendar"));
      expect((await screen.findByTestId("calendar-title")).textContent).toMatch(/January 2031/);
      await vi.waitFor(() => expect(screen.getAllByTestId("calendar-entry").length).toBe(2));
      const today = document.querySelector('[aria-current="date"]') as HTMLElement;
      expect(today.dataset.date).toBe("2031-01-10");
      expect(today.getAttribute("tabindex")).toBe("0");
      const paid = screen.getAllByTestId("calendar-entry").find((e) => e.dataset.kind === "paid");
      expect(paid?.textContent).toContain("Test Gas Company");
      // Five days on with the arrows, then the day's list with Enter (a click).
      today.focus();
      for (let i = 0; i < 5; i++) await fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowRight" });
      await vi.waitFor(() => expect((document.activeElement as HTMLElement).dataset.date).toBe("2031-01-15"));
      expect(document.activeElement?.getAttribute("aria-label")).toContain("Test Electric Company: $86.15, unpaid");
      await fireEvent.click(document.activeElement as HTMLElement);
      expect(screen.getByTestId("calendar-day-list").textContent).toContain("$86.15");
      // Page Down: February, with its expected bill.
      await fireEvent.keyDown(document.activeElement as HTMLElement, { key: "PageDown" });
      expect((await screen.findByTestId("calendar-title")).textContent).toMatch(/February 2031/);
      await vi.waitFor(() => expect(screen.getAllByTestId("calendar-entry")[0].dataset.kind).toBe("expected"));
      expect(calls.filter((c) => c === "calendar").length).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("opens a calendar bill's details, read from that account's bills of that day", async () => {
    const entry = { date: "2031-01-15", link: 1, billerName: "Test Electric Company", amount: 8_615, currency: "USD", kind: "bill", billId: "bill_7", status: "PENDING", overdue: false };
    const db = cache([bill(7, { dueDate: "2031-01-15" }), bill(8, { dueDate: "2031-01-15" }), bill(9, { link: 2, billId: "bill_7", dueDate: "2031-01-15" })]);
    const queries: unknown[] = [];
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(2031, 0, 10, 12));
    try {
      shell({
        list_links: [link(1)],
        calendar: { month: "2031-01", entries: [entry] },
        list_bills: (a: Parameters<typeof db.list_bills>[0]) => (queries.push(a.query), db.list_bills(a)),
      });
      render(App);
      await screen.findByTestId("version");
      await fireEvent.click(screen.getByTestId("nav-bills"));
      await fireEvent.click(await screen.findByTestId("tab-calendar"));
      await fireEvent.click(await screen.findByTestId("calendar-entry"));
      await fireEvent.click(await screen.findByText("Details"));
      expect((await screen.findByTestId("line-items")).textContent).toContain("$100.07");
      expect(queries.at(-1)).toMatchObject({ link: 1, from: "2031-01-15", to: "2031-01-15" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("draws the chart's data as a table too, flagged points and the expected band included", async () => {
    const chart = {
      link: null,
      currency: "USD",
      points: [
        { date: "2030-11-01", amount: 10_000, billId: null, flagged: false },
        { date: "2030-12-01", amount: 16_000, billId: null, flagged: false },
      ],
      forecast: { date: "2031-01-01", expected: 11_000, low: 10_000, high: 12_000 },
      otherCurrencies: ["EUR"],
    };
    shell({ list_links: [link(1)], list_bills: { bills: [bill(1)], total: 1 }, chart });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-bills"));
    await fireEvent.click(await screen.findByTestId("tab-history"));
    const table = await screen.findByTestId("chart-table");
    const rows = table.querySelectorAll("tbody tr");
    expect(rows.length).toBe(3);
    expect(rows[2].textContent).toContain("expected; usually $100.00 – $120.00");
    expect(screen.getByTestId("amount-chart").textContent).toContain("bills in EUR not shown");
    const plot = screen.getByTestId("chart-plot");
    await fireEvent.keyDown(plot, { key: "Home" });
    expect(screen.getByTestId("chart-announce").textContent).toContain("$100.00");
    expect(plot.getAttribute("aria-valuetext")).toContain("$100.00");
  });

  it("calls an account with an overdue bill overdue, not OK, and offers the fix", async () => {
    const overview = {
      ...EMPTY_OVERVIEW,
      accounts: [
        {
          link: 1,
          health: { health: { state: "overdue", bills: 1, amounts: [{ amount: 14_680, currency: "USD" }], since: "2030-12-01" }, fix: "pay", summary: "1 bill overdue since 2030-12-01 (146.80 USD)" },
          nextDue: null,
          overdue: [{ amount: 14_680, currency: "USD" }],
          forecast: null,
        },
        {
          link: 2,
          health: { health: { state: "syncFailed", message: "BILLER_TIMEOUT: the biller did not answer" }, fix: "sync", summary: "Last sync failed: BILLER_TIMEOUT: the biller did not answer" },
          nextDue: bill(5, { link: 2, dueDate: "2031-01-20" }),
          overdue: [],
          forecast: null,
        },
      ],
    };
    shell({ list_links: [link(1), link(2, { linkId: "link_2", status: "error" })], overview, list_bills: { bills: [], total: 0 } });
    render(App);
    await screen.findByTestId("version");
    await vi.waitFor(() => expect(screen.getAllByTestId("link-status")[0].textContent).toBe("Bill overdue"));
    const [late, failing] = screen.getAllByTestId("account");
    expect(late.querySelector('[data-testid="account-overdue"]')?.textContent).toContain("$146.80");
    expect(late.querySelector('[data-testid="account-health"]')?.textContent).toContain("1 bill overdue since");
    expect(late.querySelector('[data-testid="fix"]')?.textContent).toBe("Show overdue bills");
    expect(failing.querySelector('[data-testid="link-status"]')?.textContent).toBe("Sync failed");
    expect(failing.querySelector('[data-testid="fix"]')?.textContent).toBe("Sync now");
    expect(failing.querySelector('[data-testid="account-next-due"]')?.textContent).toContain("$100.05");
  });

  it("saves several reminder lead times", async () => {
    let saved: unknown = null;
    calls.length = 0;
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "set_reminder_days") {
        saved = (args as { days: number[] }).days;
        return { ...SETTINGS, reminderDays: [14, 2, 0] };
      }
      const answers: Record<string, unknown> = { app_info: INFO, vault_status: READY, get_settings: SETTINGS, list_links: [], list_bills: { bills: [], total: 0 }, overview: EMPTY_OVERVIEW };
      return answers[cmd] ?? null;
    }, { shouldMockEvents: true });
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-settings"));
    const input = (await screen.findByTestId("reminder-days")) as HTMLInputElement;
    expect(input.value).toBe("7, 3, 0");
    await fireEvent.input(input, { target: { value: "2, 14 0" } });
    await fireEvent.change(input);
    await vi.waitFor(() => expect(saved).toEqual([2, 14, 0]));
    await vi.waitFor(() => expect(input.value).toBe("14, 2, 0"));
  });

  it("shows what changed in the database without a click, reloading only that", async () => {
    const answers: Record<string, unknown> = { list_links: [] };
    shell(answers);
    render(App);
    expect(await screen.findByText("No linked accounts yet")).toBeTruthy();
    await vi.waitFor(() => expect(calls).toContain("overview"));
    // The CLI linked an account on the same data directory.
    answers.list_links = [link(7)];
    calls.length = 0;
    await emit(DATA_CHANGED, { links: true, bills: false, settings: false });
    expect(await screen.findByTestId("account")).toBeTruthy();
    await vi.waitFor(() => expect(calls).toContain("list_links"));
    // Links moved, so the overview of bills is read again too; a settings-only change reads less.
    calls.length = 0;
    await emit(DATA_CHANGED, { links: false, bills: false, settings: true });
    await vi.waitFor(() => expect(calls).toContain("get_settings"));
    expect(calls).not.toContain("overview");
  });

  it("asks on the first close whether to keep running in the tray, and the tray opens Bills", async () => {
    let choice: unknown = null;
    calls.length = 0;
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "close_choice") choice = (args as { keepInTray: boolean }).keepInTray;
      const answers: Record<string, unknown> = { app_info: INFO, vault_status: READY, get_settings: SETTINGS, list_links: [], list_bills: { bills: [], total: 0 }, overview: EMPTY_OVERVIEW };
      return answers[cmd] ?? null;
    }, { shouldMockEvents: true });
    render(App);
    await screen.findByTestId("version");
    await emit(CLOSE_ASKED);
    await fireEvent.click(await screen.findByTestId("close-keep"));
    await vi.waitFor(() => expect(choice).toBe(true));
    await vi.waitFor(() => expect(screen.queryByTestId("close-dialog")).toBeNull());
    await emit(SHOW_SCREEN, "bills");
    await vi.waitFor(() => expect(screen.getByTestId("nav-bills").getAttribute("aria-current")).toBe("page"));
  });
});
