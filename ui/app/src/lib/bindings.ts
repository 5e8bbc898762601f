// Generated from the IPC surface (src-tauri/commands/surface.rs, src-tauri/events.rs) by
// `BILLKEEP_WRITE_BINDINGS=1 cargo test -p billkeep bindings`. Do not edit.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

/**
 * Health, its fix, and both in words.
 */
export type AccountHealth = { 
/**
 * The state.
 */
health: Health, 
/**
 * What fixes it.
 */
fix: Fix, 
/**
 * The state for a person: "2 bills overdue since 2026-11-03 (310.00 USD)".
 */
summary: string, };

/**
 * One account at a glance.
 */
export type AccountOverview = { 
/**
 * The local link.
 */
link: number, 
/**
 * Its health and the fix.
 */
health: AccountHealth, 
/**
 * Its next unpaid bill due today or later.
 */
nextDue: StoredBill | null, 
/**
 * Unpaid past due, per currency.
 */
overdue: Array<Money>, 
/**
 * Its next bill, as expected from its history.
 */
forecast: Forecast | null, };

/**
 * An expected amount and the range it should fall in.
 */
export type AmountRange = { 
/**
 * The most likely amount, minor units.
 */
expected: number, 
/**
 * The low end of the usual range.
 */
low: number, 
/**
 * The high end of the usual range.
 */
high: number, 
/**
 * What it is based on.
 */
basis: Basis, };

/**
 * What the About line and the Settings screen show about this installation.
 */
export type AppInfo = { 
/**
 * The app's version, from the workspace manifest.
 */
version: string, 
/**
 * The directory holding the database and logs.
 */
dataDir: string, 
/**
 * The BillerAPI environment new links are made in.
 */
environment: EnvironmentKind, 
/**
 * The profile this window shows.
 */
profile: string, };

/**
 * A newer version on the feed.
 */
export type AvailableUpdate = { 
/**
 * Its version.
 */
version: string, 
/**
 * Its release notes.
 */
notes: string | null, 
/**
 * When it was published (RFC 3339).
 */
date: string | null, };

/**
 * What an expected amount is based on.
 */
export type Basis = "last_year" | "recent";

/**
 * Why a bill is flagged.
 */
export type BillFlag = { "kind": "unusualAmount", 
/**
 * What was expected, minor units.
 */
expected: number, 
/**
 * How far off, in percent (negative: below).
 */
percent: number, 
/**
 * What the expectation was based on.
 */
basis: Basis, } | { "kind": "priceChanged", 
/**
 * The line item.
 */
item: string, 
/**
 * Its price before, minor units.
 */
from: number, 
/**
 * Its price now.
 */
to: number, };

/**
 * Which bills: every filter is optional.
 */
export type BillMatch = { 
/**
 * One link only.
 */
link: number | null, 
/**
 * One status only.
 */
status: BillStatus | null, 
/**
 * Due on or after (YYYY-MM-DD).
 */
from: string | null, 
/**
 * Due on or before (YYYY-MM-DD).
 */
to: string | null, 
/**
 * Unpaid ones only (overdue, pending, scheduled).
 */
unpaid: boolean | null, };

/**
 * The order a list of bills comes in.
 */
export type BillOrder = "newest" | "soonest";

/**
 * One slice of the filtered bills, and how many match in all.
 */
export type BillPage = { 
/**
 * The bills of this slice, in the order asked for.
 */
bills: Array<StoredBill>, 
/**
 * How many match in all.
 */
total: number, };

/**
 * Which bills to list, in which order, and which slice of them.
 */
export type BillQuery = { 
/**
 * Newest due date first (default) or soonest first.
 */
order: BillOrder | null, 
/**
 * Skip this many (default 0).
 */
offset: number | null, 
/**
 * At most this many (default and max 20,000).
 */
limit: number | null, 
/**
 * One link only.
 */
link: number | null, 
/**
 * One status only.
 */
status: BillStatus | null, 
/**
 * Due on or after (YYYY-MM-DD).
 */
from: string | null, 
/**
 * Due on or before (YYYY-MM-DD).
 */
to: string | null, 
/**
 * Unpaid ones only (overdue, pending, scheduled).
 */
unpaid: boolean | null, };

export type BillStatus = "PENDING" | "PAID" | "OVERDUE" | "CANCELLED" | "SCHEDULED" | (string & {});

/**
 * What a filtered list adds up to, without reading its bills.
 */
export type BillSummary = { 
/**
 * How many bills match.
 */
count: number, 
/**
 * How many of them are overdue or due soon (`reminders::due`).
 */
dueSoon: number, 
/**
 * Their amounts per currency (minor units), by currency code.
 */
totals: Array<CurrencyTotal>, };

