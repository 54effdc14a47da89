import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createProxmoxClient,
  ProxmoxAuthError,
  ProxmoxHttpError,
  ProxmoxMalformedError,
  ProxmoxNetworkError,
  ProxmoxPermissionError,
  ProxmoxTimeoutError,
  ProxmoxUnreachableError,
} from "@/server/proxmox";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import {
  baseScenario,
  clientFor,
  failure,
  LIMITED_SECRET,
  rawRequest,
  SECRET,
  T0,
  tokenHeader,
} from "./fixtures";

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator(baseScenario(), { now: T0 });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetRequests();
  sim.faults.clear();
});

const api = (path: string) => `${sim.cluster("alpha").url}/api2/json${path}`;

describe("error classes", () => {
  it("401: ProxmoxAuthError; the simulator sends no body, only the status line", async () => {
    const raw = await rawRequest(api("/version"), { headers: tokenHeader("root@pam!full", "bad") });
    expect([raw.status, raw.reason, raw.text]).toEqual([401, "Authentication failed!", ""]);
    const client = clientFor(sim, { auth: { kind: "token", tokenId: "root@pam!full", secret: "bad" } });
    const err = await failure(client.version());
    expect(err).toBeInstanceOf(ProxmoxAuthError);
    expect(err).toMatchObject({ kind: "auth", status: 401, path: "/version" });
    await client.close();
  });

  it("403: ProxmoxPermissionError carries Proxmox's message", async () => {
    const client = clientFor(sim, {
      auth: { kind: "token", tokenId: "audit@pve!limited", secret: LIMITED_SECRET },
    });
    const err = await failure(client.clusterStatus());
    expect(err).toBeInstanceOf(ProxmoxPermissionError);
    expect(err).toMatchObject({
      kind: "permission",
      status: 403,
      proxmoxMessage: "Permission check failed (/, Sys.Audit)",
    });
    const job = await failure(client.clusterReplicationJob("101-0"));
    expect(job.message).toContain("Permission check failed (/vms/101, VM.Audit)");
    await client.close();
  });

  it("595: an offline node is a ProxmoxUnreachableError naming the node", async () => {
    const client = clientFor(sim, { retries: 0 });
    const err = await failure(client.nodeReplication("pve3"));
    expect(err).toBeInstanceOf(ProxmoxUnreachableError);
    expect(err.message).toBe("node pve3 unreachable (595 Connection refused)");
    expect(err).toMatchObject({ kind: "unreachable", status: 595, node: "pve3" });
    await client.close();
  });

  it("400: ProxmoxHttpError with Proxmox's per-parameter errors", async () => {
    const client = clientFor(sim);
    const err = await failure(client.request("GET", "/nodes/pve1/replication", { guest: "abc" }));
    expect(err).toBeInstanceOf(ProxmoxHttpError);
    expect(err).toMatchObject({
      kind: "http",
      status: 400,
      proxmoxMessage: "Parameter verification failed.",
      errors: { guest: "type check ('integer') failed - got 'abc'" },
    });
    const id = await failure(client.clusterReplicationJob("99-0"));
    expect((id as ProxmoxHttpError).errors).toEqual({
      id: "invalid format - invalid replication job id '99-0' (guest IDs < 100 are reserved)",
    });
    expect(id.message).toContain("guest IDs < 100 are reserved");
    await client.close();
  });

  it("500: ProxmoxHttpError with the handler's message", async () => {
    const client = clientFor(sim, { retries: 0 });
    const err = await failure(client.clusterReplicationJob("100-5"));
    expect(err).toBeInstanceOf(ProxmoxHttpError);
    expect(err).toMatchObject({ status: 500, proxmoxMessage: "no such replication job '100-5'" });
    await client.close();
  });

  it("501: unknown path", async () => {
    const client = clientFor(sim);
    const err = await failure(client.request("GET", "/cluster/nope"));
    expect(err).toMatchObject({ status: 501, proxmoxMessage: "Method 'GET /cluster/nope' not implemented" });
    await client.close();
  });

  it("timeout: ProxmoxTimeoutError names the timeout and its length", async () => {
    sim.faults.add({ path: "/version", delayMs: 400 });
    const client = clientFor(sim, { requestTimeoutMs: 100, retries: 0 });
    const err = await failure(client.version());
    expect(err).toBeInstanceOf(ProxmoxTimeoutError);
    expect(err).toMatchObject({ kind: "timeout", phase: "request", timeoutMs: 100 });
    expect(err.message).toBe("request timeout after 100 ms for GET /version");
    await client.close();
  });

  it.each([
    ["insecure", { mode: "insecure" } as const],
    ["pinned", { mode: "fingerprint", fingerprint: "AB".repeat(32) } as const],
  ])("connect timeout (%s): a peer that never finishes the TLS handshake", async (_label, tls) => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const client = createProxmoxClient({
      baseUrl: `https://127.0.0.1:${(silent.address() as { port: number }).port}`,
      auth: { kind: "token", tokenId: "root@pam!full", secret: SECRET },
      tls,
      connectTimeoutMs: 150,
      retries: 0,
    });
    const err = await failure(client.version());
    expect(err).toBeInstanceOf(ProxmoxTimeoutError);
    expect(err).toMatchObject({ phase: "connect", timeoutMs: 150 });
    await client.close();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("malformed JSON and a truncated body are ProxmoxMalformedError", async () => {
    const client = clientFor(sim, { retries: 0 });
    sim.faults.add({ path: "/cluster/replication", malformed: true, times: 1 });
    const bad = await failure(client.clusterReplication());
    expect(bad).toBeInstanceOf(ProxmoxMalformedError);
    expect(bad.message).toMatch(/^malformed response from GET \/cluster\/replication: invalid JSON/);

    sim.faults.add({ path: "/cluster/replication", truncate: true, times: 1 });
    const cut = await failure(client.clusterReplication());
    expect(cut).toBeInstanceOf(ProxmoxMalformedError);
    expect(cut).toMatchObject({ truncated: true });
    expect(cut.message).toContain("truncated body");
    await client.close();
  });

  it("schema mismatch names the API path and the zod issue path", async () => {
    const item = (guest: unknown) => ({ id: "100-0", type: "local", guest, jobnum: 0, target: "pve2" });
    sim.faults.add({
      path: "/cluster/replication",
      status: 200,
      body: { data: [item(100), item(100), item(100), item("x")] },
    });
    const client = clientFor(sim);
    const err = await failure(client.clusterReplication());
    expect(err).toBeInstanceOf(ProxmoxMalformedError);
    expect(err.message).toMatch(
      /^malformed response from GET \/cluster\/replication: data\[3\]\.guest: .*expected number/,
    );
    await client.close();
  });

  it("connection reset: ProxmoxNetworkError", async () => {
    sim.faults.add({ path: "/nodes", reset: true });
    const client = clientFor(sim, { retries: 0 });
    const err = await failure(client.nodes());
    expect(err).toBeInstanceOf(ProxmoxNetworkError);
    expect((err as ProxmoxNetworkError).code).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    await client.close();
  });

  it("connection refused: ProxmoxNetworkError with ECONNREFUSED", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const client = createProxmoxClient({
      baseUrl: `https://127.0.0.1:${port}`,
      auth: { kind: "token", tokenId: "root@pam!full", secret: SECRET },
      tls: { mode: "insecure" },
      retries: 0,
    });
    const err = await failure(client.version());
    expect(err).toBeInstanceOf(ProxmoxNetworkError);
    expect(err).toMatchObject({ kind: "network", code: "ECONNREFUSED" });
    await client.close();
  });
});
