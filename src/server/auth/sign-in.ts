import { logger } from "@/server/log";
import { crossSiteRejection } from "./csrf";
import { authenticatePassword, createSession, deleteSession } from "./service";
import {
  clearedSessionCookieHeader,
  readCookie,
  SESSION_COOKIE,
  sessionCookieHeader,
} from "./session-cookie";

// Sign-in and sign-out for the browser form (303 redirects) and for scripts (JSON answers).

/** Only same-site relative paths: a crafted ?next= must not send the user to another site. */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.includes("\\"))
    return "/";
  return next.startsWith("/sign-in") ? "/" : next;
}

function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
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

export async function signIn(request: Request): Promise<Response> {
  const rejection = crossSiteRejection(request.headers);
  if (rejection) return Response.json({ detail: rejection }, { status: 403 });
  const { json, fields } = await readCredentials(request);
  const username = typeof fields.username === "string" ? fields.username.trim() : "";
  const password = typeof fields.password === "string" ? fields.password : "";
  const next = safeNext(fields.next);
  const user = username && password ? await authenticatePassword(username, password) : null;
  if (!user) {
    logger.info({ username }, "sign-in failed");
    if (json) return Response.json({ detail: "Invalid username or password." }, { status: 400 });
    return redirect(`/sign-in?error=invalid&next=${encodeURIComponent(next)}`);
  }
  const session = await createSession(user.id);
  const cookie = sessionCookieHeader(session.cookieValue, session.expires, isSecure(request));
  logger.info({ username: user.username }, "signed in");
  if (json) return Response.json({ user }, { headers: { "Set-Cookie": cookie } });
  return redirect(next, cookie);
}

export async function signOut(request: Request): Promise<Response> {
  const rejection = crossSiteRejection(request.headers);
  if (rejection) return Response.json({ detail: rejection }, { status: 403 });
  await deleteSession(readCookie(request.headers, SESSION_COOKIE));
  return redirect("/sign-in?signed_out=1", clearedSessionCookieHeader(isSecure(request)));
}