/**
 * How often bills come.
 */
export type Cadence = { "kind": "months", 
/**
 * 1 (monthly), 3 (quarterly), 6 or 12 (yearly).
 */
months: number, 
/**
 * The day of the month (the month's last when it is shorter).
 */
day: number, 
/**
 * No bill of the history fell on a weekend: the next one will not either.
 */
avoidsWeekends: boolean, } | { "kind": "days", 
/**
 * The interval.
 */
days: number, };

/**
 * One entry of a day.
 */
export type CalendarEntry = { 
/**
 * The day.
 */
date: string, 
/**
 * The local link.
 */
link: number, 
/**
 * The biller.
 */
billerName: string, 
/**
 * The amount (expected, for an expected bill), minor units.
 */
amount: number, 
/**
 * ISO 4217.
 */
currency: string, } & ({ "kind": "bill", 
/**
 * BillerAPI's id.
 */
billId: string, 
/**
 * Its status.
 */
status: BillStatus, 
/**
 * Unpaid past its date.
 */
overdue: boolean, } | { "kind": "expected", 
/**
 * The low end of its usual range.
 */
low: number, 
/**
 * The high end.
 */
high: number, 
/**
 * Days either side it may land.
 */
spreadDays: number, });

/**
 * A month of the calendar.
 */
export type CalendarMonth = { 
/**
 * `YYYY-MM`.
 */
month: string, 
/**
 * Every entry of the month, by day then biller.
 */
entries: Array<CalendarEntry>, };

/**
 * A series to draw.
 */
export type Chart = { 
/**
 * One account (its link), or every account (`None`).
 */
link: number | null, 
/**
 * ISO 4217 of every amount.
 */
currency: string, 
/**
 * Oldest first.
 */
points: Array<ChartPoint>, 
/**
 * The next expected value, after the last point.
 */
forecast: ChartForecast | null, 
/**
 * Currencies left out (bills in another currency than the chart's).
 */
otherCurrencies: Array<string>, };

/**
 * The expected next value and its usual range.
 */
export type ChartForecast = { 
/**
 * When.
 */
date: string, 
/**
 * Expected, minor units.
 */
expected: number, 
/**
 * Low end.
 */
low: number, 
/**
 * High end.
 */
high: number, };

/**
 * One point: a bill (one account) or a month's total (every account).
 */
export type ChartPoint = { 
/**
 * The due date (the month's first day, for totals).
 */
date: string, 
/**
 * Minor units.
 */
amount: number, 
/**
 * The bill (one account only).
 */
billId: string | null, 
/**
 * The bill stands out (one account only).
 */
flagged: boolean, };

/**
 * The shape an [`Error`] takes on the wire; only its TypeScript declaration is used.
 */
export type CommandError = { 
/**
 * The stable machine code.
 */
code: ErrorCode, 
/**
 * The message to show the user.
 */
message: string, 
/**
 * For `duplicate_link`: the local id of the link already there.
 */
existingLink: number | null, 
/**
 * For a BillerAPI error: the documentation page it named.
 */
documentationUrl?: string, };

/**
 * One recorded Connect event.
 */
export type ConnectEvent = { 
/**
 * Row id.
 */
id: number, 
/**
 * The Connect session (link token id).
 */
sessionId: string, 
/**
 * The documented event name.
 */
event: string, 
/**
 * Its metadata as JSON (token fields removed when recorded).
 */
metadata: string, 
/**
 * When it happened.
 */
at: string, };

/**
 * A sum of amounts in one currency.
 */
export type CurrencyTotal = { 
/**
 * ISO 4217 code.
 */
currency: string, 
/**
 * Minor units.
 */
amount: number, };

/**
 * Which kinds changed: what a window reloads.
 */
export type DataChanged = { 
/**
 * Links changed.
 */
links: boolean, 
/**
 * Bills changed.
 */
bills: boolean, 
/**
 * Settings changed.
 */
settings: boolean, };

/**
 * The desktop settings that live outside the database.
 */
export type DesktopInfo = { 
/**
 * Billkeep starts at login, in the tray.
 */
startAtLogin: boolean, 
/**
 * The daily background sync's local time (`HH:MM`).
 */
dailySyncAt: string, 
/**
 * A tray icon could be made (some desktops have no tray).
 */
tray: boolean, };

/**
 * One biller found in the user's e-mail.
 */
export type DiscoveredBiller = { 
/**
 * BillerAPI's biller id, when it recognised the biller (then it can be linked).
 */
billerId: string | null, 
/**
 * The biller's name (or the sender, when not recognised).
 */
name: string, 
/**
 * The newest bill's amount in minor units, if it had one.
 */
lastAmount: number | null, 
/**
 * Its currency (e-mails do not say: the user's, USD).
 */
currency: string, 
/**
 * The newest bill's due date.
 */
lastDueDate: string | null, 
/**
 * How many bill e-mails came from it.
 */
emails: number, 
/**
 * Whether an account of this biller is already linked here.
 */
linked: boolean, };

