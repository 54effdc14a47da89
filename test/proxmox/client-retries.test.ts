import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type ProxmoxHttpError, ProxmoxUnreachableError } from "@/server/proxmox";
import { retryDelayMs } from "@/server/proxmox/response";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { baseScenario, clientFor, failure, LIMITED_SECRET, T0 } from "./fixtures";

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

describe("retries (GET only, transient failures only)", () => {
  it("500 is tried 1 + 2 times", async () => {
    const client = clientFor(sim);
    await failure(client.clusterReplicationJob("100-5"));
    expect(sim.countRequests({ path: "/cluster/replication/100-5", status: 500 })).toBe(3);
    await client.close();
  });

  it("honours `retries`", async () => {
    const client = clientFor(sim, { retries: 0 });
    await failure(client.clusterReplicationJob("100-5"));
    expect(sim.countRequests()).toBe(1);
    await client.close();
  });

  it.each([
    ["401", { status: 401, reason: "Authentication failed!" }],
    ["403", { status: 403, reason: "Permission check failed (/, Sys.Audit)" }],
    ["400", { status: 400, reason: "Parameter verification failed." }],
    ["404", { status: 404, reason: "Not Found" }],
    ["501", { status: 501, reason: "Method 'GET /version' not implemented" }],
  ])("%s is never retried", async (_label, fault) => {
    sim.faults.add({ path: "/version", ...fault });
    const client = clientFor(sim);
    const err = await failure(client.version());
    expect((err as ProxmoxHttpError).status).toBe(fault.status);
    expect(sim.countRequests({ path: "/version" })).toBe(1);
    await client.close();
  });

  it("real 401/403/400 from the handlers are not retried either", async () => {
    const bad = clientFor(sim, { auth: { kind: "token", tokenId: "root@pam!full", secret: "nope" } });
    await failure(bad.version());
    const limited = clientFor(sim, {
      auth: { kind: "token", tokenId: "audit@pve!limited", secret: LIMITED_SECRET },
    });
    await failure(limited.clusterStatus());
    await failure(limited.request("GET", "/cluster/replication/abc"));
    expect(sim.countRequests()).toBe(3);
    await Promise.all([bad.close(), limited.close()]);
  });

  it("a transient 503 then success succeeds on the second try", async () => {
    sim.faults.add({ path: "/cluster/replication", status: 503, reason: "Service Unavailable", times: 1 });
    const client = clientFor(sim);
    expect((await client.clusterReplication()).length).toBeGreaterThan(0);
    expect(sim.countRequests({ path: "/cluster/replication" })).toBe(2);
    await client.close();
  });

  it("595 is retried, and gives up after the budget", async () => {
    sim.faults.add({ path: "/nodes/pve1/replication", status: 595, reason: "Connection refused", times: 2 });
    const client = clientFor(sim);
    expect((await client.nodeReplication("pve1")).length).toBeGreaterThan(0);
    expect(sim.countRequests({ path: "/nodes/pve1/replication" })).toBe(3);
    sim.resetRequests();
    expect(await failure(client.nodeReplication("pve3"))).toBeInstanceOf(ProxmoxUnreachableError);
    expect(sim.countRequests({ path: "/nodes/pve3/replication" })).toBe(3);
    await client.close();
  });

  it("timeouts, resets and truncated bodies are retried", async () => {
    const client = clientFor(sim, { requestTimeoutMs: 150 });
    sim.faults.add({ path: "/version", delayMs: 500, times: 1 });
    sim.faults.add({ path: "/nodes", reset: true, times: 2 });
    sim.faults.add({ path: "/cluster/replication", truncate: true, times: 1 });
    await client.version();
    await client.nodes();
    await client.clusterReplication();
    expect(sim.countRequests({ path: "/version" })).toBe(2);
    expect(sim.countRequests({ path: "/nodes" })).toBe(3);
    expect(sim.countRequests({ path: "/cluster/replication" })).toBe(2);
    await client.close();
  });

  it("malformed JSON and schema mismatches are not retried", async () => {
    sim.faults.add({ path: "/version", malformed: true });
    sim.faults.add({ path: "/nodes", status: 200, body: { data: [{ status: "online" }] } });
    const client = clientFor(sim);
    await failure(client.version());
    await failure(client.nodes());
    expect(sim.countRequests()).toBe(2);
    await client.close();
  });

  it("a POST is never retried, even on 500", async () => {
    sim.faults.add({ method: "POST", path: "/nodes/pve1/replication/100-0/schedule_now", status: 500 });
    const client = clientFor(sim);
    await failure(client.scheduleNow("pve1", "100-0"));
    expect(sim.countRequests({ method: "POST" })).toBe(1);
    await client.close();
  });

  it("retries a 502 twice, then gives up", async () => {
    sim.faults.add({ path: "/version", status: 502 });
    const client = clientFor(sim, { retryBaseDelayMs: 1 });
    await failure(client.version());
    expect(sim.countRequests()).toBe(3);
    await client.close();
  });

  it("backs off exponentially with jitter: base·2^n scaled into [0.5, 1)", () => {
    const random = vi.spyOn(Math, "random");
    try {
      random.mockReturnValue(0);
      expect([0, 1, 2].map((n) => retryDelayMs(n, 100))).toEqual([50, 100, 200]);
      random.mockReturnValue(0.999_999);
      expect([0, 1, 2].map((n) => retryDelayMs(n, 100))).toEqual([100, 200, 400]);
    } finally {
      random.mockRestore();
    }
  });
});
