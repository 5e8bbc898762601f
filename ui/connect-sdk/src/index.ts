/**
 * BillerAPI Connect SDK: opens the hosted Connect flow in an iframe modal and returns a single-use
 * public token to `onSuccess`. No runtime dependencies; the protocol is in docs/connect-protocol.md.
 */
export { BillButler } from "./billbutler.js";
export { resolveConfig, detectEnvironment, ENVIRONMENT_URLS, type ResolvedConfig } from "./config.js";
export { judge, PROTOCOL, VERSION, type PageMessage, type Verdict } from "./protocol.js";
export {
  CONNECT_EVENTS,
  type BillButlerConfig,
  type ConnectEnvironment,
  type ConnectError,
  type ConnectEventName,
  type ConnectHandler,
  type ConnectMetadata,
  type ConnectOptions,
  type SuccessMetadata,
} from "./types.js";

/** The SDK's version. */
export const SDK_VERSION = "0.1.0";
