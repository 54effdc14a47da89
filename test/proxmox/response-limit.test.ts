import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEndpointSettings } from "@/server/endpoints/service";
import { ConfigError, parseEnv } from "@/server/env";
import {
  createProxmoxClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  type ProxmoxClient,
  ProxmoxResponseTooLargeError,
} from "@/server/proxmox";
import { generateCertificate, type ServerCertificate } from "@/simulator/certs";
import { failure } from "./fixtures";

// Proxmox answers are read with a size cap: a real local HTTPS server streams more than the (lowered)
// limit — chunked, close-delimited without any length, or announcing a length over the limit — and the
// client fails with an error naming the API path and the limit, having read not much more than the limit.

const LIMIT = 1024 * 1024; // 1 MB instead of the default 128, so the test streams little
const CHUNK = Buffer.alloc(64 * 1024, "x");
const SECRET = "5ec12e75-aaaa-4bbb-8ccc-dddddddddddd";

let cert: ServerCertificate;
let https: ReturnType<typeof createHttpsServer>;
let raw: TlsServer;
let httpsUrl: string;
let rawUrl: string;
/** Bytes of body each response managed to write before the client hung up, by request path. */
const sent = new Map<string, number>();

/** Writes body chunks until the client goes away or `maxBytes` were written. */
function stream(res: ServerResponse | import("node:tls").TLSSocket, path: string, maxBytes: number) {
  let written = 0;
  const pump = () => {
    while (written < maxBytes && !res.destroyed) {
      written += CHUNK.length;
      sent.set(path, written);
      if (!res.write(CHUNK)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  res.on("error", () => {});
  pump();
}

function handler(req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? "").replace("/api2/json", "").split("?")[0];
  if (path === "/cluster/replication" || path === "/version") {
    // Chunked transfer encoding: no Content-Length at all; 40 MB if nobody stops reading.
    res.writeHead(200, { "content-type": "application/json" });
    stream(res, path, 40 * LIMIT);
  } else if (path === "/cluster/resources") {
    // Announces 50 MB, sends the headers and then nothing: only the header can tell.
    res.writeHead(200, { "content-type": "application/json", "content-length": String(50 * LIMIT) });
    res.flushHeaders();
  } else if (path === "/nodes") {
    // Just under the limit: fine.
    const body = JSON.stringify({ data: [{ node: "pve1", status: "online", pad: "y".repeat(LIMIT - 200) }] });
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
    });
    res.end(body);
  } else {
    res.writeHead(501, "Method not implemented");
    res.end();
  }
}

beforeAll(async () => {
  cert = await generateCertificate();
  https = createHttpsServer({ key: cert.key, cert: cert.cert }, handler);
  await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
  httpsUrl = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  // An HTTP/1.1 answer delimited only by closing the connection (no Content-Length, not chunked).
  raw = createTlsServer({ key: cert.key, cert: cert.cert }, (socket) => {
    socket.once("data", () => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n");
      stream(socket, "raw", 40 * LIMIT);
    });
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  rawUrl = `https://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});
afterAll(async () => {
  https?.closeAllConnections();
  await Promise.all([new Promise((r) => https?.close(r)), new Promise((r) => raw?.close(r))]);
});

function clientAt(url: string, maxResponseBytes = LIMIT): ProxmoxClient {
  return createProxmoxClient({
    baseUrl: url,
    auth: { kind: "token", tokenId: "root@pam!proxbox", secret: SECRET },
    tls: { mode: "fingerprint", fingerprint: cert.fingerprint },
    requestTimeoutMs: 10_000,
    retries: 2,
    retryBaseDelayMs: 1,
    maxResponseBytes,
  });
}

function expectTooLarge(err: Error, path: string) {
  expect(err).toBeInstanceOf(ProxmoxResponseTooLargeError);
  expect(err.message).toContain(path);
  expect(err.message).toContain("1 MB limit (PROXBOX_PROXMOX_MAX_RESPONSE_MB)");
  expect(err.message).not.toContain(SECRET);
}

describe("response size limit", () => {
  it("stops a chunked body (no Content-Length) at the limit, without retrying", async () => {
    const client = clientAt(httpsUrl);
    const started = performance.now();
    const err = await failure(client.clusterReplication());
    expectTooLarge(err, "/api2/json/cluster/replication");
    expect(err.message).toMatch(/stopped reading after 1\.\d MB/);
    expect((err as ProxmoxResponseTooLargeError).receivedBytes).toBeLessThanOrEqual(LIMIT + CHUNK.length);
    expect(client.requestCount).toBe(1); // the same request would get the same answer
    await client.close();
    // The connection was dropped: the server got nowhere near its 40 MB.
    await new Promise((r) => setTimeout(r, 200));
    expect(sent.get("/cluster/replication")).toBeLessThan(10 * LIMIT);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("stops a body delimited only by the connection closing", async () => {
    const client = clientAt(rawUrl);
    const err = await failure(client.version());
    expectTooLarge(err, "/api2/json/version");
    await client.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(sent.get("raw")).toBeLessThan(10 * LIMIT);
  });

  it("fails at once when Content-Length announces more than the limit", async () => {
    const client = clientAt(httpsUrl);
    const started = performance.now();
    const err = await failure(client.clusterResources("vm"));
    expectTooLarge(err, "/api2/json/cluster/resources");
    expect(err.message).toContain("it declares 50 MB");
    expect(performance.now() - started).toBeLessThan(2000); // not the 10 s request timeout
    await client.close();
  });

  it("reads answers up to the limit", async () => {
    const client = clientAt(httpsUrl);
    const nodes = await client.nodes();
    expect(nodes.map((n) => n.node)).toEqual(["pve1"]);
    await client.close();
  });

  it("the limit is PROXBOX_PROXMOX_MAX_RESPONSE_MB (default 128) for endpoint clients", async () => {
    expect(parseEnv({}).PROXBOX_PROXMOX_MAX_RESPONSE_MB).toBe(128);
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(128 * 1024 * 1024);
    expect(() => parseEnv({ PROXBOX_PROXMOX_MAX_RESPONSE_MB: "0" })).toThrow(ConfigError);
    expect(() => parseEnv({ PROXBOX_PROXMOX_MAX_RESPONSE_MB: "lots" })).toThrow(
      /PROXBOX_PROXMOX_MAX_RESPONSE_MB/,
    );
    const previous = process.env.PROXBOX_PROXMOX_MAX_RESPONSE_MB;
    process.env.PROXBOX_PROXMOX_MAX_RESPONSE_MB = "1";
    try {
      const result = await testEndpointSettings({
        url: httpsUrl,
        tokenId: "root@pam!proxbox",
        tokenSecret: SECRET,
        tlsMode: "fingerprint",
        fingerprint: cert.fingerprint,
      });
      expect(result.ok).toBe(false);
      expect(result.error).toContain("/api2/json/version");
      expect(result.error).toContain("1 MB limit (PROXBOX_PROXMOX_MAX_RESPONSE_MB)");
    } finally {
      if (previous === undefined) delete process.env.PROXBOX_PROXMOX_MAX_RESPONSE_MB;
      else process.env.PROXBOX_PROXMOX_MAX_RESPONSE_MB = previous;
    }
  });
});
