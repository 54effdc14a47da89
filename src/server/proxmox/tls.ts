import type { TLSSocket } from "node:tls";
import { Agent, buildConnector } from "undici";
import { formatFingerprint, normalizeFingerprint } from "@/lib/fingerprint";

export { formatFingerprint, normalizeFingerprint };

export type ProxmoxTls =
  | { mode: "system" }
  | { mode: "ca"; caPem: string }
  | { mode: "fingerprint"; fingerprint: string }
  | { mode: "insecure" };

/** Text a caller shows next to an endpoint whose TLS settings do not authenticate the server. */
export function tlsWarning(tls: ProxmoxTls): string | null {
  if (tls.mode !== "insecure") return null;
  return "TLS certificate verification is disabled for this endpoint: anyone on the network path can impersonate the Proxmox server and read the API token. Pin the certificate fingerprint or configure the cluster CA instead.";
}

/**
 * Raised by the pinning connector. It carries both fingerprints so the client can name them; the socket is
 * destroyed before undici writes a single request byte on it.
 */
export class FingerprintMismatchError extends Error {
  readonly code = "PROXMOX_FINGERPRINT_MISMATCH";
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`certificate fingerprint mismatch: expected ${expected}, got ${actual}`);
    this.name = "FingerprintMismatchError";
  }
}

export interface DispatcherOptions {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
}

/** One undici Agent per client: connection pooling plus the TLS policy of the endpoint. */
export function createDispatcher(tls: ProxmoxTls, opts: DispatcherOptions): Agent {
  // Our own timer bounds the whole request; undici's timers are a little longer so they never win the race
  // and produce a less specific error.
  const base = {
    headersTimeout: opts.requestTimeoutMs + 1000,
    bodyTimeout: opts.requestTimeoutMs + 1000,
    keepAliveTimeout: 10_000,
  };
  switch (tls.mode) {
    case "system":
      return new Agent({ ...base, connect: { timeout: opts.connectTimeoutMs, rejectUnauthorized: true } });
    case "ca":
      // Only the given CA is trusted (not the system store), and the host name is still checked.
      return new Agent({
        ...base,
        connect: { timeout: opts.connectTimeoutMs, rejectUnauthorized: true, ca: tls.caPem },
      });
    case "insecure":
      return new Agent({ ...base, connect: { timeout: opts.connectTimeoutMs, rejectUnauthorized: false } });
    case "fingerprint":
      return new Agent({ ...base, connect: pinningConnector(tls.fingerprint, opts.connectTimeoutMs) });
  }
}

function pinningConnector(fingerprint: string, timeoutMs: number): buildConnector.connector {
  const expected = normalizeFingerprint(fingerprint);
  if (!expected) throw new TypeError("TLS fingerprint must be a SHA-256 hex digest (64 hex digits)");
  // Node skips checkServerIdentity when chain validation is off, so the pin is checked on the connected
  // socket instead. Session caching is disabled so every connection presents (and is checked against) the
  // certificate the server currently uses.
  const connect = buildConnector({ rejectUnauthorized: false, timeout: timeoutMs, maxCachedSessions: 0 });
  return (options, callback) => {
    connect(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error("TLS connection failed"), null);
        return;
      }
      const peer = (socket as TLSSocket).getPeerCertificate?.();
      const actual = peer?.fingerprint256 ? normalizeFingerprint(peer.fingerprint256) : null;
      if (actual !== expected) {
        socket.destroy();
        callback(
          new FingerprintMismatchError(
            formatFingerprint(expected),
            actual ? formatFingerprint(actual) : "none",
          ),
          null,
        );
        return;
      }
      callback(null, socket);
    });
  };
}
