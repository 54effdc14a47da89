import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createUser } from "@/server/auth/service";
import { db } from "@/server/db/client";
import { getEndpointSummary, listEndpointSummaries } from "@/server/overview/endpoints";
import { getOverview } from "@/server/overview/service";
import { stopBoss } from "@/server/sync/queue";
import { listRunSummaries } from "@/server/sync-runs/service";
import { getTopology } from "@/server/topology/service";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "../sync/helpers";

// Written from the operator's point of view, not imported from the app: what needs attention first
// (a failing job, then one nobody could ask about, then one about to be removed, …) down to OK.
const WORST_FIRST = ["error", "unknown", "removal_scheduled", "pending", "syncing", "disabled", "ok"];
const rank = (health: string) => WORST_FIRST.length - WORST_FIRST.indexOf(health);

// The overview, endpoint summaries and topology against the demo scenario after a real sync: every
// number equals the plain count of the rows it stands for.

setupTestDatabase();
let sim: TestSimulator;
let prod: number;
let lab: number;

beforeAll(async () => {
  sim = await startTestSimulator();
  prod = (await endpointForCluster(sim, "pve-prod")).id;
  lab = (await endpointForCluster(sim, "pve-lab")).id;
  await syncNow({ kind: "full", endpointId: prod });
  await syncNow({ kind: "full", endpointId: lab });
  // One stale job: removed from Proxmox, then synced again.
  await sim.state.removeJob("pve-lab", "201-0");
  await syncNow({ kind: "replications", endpointId: lab });
}, 120_000);
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

describe("overview", () => {
  it("counts jobs by health and totals exactly as the rows say", async () => {
    const o = await getOverview();
    for (const s of WORST_FIRST) {
      expect(o.health[s as keyof typeof o.health], s).toBe(
        await db.replication.count({ where: { status: "active", health: s } }),
      );
    }
    expect(o.totals).toEqual({
      jobs: await db.replication.count(),
      active: await db.replication.count({ where: { status: "active" } }),
      stale: await db.replication.count({ where: { status: "stale" } }),
      unlinked: await db.replication.count({ where: { virtualMachineId: null } }),
      failing: await db.replication.count({
        where: { status: "active", health: { in: ["error", "unknown", "removal_scheduled"] } },
      }),
    });
    expect(o.totals.stale).toBe(1);
    expect(o.totals.failing).toBeGreaterThan(0);
  });

  it("lists failing jobs worst first", async () => {
    const o = await getOverview();
    expect(o.failing.length).toBe(Math.min(25, o.totals.failing));
    const severities = o.failing.map((j) => rank(j.health));
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    expect(o.failing.some((j) => j.replicationId === "109-0" && j.health === "error")).toBe(true);
  });

  it("shows each endpoint's last run", async () => {
    const o = await getOverview();
    const labRow = o.endpoints.find((e) => e.id === lab)!;
    const last = await db.syncRun.findFirst({ where: { endpointId: lab }, orderBy: { id: "desc" } });
    expect(labRow.lastRun?.id).toBe(last?.id);
  });
});

describe("endpoint summaries", () => {
  it("add job, stale and unlinked counts and the latest run to each endpoint", async () => {
    const list = await listEndpointSummaries();
    for (const e of list) {
      expect(e.replications).toBe(await db.replication.count({ where: { endpointId: e.id } }));
      expect(e.stale).toBe(await db.replication.count({ where: { endpointId: e.id, status: "stale" } }));
      expect(e.unlinked).toBe(
        await db.replication.count({ where: { endpointId: e.id, virtualMachineId: null } }),
      );
      expect(e).not.toHaveProperty("secretEncrypted");
    }
    const one = await getEndpointSummary(prod);
    expect(one.nodes.map((n) => [n.name, n.online])).toEqual([
      ["pve1", true],
      ["pve2", true],
      ["pve3", false],
    ]);
    expect(one.lastRun?.state).toBe("partial");
  });

  it("lists runs without their logs", async () => {
    const runs = await listRunSummaries({ endpointId: lab, limit: 10 });
    expect(runs.count).toBe(2);
    expect(runs.rows[0]).not.toHaveProperty("log");
    expect(runs.rows[0].endpoint?.id).toBe(lab);
  });
});

describe("topology", () => {
  it("groups active jobs by source and target with the worst health", async () => {
    const topo = await getTopology();
    const cluster = topo.find((c) => c.endpointId === prod)!;
    expect(cluster.nodes.map((n) => n.name)).toEqual(["pve1", "pve2", "pve3"]);
    const jobs = await db.replication.findMany({ where: { endpointId: prod, status: "active" } });
    for (const l of cluster.links) {
      const mine = jobs.filter((j) => j.source === l.source && j.target === l.target);
      expect(l.jobs).toBe(mine.length);
      const worst = mine.map((j) => j.health).sort((a, b) => rank(b) - rank(a))[0];
      expect(l.worst).toBe(worst);
      expect(Object.values(l.health).reduce((a, b) => a + (b ?? 0), 0)).toBe(l.jobs);
    }
    const drawn = cluster.links.reduce((n, l) => n + l.jobs, 0);
    expect(drawn + cluster.jobsWithoutSource).toBe(jobs.length);
    // The stale lab job is not drawn.
    const labCluster = topo.find((c) => c.endpointId === lab)!;
    expect(labCluster.links.reduce((n, l) => n + l.jobs, 0) + labCluster.jobsWithoutSource).toBe(
      await db.replication.count({ where: { endpointId: lab, status: "active" } }),
    );
  });
});

describe("routers", () => {
  const callerAs = async (role: "viewer" | "operator" | "admin") => {
    const user = await createUser({ username: `router-${role}`, role });
    return createCaller({
      requestId: crypto.randomUUID(),
      headers: new Headers(),
      user: { id: user.id, username: user.username, role },
      auth: "session",
    });
  };
  let caller: Awaited<ReturnType<typeof callerAs>>;
  beforeAll(async () => {
    caller = await callerAs("operator");
  });

  it("let viewers read but not sync, and only admins manage endpoints", async () => {
    const viewer = await callerAs("viewer");
    expect((await viewer.overview.get()).totals.jobs).toBeGreaterThan(0);
    await expect(viewer.endpoints.sync({ id: lab, kind: "full" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(caller.endpoints.delete({ id: lab })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.endpoints.get({ id: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("serve the same data", async () => {
    expect((await caller.overview.get()).totals.jobs).toBe(await db.replication.count());
    expect((await caller.endpoints.list()).map((e) => e.id).sort()).toEqual([prod, lab].sort());
    expect((await caller.syncRuns.list({ limit: 1 })).rows).toHaveLength(1);
    expect((await caller.topology.get()).length).toBe(2);
  });

  it("create, update, enable and delete schedules", async () => {
    const s = await caller.schedules.create({ name: "nightly", kind: "full", intervalMinutes: 60 });
    expect(s.nextRunAt).not.toBeNull();
    const edited = await caller.schedules.update({
      id: s.id,
      name: "nightly",
      kind: "replications",
      endpointIds: [lab],
      intervalMinutes: null,
      cron: "0 2 * * *",
      enabled: true,
    });
    expect(edited.cron).toBe("0 2 * * *");
    const off = await caller.schedules.setEnabled({ id: s.id, enabled: false });
    expect(off.nextRunAt).toBeNull();
    expect(off.kind).toBe("replications");
    expect(off.endpointIds).toEqual([lab]);
    await caller.schedules.delete({ id: s.id });
    expect(await caller.schedules.list()).toEqual([]);
  });
});
