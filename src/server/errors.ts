// One application error type with a code; routers and route handlers map codes to tRPC codes and
// HTTP statuses in one place each.
export type AppErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "UNAUTHORIZED";

export class AppError extends Error {
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    /** Field errors in NetBox's shape: {"field": ["message"]}. */
    public readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** A zod failure as a BAD_REQUEST with NetBox-shaped field errors. */
export function fromZodError(err: { issues: Array<{ path: PropertyKey[]; message: string }> }): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.map(String).join(".") || "non_field_errors";
    fields[key] = [...(fields[key] ?? []), issue.message];
  }
  const summary = Object.entries(fields)
    .map(([k, v]) => `${k}: ${v.join(", ")}`)
    .join("; ");
  return new AppError("BAD_REQUEST", summary, fields);
}
