import { resolveConfig, type ResolvedConfig } from "./config.js";
import { createHandler } from "./handler.js";
import type { BillButlerConfig, ConnectHandler, ConnectOptions } from "./types.js";

/** The BillerAPI Connect SDK entry point. */
export class BillButler {
  private readonly config: BillButlerConfig;
  private quickStart: ConnectHandler | null = null;

  constructor(config: BillButlerConfig = {}) {
    this.config = { ...config };
  }

  /** The URLs this configuration resolves to (for a given link token). */
  resolve(linkToken?: string): ResolvedConfig {
    return resolveConfig(this.config, linkToken ?? this.config.linkToken, globalThis.location?.hostname);
  }

  /** A handler for one Connect session. */
  create(options: ConnectOptions): ConnectHandler {
    return createHandler(this.config, options);
  }

  /** Quick-start form: opens Connect with the link token and callbacks given to the constructor. */
  open(): void {
    if (!this.quickStart) {
      const { linkToken, onSuccess, onExit, onEvent } = this.config;
      this.quickStart = this.create({
        linkToken: linkToken ?? "",
        onSuccess: onSuccess ?? (() => {}),
        onExit,
        onEvent,
      });
    }
    this.quickStart.open();
  }

  /** Quick-start form: closes Connect as if the user had. */
  exit(): void {
    this.quickStart?.exit();
  }

  /** Quick-start form: removes Connect without callbacks. */
  destroy(): void {
    this.quickStart?.destroy();
    this.quickStart = null;
  }
}
