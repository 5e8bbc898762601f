import type { BillButlerConfig, ConnectEnvironment } from "./types.js";

/** Where each environment's API and hosted Connect pages live. */
export const ENVIRONMENT_URLS: Record<ConnectEnvironment, { api: string; connect: string }> = {
  development: { api: "http://127.0.0.1:4010", connect: "http://127.0.0.1:4010/connect" },
  sandbox: { api: "https://sandbox.api.billerapi.com", connect: "https://sandbox.api.billerapi.com/connect" },
  production: { api: "https://api.billerapi.com", connect: "https://api.billerapi.com/connect" },
};

/** The resolved endpoints of a configuration. */
export interface ResolvedConfig {
  environment: ConnectEnvironment;
  apiUrl: string;
  connectUrl: URL;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * Auto-detects the environment when none is given: a sandbox link token means sandbox; a page on
 * localhost means development; anything else, production.
 */
export function detectEnvironment(linkToken: string | undefined, hostname: string | undefined): ConnectEnvironment {
  if (linkToken?.startsWith("lt_sandbox_")) return "sandbox";
  if (hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]") return "development";
  return "production";
}

/** Resolves the Connect and API URLs: `connectUrl` > `baseUrl` > environment. Throws if unusable. */
export function resolveConfig(config: BillButlerConfig, linkToken: string | undefined, hostname?: string): ResolvedConfig {
  const environment = config.environment ?? detectEnvironment(linkToken, hostname);
  if (!(environment in ENVIRONMENT_URLS)) {
    throw new Error(`environment must be development, sandbox or production, not ${String(environment)}`);
  }
  const defaults = ENVIRONMENT_URLS[environment];
  const base = config.baseUrl ? trimSlash(config.baseUrl) : undefined;
  const connect = config.connectUrl ?? (base ? `${base}/connect` : defaults.connect);
  const apiUrl = trimSlash(config.apiUrl ?? base ?? defaults.api);
  let connectUrl: URL;
  try {
    connectUrl = new URL(connect);
  } catch {
    throw new Error(`connectUrl is not a valid URL: ${connect}`);
  }
  if (connectUrl.protocol !== "https:" && connectUrl.protocol !== "http:") {
    throw new Error(`connectUrl must be http(s): ${connect}`);
  }
  return { environment, apiUrl, connectUrl };
}
