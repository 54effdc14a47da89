import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "./helpers";
import { type ScenarioCluster, syncScenario } from "./scenario";

// Acceptance: a first sync creates exactly what the scenario holds, with every field right; a second
// sync with no change writes nothing; after the scenario changes, counts and rows follow exactly.

setupTestDatabase();
let sim: TestSimulator;
let cluster: ScenarioCluster;
let endpointId: number;

beforeAll(async () => {
  const scenario = syncScenario();
  cluster = scenario.clusters[0];
  sim = await startTestSimulator(scenario);
  endpointId = (await endpointForCluster(sim, cluster.name)).id;
});
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

// The demo scenario's pve-prod jobs (src/simulator/scenarios/demo.json) as the Proxmox GUI's Status
// column shows them on each job's source node: pve1 and pve2 answer, pve3 is offline.
const EXPECTED_HEALTH: Record<string, string> = {
  "100-0": "ok", // synced, no error
  "100-1": "error", // "ssh: connect to host … Connection refused"
  "101-0": "ok",
  "102-0": "ok",
  "103-0": "error", // zfs snapshot failed
  "104-0": "syncing", // pid present: the GUI shows a spinner
  "104-1": "ok", // target pve3 is offline, but the status lives on the source, pve1
  "105-0": "pending", // never synced (last_sync 0)
  "106-0": "disabled", // disable=1, last run fine
  "107-0": "removal_scheduled", // remove_job=local
  "108-0": "removal_scheduled", // remove_job=full
  "109-0": "error", // no such volid
  "110-0": "ok",
  "111-0": "unknown", // guest lives on pve3, offline: nobody to ask
  "112-0": "unknown", // guest on pve3 too
  "114-0": "pending", // never ran
  "116-0": "ok",
  "117-0": "ok",
  "118-0": "pending", // never ran (disable=0 written out)
  "119-0": "error", // never synced, but the last try failed: the error wins over pending
  "120-0": "syncing", // pid present
  "122-0": "ok",
  "150-0": "unknown", // its guest is gone: Proxmox lists no status for it on any node
};

const rowsOf = () =>
  db.replication.findMany({
    where: { endpointId },
    include: { virtualMachine: true, proxmoxNode: true },
    orderBy: { replicationId: "asc" },
  });

