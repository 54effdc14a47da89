import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncRun } from "@/generated/prisma/client";
import { isFinalSyncState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { createSchedule } from "@/server/schedules/service";
import { stopBoss } from "@/server/sync/queue";
import { setupTestDatabase } from "../helpers/db";
import { ensureBuilt, ProcessHarness, type ProxboxProcess, waitFor } from "./harness";

// Many endpoints (issue 12): a scheduled full sync of 50 simulated endpoints by two `proxbox worker`
// processes, each bounded to PROXBOX_WORKER_CONCURRENCY=2 runs at once. Every endpoint is synced once,
// never more than 4 runs overlap (read from the runs' own start and finish times, not sampled), and the
// web process keeps answering the list meanwhile. Latency figures (idle vs during, p50/p95) are
// measured by bench/many-endpoints.ts; here they are printed, not asserted: a timed test on a shared
// runner would fail on noise, not on a regression.

const ENDPOINTS = 50;
const WORKERS = 2;
const CONCURRENCY = 2;
const dbUrl = setupTestDatabase();
let h: ProcessHarness;
let web: ProxboxProcess;

beforeAll(async () => {
  ensureBuilt();
  h = await ProcessHarness.start(ENDPOINTS, {
    databaseUrl: dbUrl(),
    profileOf: () => "healthy",
    // Each call takes a little while, as a real cluster's would: runs overlap instead of finishing
    // one by one before the next is fetched.
    baseDelayMs: 40,
  });
  web = await h.startWeb();
  const env = { PROXBOX_WORKER_CONCURRENCY: String(CONCURRENCY), PROXBOX_SCHEDULER_INTERVAL_MS: "300" };
  await Promise.all(Array.from({ length: WORKERS }, () => h.startWorker(env)));
});

afterAll(async () => {
  await h?.close();
  await stopBoss();
});

/** The largest number of runs whose [startedAt, finishedAt] intervals overlap at one instant. */
function maxOverlap(runs: SyncRun[]): number {
  const edges = runs.flatMap((r) => [
    { t: r.startedAt!.getTime(), d: 1 },
    { t: r.finishedAt!.getTime(), d: -1 },
  ]);
  // At equal times a finish comes before a start: a slot freed and taken in the same millisecond.
  edges.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of edges) {
    now += e.d;
    max = Math.max(max, now);
  }
  return max;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function timeList(): Promise<{ ms: number; count: number }> {
  const t0 = performance.now();
  const res = await h.api(web, "GET", "/api/plugins/proxbox/replications/?limit=50");
  expect(res.status).toBe(200);
  const body = (await res.json()) as { count: number };
  return { ms: performance.now() - t0, count: body.count };
}

describe(`a scheduled sync of ${ENDPOINTS} endpoints`, () => {
  it(`completes once per endpoint with at most ${WORKERS}×${CONCURRENCY} runs at a time, the list answering throughout`, async () => {
    for (let i = 0; i < 5; i++) await timeList(); // the route's first loads are not the list's latency
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push((await timeList()).ms);

    const actor = { userId: null, userName: "test", requestId: crypto.randomUUID() };
    const schedule = await createSchedule(actor, { name: "all", kind: "full", intervalMinutes: 60 });
    await db.syncSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: new Date() } });
    const t0 = Date.now();

    // The list, asked again and again while the runs go on.
    const during: number[] = [];
    let listing = true;
    const lister = (async () => {
      while (listing) during.push((await timeList()).ms);
    })();
    let runs: SyncRun[];
    try {
      runs = await waitFor(
        `${ENDPOINTS} scheduled runs final`,
        async () => {
          const found = await db.syncRun.findMany({ where: { scheduleId: schedule.id } });
          return found.length === ENDPOINTS && found.every((r) => isFinalSyncState(r.state))
            ? found
            : undefined;
        },
        150_000,
        250,
      );
    } catch (err) {
      // What the runs were doing, for the failure's report (more than 50 runs: the schedule fired twice).
      const states = await db.syncRun.groupBy({
        by: ["state"],
        where: { scheduleId: schedule.id },
        _count: true,
      });
      throw new Error(`${(err as Error).message}; runs by state: ${JSON.stringify(states)}`);
    } finally {
      listing = false;
      await lister;
    }
    const wallS = (Date.now() - t0) / 1000;

    // Once per endpoint, all succeeded, by both workers.
    expect(new Set(runs.map((r) => r.endpointId))).toEqual(new Set(h.endpoints.map((e) => e.id)));
    expect(runs.map((r) => r.state)).toEqual(runs.map(() => "succeeded"));
    expect(runs.every((r) => r.trigger === "schedule")).toBe(true);
    expect(new Set(runs.map((r) => r.workerId)).size).toBe(WORKERS);
    // The bound holds, and it is used: runs did overlap.
    const overlap = maxOverlap(runs);
    expect(overlap).toBeLessThanOrEqual(WORKERS * CONCURRENCY);
    expect(overlap).toBeGreaterThan(1);
    // Nothing lost or duplicated.
    const jobs = h.endpoints.reduce((n, e) => n + e.jobs, 0);
    expect(await db.replication.count()).toBe(jobs);
    expect(await db.replication.count({ where: { status: "stale" } })).toBe(0);
    // The list answered every time, and saw the jobs arrive.
    expect(during.length).toBeGreaterThan(5);
    expect((await timeList()).count).toBe(jobs);

    console.log(
      `${ENDPOINTS} endpoints: ${wallS.toFixed(1)} s, at most ${overlap} runs at once; REST list p50/p95 ` +
        `idle ${percentile(idle, 50).toFixed(0)}/${percentile(idle, 95).toFixed(0)} ms, during ` +
        `${percentile(during, 50).toFixed(0)}/${percentile(during, 95).toFixed(0)} ms (${during.length} requests)`,
    );
  }, 200_000);
});
