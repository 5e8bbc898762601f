import {
  appInfo,
  getSettings,
  listenTo,
  listBills,
  listLinks,
  lockVault,
  overview as readOverview,
  syncNow,
  vaultStatus,
  SYNC_PROGRESS,
  VAULT_LOCKED,
  VAULT_READY,
  DATA_CHANGED,
  SHOW_SCREEN,
  CLOSE_ASKED,
  DEEP_LINK,
  UPDATE_AVAILABLE,
  takeUiRequest,
  type UpdateStatus,
  type AppInfo,
  type UiRequest,
  type LinkSummary,
  type Overview,
  type Settings,
  type SyncProgress,
  type VaultStatus,
} from "../bindings";
import { messageOf } from "../errors";
import { navigation } from "../navigation.svelte";
import { EVERY_BILL } from "../pagedBills.svelte";
import { mark } from "../startup";
import { tick } from "svelte";

/** How many accounts the first screen reads: a few more than the window shows (a card without
 * its overview is ~110 px high). The rest follow its paint (200 links are ~150 KB that WebKitGTK
 * took ~85 ms to hand over, and ~140 ms to lay out; each card drawn before the paint delays it). */
function firstScreenLinks(): number {
  return Math.min(30, Math.max(6, Math.ceil(window.innerHeight / 100)));
}

/** The app's state: vault, settings, links, cached bills and the running sync. One instance. */
class AppStore {
  info = $state<AppInfo | null>(null);
  vault = $state<VaultStatus | null>(null);
  settings = $state<Settings | null>(null);
  // Raw state: these are replaced whole, never edited in place, and a deep proxy over ten thousand
  // bills made every filter and sort read each field through a proxy trap (and kept a signal per
  // field alive): the Upcoming list took ~200 ms to paint.
  links = $state.raw<LinkSummary[]>([]);
  /** Health, next bills, this month and the flagged bills: what Accounts and "This month" show. */
  overview = $state.raw<Overview | null>(null);
  /** Counts re-reads of the bills: the views reading them (lists, calendar, chart) follow it. */
  billsVersion = $state(0);
  /** How many bills are cached, once a screen listing them has asked (null before). */
  billCount = $state<number | null>(null);
  /** What a `billkeep://` link asked for (Accounts acts on a link or e-mail result and clears it). */
  request = $state<UiRequest | null>(null);
  /** A newer version found by the check at start (Settings → Updates offers it). */
  update = $state<UpdateStatus | null>(null);
  /** A bill status a link asked the Bills screen to filter by (the screen takes it). */
  requestedBillStatus = $state<string | null>(null);
  /** The window was closed for the first time: the App asks what closing should do. */
  closeAsked = $state(false);
  /** Why the bills could not be counted, when they could not (Bills offers to try again). */
  billsError = $state<string | null>(null);
  // The bills are counted (and their lists read, a page at a time, by the screens) only once a
  // screen listing them is opened: users who only look at their accounts read none.
  private billsWanted = false;
  syncing = $state(false);
  progress = $state<SyncProgress | null>(null);
  error = $state<string | null>(null);
  private listening = false;
  private firstLoadDone = false;
  private resolveLoaded!: () => void;
  /** Settles once the first load has finished (data on screen, or the reason it is not). */
  readonly loaded = new Promise<void>((resolve) => (this.resolveLoaded = resolve));

  get ready(): boolean {
    return this.vault?.state === "ready";
  }

  private started: Promise<void> | null = null;
  private readonly firstLinks = firstScreenLinks();

  /** Starts the first load once (main.ts calls it before mounting, so the first IPC does not wait
   * for the first render; App calls it too, for tests that mount App alone). */
  start(): Promise<void> {
    this.started ??= this.load();
    return this.started;
  }

  /** Loads everything; safe to call again. Accounts are painted before the bills are read. */
  async load(): Promise<void> {
    // The listeners register while the first data is read: each is an IPC round trip, and awaiting
    // them one by one held the first read back (bench/startup's timeline). Nothing is missed:
    // vault_status answers once the start-up unlock has settled, so vault-ready has either fired
    // before it answers or will not.
    mark("load_called");
    const listening = this.listen();
    try {
      // One round trip: the settings and first links are asked with the vault's state. The shell
      // answers them once its start-up unlock has ended; if the vault did not open, they fail
      // and are not used (Unlock shows). vault_status answers as soon as that unlock has ended,
      // or after a few seconds with "opening" (a keyring waiting on a prompt): then ask again.
      const accounts = Promise.all([getSettings(), listLinks(this.firstLinks)]).catch(() => null);
      const [info, vault, answered] = await Promise.all([appInfo(), vaultStatus(), accounts]);
      mark("first_ipc_answered");
      this.info = info;
      this.vault = vault;
      while (this.vault?.state === "opening") this.vault = await vaultStatus();
      if (answered && vault.state === "ready") {
        [this.settings, this.links] = answered;
        mark("accounts_answered");
      } else if (this.ready) {
        await this.refreshAccounts(this.firstLinks);
      }
      mark("accounts_loaded");
      void tick().then(() => mark("accounts_rendered"));
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.firstLoadDone = true;
      this.resolveLoaded();
    }
    await listening;
    // Started by a link: act on it once the screens are there.
    await this.takeRequest();
    if (this.ready) {
      // After the first paint: what the accounts add up to (the bills themselves wait for Bills).
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const rest = this.links.length >= this.firstLinks ? this.readAllLinks() : Promise.resolve();
      await Promise.all([rest, this.refreshBills()]);
    }
  }

