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
    const expectHealth = (id: string, state: string) => expect(byId.get(id)?.health, id).toBe(state);
    for (const job of cluster.jobs) {
      const guest = cluster.guests.find((g) => `${g.vmid}` === job.id.split("-")[0]);
      const node = guest?.node ?? job.source;
      const online = cluster.nodes.find((n) => n.name === node)?.online;
      const s = job.state ?? {};
      const expected =
        !online || !guest
          ? "unknown"
          : s.pid
            ? "syncing"
            : job.remove_job
              ? "removal_scheduled"
              : s.error
                ? "error"
                : job.disable
                  ? "disabled"
                  : !s.last_sync
                    ? "pending"
                    : "ok";
      expectHealth(job.id, expected);
      if (expected === "error") expect(byId.get(job.id)?.error).toBe(s.error);
      if (expected !== "unknown" && s.fail_count !== undefined)
        expect(byId.get(job.id)?.failCount).toBe(s.fail_count);
    }
    expect(new Set([...byId.values()].map((r) => r.health))).toEqual(
      new Set(["ok", "error", "syncing", "pending", "disabled", "removal_scheduled", "unknown"]),
    );
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
