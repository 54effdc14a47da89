import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Principal } from "./permissions";
import type { ClusterRuntime } from "./state";

// pve-http-server's auth_handler, reduced to what a client can observe: token header or ticket cookie,
// 2 h ticket lifetime, CSRF header on non-GET requests when a ticket is used.

export const TICKET_LIFETIME_S = 2 * 3600;

export type AuthResult =
  | { ok: true; principal: Principal }
  | { ok: false; reason: "No ticket" | "Authentication failed!" | "Permission denied - invalid csrf token" };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieTicket(headers: IncomingHttpHeaders): string | undefined {
  const cookie = headers.cookie ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "PVEAuthCookie") return decodeURIComponent(rest.join("="));
  }
  // pve-http-server also accepts the ticket in the Authorization header.
  const auth = headers.authorization ?? "";
  const m = /(?:^|\s)PVEAuthCookie=([^;]*)/.exec(auth);
  return m ? decodeURIComponent(m[1]) : undefined;
}

export function authenticate(
  c: ClusterRuntime,
  method: string,
  headers: IncomingHttpHeaders,
  now: number,
): AuthResult {
  const auth = headers.authorization ?? "";
  const token = /(?:^|\s)PVEAPIToken(?:=| )([^;]*)/.exec(auth);
  if (token) {
    // verify_token splits at the last "=": the token id itself contains no "=".
    const value = decodeURIComponent(token[1].trim());
    const eq = value.lastIndexOf("=");
    const tokenId = value.slice(0, eq);
    const secret = value.slice(eq + 1);
    const match = c.tokens.find((t) => t.tokenId === tokenId);
    if (eq < 0 || !match || !safeEqual(match.secret, secret))
      return { ok: false, reason: "Authentication failed!" };
    return { ok: true, principal: { kind: "token", id: match.tokenId, privileges: match.privileges } };
  }
  const ticket = cookieTicket(headers);
  if (ticket === undefined) return { ok: false, reason: "No ticket" };
  const info = verifyTicket(c, ticket, now);
  const user = info && c.users.find((u) => u.username === info.username);
  if (!info || !user) return { ok: false, reason: "Authentication failed!" };
  if (method !== "GET") {
    const csrf = headers.csrfpreventiontoken;
    if (typeof csrf !== "string" || !safeEqual(csrf, info.csrf)) {
      return { ok: false, reason: "Permission denied - invalid csrf token" };
    }
  }
  return { ok: true, principal: { kind: "user", id: user.username, privileges: user.privileges } };
}

export function verifyTicket(c: ClusterRuntime, ticket: string, now: number) {
  const info = c.tickets.get(ticket);
  if (!info) return undefined;
  return now - info.issuedAt < TICKET_LIFETIME_S && now >= info.issuedAt - 300 ? info : undefined;
}

/** POST /access/ticket. The password may also be a still-valid ticket of the same user (renewal). */
export function login(
  c: ClusterRuntime,
  params: Record<string, string>,
  now: number,
): { username: string; ticket: string; csrf: string } | null {
  let username = params.username ?? "";
  if (params.realm && !username.includes("@")) username = `${username}@${params.realm}`;
  const password = params.password ?? "";
  const user = c.users.find((u) => u.username === username);
  if (!user) return null;
  const renewal = verifyTicket(c, password, now);
  const ok = renewal ? renewal.username === username : safeEqual(user.password, password);
  if (!ok) return null;
  const hexTime = now.toString(16).toUpperCase();
  const ticket = `PVE:${username}:${hexTime}::${randomBytes(48).toString("base64")}`;
  const csrf = `${hexTime}:${randomBytes(32).toString("base64").replace(/=+$/, "")}`;
  c.tickets.set(ticket, { username, issuedAt: now, csrf });
  return { username, ticket, csrf };
}