describe("sync against the simulator", () => {
  it("creates every job with every field as Proxmox holds it", async () => {
    const run = await syncNow({ kind: "full", endpointId });
    // pve3 is offline in the scenario: its jobs' health is unknown, so the run is partial, not failed.
    expect(run.state).toBe("partial");
    expect(run.errors).toEqual([expect.stringMatching(/pve3.*offline/)]);
    const rows = await rowsOf();
    expect(rows.map((r) => r.replicationId)).toEqual(cluster.jobs.map((j) => j.id).sort());
    for (const job of cluster.jobs) {
      const row = rows.find((r) => r.replicationId === job.id)!;
      const [guest, jobnum] = job.id.split("-").map(Number);
      expect({ guest: row.guest, jobnum: row.jobnum }).toEqual({ guest, jobnum });
      expect(row.target).toBe(job.target);
      expect(row.source).toBe(job.source);
      expect(row.schedule).toBe(job.schedule ?? "*/15");
      expect(row.rate).toBe(job.rate ?? null);
      expect(row.disable).toBe(job.disable ?? false);
      expect(row.comment).toBe(job.comment ?? null);
      expect(row.removeJob).toBe(job.remove_job ?? null);
      expect(row.jobType).toBe("local");
      expect(row.status).toBe("active");
      // raw_config is the item exactly as received: 0/1 booleans, schedule absent when default.
      const raw = row.rawConfig as Record<string, unknown>;
      expect(raw.id).toBe(job.id);
      expect("schedule" in raw).toBe(job.schedule !== undefined && job.schedule !== "*/15");
      if (job.disable) expect(raw.disable).toBe(1);
      const guestKnown = cluster.guests.find((g) => g.vmid === guest);
      expect(row.virtualMachine?.vmid ?? null).toBe(guestKnown ? guest : null);
      expect(row.proxmoxNode?.name).toBe(job.target);
    }
    const counts = run.counts as Record<string, number>;
    expect(counts.created).toBe(cluster.jobs.length);
    const unknownGuests = cluster.jobs.filter(
      (j) => !cluster.guests.some((g) => `${g.vmid}` === j.id.split("-")[0]),
    );
    expect(counts.unlinked).toBe(unknownGuests.length);
    expect(unknownGuests.length).toBeGreaterThan(0);
  });

  it("stores float rates, non-ASCII comments and nameless VMs faithfully", async () => {
    const rows = await rowsOf();
    expect(rows.find((r) => r.replicationId === "102-0")?.rate).toBe(12.5);
    expect(rows.find((r) => r.replicationId === "102-0")?.comment).toBe("Sicherung nächtlich – Ω");
    const nameless = cluster.guests.find((g) => g.name === undefined)!;
    const vm = await db.virtualMachine.findUnique({
      where: { endpointId_vmid: { endpointId, vmid: nameless.vmid } },
    });
    expect(vm).not.toBeNull();
    expect(vm?.name).toBeNull();
  });

  it("derives health the way the Proxmox GUI shows it", async () => {
    const byId = new Map((await rowsOf()).map((r) => [r.replicationId, r]));
    expect(Object.keys(EXPECTED_HEALTH).sort()).toEqual(cluster.jobs.map((j) => j.id).sort());
    for (const job of cluster.jobs) {
      const row = byId.get(job.id);
      expect(row?.health, job.id).toBe(EXPECTED_HEALTH[job.id]);
      const s = job.state ?? {};
      if (row?.health === "error") expect(row.error, job.id).toBe(s.error);
      // The node reports fail_count always, 0 when never failed; a job nobody could ask has none yet.
      if (row?.health === "unknown") expect(row.failCount, job.id).toBeNull();
      else expect(row?.failCount, job.id).toBe(s.fail_count ?? 0);
    }
  });

  it("writes nothing on a second sync without changes", async () => {
    const before = await rowsOf();
    const changesBefore = await db.objectChange.count();
    const run = await syncNow({ kind: "full", endpointId });
    const counts = run.counts as Record<string, number>;
    expect({ created: counts.created, updated: counts.updated, stale: counts.stale }).toEqual({
      created: 0,
      updated: 0,
      stale: 0,
    });
    expect(counts.unchanged).toBe(cluster.jobs.length);
    expect(await db.objectChange.count()).toBe(changesBefore);
    const after = await rowsOf();
    expect(after.map((r) => r.lastUpdated.getTime())).toEqual(before.map((r) => r.lastUpdated.getTime()));
  });

  it("follows scenario changes exactly: create, update, cleared values, stale and back", async () => {
    sim.state.addJob(cluster.name, {
      id: "122-1",
      target: "pve3",
      source: "pve1",
      schedule: "*/20",
      comment: "new",
    });
    sim.state.updateJob(cluster.name, "102-0", { rate: undefined, comment: undefined, schedule: undefined });
    sim.state.removeJob(cluster.name, "101-0");
    const changesBefore = await db.objectChange.count();
    const run = await syncNow({ kind: "replications", endpointId });
    const counts = run.counts as Record<string, number>;
    expect({ created: counts.created, updated: counts.updated, stale: counts.stale }).toEqual({
      created: 1,
      updated: 1,
      stale: 1,
    });
    expect(await db.objectChange.count()).toBe(changesBefore + 3);
    const rows = new Map((await rowsOf()).map((r) => [r.replicationId, r]));
    expect(rows.get("122-1")).toMatchObject({ schedule: "*/20", comment: "new", status: "active" });
    // Removed in Proxmox → cleared here: unlimited rate, no comment, default schedule.
    expect(rows.get("102-0")).toMatchObject({ rate: null, comment: null, schedule: "*/15" });
    expect(rows.get("101-0")?.status).toBe("stale");
    expect(rows.get("101-0")?.staleSince).toBeInstanceOf(Date);
    const update = await db.objectChange.findFirst({
      where: { changedObjectId: rows.get("102-0")!.id, action: "update" },
    });
    expect(update?.prechangeData).toMatchObject({ rate: 12.5, comment: "Sicherung nächtlich – Ω" });
    expect(update?.postchangeData).toMatchObject({ rate: null, comment: null, schedule: "*/15" });
    expect(update?.userName).toBe("sync");

    sim.state.addJob(cluster.name, { id: "101-0", target: "pve2", source: "pve1", schedule: "*/15" });
    const back = await syncNow({ kind: "replications", endpointId });
    expect((back.counts as Record<string, number>).updated).toBe(1);
    const row = await db.replication.findFirst({ where: { endpointId, replicationId: "101-0" } });
    expect(row).toMatchObject({ status: "active", staleSince: null });
  });

  it("refreshes one replication job on its own", async () => {
    sim.state.updateJob(cluster.name, "100-0", { comment: "changed for a single sync" });
    const run = await syncNow({ kind: "replication", endpointId, replicationId: "100-0" });
    expect(run.state).toBe("succeeded");
    const row = await db.replication.findFirst({ where: { endpointId, replicationId: "100-0" } });
    expect(row?.comment).toBe("changed for a single sync");
    expect(row?.health).toBe("ok");
  });
});
