// Formatters are made once and reused: making an Intl formatter costs far more than formatting
// (each `toLocaleDateString(…, options)` makes one), and a list formats several values per row.
const formats = new Map<string, { format: Intl.NumberFormat; decimals: number } | null>();

function currencyFormat(currency: string): { format: Intl.NumberFormat; decimals: number } | null {
  let f = formats.get(currency);
  if (f === undefined) {
    try {
      const format = new Intl.NumberFormat(undefined, { style: "currency", currency });
      f = { format, decimals: format.resolvedOptions().maximumFractionDigits ?? 2 };
    } catch {
      f = null;
    }
    formats.set(currency, f);
  }
  return f;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date formatter for `options` in the user's locale, made once. */
export function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, options);
    dateFormats.set(key, f);
  }
  return f;
}

/** Decimal places of a currency (ISO 4217 via Intl: JPY 0, USD 2, KWD 3). */
export function decimalsOf(currency: string): number {
  return currencyFormat(currency)?.decimals ?? 2;
}

/** Minor units in major units (15420 USD → 154.2; 1200 JPY → 1200). */
export function major(amount: number, currency: string): number {
  return amount / 10 ** decimalsOf(currency);
}

/** Minor units as a localized amount, e.g. 15420 USD → "$154.20". */
export function money(amount: number, currency: string): string {
  const f = currencyFormat(currency);
  return f ? f.format.format(amount / 10 ** f.decimals) : `${(amount / 100).toFixed(2)} ${currency}`;
}

/** A month as a heading, e.g. "December 2026", from YYYY-MM or a YYYY-MM-DD date. */
export function monthTitle(date: string): string {
  const [y, m] = date.split("-").map(Number);
  return dateFormat({ year: "numeric", month: "long" }).format(new Date(y, m - 1, 1));
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Whole days from today to a YYYY-MM-DD date (negative when past). */
export function daysUntil(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  const target = Date.UTC(y, m - 1, d);
  const [ty, tm, td] = today().split("-").map(Number);
  return Math.round((target - Date.UTC(ty, tm - 1, td)) / 86_400_000);
}

/** A short date, e.g. "Apr 15, 2026". */
export function shortDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return dateFormat({ year: "numeric", month: "short", day: "numeric" }).format(new Date(y, m - 1, d));
}

/** A short date and time, e.g. "Apr 15, 2026, 2:30 PM", from an RFC 3339 time. */
export function shortDateTime(rfc3339: string): string {
  return dateFormat({ year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(new Date(rfc3339));
}

/** "3 minutes ago", from an RFC 3339 time. In English, as the sentence around it is, and without
 * Intl: the account cards use it, and the first Intl formatter of a start loads ICU's data
 * (~16 ms, bench/startup) before the first paint could happen. */
export function ago(rfc3339: string | null | undefined, now = Date.now()): string {
  if (!rfc3339) return "never";
  const seconds = Math.round((now - Date.parse(rfc3339)) / 1000);
  if (seconds < 60) return "just now";
  const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"} ago`;
  if (seconds < 3600) return count(Math.round(seconds / 60), "minute");
  if (seconds < 86_400) return count(Math.round(seconds / 3600), "hour");
  const days = Math.round(seconds / 86_400);
  return days === 1 ? "yesterday" : count(days, "day");
}

/** How a link's origin is named: "the embedded sandbox", or its server URL. */
export function originLabel(origin: string): string {
  return origin === "embedded" ? "the embedded sandbox" : origin.replace(/\/$/, "");
}

/** Totals per currency. */
export function totals(bills: { amount: number; currency: string }[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const b of bills) sums.set(b.currency, (sums.get(b.currency) ?? 0) + b.amount);
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
