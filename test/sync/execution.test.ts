import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createSchedule } from "@/server/schedules/service";
import { stopBoss } from "@/server/sync/queue";
import { schedulerTick } from "@/server/sync/scheduler";
import { reapDeadRuns, requestSync, waitForRun } from "@/server/sync/service";
import { startTestSimulator, type TestSimulator } from "@/simulator/test-helper";
import { setupTestDatabase } from "../helpers/db";
import { endpointForCluster, testActor } from "./helpers";
import { syncScenario } from "./scenario";
import { killAllWorkers, startWorker as startWorkerProcess, waitUntil } from "./worker-process";

// Acceptance: one run per endpoint at a time (enforced in PostgreSQL), a killed worker's run is marked
// failed, and schedules fire when due across a restart and exactly once with two app processes. Workers
// are real `proxbox worker` processes on the same PostgreSQL.

const dbUrl = setupTestDatabase();
let sim: TestSimulator;
let endpointId: number;

const startWorker = () => startWorkerProcess({ DATABASE_URL: dbUrl() });

beforeAll(async () => {
  sim = await startTestSimulator(syncScenario());
  endpointId = (await endpointForCluster(sim, "pve-prod")).id;
});
afterEach(async () => {
  sim.faults.clear();
  await killAllWorkers();
});
afterAll(async () => {
  await stopBoss();
  await sim?.close();
});

describe("execution", () => {
  it("two concurrent requests for one endpoint produce one run", async () => {
    const results = await Promise.all([
      requestSync({ kind: "full", endpointId }),
      requestSync({ kind: "replications", endpointId }),
      requestSync({ kind: "full", endpointId }),
    ]);
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.syncRun.count({ where: { endpointId, state: { in: ["queued", "running"] } } })).toBe(1);
    // A worker process picks the queued run up from pg-boss and finishes it.
    await startWorker();
    const done = await waitForRun(results[0].run.id, { timeoutMs: 60_000 });
    expect(["succeeded", "partial"]).toContain(done.state);
    expect(done.workerId).toMatch(/:\d+$/);
  });

  it("a killed worker's run is marked failed, never left running", async () => {
    sim.faults.add({ cluster: "pve-prod", path: "/cluster/replication", delayMs: 60_000 });
    const worker = await startWorker();
    const { run } = await requestSync({ kind: "full", endpointId });
    await waitUntil(
      async () =>
        (await db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).stage === "replication jobs",
    );
    worker.child.kill("SIGKILL");
    await worker.exited;
    await new Promise((r) => setTimeout(r, 1500));
    expect(await reapDeadRuns(1000)).toBe(1);
    const dead = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(dead.state).toBe("failed");
    expect(dead.error).toMatch(/worker .* stopped/);
    expect(await db.replication.count({ where: { endpointId, status: "stale" } })).toBe(0);
  }, 60_000);

  it("a schedule due while no process ran fires once at the next start, and once only with two processes", async () => {
    await db.syncRun.deleteMany({});
    const schedule = await createSchedule(testActor, {
      name: "every-hour",
      kind: "replications",
      intervalMinutes: 60,
    });
    // Due two seconds ago, while no app process was running (a restart in between).
    await db.syncSchedule.update({
      where: { id: schedule.id },
      data: { nextRunAt: new Date(Date.now() - 2000) },
    });
    await Promise.all([startWorker(), startWorker()]);
    await waitUntil(
      async () =>
        (await db.syncRun.count({
          where: { scheduleId: schedule.id, state: { in: ["succeeded", "partial"] } },
        })) === 1,
    );
    await new Promise((r) => setTimeout(r, 1500)); // several more ticks of both schedulers
    const runs = await db.syncRun.findMany({ where: { scheduleId: schedule.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger).toBe("schedule");
    const after = await db.syncSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.lastRunAt).not.toBeNull();
    expect(after.nextRunAt!.getTime() - after.lastRunAt!.getTime()).toBe(60 * 60_000);
  }, 90_000);

  it("a schedule fires with a process running, never before it is due", async () => {
    await startWorker();
    const schedule = await createSchedule(testActor, {
      name: "soon",
      kind: "replications",
      intervalMinutes: 1,
    });
    const due = new Date(Date.now() + 2000);
    await db.syncSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: due } });
    await waitUntil(async () => (await db.syncRun.count({ where: { scheduleId: schedule.id } })) === 1);
    const [run] = await db.syncRun.findMany({ where: { scheduleId: schedule.id } });
    // Never before the due time. How soon after is the tick interval's business (the next test).
    expect(run.created.getTime()).toBeGreaterThanOrEqual(due.getTime());
  }, 60_000);

  it("a scheduler tick fires a schedule at its due time, not a second before, and once", async () => {
    await db.syncRun.deleteMany({});
    await db.syncSchedule.deleteMany({});
    const schedule = await createSchedule(testActor, {
      name: "hourly",
      kind: "replications",
      intervalMinutes: 60,
    });
    const due = new Date("2031-03-01T10:00:00Z");
    await db.syncSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: due } });
    expect(await schedulerTick(new Date("2031-03-01T09:59:59Z"))).toBe(0);
    expect(await schedulerTick(due)).toBe(1);
    expect(await schedulerTick(due)).toBe(0);
    const after = await db.syncSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.lastRunAt).toEqual(due);
    expect(after.nextRunAt).toEqual(new Date("2031-03-01T11:00:00Z"));
    const runs = await db.syncRun.findMany({ where: { scheduleId: schedule.id } });
    expect(runs.map((r) => ({ trigger: r.trigger, endpointId: r.endpointId }))).toEqual([
      { trigger: "schedule", endpointId },
    ]);
  });
  it("a tick whose run requests together take longer than a transaction may last fires once and moves on", async () => {
    await db.syncRun.deleteMany({});
    await db.syncSchedule.deleteMany({});
    const second = (await endpointForCluster(sim, "pve-prod")).id;
    const schedule = await createSchedule(testActor, {
      name: "slow",
      kind: "replications",
      intervalMinutes: 60,
      endpointIds: [endpointId, second],
    });
    const due = new Date("2032-05-01T10:00:00Z");
    await db.syncSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: due } });
    // Other requests hold both endpoints' advisory locks (service.ts LOCK_NS), released at 3 s and 6 s:
    // each request waits under Prisma's 5 s interactive-transaction limit, the tick as a whole longer,
    // as enqueueing 50 endpoints on a loaded machine did.
    const holders = [endpointId, second].map(() => new pg.Client({ connectionString: dbUrl() }));
    for (const [i, holder] of holders.entries()) {
      await holder.connect();
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock($1::int4, $2::int4)", [
        0x5359,
        [endpointId, second][i],
      ]);
    }
    const releases = holders.map((h, i) => setTimeout(() => void h.query("commit"), 3000 * (i + 1)));
    try {
      expect(await schedulerTick(due)).toBe(2);
    } finally {
      for (const r of releases) clearTimeout(r);
      await Promise.all(holders.map((h) => h.end()));
    }
    const after = await db.syncSchedule.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.nextRunAt).toEqual(new Date("2032-05-01T11:00:00Z"));
    expect(await schedulerTick(due)).toBe(0);
    expect(await db.syncRun.count({ where: { scheduleId: schedule.id } })).toBe(2);
  }, 30_000);
});
