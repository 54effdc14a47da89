import {
  AUTH_MESSAGES,
  type AuthUser,
  authenticateRequest,
  canPerform,
  crossSiteRejection,
  isSafeMethod,
  type Permission,
} from "@/server/auth";
import type { Actor } from "@/server/changelog/service";
import { parseQuery, type QueryParams } from "@/server/filters";
import { API_VERSION } from "./api-version";
import { errorResponse, jsonResponse } from "./errors";
import { requestIdOf } from "./request-id";
import { absoluteRequestUrl, INVALID_HOST_DETAIL, publicOrigin, type UrlBuilder, urlBuilder } from "./urls";

export { requestIdOf };

// The one wrapper around every REST route handler: request id, authentication (token, then session
// cookie), role check, cross-site check for cookie writes, query parsing and NetBox-shaped errors.
// Handlers receive a ready context and only call services and serializers.

export interface ApiContext {
  request: Request;
  method: string;
  params: QueryParams;
  routeParams: Record<string, string>;
  requestId: string;
  user: AuthUser;
  /** False for a read-only token: DRF's metadata then offers no write actions. */
  writeEnabled: boolean;
  actor: Actor;
  /** The origin clients reach us under (src/server/rest/urls.ts), e.g. https://proxbox.example.com */
  origin: string;
  /** Absolute object URL builder: url("replications", 12) → https://host/api/plugins/proxbox/replications/12/ */
  url: UrlBuilder;
  /** The request's absolute URL (for pagination links). */
  absoluteUrl: string;
}

export type ApiHandler = (ctx: ApiContext) => Promise<Response>;

/** Next's second route-handler argument. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

export interface ApiOptions {
  permission: Permission;
}

export function withApi(handler: ApiHandler, options: ApiOptions) {
  return (request: Request, route?: RouteContext): Promise<Response> =>
    guarded(request, (requestId, origin) =>
      authorizeAndRun(request, route, requestId, origin, handler, options),
    );
}

/**
 * Request id, Host check, NetBox-shaped errors and the headers every API response carries — for
 * withApi and for the few views outside it (the anonymous /api/ root).
 */
export async function guarded(
  request: Request,
  run: (requestId: string, origin: string) => Promise<Response>,
): Promise<Response> {
  const requestId = requestIdOf(request.headers);
  let response: Response;
  try {
    const origin = publicOrigin(request);
    // Django answers an invalid HTTP_HOST with 400; a hostile Host must never reach a URL we print.
    response =
      origin === null ? jsonResponse({ detail: INVALID_HOST_DETAIL }, 400) : await run(requestId, origin);
  } catch (err) {
    response = errorResponse(err, requestId);
  }
  response.headers.set("X-Request-ID", requestId);
  response.headers.set("API-Version", API_VERSION);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

async function authorizeAndRun(
  request: Request,
  route: RouteContext | undefined,
  requestId: string,
  origin: string,
  handler: ApiHandler,
  options: ApiOptions,
): Promise<Response> {
  const method = request.method.toUpperCase();
  const auth = await authenticateRequest(request.headers);
  if (auth.kind === "failed") return jsonResponse({ detail: auth.detail }, 403);
  if (auth.kind === "anonymous") return jsonResponse({ detail: AUTH_MESSAGES.missing }, 403);
  const unsafe = !isSafeMethod(method);
  if (auth.kind === "token" && unsafe && !auth.writeEnabled)
    return jsonResponse({ detail: AUTH_MESSAGES.denied }, 403);
  if (!canPerform(auth.user.role, options.permission))
    return jsonResponse({ detail: AUTH_MESSAGES.denied }, 403);
  if (auth.kind === "session" && unsafe) {
    const rejection = crossSiteRejection(request.headers);
    if (rejection) return jsonResponse({ detail: rejection }, 403);
  }
  const raw = (await route?.params) ?? {};
  const routeParams = Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]),
  );
  return handler({
    request,
    method,
    params: parseQuery(new URL(request.url).search),
    routeParams,
    requestId,
    user: auth.user,
    writeEnabled: auth.kind === "session" || auth.writeEnabled,
    actor: { userId: auth.user.id, userName: auth.user.username, requestId },
    origin,
    url: urlBuilder(origin),
    absoluteUrl: absoluteRequestUrl(origin, request),
  });
}
