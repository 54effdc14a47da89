import { RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";
import { db } from "@/server/db/client";
import { type AuthSettings, authSettings } from "./settings";
import { sha256Hex } from "./tokens";

// Sign-in throttling with rate-limiter-flexible (its brute-force recipe: consecutive failures per
// username and client, plus wider limits per client and per username). Counters live in PostgreSQL
// (table rate_limit, through the Prisma client) so every web process shares them and a restart does
// not forgive an attacker. Every attempt takes a point BEFORE the password is checked — a refused
// attempt never reaches scrypt, and concurrent guesses cannot all slip through before the first
// failure is counted; a successful sign-in gives its points back.
//
// Usernames are hashed into the keys: a password typed into the username field must not be stored.

export type ThrottleScope = "user_client" | "client" | "user";

export type ThrottleVerdict =
  | { allowed: true; remaining: number }
  | { allowed: false; scope: ThrottleScope; retryAfterSeconds: number };

interface Limiters {
  settings: AuthSettings;
  userClient: RateLimiterPrisma;
  client: RateLimiterPrisma;
  user: RateLimiterPrisma;
}

let limiters: Limiters | undefined;

function make(keyPrefix: string, points: number, durationSeconds: number): RateLimiterPrisma {
  return new RateLimiterPrisma({
    storeClient: db,
    tableName: "rateLimit", // the Prisma client's property for model RateLimit
    keyPrefix,
    points,
    duration: durationSeconds,
    // Expired rows are deleted with expired sessions (purgeExpiredSessions), not by a timer per limiter.
    clearExpiredByTimeout: false,
  });
}

function current(): Limiters {
  const settings = authSettings();
  if (limiters?.settings === settings) return limiters;
  limiters = {
    settings,
    userClient: make("signin_uc", settings.maxFailures, settings.windowMinutes * 60),
    client: make("signin_c", settings.maxFailuresPerClient, 3600),
    user: make("signin_u", settings.maxFailuresPerUser, 3600),
  };
  return limiters;
}

function keys(username: string, client: string | null) {
  const user = sha256Hex(username.toLowerCase());
  const from = client ?? "unknown";
  return { userClient: `${user}|${from}`, client: from, user };
}

/** Takes a point from each limit; refuses when any is used up (nothing else happens then). */
export async function takeSignInAttempt(username: string, client: string | null): Promise<ThrottleVerdict> {
  const l = current();
  const k = keys(username, client);
  let remaining = Number.POSITIVE_INFINITY;
  for (const [scope, limiter, key] of [
    ["user_client", l.userClient, k.userClient],
    ["client", l.client, k.client],
    ["user", l.user, k.user],
  ] as const) {
    try {
      remaining = Math.min(remaining, (await limiter.consume(key)).remainingPoints);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return {
        allowed: false,
        scope,
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      };
    }
  }
  return { allowed: true, remaining };
}

/** The password was right: this username+client starts afresh, the wider limits get the point back. */
export async function signInSucceeded(username: string, client: string | null): Promise<void> {
  const l = current();
  const k = keys(username, client);
  await l.userClient.delete(k.userClient);
  await l.client.reward(k.client, 1);
  await l.user.reward(k.user, 1);
}

/** The attempt was never judged (the password checks were all busy): give its points back. */
export async function signInNotAttempted(username: string, client: string | null): Promise<void> {
  const l = current();
  const k = keys(username, client);
  await l.userClient.reward(k.userClient, 1);
  await l.client.reward(k.client, 1);
  await l.user.reward(k.user, 1);
}

/** Deletes counters whose window ended (called with the session purge). */
export async function purgeExpiredThrottleCounters(now = new Date()): Promise<number> {
  const { count } = await db.rateLimit.deleteMany({ where: { expire: { lte: now } } });
  return count;
}
