// PostgreSQL errors by SQLSTATE, whichever way they arrive: node-postgres' DatabaseError (`code`) or
// Prisma's driver-adapter error (`meta.driverAdapterError.cause.originalCode`).

export const QUERY_CANCELLED = "57014"; // query_canceled: statement_timeout (or an operator's pg_cancel_backend)

/** The message a client sees when its request's query ran past PROXBOX_STATEMENT_TIMEOUT_MS. */
export const QUERY_TOO_SLOW_MESSAGE =
  "The query took too long and was cancelled; narrow the filter (fewer or simpler regular expressions) and try again.";

export function postgresCode(err: unknown): string | undefined {
  const e = err as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } };
    cause?: unknown;
  } | null;
  if (!e || typeof e !== "object") return undefined;
  const adapter = e.meta?.driverAdapterError?.cause;
  const code = adapter?.originalCode ?? adapter?.code ?? e.code;
  // Prisma's own codes (P2002 …) have the same shape as SQLSTATEs but are not PostgreSQL's.
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !/^P\d{4}$/.test(code)) return code;
  // tRPC and our own wrappers keep the original error as `cause`.
  return e.cause && e.cause !== err ? postgresCode(e.cause) : undefined;
}

export function isStatementTimeout(err: unknown): boolean {
  return postgresCode(err) === QUERY_CANCELLED;
}
