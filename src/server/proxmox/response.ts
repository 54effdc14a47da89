import type { z } from "zod";
import {
  ProxmoxAuthError,
  type ProxmoxError,
  ProxmoxHttpError,
  ProxmoxMalformedError,
  ProxmoxPermissionError,
  ProxmoxUnreachableError,
} from "./errors";
import { fastParserFor } from "./fast-lists";
import { describeIssues } from "./schemas";
import type { HttpMethod, RawResponse } from "./transport";

export interface ResponseContext {
  method: HttpMethod;
  path: string;
  principal: string;
  url: string;
}

/** Turns one HTTP answer into the validated envelope, or the typed error it stands for. */
export function interpretResponse<S extends z.ZodType>(
  res: RawResponse,
  schema: S,
  ctx: ResponseContext,
): z.output<S> {
  const where = { method: ctx.method, path: ctx.path, status: res.status };
  if (res.status >= 200 && res.status < 300) {
    let json: unknown;
    try {
      json = JSON.parse(res.text);
    } catch (err) {
      const detail = res.text.length === 0 ? "empty body" : `invalid JSON (${(err as Error).message})`;
      throw new ProxmoxMalformedError({ ...where, detail, cause: err });
    }
    // The big lists take a checker that yields zod's output without zod's cost; anything it doubts
    // goes through zod below, so errors read exactly as before.
    const fast = fastParserFor(schema)?.(json);
    if (fast !== undefined) return fast as z.output<S>;
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ProxmoxMalformedError({ ...where, detail: describeIssues(parsed.error) });
    return parsed.data;
  }
  const body = errorBody(res.text);
  // pve-http-server puts the first line of the error in the status line; the body repeats it with "\n".
  const message = body.message?.trim() || res.reason || `HTTP ${res.status}`;
  if (res.status === 401) {
    throw new ProxmoxAuthError({ ...where, principal: ctx.principal, url: ctx.url, reason: message });
  }
  if (res.status === 403) throw new ProxmoxPermissionError({ ...where, proxmoxMessage: message });
  if (res.status >= 595 && res.status <= 599) {
    throw new ProxmoxUnreachableError({ ...where, reason: res.reason || message, node: nodeOf(ctx.path) });
  }
  throw new ProxmoxHttpError({ ...where, proxmoxMessage: message, errors: body.errors });
}

function errorBody(text: string): { message?: string; errors?: Record<string, string> } {
  if (!text) return {};
  try {
    const json: unknown = JSON.parse(text);
    if (!json || typeof json !== "object") return {};
    const { message, errors } = json as { message?: unknown; errors?: unknown };
    const out: { message?: string; errors?: Record<string, string> } = {};
    if (typeof message === "string") out.message = message;
    if (errors && typeof errors === "object") {
      out.errors = Object.fromEntries(
        Object.entries(errors as Record<string, unknown>).map(([k, v]) => [k, String(v).trim()]),
      );
    }
    return out;
  } catch {
    return {};
  }
}

function nodeOf(path: string): string | undefined {
  const match = /^\/nodes\/([^/?]+)/.exec(path);
  return match ? decodeURIComponent(match[1]) : undefined;
}

const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/**
 * Only failures that a second identical GET may not hit again: flaky sockets, timeouts, server-side 5xx and
 * pveproxy's 595–599. Never auth, permission, parameter, 404 or 501 errors: they would fail the same way.
 */
export function isRetryable(error: ProxmoxError): boolean {
  switch (error.kind) {
    case "timeout":
    case "unreachable":
      return true;
    case "network": {
      const code = (error as { code?: string }).code;
      return code === undefined || RETRYABLE_NETWORK_CODES.has(code);
    }
    case "http":
      return error.status !== undefined && error.status >= 500 && error.status !== 501;
    case "malformed":
      return (error as ProxmoxMalformedError).truncated;
    default:
      return false;
  }
}

/** Exponential backoff with jitter: base·2^n scaled by a random factor in [0.5, 1). */
export function retryDelayMs(attempt: number, baseMs: number): number {
  const ceiling = baseMs * 2 ** attempt;
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
