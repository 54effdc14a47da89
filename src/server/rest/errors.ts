import { isStatementTimeout, QUERY_TOO_SLOW_MESSAGE } from "@/server/db/errors";
import { AppError, HTTP_STATUS } from "@/server/errors";
import { TooManyParametersError } from "@/server/filters";
import { logger } from "@/server/log";

// Every failure leaves the API as NetBox would write it: {"detail": "…"} for auth, not-found and
// request-level errors, {"field": ["message"]} (or a list of those, for bulk bodies) for validation.

export type ErrorBody = { detail: string } | Record<string, string[]> | Array<Record<string, string[]>>;

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly body: ErrorBody,
    public readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "object" && "detail" in body ? String(body.detail) : `HTTP ${status}`);
    this.name = "ApiError";
  }
}

export const notFound = (model = "object") =>
  new ApiError(404, { detail: `No ${model} matches the given query.` });
export const badRequest = (body: ErrorBody) => new ApiError(400, body);

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A PostgreSQL error that a request's input caused (a regex too complex to run, …), not our bug. */
function isInputError(err: unknown): boolean {
  const text = `${(err as Error)?.message ?? ""} ${JSON.stringify((err as { meta?: unknown })?.meta ?? "")}`;
  return /invalid regular expression|regular expression is too complex|2201B|54001/i.test(text);
}

/** What a client is told about a failure that is our bug: nothing but where to look. */
export function internalErrorMessage(requestId: string): string {
  return `An internal error occurred; see the server log for request ${requestId}.`;
}

export function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ApiError) return jsonResponse(err.body, err.status, err.headers);
  if (err instanceof AppError) {
    const body = err.fields && Object.keys(err.fields).length > 0 ? err.fields : { detail: err.message };
    return jsonResponse(body, HTTP_STATUS[err.code]);
  }
  if (err instanceof TooManyParametersError) return jsonResponse({ detail: err.message }, 400);
  if (isInputError(err)) return jsonResponse({ detail: "Enter a valid regular expression." }, 400);
  // PROXBOX_STATEMENT_TIMEOUT_MS cut the query off: the server declined to spend more time on it.
  if (isStatementTimeout(err)) {
    logger.warn({ requestId }, "request query cancelled by the statement timeout");
    return jsonResponse({ detail: QUERY_TOO_SLOW_MESSAGE }, 503);
  }
  // A concurrent write won the race for a unique key or removed a referenced row after validation.
  const prismaCode = (err as { code?: unknown })?.code;
  if (prismaCode === "P2002")
    return jsonResponse({ non_field_errors: ["This object already exists (unique constraint)."] }, 400);
  if (prismaCode === "P2003" || prismaCode === "P2025") {
    return jsonResponse({ non_field_errors: ["A related object no longer exists."] }, 400);
  }
  // The client gets NetBox's 500 shape with a generic text and the request id; the detail (a Prisma
  // or decryption message may name tables, columns or keys) goes only to the log, under the same id.
  logger.error({ err, requestId }, "unhandled API error");
  return jsonResponse(
    {
      error: internalErrorMessage(requestId),
      exception: "InternalError",
    },
    500,
  );
}