/**
 * Where a bill stands against its due date.
 */
export type Due = "overdue" | "soon" | "later" | "settled";

/**
 * A BillerAPI environment, as listed in the design's "Environments" table.
 */
export type EnvironmentKind = "embedded" | "sandbox" | "production" | "custom";

/**
 * Every stable code a caller may see, core's and the desktop shell's. The UI switches on it
 * exhaustively (the TypeScript compiler checks), the CLI maps it to exit codes.
 */
export type ErrorCode = "keyring_unavailable" | "keyring_locked" | "passphrase_required" | "wrong_passphrase" | "weak_passphrase" | "key_rotated" | "key_missing" | "unseal_failed" | "corrupt_database" | "read_only" | "database" | "needs_relink" | "rate_limited" | "network" | "redirect" | "unauthorized" | "public_token_invalid" | "api" | "unknown_link" | "duplicate_link" | "removal_pending" | "sync_incomplete" | "missing_credentials" | "invalid_input" | "embedded_sandbox" | "io" | "data_dir" | "not_https" | "open_external" | "locked" | "vault_locked" | "not_lockable" | "autostart" | "update" | "internal";

/**
 * The formats bills export to.
 */
export type ExportFormat = "csv" | "json" | "ics";

/**
 * Where an export went.
 */
export type ExportResult = { 
/**
 * The file written.
 */
path: string, 
/**
 * How many bills it holds (events, for a calendar: unpaid and expected bills).
 */
count: number, };

/**
 * The one action that fixes it.
 */
export type Fix = "none" | "relink" | "sync" | "wait" | "pay" | "retry_removal";

/**
 * A flagged bill and the reasons, in words.
 */
export type Flagged = { 
/**
 * The local link.
 */
link: number, 
/**
 * BillerAPI's bill id.
 */
billId: string, 
/**
 * What stands out.
 */
flags: Array<BillFlag>, 
/**
 * The same, for a person: "42% above your usual for December".
 */
reasons: Array<string>, };

/**
 * An account's next bill, as expected.
 */
export type Forecast = { 
/**
 * The local link.
 */
link: number, 
/**
 * When it should fall due.
 */
dueDate: string, 
/**
 * How many days either side it may land, from how closely the history kept its cadence.
 */
spreadDays: number, 
/**
 * The cadence learned.
 */
cadence: Cadence, 
/**
 * The amount expected.
 */
amount: AmountRange, 
/**
 * ISO 4217 currency of the history.
 */
currency: string, 
/**
 * How many past bills it is learned from.
 */
basedOn: number, };

/**
 * Where an account stands.
 */
