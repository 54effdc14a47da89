import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE } from "@/server/auth/session-cookie";
import { requestIdOf } from "@/server/rest/request-id";

// Runs before every route (Next 16's proxy, formerly middleware). Three jobs:
// 1. Trailing slashes (next.config sets skipTrailingSlashRedirect): NetBox's API paths end in "/" — a
//    GET without it is redirected, other methods get 404 (NetBox 4.6); pages keep Next's usual
//    slash-less form.
// 2. Pages need a signed-in user: anonymous visitors go to /sign-in straight away. This only looks for
//    the cookie; pages, tRPC and the API check the session and role themselves.
// 3. Every /api/ response carries X-Request-ID, the id the change log records for that request.

const SLASHED_API = ["/api/plugins/", "/api/schema", "/api/docs"];
const PUBLIC_PAGES = ["/sign-in"];

function isSlashedApi(pathname: string): boolean {
  return SLASHED_API.some((p) => pathname === p.replace(/\/$/, "") || pathname.startsWith(p));
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/") || pathname === "/api") {
    if (isSlashedApi(pathname) && !pathname.endsWith("/")) {
      if (request.method === "GET" || request.method === "HEAD") {
        return NextResponse.redirect(new URL(`${pathname}/${search}`, request.url), 301);
      }
      return NextResponse.json({ detail: "Not found." }, { status: 404 });
    }
    const requestId = requestIdOf(request.headers);
    const headers = new Headers(request.headers);
    headers.set("x-request-id", requestId);
    const response = NextResponse.next({ request: { headers } });
    response.headers.set("X-Request-ID", requestId);
    return response;
  }
  if (pathname.length > 1 && pathname.endsWith("/")) {
    return NextResponse.redirect(
      new URL(`${pathname.replace(/\/+$/, "") || "/"}${search}`, request.url),
      308,
    );
  }
  const isPublic = PUBLIC_PAGES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  if (!isPublic && !request.cookies.has(SESSION_COOKIE)) {
    const target = new URL("/sign-in", request.url);
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
