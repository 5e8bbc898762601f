/** The events Connect reports through `onEvent`, as documented. */
export const CONNECT_EVENTS = [
  "OPEN",
  "SELECT_BILLER",
  "SUBMIT_CREDENTIALS",
  "MFA_REQUIRED",
  "SUBMIT_MFA",
  "ACCOUNT_DISCOVERED",
  "SUCCESS",
  "EXIT",
  "ERROR",
] as const;

/** One of the documented event names. */
export type ConnectEventName = (typeof CONNECT_EVENTS)[number];

/** The documented environments. */
export type ConnectEnvironment = "development" | "sandbox" | "production";

/** What a completed link tells the host page (both spellings the docs use). */
export interface SuccessMetadata {
  biller_id: string;
  institutionName: string;
  institution_name: string;
  accountId: string;
  account_id: string;
  account_name: string;
  account_mask: string;
  link_session_id: string;
  [key: string]: unknown;
}

/** Metadata of events and exits. */
export interface ConnectMetadata {
  link_session_id?: string;
  status?: string;
  biller_id?: string;
  institutionName?: string;
  error_code?: string;
  timestamp?: string;
  [key: string]: unknown;
}

/** Why Connect ended without a public token; `null` in `onExit` means the user closed it. */
export interface ConnectError {
  code: string;
  message: string;
}

/** Callbacks and token of one Connect session. */
export interface ConnectOptions {
  /** From `POST /link/token/create`. */
  linkToken: string;
  /** The user linked an account: exchange `publicToken` on your server. */
  onSuccess: (publicToken: string, metadata: SuccessMetadata) => void;
  /** Connect closed without linking; `error` is `null` when the user closed it. */
  onExit?: (error: ConnectError | null, metadata: ConnectMetadata) => void;
  /** Every step, for analytics and support logs. */
  onEvent?: (eventName: ConnectEventName, metadata: ConnectMetadata) => void;
}

/** The constructor's configuration. The quick-start form may also carry the connect options. */
export interface BillButlerConfig extends Partial<ConnectOptions> {
  /** Your BillerAPI client ID. */
  clientId?: string;
  /** Target environment; auto-detected if omitted. */
  environment?: ConnectEnvironment;
  /** Custom base URL; the Connect URL is `<baseUrl>/connect`. */
  baseUrl?: string;
  /** Custom API URL (overrides the environment default). */
  apiUrl?: string;
  /** Explicit Connect app URL (overrides the baseUrl derivation). */
  connectUrl?: string;
  /** How long to wait for the Connect page to answer before giving up (ms, default 15000). */
  loadTimeoutMs?: number;
}

/** What `create()` returns. */
export interface ConnectHandler {
  /** Opens the Connect modal. */
  open(): void;
  /** Closes it as if the user had, calling `onExit(null, …)`. */
  exit(): void;
  /** Removes everything without any callback. */
  destroy(): void;
}