export type Health = { "state": "ok" } | { "state": "removalPending" } | { "state": "needsRelink" } | { "state": "syncFailed", 
/**
 * What went wrong.
 */
message: string | null, } | { "state": "rateLimited", 
/**
 * Until when (RFC 3339).
 */
until: string | null, } | { "state": "overdue", 
/**
 * How many.
 */
bills: number, 
/**
 * How much, per currency.
 */
amounts: Array<Money>, 
/**
 * The earliest due date among them.
 */
since: string, } | { "state": "stale", 
/**
 * The last successful sync, if any.
 */
since: string | null, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * Which mode a vault is in.
 */
export type KeyMode = "keyring" | "passphrase";

/**
 * A request to link as the app and CLI show it (never its public token).
 */
export type LinkRequest = { 
/**
 * BillerAPI's id (`rtl_…`).
 */
id: string, 
/**
 * The end user it is for.
 */
clientUserId: string, 
/**
 * The pre-selected biller, if any.
 */
billerId: string | null, 
/**
 * Where it stands.
 */
status: RequestStatus, 
/**
 * The page to share with the user.
 */
sessionUrl: string, 
/**
 * When it was made.
 */
createdAt: string, 
/**
 * When it last changed.
 */
updatedAt: string, 
/**
 * The local link it became, once completed and collected.
 */
link: number | null, };

/**
 * A started Connect session: what the webview needs to open the SDK.
 */
export type LinkSession = { 
/**
 * The link token (short-lived, made for the front end).
 */
linkToken: string, 
/**
 * When the link token expires.
 */
expiresAt: string, 
/**
 * The hosted Connect URL of the link's origin.
 */
connectUrl: string, 
/**
 * The environment.
 */
environment: EnvironmentKind, };

/**
 * A link's health as the user sees it.
 */
export type LinkStatus = "ok" | "needs_relink" | "rate_limited" | "error" | "removal_pending";

/**
 * What the UI and CLI show of a link. Never holds its token.
 */
export type LinkSummary = { 
/**
 * Local id.
 */
id: number, 
/**
 * The environment it was made in.
 */
environment: EnvironmentKind, 
/**
 * The origin it was made on (`embedded`, or the API base URL): its token goes only there.
 */
origin: string, 
/**
 * True when it was made on another origin than the active one (an earlier custom URL).
 */
otherOrigin: boolean, 
/**
 * BillerAPI's account link id.
 */
linkId: string, 
/**
 * The biller.
 */
billerId: string, 
/**
 * Its name.
 */
billerName: string, 
/**
 * The masked account number.
 */
accountMask: string, 
/**
 * The account's name (Primary, Business…).
 */
accountName: string, 
/**
 * Granted scopes.
 */
consents: Array<string>, 
/**
 * Health.
 */
status: LinkStatus, 
/**
 * Code of the last problem (`LOGIN_REQUIRED`, `orphaned`, `rate_limited`…).
 */
statusCode: string | null, 
/**
 * Message of the last problem.
 */
statusMessage: string | null, 
/**
 * RFC 3339 time before which syncing is pointless (rate limit).
 */
rateLimitedUntil: string | null, 
/**
 * RFC 3339 creation time.
 */
createdAt: string, 
/**
 * RFC 3339 time of the last change.
 */
updatedAt: string, 
/**
 * The last successful sync.
 */
lastSyncedAt: string | null, 
/**
 * When Billkeep last checked this account, whatever came of it.
 */
lastCheckedAt: string | null, 
/**
 * When BillerAPI itself last synced the account with the biller ("data as of").
 */
remoteSyncedAt: string | null, 
/**
 * Whether an access token is stored (an orphan recovered after a crash has none).
 */
hasToken: boolean, };

/**
 * What Connect's `onSuccess` said about the account (used for the duplicate guard and display).
 */
export type LinkedAccount = { 
/**
 * The biller id.
 */
billerId: string | null, 
/**
 * The biller's name.
 */
billerName: string | null, 
/**
 * The masked account number.
 */
accountMask: string | null, 
/**
 * The account's name.
 */
accountName: string | null, };

/**
 * An amount in one currency.
 */
export type Money = { 
/**
 * Minor units.
 */
amount: number, 
/**
 * ISO 4217 code.
 */
currency: string, };

/**
 * This month's money.
 */
export type MonthSummary = { 
/**
 * The month, `YYYY-MM`.
 */
month: string, 
/**
 * Unpaid bills due this month (overdue ones of this month included), per currency.
 */
toPay: Array<Money>, 
/**
 * Bills due this month already paid.
 */
paid: Array<Money>, 
/**
 * Everything unpaid past its due date, whatever the month.
 */
overdue: Array<Money>, 
/**
 * Unpaid bills due from today to 30 days on, soonest first.
 */
next30Days: Array<StoredBill>, 
/**
 * Bills expected (not yet issued) in those 30 days.
 */
expected: Array<Forecast>, };

/**
 * The whole picture.
 */
export type Overview = { 
/**
 * Every link of the active environment.
 */
accounts: Array<AccountOverview>, 
/**
 * This month.
 */
month: MonthSummary, 
/**
 * Bills that stand out, any time.
 */
flagged: Array<Flagged>, };

/**
 * A profile as the app and CLI list it.
 */
export type ProfileInfo = { 
/**
 * Its name.
 */
name: string, 
/**
 * Whether it is the default profile (which cannot be deleted).
 */
default: boolean, 
/**
 * Whether it is the one the app opens.
 */
active: boolean, };

/**
 * Every profile and the one shown.
 */
export type ProfileList = { 
/**
 * The profiles, the default first.
 */
profiles: Array<ProfileInfo>, 
/**
 * The profile this window shows.
 */
current: string, 
/**
 * Chosen on the command line for this run (switching is refused).
 */
pinned: boolean, };

export type RequestStatus = "PENDING" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED" | "EXPIRED" | (string & {});

/**
 * One magic-number scenario (`GET /sandbox/scenarios`).
 */
export type Scenario = { 
/**
 * The account number that selects it.
 */
account_number: string, 
/**
 * Its name, e.g. `mfa_required`.
 */
scenario: string, 
/**
 * What happens.
 */
description: string, 
/**
 * The error code it produces, if any.
 */
error_code?: string | null, 
/**
 * The next step after credentials, if any.
 */
next_step?: string | null, };

/**
 * The settings the app and CLI show and change.
 */
export type Settings = { 
/**
 * Where new links are made.
 */
environment: EnvironmentKind, 
/**
 * The base URL of the custom environment, if set.
 */
customUrl: string | null, 
/**
 * Where new links are made: `embedded`, or the API base URL (a link's `origin` compares to it).
 */
origin: string | null, 
/**
 * The client id of the active origin, if set.
 */
clientId: string | null, 
/**
 * The hosted Connect page of the active origin, when set (else `<base URL>/connect`, a
 * guess: BillerAPI documents no URL for it).
 */
connectUrl: string | null, 
/**
 * Whether the active origin's client secret is stored.
 */
hasClientSecret: boolean, 
/**
 * This installation's end-user id sent as `client_user_id`.
 */
clientUserId: string, 
/**
 * Days before a due date a reminder is shown, largest first (`[7, 3, 0]`: a week before,
 * three days before, and on the day). The largest is also how far ahead lists mark a bill
 * "due soon".
 */
reminderDays: Array<number>, 
/**
 * Minutes without user activity after which a passphrase vault locks itself (0: never).
 */
autoLockMinutes: number, 
/**
 * A sync of every link once a day, in the background (default on).
 */
backgroundSync: boolean, 
/**
 * Whether the app checks for a new version at start.
 */
checkUpdates: boolean, 
/**
 * Closing the window keeps Billkeep running in the tray (default off).
 */
closeToTray: boolean, 
/**
 * The first close has asked what closing should do.
 */
closeAsked: boolean, };

/**
 * A bill as kept locally.
 */
export type StoredBill = { 
/**
 * The local link id.
 */
link: number, 
/**
 * BillerAPI's bill id.
 */
billId: string, 
/**
 * The biller.
 */
billerId: string, 
/**
 * Its name.
 */
billerName: string, 
/**
 * Masked account number.
 */
accountNumber: string, 
/**
 * Amount in minor units.
 */
amount: number, 
/**
 * ISO 4217 currency.
 */
currency: string, 
/**
 * When it is due (`YYYY-MM-DD` on the wire).
 */
dueDate: string, 
/**
 * PENDING, PAID, OVERDUE, CANCELLED, SCHEDULED, or a newer value as sent.
 */
status: BillStatus, 
/**
 * When the statement was issued (`YYYY-MM-DD` on the wire).
 */
statementDate: string, 
/**
 * Description.
 */
description: string | null, 
/**
 * Auto-pay on.
 */
autoPay: boolean, 
/**
 * Itemised charges.
 */
lineItems: Array<StoredLineItem>, 
/**
 * Where it stands against its due date, today, with the notification lead time.
 */
due: Due, };

/**
 * One charge of a stored bill.
 */
export type StoredLineItem = { 
/**
 * What it is for.
 */
description: string, 
/**
 * Minor units.
 */
amount: number, };

/**
 * How one link's sync ended.
 */
export type SyncOutcome = { "kind": "synced", 
/**
 * Bills now cached for the link.
 */
bills: number, 
/**
 * New or changed ones.
 */
changed: number, } | { "kind": "needs_relink", 
/**
 * Why.
 */
message: string, } | { "kind": "rate_limited", 
/**
 * Until when.
 */
until: string, } | { "kind": "failed", 
/**
 * Stable code.
 */
code: string, 
/**
 * What happened.
 */
message: string, } | { "kind": "skipped", 
/**
 * Why.
 */
reason: string, } | { "kind": "removed" };

/**
 * Progress of a sync, reported after each link.
 */
export type SyncProgress = { 
/**
 * The link.
 */
link: number, 
/**
 * How it ended.
 */
outcome: SyncOutcome, 
/**
 * Links finished so far.
 */
done: number, 
/**
 * Links in this sync.
 */
total: number, };

/**
 * What the window is asked to do, as the UI receives it.
 */
export type UiRequest = { "kind": "link", 
/**
 * The biller to pre-select.
 */
billerId: string | null, } | { "kind": "bills", 
/**
 * `PENDING`, `OVERDUE`, `PAID`, `SCHEDULED` or `CANCELLED`.
 */
status: string | null, } | { "kind": "emailSearching" } | { "kind": "emailFound", 
/**
 * One per biller, the most e-mailed first.
 */
billers: Array<DiscoveredBiller>, } | { "kind": "emailFailed", 
/**
 * For the user.
 */
message: string, } | { "kind": "notUnderstood" };

/**
 * Where updating stands.
 */
export type UpdateStatus = { 
/**
 * The running version.
 */
current: string, 
/**
 * A newer version, if the feed has one.
 */
available: AvailableUpdate | null, 
/**
 * It was downloaded and its signature verified: it can be installed.
 */
verified: boolean, };

/**
 * Where the vault is.
 */
export type VaultState = "opening" | "ready" | "needs_passphrase" | "error";

/**
 * Whether the vault is open, and if not, why.
 */
export type VaultStatus = { 
/**
 * Where it is.
 */
state: VaultState, 
/**
 * The stable code of the problem, if any.
 */
code: ErrorCode | null, 
/**
 * What to tell the user.
 */
message: string | null, 
/**
 * How the key is kept, once open.
 */
keyMode: KeyMode | null, };

/** After each link of a sync, with how it ended. */
export const SYNC_PROGRESS = "sync-progress";

/** The vault opened (the UI then loads its data). */
export const VAULT_READY = "vault-ready";

/** The vault locked itself (idle time, screen lock, sleep, a key rotated elsewhere). */
export const VAULT_LOCKED = "vault-locked";

/** Links, bills or settings changed in the database (this app, the CLI, a background sync). */
export const DATA_CHANGED = "data-changed";

/** The tray asked to show a screen (`bills`). */
export const SHOW_SCREEN = "show-screen";

/** The window was closed for the first time: ask whether to keep running in the tray. */
export const CLOSE_ASKED = "close-asked";

/** The check at start found a newer version. */
export const UPDATE_AVAILABLE = "update-available";

/** A `billkeep://` link (or the e-mail discovery's result) waits: call `take_ui_request`. */
export const DEEP_LINK = "deep-link";

/** Each event's payload type, by event name. */
export type EventPayloads = {
  "sync-progress": SyncProgress;
  "vault-ready": null;
  "vault-locked": null;
  "data-changed": DataChanged;
  "show-screen": string;
  "close-asked": null;
  "update-available": UpdateStatus;
  "deep-link": null;
};

/** Listens to one of the shell's events with its payload typed. */
export function listenTo<E extends keyof EventPayloads>(
  event: E,
  handler: (payload: EventPayloads[E]) => void,
): Promise<UnlistenFn> {
  return listen<EventPayloads[E]>(event, (e) => handler(e.payload));
}

/** Version, data directory and active environment. Rejects with a `CommandError`. */
export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}

