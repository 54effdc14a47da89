import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "./helpers";
import { syncScenario } from "./scenario";

// The guests stage reads /cluster/ha/resources and stores each guest's HA state and group (issue 13,
// coverage). HA state is state: no change-log row, no last_updated bump. A 403 (no Sys.Audit on /) or
// any other failure is a warning, and never wipes the last known state.

setupTestDatabase();
let sim: TestSimulator;
let endpointId: number;
const CLUSTER = "pve-prod";
const TOKEN = "root@pam!proxbox";

interface ScenarioHa {
  sid: string;
  state?: string;
  group?: string;
}

/** What the guests should hold, from the scenario file itself: vmid → [state, group]. */
function expectedFromScenario(): Map<number, [string, string | null]> {
  const cluster = (
    syncScenario() as unknown as { clusters: { name: string; ha?: ScenarioHa[] }[] }
  ).clusters.find((c) => c.name === CLUSTER);
  const out = new Map<number, [string, string | null]>();
  for (const r of cluster?.ha ?? [])
    out.set(Number(r.sid.split(":")[1]), [r.state ?? "started", r.group ?? null]);
  return out;
}

async function guests() {
  return db.virtualMachine.findMany({
    where: { endpointId },
    select: { id: true, vmid: true, haState: true, haGroup: true, lastUpdated: true },
    orderBy: { vmid: "asc" },
  });
}

const haOf = (rows: Awaited<ReturnType<typeof guests>>) =>
  Object.fromEntries(rows.map((g) => [g.vmid, [g.haState, g.haGroup]]));

async function haReadable() {
  return (await db.proxmoxEndpoint.findUniqueOrThrow({ where: { id: endpointId } })).haReadable;
}

const guestChanges = () =>
  db.objectChange.count({ where: { changedObjectType: "proxbox.virtualmachine", action: "update" } });

beforeAll(async () => {
  sim = await startTestSimulator(syncScenario());
  endpointId = (await endpointForCluster(sim, CLUSTER)).id;
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

describe("HA state of guests", () => {
  it("is read in the guests stage: HA resources get state and group, every other guest null", async () => {
    expect(await haReadable()).toBeNull(); // not read yet
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).not.toBe("failed");
    const expected = expectedFromScenario();
    expect(expected.size).toBeGreaterThan(0);
    const rows = await guests();
    expect(rows.length).toBeGreaterThan(expected.size);
    for (const g of rows) expect([g.haState, g.haGroup]).toEqual(expected.get(g.vmid) ?? [null, null]);
    expect(await haReadable()).toBe(true);
  });

  it("follows changes in Proxmox without change-log rows or last_updated bumps", async () => {
    const before = await guests();
    const changesBefore = await guestChanges();
    // 100 leaves HA, 101 joins it (absent state = started), 102 changes state and leaves its group.
    sim.state.removeHaResource(CLUSTER, "vm:100");
    sim.state.addHaResource(CLUSTER, { sid: "vm:101", group: "prod" });
    sim.state.updateHaResource(CLUSTER, "vm:102", { state: "stopped", group: null });
    const run = await syncNow({ kind: "replications", endpointId });
    expect(run.state).not.toBe("failed");
    const after = await guests();
    const ha = haOf(after);
    expect(ha[100]).toEqual([null, null]);
    expect(ha[101]).toEqual(["started", "prod"]);
    expect(ha[102]).toEqual(["stopped", null]);
    // Every other guest as before.
    const rest = (rows: typeof before) =>
      rows.filter((g) => ![100, 101, 102].includes(g.vmid)).map((g) => [g.vmid, g.haState, g.haGroup]);
    expect(rest(after)).toEqual(rest(before));
    expect(after.map((g) => g.lastUpdated)).toEqual(before.map((g) => g.lastUpdated));
    expect(await guestChanges()).toBe(changesBefore);
  });

  it("a 403 (no Sys.Audit on /) warns, sets ha_readable=false and keeps the known state", async () => {
    const before = haOf(await guests());
    expect(Object.values(before).some(([s]) => s !== null)).toBe(true);
    // Everything a read-only token needs for the sync, but not Sys.Audit on /.
    sim.state.setPrivileges(CLUSTER, TOKEN, {
      "/vms": ["VM.Audit"],
      "/storage": ["Datastore.Audit"],
      "/nodes": ["Sys.Audit"],
    });
    // A change made meanwhile cannot be seen, and must not be guessed either.
    sim.state.removeHaResource(CLUSTER, "vm:121");
    try {
      const run = await syncNow({ kind: "full", endpointId });
      expect(run.state).not.toBe("failed");
      expect(run.warnings).toContain("HA state unknown: the token lacks Sys.Audit on /");
      expect(await haReadable()).toBe(false);
      expect(haOf(await guests())).toEqual(before);
    } finally {
      sim.state.setPrivileges(CLUSTER, TOKEN, { "/": ["*"] });
    }
    await syncNow({ kind: "full", endpointId });
    expect(await haReadable()).toBe(true);
    expect(haOf(await guests())[121]).toEqual([null, null]);
  });

  it("another failure warns, keeps the state and leaves ha_readable as it was", async () => {
    const before = haOf(await guests());
    const baseline = await syncNow({ kind: "full", endpointId });
    sim.state.addHaResource(CLUSTER, { sid: "vm:121", state: "started" });
    sim.faults.add({
      cluster: CLUSTER,
      path: "/cluster/ha/resources",
      status: 500,
      reason: "Internal error",
    });
    const run = await syncNow({ kind: "full", endpointId });
    // Not a failed run, nor a worse one than without the fault.
    expect(run.state).toBe(baseline.state);
    const warnings = run.warnings as string[];
    expect(warnings.some((w) => w.startsWith("HA state not read, the last known one is kept:"))).toBe(true);
    expect(await haReadable()).toBe(true);
    expect(haOf(await guests())).toEqual(before);
  });
});
