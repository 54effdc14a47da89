import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/sync/queue";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, syncNow } from "./helpers";

// Recovery point as the sync stores it (issue 13): expected interval, overdue_at and stuck_at per job,
// and one history row per change of a job's health. Expectations are computed by hand from the
// scenario's clock times below, not by calling src/lib/recovery-point.ts.

setupTestDatabase();
const CLUSTER = "rp";
const now = Math.floor(Date.now() / 1000);
const at = {
  fresh: now - 600, // synced 10 min ago
  behind: now - 3 * 3600, // 3 h ago on a */15 schedule
  weekday: now - 3600,
  running: now - 7200, // a run started 2 h ago and is still going
};

function scenario() {
  const guest = (vmid: number, node: string) => ({ vmid, name: `g${vmid}`, node, type: "qemu" });
  return {
    clusters: [
      {
        name: CLUSTER,
        nodes: [
          { name: "pve1", online: true, ip: "10.9.0.1", nodeid: 1, timezone: "Europe/Berlin" },
          { name: "pve2", online: true, ip: "10.9.0.2", nodeid: 2 },
          { name: "pve3", online: true, ip: "10.9.0.3", nodeid: 3 },
        ],
        guests: [
          guest(100, "pve1"),
          guest(101, "pve1"),
          guest(102, "pve1"),
          guest(103, "pve1"),
          guest(104, "pve2"),
        ],
        jobs: [
          {
            id: "100-0",
            target: "pve2",
            source: "pve1",
            schedule: "*/15",
            state: { last_sync: at.fresh, last_try: at.fresh, duration: 12 },
          },
          {
            id: "101-0",
            target: "pve2",
            source: "pve1",
            schedule: "*/15",
            state: {
              last_sync: at.behind,
              last_try: now - 300,
              duration: 3,
              fail_count: 3,
              error: "zfs error: out of space",
            },
          },
          {
            id: "102-0",
            target: "pve3",
            source: "pve1",
            schedule: "mon..fri 22:30",
            state: { last_sync: at.weekday, last_try: at.weekday, duration: 40 },
          },
          {
            id: "103-0",
            target: "pve2",
            source: "pve1",
            schedule: "*/15",
            disable: true,
            state: { last_sync: at.behind, last_try: at.behind, duration: 2 },
          },
          {
            id: "104-0",
            target: "pve1",
            source: "pve2",
            schedule: "*/15",
            state: { last_sync: now - 1200, last_try: at.running, duration: 5, pid: 4242 },
          },
        ],
        tokens: [
          {
            tokenId: "root@pam!proxbox",
            secret: "00000000-0000-4000-8000-000000000013",
            privileges: { "/": ["*"] },
          },
        ],
      },
    ],
  };
}

let sim: TestSimulator;
let endpointId: number;

beforeAll(async () => {
  sim = await startTestSimulator(scenario());
  endpointId = (await endpointForCluster(sim, CLUSTER)).id;
});
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

async function jobs() {
  const rows = await db.replication.findMany({
    where: { endpointId },
    select: {
      id: true,
      replicationId: true,
      health: true,
      lastSync: true,
      expectedIntervalSeconds: true,
      overdueAt: true,
      stuckAt: true,
    },
  });
  return Object.fromEntries(rows.map((r) => [r.replicationId, r]));
}
const seconds = (d: Date | null) => (d ? d.getTime() / 1000 : null);
const overdueNow = (d: Date | null) => d !== null && d.getTime() < Date.now();
const events = () =>
  db.replicationHealthEvent.findMany({
    where: { endpointId },
    orderBy: { id: "asc" },
    include: { job: { select: { replicationId: true } } },
  });