/** Whether the vault is open, and if not, why (waits briefly for the start-up unlock). Rejects with a `CommandError`. */
export function vaultStatus(): Promise<VaultStatus> {
  return invoke<VaultStatus>("vault_status");
}

/** Opens the vault with a passphrase (a new vault's passphrase must be strong enough). Rejects with a `CommandError`. */
export function unlockVault(passphrase: string): Promise<VaultStatus> {
  return invoke<VaultStatus>("unlock_vault", { passphrase });
}

/** Locks a passphrase vault until its passphrase is entered again. Rejects with a `CommandError`. */
export function lockVault(): Promise<VaultStatus> {
  return invoke<VaultStatus>("lock_vault");
}

/** Reports user activity (and whether Connect is open) to the Rust-side idle lock. Rejects with a `CommandError`. */
export function reportActivity(connectOpen: boolean): Promise<null> {
  return invoke<null>("report_activity", { connectOpen });
}

/** Opens an https:// link in the system browser. Rejects with a `CommandError`. */
export function openExternal(url: string): Promise<null> {
  return invoke<null>("open_external", { url });
}

/** Tells the shell the UI has painted, with the webview's start-up moments (diagnostics). Rejects with a `CommandError`. */
export function uiReady(marks: Array<[string, number]>): Promise<null> {
  return invoke<null>("ui_ready", { marks });
}

