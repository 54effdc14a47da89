import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { updateEndpoint } from "@/server/endpoints/service";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { type FaultOutcome, faultMatrix } from "./fault-matrix";
import { endpointForCluster, syncNow, testActor } from "./helpers";
import { healthyScenario, rowCounts } from "./rows";
import { fullSyncPaths } from "./sync-paths";

// Acceptance: every kind of fault ends the run in a clear state (failed, partial, or succeeded when
// retries absorb it) with a clear message, and no row is lost or marked stale. Each outcome goes into
// .test-output/fault-matrix-proxmox.md (issue 12).

setupTestDatabase();
let sim: TestSimulator;
let endpointId: number;
const CLUSTER = "pve-prod";
let baseline: Array<{ replicationId: string; status: string }>;
let baselineCounts: Awaited<ReturnType<typeof rowCounts>>;
const matrix = faultMatrix("proxmox");
const FULL_PRIVILEGES = { "/": ["*"] }; // the scenario token's own

type Run = Awaited<ReturnType<typeof syncNow>>;
function record(fault: string, run: Run, extra: Partial<FaultOutcome> = {}) {
  const message = run.error ?? ((run.errors as string[])[0] || (run.warnings as string[])[0]);
  matrix.record({ fault, state: run.state, message, ...extra });
}

beforeAll(async () => {
  // Every node online: a healthy sync is `succeeded`, so each fault's effect on the state shows.
  sim = await startTestSimulator(healthyScenario());
  endpointId = (await endpointForCluster(sim, CLUSTER, { requestTimeoutMs: 1500 })).id;
  await syncNow({ kind: "full", endpointId });
  baseline = await snapshotRows();
  baselineCounts = await rowCounts(endpointId);
  expect(baseline.length).toBeGreaterThan(20);
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  matrix.write();
  await stopBoss();
  await sim?.close();
});

function snapshotRows() {
  return db.replication.findMany({
    where: { endpointId },
    select: { replicationId: true, status: true },
    orderBy: { replicationId: "asc" },
  });
}

async function expectNothingLost() {
  expect(await snapshotRows()).toEqual(baseline);
  expect(baseline.every((r) => r.status === "active")).toBe(true);
  expect(await rowCounts(endpointId)).toEqual(baselineCounts);
}

