import { fromTrustedProxy } from "@/server/http/forwarded";

// Cross-site request protection for cookie-authenticated writes (REST and tRPC). Browsers send
// Sec-Fetch-Site and Origin on every non-GET request; a request from another site is refused. Calls
// without either header are not from a browser page (curl, scripts) and cannot ride a victim's cookie.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function allowedHosts(headers: Headers): Set<string> {
  const hosts = new Set<string>();
  // X-Forwarded-Host counts only from a trusted proxy: anyone else could name their own site in it.
  const names = fromTrustedProxy(headers) ? ["host", "x-forwarded-host"] : ["host"];
  for (const name of names) {
    const value = headers.get(name);
    if (value) for (const h of value.split(",")) hosts.add(h.trim().toLowerCase());
  }
  const publicUrl = process.env.PROXBOX_PUBLIC_URL;
  if (publicUrl && URL.canParse(publicUrl)) hosts.add(new URL(publicUrl).host.toLowerCase());
  return hosts;
}

/** Null when the request may proceed, else Django's CSRF failure text. */
export function crossSiteRejection(headers: Headers): string | null {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return `CSRF Failed: Sec-Fetch-Site is ${site}; cross-site requests are not allowed.`;
  }
  const origin = headers.get("origin");
  if (!origin) return null;
  const host = URL.canParse(origin) ? new URL(origin).host.toLowerCase() : null;
  if (host && allowedHosts(headers).has(host)) return null;
  return `CSRF Failed: Origin checking failed - ${origin} does not match any trusted origins.`;
}
