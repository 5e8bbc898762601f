/**
 * The script-tag build (`dist/connect-sdk.iife.js`): for pages without a bundler, the SDK as the
 * global `BillerAPIConnect`, and its class as `BillButler` as the guide's examples use it.
 */
import { BillButler } from "./billbutler.js";

export * from "./index.js";

(globalThis as { BillButler?: typeof BillButler }).BillButler = BillButler;
