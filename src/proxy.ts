import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE } from "@/server/auth/session-cookie";
import { API_VERSION } from "@/server/rest/api-version";
import { requestIdOf } from "@/server/rest/request-id";
import { INVALID_HOST_DETAIL, publicOrigin } from "@/server/rest/urls";

// Runs before every route (Next 16's proxy, formerly middleware). Three jobs:
// 1. Trailing slashes (next.config sets skipTrailingSlashRedirect): NetBox's API paths end in "/" — a
//    GET without it is redirected, other methods get 404 (NetBox 4.6); pages keep Next's usual
//    slash-less form.
// 2. Pages need a signed-in user: anonymous visitors go to /sign-in straight away. This only looks for
//    the cookie; pages, tRPC and the API check the session and role themselves.
// 3. Every /api/ response carries X-Request-ID, the id the change log records for that request, and
//    API-Version (NetBox's middleware stamps it on every /api/ response: redirects and 404s too).
// Redirects point at the origin the client used (src/server/rest/urls.ts), never at request.url,
// which under the custom server is the bind address; an invalid Host gets 400 instead.

const SLASHED_API = ["/api/plugins/", "/api/schema", "/api/docs", "/api/status"];
const PUBLIC_PAGES = ["/sign-in"];
// Route handlers outside /api/ that check credentials themselves: a Prometheus scraper has no session
// cookie and must get the handler's 401, not a redirect to the sign-in page.
const SELF_AUTHENTICATED = ["/metrics"];

function isSlashedApi(pathname: string): boolean {
  return (
    pathname === "/api" ||
    SLASHED_API.some((p) => pathname === p.replace(/\/$/, "") || pathname.startsWith(p))
  );
}

function redirect(request: NextRequest, location: string, status: number, api: boolean): NextResponse {
  const origin = publicOrigin(request);
  if (origin === null) {
    return api
      ? NextResponse.json(
          { detail: INVALID_HOST_DETAIL },
          { status: 400, headers: { "API-Version": API_VERSION } },
        )
      : new NextResponse(INVALID_HOST_DETAIL, { status: 400 });
  }
  // Concatenated, not resolved: a path like "//evil.example" must stay a path on our origin.
  const response = NextResponse.redirect(new URL(`${origin}${location}`), status);
  if (api) response.headers.set("API-Version", API_VERSION);
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/") || pathname === "/api") {
    if (isSlashedApi(pathname) && !pathname.endsWith("/")) {
      if (request.method === "GET" || request.method === "HEAD") {
        return redirect(request, `${pathname}/${search}`, 301, true);
      }
      return NextResponse.json(
        { detail: "Not found." },
        { status: 404, headers: { "API-Version": API_VERSION } },
      );
    }
    const requestId = requestIdOf(request.headers);
    const headers = new Headers(request.headers);
    headers.set("x-request-id", requestId);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("X-Request-ID", requestId);
    response.headers.set("API-Version", API_VERSION);
    return response;
  }
  if (pathname.length > 1 && pathname.endsWith("/")) {
    return redirect(request, `${pathname.replace(/\/+$/, "") || "/"}${search}`, 308, false);
  }
  const isPublic =
    PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`)) ||
    SELF_AUTHENTICATED.includes(pathname);
  if (!isPublic && !request.cookies.has(SESSION_COOKIE)) {
    const origin = publicOrigin(request);
    if (origin === null) return new NextResponse(INVALID_HOST_DETAIL, { status: 400 });
    const target = new URL("/sign-in", origin);
    target.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(target, 307);
  }
  // Server components learn the current path from here (requireUser's return address).
  const headers = new Headers(request.headers);
  headers.set("x-proxbox-path", `${pathname}${search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico|.*\\.(?:png|svg|ico|css|js|map|txt|woff2?)$).*)"],
};
