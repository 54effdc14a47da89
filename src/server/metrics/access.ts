import "server-only";
import { AUTH_MESSAGES, authenticateRequest } from "@/server/auth/request";
import { type AddressList, clientAddress, inAddressList, parseAddressList } from "@/server/http/forwarded";

// Who may scrape GET /metrics: a caller with an API token (any role, read-only tokens included: the
// metrics only summarise what every viewer can list), or a client whose address is in
// PROXBOX_METRICS_ALLOW — for Prometheus servers configured without credentials. The address is the
// client's as PROXBOX_TRUSTED_PROXIES resolves it (src/server/http/forwarded.ts), so a forged
// X-Forwarded-For from an untrusted peer counts for nothing.
//
// Answers: a wrong, expired or revoked token is 401 even from an allowed address (a scraper with a
// broken credential should be told, not silently let through); no credentials from elsewhere is 401
// with a WWW-Authenticate challenge; a signed-in browser session without a token is 403 (the caller is
// known, but the endpoint is for scrapers: Prometheus sends tokens, not cookies).

export type MetricsAccess =
  | { allowed: true; via: "token" | "address" }
  | { allowed: false; status: 401 | 403; detail: string };

let cached: { setting: string | undefined; list: AddressList } | undefined;

function allowList(): AddressList {
  const setting = process.env.PROXBOX_METRICS_ALLOW;
  if (!cached || cached.setting !== setting)
    cached = { setting, list: parseAddressList(setting, "PROXBOX_METRICS_ALLOW") };
  return cached.list;
}

export const METRICS_DENIED =
  "Metrics need an API token (Authorization: Bearer or Token) or an address in PROXBOX_METRICS_ALLOW.";

export async function metricsAccess(headers: Headers): Promise<MetricsAccess> {
  // An Authorization header of another scheme (Basic …) leaves the request anonymous, as in the API.
  const auth =
    headers.has("authorization") || headers.has("cookie")
      ? await authenticateRequest(headers)
      : ({ kind: "anonymous" } as const);
  if (auth.kind === "token") return { allowed: true, via: "token" };
  if (auth.kind === "failed") return { allowed: false, status: 401, detail: auth.detail };
  if (inAddressList(allowList(), clientAddress(headers))) return { allowed: true, via: "address" };
  if (auth.kind === "session") return { allowed: false, status: 403, detail: METRICS_DENIED };
  return { allowed: false, status: 401, detail: AUTH_MESSAGES.missing };
}