/** What a `billkeep://` link asked the window to show, once (null when nothing waits). Rejects with a `CommandError`. */
export function takeUiRequest(): Promise<UiRequest | null> {
  return invoke<UiRequest | null>("take_ui_request");
}

/** The current settings (never the client secret, only whether one is stored). Rejects with a `CommandError`. */
export function getSettings(): Promise<Settings> {
  return invoke<Settings>("get_settings");
}

/** Makes an environment the active one (links stay on the origin they were made on). Rejects with a `CommandError`. */
export function setEnvironment(environment: EnvironmentKind, customUrl: string | null): Promise<Settings> {
  return invoke<Settings>("set_environment", { environment, customUrl });
}

/** Stores the client id and secret of an environment's origin. Rejects with a `CommandError`. */
export function setCredentials(environment: EnvironmentKind, clientId: string, clientSecret: string): Promise<Settings> {
  return invoke<Settings>("set_credentials", { environment, clientId, clientSecret });
}

/** Checks the active origin's credentials against the API. Rejects with a `CommandError`. */
export function testCredentials(): Promise<null> {
  return invoke<null>("test_credentials");
}

/** Sets (or, with null, resets) the hosted Connect page of an environment's server. Rejects with a `CommandError`. */
export function setConnectUrl(environment: EnvironmentKind, url: string | null): Promise<Settings> {
  return invoke<Settings>("set_connect_url", { environment, url });
}

