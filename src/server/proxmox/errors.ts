// Typed failures of the Proxmox client. Every message is built from the API path, the status line and
// Proxmox's own message: never from request headers, so a token secret or password cannot leak into logs.

export type ProxmoxErrorKind =
  | "auth"
  | "permission"
  | "unreachable"
  | "http"
  | "timeout"
  | "tls"
  | "malformed"
  | "too_large"
  | "network";

export interface ProxmoxErrorInit {
  /** API path below /api2/json, e.g. "/cluster/replication". Never contains the host or credentials. */
  path: string;
  method?: string;
  status?: number;
  cause?: unknown;
}

export class ProxmoxError extends Error {
  readonly kind: ProxmoxErrorKind;
  readonly status?: number;
  readonly path: string;
  readonly method: string;

  constructor(kind: ProxmoxErrorKind, message: string, init: ProxmoxErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.status = init.status;
    this.path = init.path;
    this.method = init.method ?? "GET";
  }
}

/** 401: bad/expired token or ticket. Proxmox sends no body, only the reason in the status line. */
export class ProxmoxAuthError extends ProxmoxError {
  constructor(init: ProxmoxErrorInit & { principal: string; url: string; reason: string }) {
    super("auth", `authentication failed for ${init.principal} at ${init.url}: ${init.reason}`, {
      ...init,
      status: init.status ?? 401,
    });
  }
}

/** 403: authenticated, but the token/user lacks a privilege on the path. */
export class ProxmoxPermissionError extends ProxmoxError {
  readonly proxmoxMessage: string;
  constructor(init: ProxmoxErrorInit & { proxmoxMessage: string }) {
    super(
      "permission",
      `permission denied for ${init.method ?? "GET"} ${init.path}: ${init.proxmoxMessage}`,
      {
        ...init,
        status: 403,
      },
    );
    this.proxmoxMessage = init.proxmoxMessage;
  }
}

/** 595–599: pveproxy could not reach the node it proxies to (AnyEvent::HTTP pseudo status). */
export class ProxmoxUnreachableError extends ProxmoxError {
  readonly node?: string;
  constructor(init: ProxmoxErrorInit & { status: number; reason: string; node?: string }) {
    const what = init.node ? `node ${init.node}` : `${init.method ?? "GET"} ${init.path}`;
    super("unreachable", `${what} unreachable (${init.status} ${init.reason})`, init);
    this.node = init.node;
  }
}

/** Any other non-2xx answer (400 parameter errors, 500 handler errors, 501 unknown path, 5xx). */
export class ProxmoxHttpError extends ProxmoxError {
  readonly proxmoxMessage: string;
  readonly errors: Record<string, string>;
  constructor(
    init: ProxmoxErrorInit & { status: number; proxmoxMessage: string; errors?: Record<string, string> },
  ) {
    const errors = init.errors ?? {};
    const details = Object.entries(errors)
      .map(([param, msg]) => `${param}: ${msg}`)
      .join("; ");
    super(
      "http",
      `${init.method ?? "GET"} ${init.path} failed with ${init.status} ${init.proxmoxMessage}${details ? ` (${details})` : ""}`,
      init,
    );
    this.proxmoxMessage = init.proxmoxMessage;
    this.errors = errors;
  }
}

export type ProxmoxTimeoutPhase = "connect" | "request";

export class ProxmoxTimeoutError extends ProxmoxError {
  readonly phase: ProxmoxTimeoutPhase;
  readonly timeoutMs: number;
  constructor(init: ProxmoxErrorInit & { phase: ProxmoxTimeoutPhase; timeoutMs: number }) {
    super(
      "timeout",
      `${init.phase} timeout after ${init.timeoutMs} ms for ${init.method ?? "GET"} ${init.path}`,
      init,
    );
    this.phase = init.phase;
    this.timeoutMs = init.timeoutMs;
  }
}

/** Certificate not trusted, wrong host name, or a pinned fingerprint that does not match. */
export class ProxmoxTlsError extends ProxmoxError {
  readonly expectedFingerprint?: string;
  readonly actualFingerprint?: string;
  readonly code?: string;
  constructor(
    init: ProxmoxErrorInit & {
      detail: string;
      code?: string;
      expectedFingerprint?: string;
      actualFingerprint?: string;
    },
  ) {
    super("tls", `TLS failure for ${init.method ?? "GET"} ${init.path}: ${init.detail}`, init);
    this.code = init.code;
    this.expectedFingerprint = init.expectedFingerprint;
    this.actualFingerprint = init.actualFingerprint;
  }
}

/** The body is not the JSON we expect: invalid JSON, cut short, or not matching the endpoint schema. */
export class ProxmoxMalformedError extends ProxmoxError {
  readonly detail: string;
  readonly truncated: boolean;
  constructor(init: ProxmoxErrorInit & { detail: string; truncated?: boolean }) {
    super("malformed", `malformed response from ${init.method ?? "GET"} ${init.path}: ${init.detail}`, init);
    this.detail = init.detail;
    this.truncated = init.truncated ?? false;
  }
}

/**
 * The body is larger than PROXBOX_PROXMOX_MAX_RESPONSE_MB: reading stopped at the limit (or at once, when
 * Content-Length said so) instead of buffering without end. Not retried: the same request gets the same answer.
 */
export class ProxmoxResponseTooLargeError extends ProxmoxError {
  readonly limitBytes: number;
  readonly receivedBytes: number;
  constructor(
    init: ProxmoxErrorInit & { url: string; limitBytes: number; receivedBytes: number; declared: boolean },
  ) {
    const got = init.declared
      ? `it declares ${formatBytes(init.receivedBytes)}`
      : `stopped reading after ${formatBytes(init.receivedBytes)}`;
    super(
      "too_large",
      `response to ${init.method ?? "GET"} ${init.url} is larger than the ${formatBytes(init.limitBytes)} limit (PROXBOX_PROXMOX_MAX_RESPONSE_MB): ${got}`,
      init,
    );
    this.limitBytes = init.limitBytes;
    this.receivedBytes = init.receivedBytes;
  }
}

const MiB = 1024 * 1024;
function formatBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MB` : n >= MiB ? `${(n / MiB).toFixed(1)} MB` : `${n} bytes`;
}

/** Connection refused/reset/closed, DNS failure and other socket-level trouble. */
export class ProxmoxNetworkError extends ProxmoxError {
  readonly code?: string;
  constructor(init: ProxmoxErrorInit & { detail: string; code?: string }) {
    super("network", `network error for ${init.method ?? "GET"} ${init.path}: ${init.detail}`, init);
    this.code = init.code;
  }
}

/**
 * Last line of defence: replace any configured secret that somehow reached an error (e.g. echoed back by a
 * proxy in an error body) in its message, stack and string fields before the error leaves the client.
 */
export function redactSecrets<E extends Error>(error: E, secrets: readonly string[]): E {
  const active = secrets.filter((s) => s.length >= 4);
  if (active.length === 0) return error;
  const clean = (text: string) => active.reduce((acc, secret) => acc.split(secret).join("***"), text);
  error.message = clean(error.message);
  if (error.stack) error.stack = clean(error.stack);
  const fields = error as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === "string") fields[key] = clean(value);
    else if (value && typeof value === "object" && !(value instanceof Error)) {
      const map = value as Record<string, unknown>;
      for (const [k, v] of Object.entries(map)) if (typeof v === "string") map[k] = clean(v);
    }
  }
  return error;
}
