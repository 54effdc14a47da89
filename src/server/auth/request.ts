import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { readRows } from "@/server/db/reader";
import type { AuthUser } from "./roles";
import { userForSession } from "./service";
import { readCookie, SESSION_COOKIE } from "./session-cookie";
import { hashesEqual, parseAuthorization, sha256Hex } from "./tokens";

// Who is calling: an API token (Authorization header) first, then the browser's session cookie.
// Token failures use NetBox's exact messages (netbox/api/authentication.py).

export type RequestAuth =
  | { kind: "anonymous" }
  | { kind: "session"; user: AuthUser }
  | { kind: "token"; user: AuthUser; tokenId: number; writeEnabled: boolean }
  | { kind: "failed"; detail: string };

export const AUTH_MESSAGES = {
  missing: "Authentication credentials were not provided.",
  denied: "You do not have permission to perform this action.",
  malformed: 'Invalid authorization header: Must be in the form "Bearer <key>.<token>" or "Token <token>"',
  invalidV1: "Invalid v1 token",
  invalidV2: "Invalid v2 token",
  expired: "Token expired",
  disabled: "Token disabled",
  inactive: "User inactive",
} as const;

interface TokenRow {
  id: number;
  tokenHash: string;
  writeEnabled: boolean;
  expires: Date | null;
  revoked: boolean;
  lastUsed: Date | null;
  userId: number;
  username: string;
  role: AuthUser["role"];
  isActive: boolean;
}

/** NetBox records last_used at most once a minute, so busy clients do not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticateRequest(headers: Headers): Promise<RequestAuth> {
  const parsed = parseAuthorization(headers.get("authorization"));
  if (parsed.kind === "none") {
    const user = await userForSession(readCookie(headers, SESSION_COOKIE));
    return user ? { kind: "session", user } : { kind: "anonymous" };
  }
  if (parsed.kind === "malformed") return { kind: "failed", detail: AUTH_MESSAGES.malformed };
  const invalid = parsed.kind === "v1" ? AUTH_MESSAGES.invalidV1 : AUTH_MESSAGES.invalidV2;
  const secret = parsed.kind === "v1" ? parsed.plaintext : parsed.secret;
  if (secret.length === 0 || secret.length > 256 || (parsed.kind === "v2" && parsed.key.length > 64)) {
    return { kind: "failed", detail: invalid };
  }
  const hash = sha256Hex(secret);
  // One joined statement rather than findFirst with a nested select: profiled under load, Prisma's
  // relation loading cost ~4 ms of CPU on every API request (src/server/replications/load.ts).
  const [token] = await readRows<TokenRow>(Prisma.sql`
    SELECT t.id, t.token_hash AS "tokenHash", t.write_enabled AS "writeEnabled", t.expires, t.revoked,
      t.last_used AS "lastUsed", u.id AS "userId", u.username, u.role::text AS role, u.is_active AS "isActive"
    FROM api_token t JOIN "user" u ON u.id = t.user_id
    ${parsed.kind === "v2" ? Prisma.sql`WHERE t.key = ${parsed.key}` : Prisma.sql`WHERE t.token_hash = ${hash}`}
    LIMIT 1`);
  if (!token || !hashesEqual(hash, token.tokenHash)) return { kind: "failed", detail: invalid };
  if (token.revoked) return { kind: "failed", detail: AUTH_MESSAGES.disabled };
  const now = new Date();
  if (token.expires && token.expires <= now) return { kind: "failed", detail: AUTH_MESSAGES.expired };
  if (!token.isActive) return { kind: "failed", detail: AUTH_MESSAGES.inactive };
  if (!token.lastUsed || now.getTime() - token.lastUsed.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsed: now } });
  }
  const { userId: id, username, role } = token;
  return { kind: "token", user: { id, username, role }, tokenId: token.id, writeEnabled: token.writeEnabled };
}
