import { fromTrustedProxy } from "@/server/http/forwarded";
import { logger } from "@/server/log";
import { signInClient } from "./client-address";
import { crossSiteRejection } from "./csrf";
import { PasswordCheckBusyError } from "./password";
import { authenticatePassword, createSession, deleteSession, purgeExpiredSessions } from "./service";
import {
  clearedSessionCookieHeader,
  readCookie,
  SESSION_COOKIE,
  sessionCookieHeader,
} from "./session-cookie";
import {
  purgeExpiredThrottleCounters,
  signInNotAttempted,
  signInSucceeded,
  takeSignInAttempt,
} from "./throttle";

// Sign-in and sign-out for the browser form (303 redirects) and for scripts (JSON answers).
// Attempts are throttled (./throttle.ts) before any password is checked, and password checks are
// bounded (./password.ts). Failures are logged without the typed username: people type passwords
// into the username field.

const BASE = "http://proxbox.invalid";

// Control characters (C0, DEL, C1), invisible format characters (zero-width, bidi, BOM) and every
// space or separator. Browsers strip tab, CR and LF from URLs, so "/\t/evil.example" would become
// "//evil.example": another site.
const CONTROL_OR_SPACE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;

/**
 * Only same-site paths: a crafted ?next= must not send the user to another site. The value is parsed
 * as a URL relative to a placeholder origin and accepted only if the origin stays the same; what is
 * returned is the parser's own (normalised, percent-encoded) path, query and fragment.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2000) return "/";
  if (CONTROL_OR_SPACE.test(next) || next.startsWith("//") || next.includes("\\")) return "/";
  if (!URL.canParse(next, BASE)) return "/";
  const url = new URL(next, BASE);
  if (url.origin !== BASE) return "/";
  if (url.pathname.startsWith("/sign-in")) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Served over HTTPS: directly, behind a trusted TLS proxy, or under an https PROXBOX_PUBLIC_URL. */
function isSecure(request: Request): boolean {
  if (process.env.PROXBOX_PUBLIC_URL?.startsWith("https:")) return true;
  if (fromTrustedProxy(request.headers) && request.headers.get("x-forwarded-proto") === "https") return true;
  return new URL(request.url).protocol === "https:";
}

const redirect = (location: string, cookie?: string) =>
  new Response(null, {
    status: 303,
    headers: { Location: location, ...(cookie ? { "Set-Cookie": cookie } : {}) },
  });

async function readCredentials(
  request: Request,
): Promise<{ json: boolean; fields: Record<string, unknown> }> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    const body = await request.json().catch(() => null);
    return { json: true, fields: body && typeof body === "object" ? (body as Record<string, unknown>) : {} };
  }
  const form = await request.formData().catch(() => null);
  return { json: false, fields: form ? Object.fromEntries(form.entries()) : {} };
}

function throttled(json: boolean, next: string, retryAfterSeconds: number, detail: string): Response {
  const headers = { "Retry-After": String(retryAfterSeconds) };
  if (json) return Response.json({ detail }, { status: 429, headers });
  const location = `/sign-in?error=throttled&retry=${retryAfterSeconds}&next=${encodeURIComponent(next)}`;
  return new Response(null, { status: 303, headers: { Location: location, ...headers } });
}

/** Expired and idle sessions and spent throttle counters go at most every 10 minutes, on a sign-in. */
const PURGE_INTERVAL_MS = 10 * 60_000;
let lastPurge = 0;

async function purgeNowAndThen(): Promise<void> {
  const now = Date.now();
  if (now - lastPurge < PURGE_INTERVAL_MS) return;
  lastPurge = now;
  try {
    const [sessions, counters] = await Promise.all([purgeExpiredSessions(), purgeExpiredThrottleCounters()]);
    if (sessions || counters) logger.debug({ sessions, counters }, "purged expired sessions");
  } catch (err) {
    logger.warn({ err }, "could not purge expired sessions");
  }
}

export async function signIn(request: Request): Promise<Response> {
  const rejection = crossSiteRejection(request.headers);
  if (rejection) return Response.json({ detail: rejection }, { status: 403 });
  const { json, fields } = await readCredentials(request);
  const username = typeof fields.username === "string" ? fields.username.trim() : "";
  const password = typeof fields.password === "string" ? fields.password : "";
  const next = safeNext(fields.next);
  const client = signInClient(request.headers);
  const invalid = () =>
    json
      ? Response.json({ detail: "Invalid username or password." }, { status: 400 })
      : redirect(`/sign-in?error=invalid&next=${encodeURIComponent(next)}`);
  if (!username || !password || username.length > 150 || password.length > 4096) return invalid();

  const verdict = await takeSignInAttempt(username, client);
  if (!verdict.allowed) {
    logger.warn(
      { client, throttled: verdict.scope, retryAfter: verdict.retryAfterSeconds },
      "sign-in throttled",
    );
    const minutes = Math.ceil(verdict.retryAfterSeconds / 60);
    return throttled(
      json,
      next,
      verdict.retryAfterSeconds,
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    );
  }
  let check: Awaited<ReturnType<typeof authenticatePassword>>;
  try {
    check = await authenticatePassword(username, password);
  } catch (err) {
    if (!(err instanceof PasswordCheckBusyError)) throw err;
    await signInNotAttempted(username, client);
    logger.warn({ client }, "sign-in refused: too many password checks in progress");
    return throttled(json, next, 1, "Too many sign-in attempts at once. Try again in a moment.");
  }
  if (!check.user) {
    // Never the typed username: it may be a password typed into the wrong field.
    logger.info(
      { userExists: check.userId !== null, userId: check.userId, client, attemptsLeft: verdict.remaining },
      "sign-in failed",
    );
    return invalid();
  }
  const user = check.user;
  await signInSucceeded(username, client);
  await purgeNowAndThen();
  const session = await createSession(user.id);
  const cookie = sessionCookieHeader(session.cookieValue, session.expires, isSecure(request));
  logger.info({ userId: user.id, username: user.username, client }, "signed in");
  if (json) return Response.json({ user }, { headers: { "Set-Cookie": cookie } });
  return redirect(next, cookie);
}

export async function signOut(request: Request): Promise<Response> {
  const rejection = crossSiteRejection(request.headers);
  if (rejection) return Response.json({ detail: rejection }, { status: 403 });
  await deleteSession(readCookie(request.headers, SESSION_COOKIE));
  return redirect("/sign-in?signed_out=1", clearedSessionCookieHeader(isSecure(request)));
}