  /** Takes what a `billkeep://` link asked for and shows the screen for it. A link only
   * navigates or prefills: the user still clicks to link. */
  async takeRequest(): Promise<void> {
    let request: UiRequest | null;
    try {
      request = await takeUiRequest();
    } catch {
      return;
    }
    if (!request) return;
    if (request.kind === "bills") {
      this.requestedBillStatus = request.status ?? "";
      navigation.go("bills");
    } else {
      this.request = request;
      navigation.go("accounts");
    }
  }

  /** Re-reads settings, links and bills from the shell (the cache: works offline). */
  async refresh(): Promise<void> {
    await Promise.all([this.refreshAccounts(), this.refreshBills()]);
  }

  /** The links after the first screen's: only they are read again, not settings and app info. */
  private async readAllLinks(): Promise<void> {
    try {
      this.links = await listLinks(null);
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Re-reads settings, app info and links (the first `limit` links only, when given). */
  private async refreshAccounts(limit: number | null = null): Promise<void> {
    try {
      const [settings, links, info] = await Promise.all([getSettings(), listLinks(limit), appInfo()]);
      this.settings = settings;
      this.links = links;
      this.info = info;
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Re-reads what the bills add up to, and (once a screen lists them) tells the lists to. */
  private async refreshBills(): Promise<void> {
    try {
      const overview = readOverview().then((o) => (this.overview = o));
      await Promise.all([overview, this.billsWanted ? this.countBills() : null]);
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  private async countBills(): Promise<void> {
    const page = await listBills({ ...EVERY_BILL, order: null, offset: null, limit: 0 });
    this.billCount = page.total;
    this.billsError = null;
    this.billsVersion++;
  }

  /** A screen lists the bills: count them now (once; later changes re-count them by themselves). */
  async wantBills(): Promise<void> {
    if (this.billsWanted) return;
    this.billsWanted = true;
    if (!this.ready) return; // counted when the vault opens
    try {
      await this.countBills();
    } catch (e) {
      this.billsWanted = false;
      this.billsError = messageOf(e);
    }
  }

  /** The overview of one account (health, next bill, forecast), once read. */
  account(link: number) {
    return this.overview?.accounts.find((a) => a.link === link) ?? null;
  }

  /** The flagged bills by link and bill id: each visible row asks, so a lookup, not a scan. */
  private flags = $derived(new Map((this.overview?.flagged ?? []).map((f) => [`${f.link}:${f.billId}`, f.reasons])));

  /** Why a bill stands out, if it does. */
  flagsOf(link: number, billId: string): string[] {
    return this.flags.get(`${link}:${billId}`) ?? [];
  }

  /** Locks a passphrase vault and drops what was loaded from it; the Unlock screen follows. */
  async lock(): Promise<void> {
    this.locked(await lockVault());
  }

  /** The vault is locked (by the user, or by the shell): forget what was read from it. */
  private locked(status: VaultStatus): void {
    this.vault = status;
    this.links = [];
    this.overview = null;
    this.billCount = null;
  }

  /** Syncs all links (or one; `force`: a full re-sync); progress arrives through events. */
  async sync(link: number | null = null, force = false): Promise<SyncProgress[]> {
    this.syncing = true;
    this.progress = null;
    try {
      return await syncNow(link, force);
    } finally {
      this.syncing = false;
      await this.refresh();
    }
  }

  /** The newest successful sync of any link. */
  get lastUpdated(): string | null {
    const times = this.links.map((l) => l.lastSyncedAt).filter((t): t is string => !!t);
    return times.sort().at(-1) ?? null;
  }

  private async listen(): Promise<void> {
    if (this.listening) return;
    this.listening = true;
    try {
      // All at once: each registration is an IPC round trip.
      await Promise.all([
        listenTo(SYNC_PROGRESS, (progress) => {
          this.progress = progress;
        }),
        // The shell locked the vault (idle time, screen lock, sleep, a key rotated elsewhere).
        listenTo(VAULT_LOCKED, async () => {
          this.locked(await vaultStatus());
        }),
        // The first load reads the vault's state itself; this covers a vault that opens later.
        listenTo(VAULT_READY, async () => {
          if (!this.firstLoadDone) return;
          this.vault = await vaultStatus();
          await this.refresh();
        }),
        // The database changed (the CLI, a background sync, another window): reload only what
        // moved; the screens keep their scroll, filters and open dialogs.
        listenTo(DATA_CHANGED, async (changed) => {
          if (!this.ready) return;
          const work: Promise<void>[] = [];
          if (changed.links || changed.settings) work.push(this.refreshAccounts());
          if (changed.bills || changed.links) work.push(this.refreshBills());
          await Promise.all(work);
        }),
        listenTo(SHOW_SCREEN, (screen) => {
          if (screen === "bills" || screen === "accounts" || screen === "settings" || screen === "support") navigation.go(screen);
        }),
        listenTo(CLOSE_ASKED, () => {
          this.closeAsked = true;
        }),
        listenTo(DEEP_LINK, () => this.takeRequest()),
        listenTo(UPDATE_AVAILABLE, (status) => {
          this.update = status;
        }),
      ]);
    } catch {
      // Outside the app shell (unit tests without event mocks) there are no events.
    }
  }
}

export const app = new AppStore();
