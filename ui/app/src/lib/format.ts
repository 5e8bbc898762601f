const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(currency: string): Intl.NumberFormat | null {
  let f = formats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: "currency", currency });
    } catch {
      return null;
    }
    formats.set(currency, f);
  }
  return f;
}

/** Decimal places of a currency (ISO 4217 via Intl: JPY 0, USD 2, KWD 3). */
export function decimalsOf(currency: string): number {
  return currencyFormat(currency)?.resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units in major units (15420 USD → 154.2; 1200 JPY → 1200). */
export function major(amount: number, currency: string): number {
  return amount / 10 ** decimalsOf(currency);
}

/** Minor units as a localized amount, e.g. 15420 USD → "$154.20". */
export function money(amount: number, currency: string): string {
  const f = currencyFormat(currency);
  return f ? f.format(major(amount, currency)) : `${(amount / 100).toFixed(2)} ${currency}`;
}

/** A month as a heading, e.g. "December 2026", from YYYY-MM or a YYYY-MM-DD date. */
export function monthTitle(date: string): string {
  const [y, m] = date.split("-").map(Number);
  return new Date(y, m - 1, 1).toLocaleDateString(undefined, { year: "numeric", month: "long" });
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
  return new Date(y, m - 1, d).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
}

/** A short date and time, e.g. "Apr 15, 2026, 2:30 PM", from an RFC 3339 time. */
export function shortDateTime(rfc3339: string): string {
  return new Date(rfc3339).toLocaleString(undefined, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

/** "3 minutes ago", from an RFC 3339 time. */
export function ago(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "never";
  const seconds = Math.round((Date.now() - Date.parse(rfc3339)) / 1000);
  if (seconds < 60) return "just now";
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  if (seconds < 3600) return rtf.format(-Math.round(seconds / 60), "minute");
  if (seconds < 86_400) return rtf.format(-Math.round(seconds / 3600), "hour");
  return rtf.format(-Math.round(seconds / 86_400), "day");
}

/** How a link's origin is named: "the embedded sandbox", or its server URL. */
export function originLabel(origin: string): string {
  return origin === "embedded" ? "the embedded sandbox" : origin.replace(/\/$/, "");
}

/** Totals per currency. */
export function totals(bills: { amount: number; currency: string }[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const b of bills) sums.set(b.currency, (sums.get(b.currency) ?? 0) + b.amount);
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b));
}
