import { parseEnv } from "@/server/env";

// Sign-in throttling and session settings, read from the environment (validated with the rest in
// src/server/env.ts). Read per use rather than once, so tests and a restarted process see changes;
// parsing is cached while the variables stay the same.
//
// - PROXBOX_SIGN_IN_MAX_FAILURES (10) failed sign-ins for one username from one client within
//   PROXBOX_SIGN_IN_WINDOW_MINUTES (15); the next attempt is refused until the window ends.
// - PROXBOX_SIGN_IN_MAX_FAILURES_PER_CLIENT (100) failures per hour from one client, any usernames.
// - PROXBOX_SIGN_IN_MAX_FAILURES_PER_USER (50) failures per hour for one username, from all clients
//   (a slow guess spread over many addresses).
// - PROXBOX_PASSWORD_HASH_CONCURRENCY (2) password checks at once (each is a 128 MiB scrypt on
//   libuv's 4-thread pool, which DNS and file I/O share); PROXBOX_PASSWORD_HASH_QUEUE (8) more may
//   wait, beyond that a sign-in is refused with 429 at once.
// - PROXBOX_SESSION_IDLE_MINUTES (480: a working day) without a request ends a session.

const KEYS = [
  "PROXBOX_SIGN_IN_MAX_FAILURES",
  "PROXBOX_SIGN_IN_WINDOW_MINUTES",
  "PROXBOX_SIGN_IN_MAX_FAILURES_PER_CLIENT",
  "PROXBOX_SIGN_IN_MAX_FAILURES_PER_USER",
  "PROXBOX_PASSWORD_HASH_CONCURRENCY",
  "PROXBOX_PASSWORD_HASH_QUEUE",
  "PROXBOX_SESSION_IDLE_MINUTES",
] as const;

export interface AuthSettings {
  maxFailures: number;
  windowMinutes: number;
  maxFailuresPerClient: number;
  maxFailuresPerUser: number;
  hashConcurrency: number;
  hashQueue: number;
  sessionIdleMinutes: number;
}

let cached: { raw: string; settings: AuthSettings } | undefined;

export function authSettings(): AuthSettings {
  const raw = KEYS.map((k) => process.env[k] ?? "").join("\u0000");
  if (cached?.raw === raw) return cached.settings;
  const env = parseEnv();
  const settings: AuthSettings = {
    maxFailures: env.PROXBOX_SIGN_IN_MAX_FAILURES,
    windowMinutes: env.PROXBOX_SIGN_IN_WINDOW_MINUTES,
    maxFailuresPerClient: env.PROXBOX_SIGN_IN_MAX_FAILURES_PER_CLIENT,
    maxFailuresPerUser: env.PROXBOX_SIGN_IN_MAX_FAILURES_PER_USER,
    hashConcurrency: env.PROXBOX_PASSWORD_HASH_CONCURRENCY,
    hashQueue: env.PROXBOX_PASSWORD_HASH_QUEUE,
    sessionIdleMinutes: env.PROXBOX_SESSION_IDLE_MINUTES,
  };
  cached = { raw, settings };
  return settings;
}
