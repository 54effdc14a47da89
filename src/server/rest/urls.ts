import { fromTrustedProxy } from "@/server/http/forwarded";

// Absolute URLs (object urls, next/previous, API roots, redirects) on the origin the client used.
// Never the bind address: under the custom server request.url carries HOST ("http://0.0.0.0:3000"),
// which is useless on any other machine. In order:
// 1. PROXBOX_PUBLIC_URL, when set, always wins (an origin; a path prefix is refused in env.ts, since
//    Next's routes and basePath are fixed at build time);
// 2. X-Forwarded-Host / -Proto / -Port, only from a proxy listed in PROXBOX_TRUSTED_PROXIES (anyone
//    else could send them to make us print links to their own site);
// 3. the Host header;
// 4. with no Host at all (HTTP/1.0, or a Request built in a test), request.url — unless that is a
//    wildcard bind address.
// A Host (or trusted X-Forwarded-Host) that is not a plain host[:port] yields null: callers answer
// 400, as Django does for an invalid HTTP_HOST, rather than print it into URLs.

export const API_BASE = "/api/plugins/proxbox";

// Django's host_validation_re: a DNS name or IPv4 address, or a bracketed IPv6 address, then an optional port.
const HOST_RE = /^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9.:]+\])(:\d{1,5})?$/i;
const UNSPECIFIED = new Set(["0.0.0.0", "[::]", "[::0]"]);

/** "host[:port]" → a normalized origin for `scheme`, or null when it is not a valid host. */
function originFrom(scheme: string, host: string): string | null {
  if (host.length > 255 || !HOST_RE.test(host)) return null;
  const port = host.match(/:(\d+)$/)?.[1];
  if (port !== undefined && Number(port) > 65535) return null;
  const text = `${scheme}//${host}`;
  return URL.canParse(text) ? new URL(text).origin : null;
}

const firstValue = (value: string | null) => value?.split(",")[0]?.trim() || null;

/** The public URL setting's origin, when set. */
export function configuredOrigin(): string | null {
  const configured = process.env.PROXBOX_PUBLIC_URL;
  return configured && URL.canParse(configured) ? new URL(configured).origin : null;
}

/** The origin clients reach us under, or null when the request names an invalid host (→ 400). */
export function publicOrigin(request: Request): string | null {
  const configured = configuredOrigin();
  if (configured) return configured;
  const headers = request.headers;
  const own = new URL(request.url);
  let scheme = own.protocol;
  let host = headers.get("host")?.trim() || null;
  if (fromTrustedProxy(headers)) {
    const proto = firstValue(headers.get("x-forwarded-proto"))?.toLowerCase();
    if (proto === "http" || proto === "https") scheme = `${proto}:`;
    const forwardedHost = firstValue(headers.get("x-forwarded-host"));
    if (forwardedHost) host = forwardedHost;
    const forwardedPort = firstValue(headers.get("x-forwarded-port"));
    if (host && forwardedPort && /^\d{1,5}$/.test(forwardedPort)) {
      host = `${host.replace(/:\d+$/, "")}:${forwardedPort}`;
    }
  }
  if (host) return originFrom(scheme, host);
  return UNSPECIFIED.has(own.hostname) ? null : own.origin;
}

export const INVALID_HOST_DETAIL = "Invalid Host header: expected host[:port].";

/** The request's own absolute URL (DRF's build_absolute_uri), on the public origin. */
export function absoluteRequestUrl(origin: string, request: Request): string {
  const url = new URL(request.url);
  return `${origin}${url.pathname}${url.search}`;
}

export type UrlBuilder = (resource: string, id: number) => string;

export function urlBuilder(origin: string): UrlBuilder {
  return (resource, id) => `${origin}${API_BASE}/${resource}/${id}/`;
}
