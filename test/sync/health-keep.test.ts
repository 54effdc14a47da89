import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "./helpers";
import { syncScenario } from "./scenario";

// The health stage compares each job with what its node says and writes only the jobs that differ
// (issue 11: set-based, timestamps compared as epoch numbers). A job whose node cannot be asked turns
// *unknown* and keeps its last known values; a later good answer brings them back exactly.

setupTestDatabase();
let sim: TestSimulator;
let endpointId: number;
const CLUSTER = "pve-prod";

beforeAll(async () => {
  sim = await startTestSimulator(syncScenario());
  endpointId = (await endpointForCluster(sim, CLUSTER)).id;
  await syncNow({ kind: "full", endpointId });
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

const healthColumns = {
  replicationId: true,
  lastSync: true,
  lastTry: true,
  nextSync: true,
  duration: true,
  failCount: true,
  error: true,
  syncingPid: true,
  health: true,
  healthCheckedAt: true,
} as const;

function jobsOnPve1() {
  return db.replication.findMany({
    where: { endpointId, source: "pve1", virtualMachineId: { not: null } },
    select: healthColumns,
    orderBy: { replicationId: "asc" },
  });
}

describe("health stage", () => {
  it("an unchanged node answer writes nothing; a failed node keeps last values under unknown", async () => {
    const before = await jobsOnPve1();
    expect(before.length).toBeGreaterThan(0);
    expect(before.some((r) => r.lastSync !== null)).toBe(true);
    expect(before.every((r) => r.health !== "unknown")).toBe(true);

    const again = await syncNow({ kind: "full", endpointId });
    const stage = (again.stages as Array<{ name: string; counts?: Record<string, number> }>).find(
      (s) => s.name === "replication health",
    );
    expect(stage?.counts?.updated).toBe(0);
    // Nothing rewritten: not even the check time moves.
    expect(await jobsOnPve1()).toEqual(before);

    sim.faults.add({ cluster: CLUSTER, path: "/nodes/pve1/replication", status: 595, reason: "No route" });
    const failed = await syncNow({ kind: "full", endpointId });
    expect(failed.state).toBe("partial");
    const unknown = await jobsOnPve1();
    expect(unknown.map((r) => r.health)).toEqual(before.map(() => "unknown"));
    // Every last known value stays as it was; only the state changed.
    const strip = (rows: typeof before) => rows.map(({ health, healthCheckedAt, ...rest }) => rest);
    expect(strip(unknown)).toEqual(strip(before));

    sim.faults.clear();
    await syncNow({ kind: "full", endpointId });
    const back = await jobsOnPve1();
    expect(strip(back)).toEqual(strip(before));
    expect(back.map((r) => r.health)).toEqual(before.map((r) => r.health));
  });
});
