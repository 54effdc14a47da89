import "server-only";
import { type Agent, type Dispatcher, request } from "undici";
import {
  ProxmoxError,
  ProxmoxMalformedError,
  ProxmoxNetworkError,
  ProxmoxResponseTooLargeError,
  ProxmoxTimeoutError,
  ProxmoxTlsError,
} from "./errors";
import { FingerprintMismatchError } from "./tls";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface RawRequest {
  method: HttpMethod;
  /** API path below /api2/json, starting with "/". */
  path: string;
  query?: URLSearchParams;
  form?: URLSearchParams;
  headers: Record<string, string>;
}

export interface RawResponse {
  status: number;
  reason: string;
  text: string;
}

/**
 * Default cap on one response body (PROXBOX_PROXMOX_MAX_RESPONSE_MB). The largest answers Proxbox reads are
 * /cluster/resources and /cluster/replication: with 100,000 jobs (62,500 guests) in ONE cluster the
 * simulator's generated scenario serves 18.7 MB and 13 MB. 128 MiB is ~7x that, while the most it lets
 * through — the bytes, the decoded string and the parsed objects at once, a few times the body — stays
 * well inside Node's default heap, which an unbounded body would not.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 128 * 1024 * 1024;

// Codes that say "the TLS layer refused the peer" rather than "the network failed".
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_|EPROTO|HOSTNAME_MISMATCH/;

/** One HTTP exchange with a hard deadline covering connect, headers and body. No retries here. */
export class Transport {
  requestCount = 0;

  constructor(
    private readonly origin: string,
    private readonly dispatcher: Agent,
    private readonly connectTimeoutMs: number,
    private readonly requestTimeoutMs: number,
    private readonly maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
  ) {}

  /** Public URL of a path, for messages: origin only, never credentials. */
  urlFor(path: string): string {
    return `${this.origin}/api2/json${path}`;
  }

  async send(req: RawRequest): Promise<RawResponse> {
    const qs = req.query?.toString();
    const url = this.urlFor(req.path) + (qs ? `?${qs}` : "");
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    if (req.form) headers["content-type"] = "application/x-www-form-urlencoded";
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.requestTimeoutMs);
    const where = { path: req.path, method: req.method };
    this.requestCount += 1;
    let headersReceived = false;
    try {
      const res = await request(url, {
        method: req.method,
        headers,
        body: req.form?.toString(),
        dispatcher: this.dispatcher,
        signal: controller.signal,
      });
      headersReceived = true;
      const text = await this.readBody(res, where);
      return { status: res.statusCode, reason: res.statusText ?? "", text };
    } catch (err) {
      if (err instanceof ProxmoxError) throw err;
      if (timedOut) {
        throw new ProxmoxTimeoutError({
          ...where,
          phase: "request",
          timeoutMs: this.requestTimeoutMs,
          cause: err,
        });
      }
      if (headersReceived) {
        // The status line arrived but the body was cut short: the answer is unusable, yet a retry may work.
        throw new ProxmoxMalformedError({
          ...where,
          detail: `truncated body (${describeCode(err)})`,
          truncated: true,
          cause: err,
        });
      }
      throw this.classify(err, where);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The body as text, never more than `maxResponseBytes`: a declared Content-Length over the limit fails
   * before reading, and the bytes are counted as they stream in, so a chunked or close-delimited body (no
   * length) or one whose length header lies is cut off at the limit and its connection dropped.
   */
  private async readBody(
    res: Dispatcher.ResponseData,
    where: { path: string; method: HttpMethod },
  ): Promise<string> {
    const tooLarge = (receivedBytes: number, declared: boolean) => {
      res.body.destroy();
      return new ProxmoxResponseTooLargeError({
        ...where,
        url: this.urlFor(where.path),
        limitBytes: this.maxResponseBytes,
        receivedBytes,
        declared,
      });
    };
    const declared = Number(res.headers["content-length"]);
    if (Number.isFinite(declared) && declared > this.maxResponseBytes) throw tooLarge(declared, true);
    // With a declared length the chunks are copied into one buffer as they arrive, so the body is
    // never held twice (chunks + their concatenation: 2 × 18.7 MB for 62,500 guests, issue 11).
    let whole = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      if (size + chunk.length > this.maxResponseBytes) throw tooLarge(size + chunk.length, false);
      if (whole && size + chunk.length <= whole.length) chunk.copy(whole, size);
      else {
        // More than declared (undici refuses that, but never trust it): fall back to collecting.
        if (whole) chunks.push(whole.subarray(0, size));
        whole = null;
        chunks.push(chunk);
      }
      size += chunk.length;
    }
    if (whole) return whole.toString("utf8", 0, size);
    return Buffer.concat(chunks, size).toString("utf8");
  }

  private classify(err: unknown, where: { path: string; method: HttpMethod }): ProxmoxError {
    if (err instanceof ProxmoxError) return err;
    if (err instanceof FingerprintMismatchError) {
      return new ProxmoxTlsError({
        ...where,
        code: err.code,
        detail: `certificate fingerprint mismatch: expected ${err.expected}, got ${err.actual}`,
        expectedFingerprint: err.expected,
        actualFingerprint: err.actual,
      });
    }
    const code = errorCode(err);
    if (code === "UND_ERR_CONNECT_TIMEOUT") {
      return new ProxmoxTimeoutError({
        ...where,
        phase: "connect",
        timeoutMs: this.connectTimeoutMs,
        cause: err,
      });
    }
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new ProxmoxTimeoutError({
        ...where,
        phase: "request",
        timeoutMs: this.requestTimeoutMs,
        cause: err,
      });
    }
    if (code && TLS_CODE.test(code)) {
      return new ProxmoxTlsError({
        ...where,
        code,
        detail: `${errorMessage(err)} (${code}); trust the cluster CA or pin the certificate fingerprint`,
        cause: err,
      });
    }
    return new ProxmoxNetworkError({ ...where, code, detail: describeCode(err), cause: err });
  }
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function describeCode(err: unknown): string {
  const code = errorCode(err);
  return code ? `${errorMessage(err)} (${code})` : errorMessage(err);
}
