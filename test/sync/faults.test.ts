import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { updateEndpoint } from "@/server/endpoints/service";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow, testActor } from "./helpers";
import { syncScenario } from "./scenario";

// Acceptance: every kind of fault ends the run failed or partial with a clear error, and no row is
// lost or marked stale.

setupTestDatabase();
let sim: TestSimulator;
let endpointId: number;
const CLUSTER = "pve-prod";
let baseline: Array<{ replicationId: string; status: string }>;

beforeAll(async () => {
  sim = await startTestSimulator(syncScenario());
  endpointId = (await endpointForCluster(sim, CLUSTER, { requestTimeoutMs: 1500 })).id;
  await syncNow({ kind: "full", endpointId });
  baseline = await snapshotRows();
  expect(baseline.length).toBeGreaterThan(20);
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
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
  });

  it("401 (a wrong token secret) → failed, authentication named, secret not shown", async () => {
    await updateEndpoint(testActor, endpointId, { tokenSecret: "00000000-0000-0000-0000-000000000000" });
    try {
      const run = await syncNow({ kind: "full", endpointId });
      expect(run.state).toBe("failed");
      expect(run.error).toMatch(/authentication failed/i);
      expect(JSON.stringify(run)).not.toContain("00000000-0000-0000-0000-000000000000");
      await expectNothingLost();
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
  });

  it("a malformed body → failed, naming the path", async () => {
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", malformed: true });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    expect(run.error).toMatch(/malformed.*\/cluster\/replication/i);
    await expectNothingLost();
  });

  it("a truncated list → failed; nothing marked stale", async () => {
    sim.faults.add({ cluster: CLUSTER, path: "/cluster/replication", truncate: true });
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("failed");
    await expectNothingLost();
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
    } finally {
      // A new pin needs the secret again (a stored secret only goes where it was saved for).
      await updateEndpoint(testActor, endpointId, {
        fingerprint: sim.endpointFor(CLUSTER).fingerprint,
        tokenSecret: sim.endpointFor(CLUSTER).secret,
      });
    }
  });

  it("a token without VM.Audit on /vms → a warning, and jobs it cannot see are not marked stale", async () => {
    sim.state.setPrivileges(CLUSTER, sim.endpointFor(CLUSTER).tokenId, {
      "/": ["Sys.Audit"],
      "/vms/100": ["VM.Audit"],
    });
    const run = await syncNow({ kind: "full", endpointId });
    expect((run.warnings as string[]).join("\n")).toMatch(/VM\.Audit/);
    const endpoint = await db.proxmoxEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    expect(JSON.stringify(endpoint.warnings)).toMatch(/VM\.Audit/);
    await expectNothingLost();
  });
});