describe("recovery point in the sync", () => {
  it("stores the expected interval, overdue_at and stuck_at of each job", async () => {
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("succeeded");
    const j = await jobs();

    // */15: 15 min between events; overdue after 2 × 900 s + the last run's duration.
    expect(j["100-0"].expectedIntervalSeconds).toBe(900);
    expect(seconds(j["100-0"].overdueAt)).toBe(at.fresh + 2 * 900 + 12);
    expect(overdueNow(j["100-0"].overdueAt)).toBe(false);

    expect(seconds(j["101-0"].overdueAt)).toBe(at.behind + 2 * 900 + 3);
    expect(overdueNow(j["101-0"].overdueAt)).toBe(true);
    expect(j["101-0"].health).toBe("error");

    // mon..fri 22:30 in Europe/Berlin: the weekend gap, Friday 22:30 to Monday 22:30 (no DST change in December).
    expect(j["102-0"].expectedIntervalSeconds).toBe(72 * 3600);
    expect(seconds(j["102-0"].overdueAt)).toBe(at.weekday + 2 * 72 * 3600 + 40);

    // Disabled: an interval, but never overdue however old its last sync.
    expect(j["103-0"].expectedIntervalSeconds).toBe(900);
    expect(j["103-0"].overdueAt).toBeNull();

    // Syncing since last_try; stuck after the endpoint's bound (default one hour).
    expect(j["104-0"].health).toBe("syncing");
    expect(seconds(j["104-0"].stuckAt)).toBe(at.running + 3600);
    expect(j["100-0"].stuckAt).toBeNull();
  });

  it("records one history event per health change, and none when nothing changed", async () => {
    // New jobs are created with their node's reading and no event (a first sync of 100,000 jobs writing
    // 100,000 history rows cost 5 s of the 25 s target); each later change is one event.
    const first = await events();
    expect(first).toEqual([]);
    await syncNow({ kind: "full", endpointId });
    expect((await events()).length).toBe(first.length);

    // A new successful run of 100-0 and another failure of 101-0: one event each, with the new values.
    const newSync = now - 300;
    sim.state.setJobState(CLUSTER, "100-0", { last_sync: newSync, last_try: newSync, duration: 20 });
    sim.state.setJobState(CLUSTER, "101-0", {
      last_sync: at.behind,
      last_try: now - 120,
      duration: 3,
      fail_count: 4,
      error: "zfs error: dataset is busy",
    });
    await syncNow({ kind: "full", endpointId });
    const after = await events();
    expect(after.map((e) => e.job.replicationId).sort()).toEqual(["100-0", "101-0"]);
    const e100 = after.find((e) => e.job.replicationId === "100-0");
    expect(e100).toMatchObject({ previous: "ok", health: "ok", duration: 20, failCount: 0, error: null });
    expect(seconds(e100?.lastSync ?? null)).toBe(newSync);
    const e101 = after.find((e) => e.job.replicationId === "101-0");
    expect(e101).toMatchObject({
      previous: "error",
      health: "error",
      failCount: 4,
      error: "zfs error: dataset is busy",
    });
    expect(seconds(e101?.lastSync ?? null)).toBe(at.behind);
    const j = await jobs();
    expect(seconds(j["100-0"].overdueAt)).toBe(newSync + 2 * 900 + 20);
  });

  it("a job whose source node went offline keeps its recovery point and turns overdue", async () => {
    sim.state.setNodeOnline(CLUSTER, "pve1", false);
    // Not enough time passes in a test for 100-0 (synced five minutes ago) to fall behind by the clock, so
    // the allowance shrinks instead: 0.05 × 900 s + 20 s = 65 s < its age.
    await db.proxmoxEndpoint.update({
      where: { id: endpointId },
      data: { overdueGraceFactor: 0.05, stuckAfterSeconds: 600 },
    });
    const before = await events();
    const run = await syncNow({ kind: "full", endpointId });
    expect(run.state).toBe("partial");
    const j = await jobs();
    for (const id of ["100-0", "101-0", "102-0", "103-0"]) expect(j[id].health).toBe("unknown");
    expect(seconds(j["100-0"].lastSync)).toBe(now - 300);
    expect(seconds(j["100-0"].overdueAt)).toBe(now - 300 + 0.05 * 900 + 20);
    expect(overdueNow(j["100-0"].overdueAt)).toBe(true);
    expect(j["103-0"].overdueAt).toBeNull();
    // The stuck bound follows the endpoint's setting.
    expect(seconds(j["104-0"].stuckAt)).toBe(at.running + 600);

    const added = (await events()).slice(before.length);
    expect(added.map((e) => e.job.replicationId).sort()).toEqual(["100-0", "101-0", "102-0", "103-0"]);
    expect(added.every((e) => e.health === "unknown")).toBe(true);
    expect(added.find((e) => e.job.replicationId === "101-0")?.previous).toBe("error");
  });
});
