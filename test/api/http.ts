// Calls our Next route handlers directly with real Request objects (no server, same code path).

export const BASE = "http://localhost/api/plugins/proxbox";

export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

export interface CallOptions {
  method?: string;
  token?: string;
  /** Raw Authorization header (wins over `token`). */
  authorization?: string;
  body?: unknown;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

export interface CallResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export function makeRequest(url: string, opts: CallOptions = {}): Request {
  const headers = new Headers(opts.headers);
  if (opts.authorization !== undefined) headers.set("authorization", opts.authorization);
  else if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  return new Request(url.startsWith("http") ? url : `${BASE}${url}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
}

export async function call<T = unknown>(
  handler: RouteHandler,
  url: string,
  opts: CallOptions = {},
): Promise<CallResult<T>> {
  const response = await handler(makeRequest(url, opts), { params: Promise.resolve(opts.params ?? {}) });
  const text = await response.text();
  let body: unknown = null;
  if (text) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: body as T };
}

export interface Page<T = Record<string, unknown>> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}