/** Sets the reminder lead times, in days before a due date (`[7, 3, 0]`). Rejects with a `CommandError`. */
export function setReminderDays(days: Array<number>): Promise<Settings> {
  return invoke<Settings>("set_reminder_days", { days });
}

/** Sets after how many idle minutes a passphrase vault locks itself (0: never). Rejects with a `CommandError`. */
export function setAutoLockMinutes(minutes: number): Promise<Settings> {
  return invoke<Settings>("set_auto_lock_minutes", { minutes });
}

/** Step 1: a link token and the Connect URL. Rejects with a `CommandError`. */
export function createLinkToken(billerId: string | null): Promise<LinkSession> {
  return invoke<LinkSession>("create_link_token", { billerId });
}

/** Step 3: exchanges Connect's public token; the access token stays in Rust. Rejects with a `CommandError`. */
export function exchangePublicToken(publicToken: string, account: LinkedAccount): Promise<LinkSummary> {
  return invoke<LinkSummary>("exchange_public_token", { publicToken, account });
}

/** A link token in update mode for a link that needs relinking. Rejects with a `CommandError`. */
export function startRelink(link: number): Promise<LinkSession> {
  return invoke<LinkSession>("start_relink", { link });
}

/** Finishes a relink. Rejects with a `CommandError`. */
export function completeRelink(link: number, publicToken: string): Promise<LinkSummary> {
  return invoke<LinkSummary>("complete_relink", { link, publicToken });
}

/** Sandbox environments: links a test account without Connect. Rejects with a `CommandError`. */
export function sandboxLink(billerId: string, accountNumber: string): Promise<LinkSummary> {
  return invoke<LinkSummary>("sandbox_link", { billerId, accountNumber });
}

/** The sandbox's test account numbers and what each does. Rejects with a `CommandError`. */
export function sandboxScenarios(): Promise<Array<Scenario>> {
  return invoke<Array<Scenario>>("sandbox_scenarios");
}

/** Asks someone to link from their own browser: a request with a page to share. Rejects with a `CommandError`. */
export function requestLink(billerId: string | null, clientUserId: string | null): Promise<LinkRequest> {
  return invoke<LinkRequest>("request_link", { billerId, clientUserId });
}

/** The active server's requests to link, newest first. Rejects with a `CommandError`. */
export function listLinkRequests(): Promise<Array<LinkRequest>> {
  return invoke<Array<LinkRequest>>("list_link_requests");
}

/** One request to link; a completed one becomes a link here. Rejects with a `CommandError`. */
export function getLinkRequest(id: string): Promise<LinkRequest> {
  return invoke<LinkRequest>("get_link_request", { id });
}

/** Cancels a request to link that is not completed. Rejects with a `CommandError`. */
export function cancelLinkRequest(id: string): Promise<LinkRequest> {
  return invoke<LinkRequest>("cancel_link_request", { id });
}

/** Opens a request's page in the system browser. Rejects with a `CommandError`. */
export function openLinkRequest(id: string): Promise<null> {
  return invoke<null>("open_link_request", { id });
}

/** Starts finding billers in the user's e-mail: the consent page opens in the system browser; the result comes back through a `billkeep://oauth/email` link. Rejects with a `CommandError`. */
export function findBillersInEmail(): Promise<null> {
  return invoke<null>("find_billers_in_email");
}

/** Links of the active environment, oldest first (only the first `limit`, when given). Rejects with a `CommandError`. */
export function listLinks(limit: number | null): Promise<Array<LinkSummary>> {
  return invoke<Array<LinkSummary>>("list_links", { limit });
}

/** Removes a link at its own origin, then its token and bills. Rejects with a `CommandError`. */
export function unlink(link: number): Promise<null> {
  return invoke<null>("unlink", { link });
}

/** Forgets a link on this computer only; its token stays valid at its origin. Rejects with a `CommandError`. */
export function forgetLink(link: number): Promise<null> {
  return invoke<null>("forget_link", { link });
}

/** A slice of the cached bills, newest (or soonest) due date first, and how many match. Rejects with a `CommandError`. */
export function listBills(query: BillQuery): Promise<BillPage> {
  return invoke<BillPage>("list_bills", { query });
}

/** What the cached bills matching a filter add up to (count, due soon, sums per currency). Rejects with a `CommandError`. */
export function billSummary(matching: BillMatch): Promise<BillSummary> {
  return invoke<BillSummary>("bill_summary", { matching });
}