describe("faults never lose rows or mark them stale", () => {
  it("/cluster/replication answering 500 → failed with Proxmox's message", async () => {
    sim.faults.add({
      cluster: CLUSTER,
      path: "/cluster/replication",
      status: 500,
      body: { data: null, message: "cfs-lock timeout\n" },
    });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/replication jobs:.*cfs-lock timeout/);
    await expectNothingLost();
    record("/cluster/replication answers 500", run);
  });

  it("a node answering 595 → partial; its jobs' health becomes unknown, rows stay", async () => {
    sim.faults.add({
      cluster: CLUSTER,
      path: "/nodes/pve1/replication",
      status: 595,
      reason: "Connection refused",
    });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("partial");
    expect((run.errors as string[]).join("\n")).toMatch(/pve1.*595/);
    const onPve1 = await db.replication.findMany({
      where: { endpointId, source: "pve1", virtualMachineId: { not: null } },
    });
    expect(onPve1.length).toBeGreaterThan(0);
    expect(onPve1.every((r) => r.health === "unknown")).toBe(true);
    await expectNothingLost();
    record("one node (pve1) answers 595", run, {
      message: (run.errors as string[]).find((e) => /pve1/.test(e)),
      rows: "unchanged, 0 stale; its jobs' health unknown",
    });
  });

  it("401 (a wrong token secret) → failed, authentication named, secret not shown", async () => {
    await updateEndpoint(testActor, endpointId, { tokenSecret: "00000000-0000-0000-0000-000000000000" });
    try {
      const run = await syncNow({ kind: "full", endpointId });
      expect(run.state).toBe("failed");
      expect(run.error).toMatch(/authentication failed/i);
      expect(JSON.stringify(run)).not.toContain("00000000-0000-0000-0000-000000000000");
      await expectNothingLost();
      record("401 from the start (wrong token secret)", run);
    } finally {
      await updateEndpoint(testActor, endpointId, { tokenSecret: sim.endpointFor(CLUSTER).secret });
    }
  });

  it("a timeout → failed, naming the timeout", async () => {
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", delayMs: 4000 });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/time(d)? ?out/i);
    await expectNothingLost();
    record("/cluster/replication 4 s late, endpoint timeout 1.5 s", run);
  });

  it("a malformed body → failed, naming the path", async () => {
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", malformed: true });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/malformed.*\/cluster\/replication/i);
    await expectNothingLost();
    record("/cluster/replication unparsable JSON", run);
  });

  it("a truncated list → failed; nothing marked stale", async () => {
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", truncate: true });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/replication jobs:.*truncated/i);
    await expectNothingLost();
    record("/cluster/replication truncated JSON (half the body, then close)", run);
  });

  it("a TLS fingerprint mismatch → failed, both fingerprints named", async () => {
    const expected = sim.endpointFor(CLUSTER).fingerprint;
    sim.rotateCertificate(CLUSTER);
    try {
      const run = await syncNow({ kind: "full", endpointId });
      expect(run.state).toBe("failed");
      expect(run.error).toContain(expected);
      expect(run.error).toMatch(/fingerprint/i);
      await expectNothingLost();
      record("a different certificate (pin mismatch)", run);
    } finally {
      // A new pin needs the secret again (a stored secret only goes where it was saved for).
      await updateEndpoint(testActor, endpointId, {
        fingerprint: sim.endpointFor(CLUSTER).fingerprint,
        tokenSecret: sim.endpointFor(CLUSTER).secret,
      });
    }
  });

  it("a token without VM.Audit on /vms → a warning, and jobs it cannot see are not marked stale", async () => {
    const tokenId = sim.endpointFor(CLUSTER).tokenId;
    sim.state.setPrivileges(CLUSTER, tokenId, { "/": ["Sys.Audit"], "/vms/100": ["VM.Audit"] });
    try {
      const run = await syncNow({ kind: "full", endpointId });
      expect((run.warnings as string[]).join("\n")).toMatch(/VM\.Audit/);
      // Nor storages: without Datastore.Audit the storage list is empty, which deleted all 12 before.
      expect((run.warnings as string[]).join("\n")).toMatch(/Datastore\.Audit.*none is deleted/);
      const endpoint = await db.proxmoxEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
      expect(JSON.stringify(endpoint.warnings)).toMatch(/VM\.Audit/);
      await expectNothingLost();
      record("token without VM.Audit on /vms nor Datastore.Audit on /storage", run, {
        message: (run.warnings as string[]).join(" / "),
      });
    } finally {
      sim.state.setPrivileges(CLUSTER, tokenId, FULL_PRIVILEGES);
    }
  });

  it("the token revoked mid-sync (401 from the second stage on) → failed, authentication named", async () => {
    // The cluster stage (/version, /cluster/status, /access/permissions) still passes; every later
    // call is refused as PVE refuses a deleted token.
    sim.faults.add({
      cluster: CLUSTER,
      path: /^\/(nodes|cluster\/resources|cluster\/replication)/,
      status: 401,
      reason: "invalid token value!",
    });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    const stages = run.stages as Array<{ name: string; state: string }>;
    expect(stages.find((s) => s.name === "cluster")?.state).toBe("succeeded");
    expect(stages.find((s) => s.name === "replication jobs")?.state).toBe("failed");
    expect(run.error).toMatch(/authentication failed/i);
    expect(run.error).not.toContain(sim.endpointFor(CLUSTER).secret);
    await expectNothingLost();
    record("token revoked mid-sync (401 from the nodes stage on)", run);
  });

  it("flapping: every other call to each path answers 500 → retries absorb it, succeeded", async () => {
    const paths = fullSyncPaths(["pve1", "pve2", "pve3"]);
    // Each path's first call passes, so a second run is where every path meets a 500 first.
    for (const path of paths) sim.faults.add({ cluster: CLUSTER, path, status: 500, every: 2 });
    await syncNow({ kind: "full", endpointId });
    sim.resetRequests();
    const run = await syncNow({ kind: "full", endpointId });
    expect(sim.countRequests({ cluster: CLUSTER, status: 500 })).toBeGreaterThan(5);
    expect(run.state).toBe("succeeded");
    expect(run.errors).toEqual([]);
    await expectNothingLost();
    const failures = sim.countRequests({ cluster: CLUSTER, status: 500 });
    record("flapping: every other call to each path answers 500 (every: 2 per path)", run, {
      message: `— (${failures} answers were 500; each GET retried)`,
    });
  });

  it("flapping across the whole API (one every-other-call rule for all paths) → failed or partial, clearly", async () => {
    // Parallel requests share one counter, so which call meets the 500 twice in a row (beyond the
    // retries) depends on their interleaving: the run ends failed or partial, never silently.
    // The HA resource list is left out: a failure there is only a warning by design (test/sync/
    // ha-state.test.ts), so a run whose doubled 500 happened to land on it would rightly succeed.
    sim.faults.add({ cluster: CLUSTER, path: /^(?!\/cluster\/ha\/)/, status: 500, every: 2 });
    const run = await syncNow({ kind: "full", endpointId });
    expect(["failed", "partial"]).toContain(run.state);
    expect((run.errors as string[]).join("\n")).toMatch(/failed with 500/);
    await expectNothingLost();
    record("flapping: every other API call answers 500 (one rule, all paths, concurrent calls)", run, {
      message: (run.errors as string[]).join(" / "),
    });
  });

  it("slow Proxmox (5 s per call): the endpoint's timeout above it → succeeded, slower", async () => {
    await updateEndpoint(testActor, endpointId, { requestTimeoutMs: 8000 });
    try {
      sim.faults.add({ cluster: CLUSTER, path: /.*/, delayMs: 5000 });
      const started = Date.now();
      const run = await syncNow({ kind: "replication", endpointId, replicationId: "100-0" });
      const ms = Date.now() - started;
      expect(run.state).toBe("succeeded");
      expect(ms).toBeGreaterThanOrEqual(10_000); // two calls, 5 s each
      await expectNothingLost();
      record("slow: 5 s per call, endpoint timeout 8 s (single-job sync)", run, {
        message: `— (took ${(ms / 1000).toFixed(1)} s)`,
      });
    } finally {
      await updateEndpoint(testActor, endpointId, { requestTimeoutMs: 1500 });
    }
  }, 30_000);

  it("slow Proxmox (5 s per call): the endpoint's timeout below it → failed, naming the timeout", async () => {
    await updateEndpoint(testActor, endpointId, { requestTimeoutMs: 2000 });
    try {
      sim.faults.add({ cluster: CLUSTER, path: /.*/, delayMs: 5000 });
      const run = await syncNow({ kind: "replication", endpointId, replicationId: "100-0" });
      expect(run.state).toBe("failed");
      expect(run.error).toMatch(/timed out after 2000 ?ms|time(d)? ?out.*2000/i);
      await expectNothingLost();
      record("slow: 5 s per call, endpoint timeout 2 s (single-job sync)", run);
    } finally {
      await updateEndpoint(testActor, endpointId, { requestTimeoutMs: 1500 });
    }
  }, 30_000);
});
