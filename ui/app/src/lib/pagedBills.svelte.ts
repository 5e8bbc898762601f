import { listBills, type BillMatch, type BillOrder, type StoredBill } from "./bindings";
import { messageOf } from "./errors";

/** Bills read in one IPC call: five screens of rows. */
export const PAGE = 100;

/** No filter: every cached bill. */
export const EVERY_BILL: BillMatch = { link: null, status: null, from: null, to: null, unpaid: null };

/** A list of cached bills read from SQLite a page at a time. It holds the pages around the rows
 * shown and forgets the rest: ten thousand bills are never in the webview at once. */
export class PagedBills {
  /** How many bills match (the list's length); null until the first read answers. */
  total = $state<number | null>(null);
  /** Why a page could not be read, when one could not. */
  error = $state<string | null>(null);
  // Replaced whole on each read, so the rows showing a page follow it.
  private pages = $state.raw(new Map<number, StoredBill[]>());
  private reading = new Set<number>();
  private shown: [number, number] = [0, 0];
  // Bumped by `reload`: a page asked for before it is dropped when it answers.
  private generation = 0;

  constructor(
    readonly matching: BillMatch,
    readonly order: BillOrder,
  ) {}

  /** The bill at `index`, once its page is read. */
  at(index: number): StoredBill | undefined {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  /** Rows `first` to `last` are on screen: reads their pages and one either side, forgets others. */
  show(first: number, last: number): void {
    this.shown = [first, last];
    const [lo, hi] = this.around();
    if ([...this.pages.keys()].some((p) => p < lo || p > hi)) {
      this.pages = new Map([...this.pages].filter(([p]) => p >= lo && p <= hi));
    }
    for (let p = lo; p <= hi; p++) {
      if (!this.pages.has(p) && !this.reading.has(p) && (this.total === null || p * PAGE < this.total)) void this.read(p);
    }
  }

  /** Reads the pages around the rows shown again, all at once (the bills changed, or first). */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.reading.clear();
    const [lo, hi] = this.around();
    const wanted = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
    try {
      const read = await Promise.all(wanted.map((p) => this.query(p)));
      if (generation !== this.generation) return;
      this.total = read[0]?.total ?? 0;
      this.pages = new Map(wanted.map((p, i) => [p, read[i].bills] as const).filter(([, bills]) => bills.length > 0));
      this.error = null;
    } catch (e) {
      if (generation === this.generation) this.error = messageOf(e);
    }
  }

  /** The pages kept: those of the rows shown, and one either side. */
  private around(): [number, number] {
    const [first, last] = this.shown;
    return [Math.max(0, Math.floor(first / PAGE) - 1), Math.floor(last / PAGE) + 1];
  }

  private query(page: number) {
    return listBills({ ...this.matching, order: this.order, offset: page * PAGE, limit: PAGE });
  }

  private async read(page: number): Promise<void> {
    const generation = this.generation;
    this.reading.add(page);
    try {
      const read = await this.query(page);
      if (generation !== this.generation) return;
      this.total = read.total;
      const [lo, hi] = this.around();
      // Scrolled away while it was read: not kept.
      if (page >= lo && page <= hi) this.pages = new Map(this.pages).set(page, read.bills);
      this.error = null;
    } catch (e) {
      if (generation === this.generation) this.error = messageOf(e);
    } finally {
      if (generation === this.generation) this.reading.delete(page);
    }
  }
}