/** Asks BillerAPI to refresh, then fetches bills (`force`: a full re-sync); progress arrives as sync-progress events. Rejects with a `CommandError`. */
export function syncNow(link: number | null, force: boolean): Promise<Array<SyncProgress>> {
  return invoke<Array<SyncProgress>>("sync_now", { link, force });
}

/** Writes every cached bill (as CSV or JSON), or the unpaid and expected ones (as an ICS calendar), to the Downloads folder. Rejects with a `CommandError`. */
export function exportBills(format: ExportFormat): Promise<ExportResult> {
  return invoke<ExportResult>("export_bills", { format });
}

/** Checks the update feed for a newer version. Rejects with a `CommandError`. */
export function checkForUpdate(): Promise<UpdateStatus> {
  return invoke<UpdateStatus>("check_for_update");
}

/** Downloads the newer version and verifies its signature (nothing is installed yet). Rejects with a `CommandError`. */
export function downloadUpdate(): Promise<UpdateStatus> {
  return invoke<UpdateStatus>("download_update");
}

/** Installs the verified update and starts it. Rejects with a `CommandError`. */
export function installUpdate(): Promise<null> {
  return invoke<null>("install_update");
}

/** Turns the check for a new version at start on or off. Rejects with a `CommandError`. */
export function setCheckUpdates(on: boolean): Promise<Settings> {
  return invoke<Settings>("set_check_updates", { on });
}

/** Every profile and the one this window shows. Rejects with a `CommandError`. */
export function listProfiles(): Promise<ProfileList> {
  return invoke<ProfileList>("list_profiles");
}

/** Makes a new, empty profile. Rejects with a `CommandError`. */
export function createProfile(name: string): Promise<ProfileList> {
  return invoke<ProfileList>("create_profile", { name });
}

/** Renames a profile (its data stays). Rejects with a `CommandError`. */
export function renameProfile(from: string, to: string): Promise<ProfileList> {
  return invoke<ProfileList>("rename_profile", { from, to });
}

/** Deletes a profile that is not open: its keyring entries, then its data and tokens. Rejects with a `CommandError`. */
export function deleteProfile(name: string): Promise<ProfileList> {
  return invoke<ProfileList>("delete_profile", { name });
}

/** Opens another profile: saves the choice and starts Billkeep again on it. Rejects with a `CommandError`. */
export function switchProfile(name: string): Promise<null> {
  return invoke<null>("switch_profile", { name });
}

/** Start at login, the daily sync's time, and whether there is a tray. Rejects with a `CommandError`. */
export function desktopInfo(): Promise<DesktopInfo> {
  return invoke<DesktopInfo>("desktop_info");
}

/** Starts Billkeep at login, in the tray (or stops doing so). Rejects with a `CommandError`. */
export function setStartAtLogin(on: boolean): Promise<DesktopInfo> {
  return invoke<DesktopInfo>("set_start_at_login", { on });
}

/** Turns the daily background sync on or off. Rejects with a `CommandError`. */
export function setBackgroundSync(on: boolean): Promise<Settings> {
  return invoke<Settings>("set_background_sync", { on });
}

/** Whether closing the window keeps Billkeep running in the tray. Rejects with a `CommandError`. */
export function setCloseToTray(on: boolean): Promise<Settings> {
  return invoke<Settings>("set_close_to_tray", { on });
}

/** The answer to the first close: keep running in the tray, or quit. Rejects with a `CommandError`. */
export function closeChoice(keepInTray: boolean): Promise<null> {
  return invoke<null>("close_choice", { keepInTray });
}

/** Health, next bills, this month's totals and the bills that stand out. Rejects with a `CommandError`. */
export function overview(): Promise<Overview> {
  return invoke<Overview>("overview");
}

/** The bills due and expected in one month. Rejects with a `CommandError`. */
export function calendar(year: number, month: number): Promise<CalendarMonth> {
  return invoke<CalendarMonth>("calendar", { year, month });
}

/** The amounts chart of one account, or of all (`null`). Rejects with a `CommandError`. */
export function chart(link: number | null): Promise<Chart | null> {
  return invoke<Chart | null>("chart", { link });
}

/** Records a Connect event for the support log. Rejects with a `CommandError`. */
export function recordConnectEvent(sessionId: string, event: string, metadata: JsonValue): Promise<null> {
  return invoke<null>("record_connect_event", { sessionId, event, metadata });
}

/** The latest Connect events, newest first. Rejects with a `CommandError`. */
export function listConnectEvents(limit: number): Promise<Array<ConnectEvent>> {
  return invoke<Array<ConnectEvent>>("list_connect_events", { limit });
}

/** The Connect log for a support ticket: no token, no account identifier. Rejects with a `CommandError`. */
export function exportConnectLog(): Promise<string> {
  return invoke<string>("export_connect_log");
}
