import { listen } from "@tauri-apps/api/event";
import {
  appInfo,
  getSettings,
  listBills,
  listLinks,
  lockVault,
  syncNow,
  vaultStatus,
  SYNC_PROGRESS,
  VAULT_READY,
  type AppInfo,
  type LinkSummary,
  type Settings,
  type StoredBill,
  type SyncProgress,
  type VaultStatus,
} from "../bindings";
import { messageOf } from "../errors";

/** The app's state: vault, settings, links, cached bills and the running sync. One instance. */
class AppStore {
  info = $state<AppInfo | null>(null);
  vault = $state<VaultStatus | null>(null);
  settings = $state<Settings | null>(null);
  links = $state<LinkSummary[]>([]);
  bills = $state<StoredBill[]>([]);
  syncing = $state(false);
  progress = $state<SyncProgress | null>(null);
  error = $state<string | null>(null);
  private listening = false;
  private resolveLoaded!: () => void;
  /** Settles once the first load has finished (data on screen, or the reason it is not). */
  readonly loaded = new Promise<void>((resolve) => (this.resolveLoaded = resolve));

  get ready(): boolean {
    return this.vault?.state === "ready";
  }

  /** Loads everything; safe to call again. */
  async load(): Promise<void> {
    await this.listen();
    try {
      [this.info, this.vault] = await Promise.all([appInfo(), vaultStatus()]);
      // The shell opens the vault in the background at start: wait for it (at most 10 s).
      for (let i = 0; i < 100 && this.vault?.state === "opening"; i++) {
        await new Promise((r) => setTimeout(r, 100));
        this.vault = await vaultStatus();
      }
      if (this.ready) await this.refresh();
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.resolveLoaded();
    }
  }

  /** Re-reads settings, links and bills from the shell (the cache: works offline). */
  async refresh(): Promise<void> {
    try {
      const [settings, links, page] = await Promise.all([getSettings(), listLinks(), listBills({ link: null, status: null, from: null, to: null, offset: null, limit: null })]);
      this.settings = settings;
      this.links = links;
      this.bills = page.bills;
      this.info = await appInfo();
      this.error = null;
    } catch (e) {
      this.error = messageOf(e);
    }
  }

  /** Locks a passphrase vault and drops what was loaded from it; the Unlock screen follows. */
  async lock(): Promise<void> {
    this.vault = await lockVault();
    this.links = [];
    this.bills = [];
  }

  /** Syncs all links (or one); progress arrives through events. */
  async sync(link: number | null = null): Promise<SyncProgress[]> {
    this.syncing = true;
    this.progress = null;
    try {
      return await syncNow(link);
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
      await listen<SyncProgress>(SYNC_PROGRESS, (e) => {
        this.progress = e.payload;
      });
      await listen(VAULT_READY, async () => {
        this.vault = await vaultStatus();
        await this.refresh();
      });
    } catch {
      // Outside the app shell (unit tests without event mocks) there are no events.
    }
  }
}

export const app = new AppStore();
