// Many-endpoints benchmark: tsx bench/many-endpoints.ts [endpoints=50] [workers=2] [concurrency=2]
//                                                      [latency=100] [jobs=20] [samples=40] [json=<file>]
// A SCHEDULED full sync (a sync_schedule row due now, fired by the workers' scheduler) of <endpoints>
// simulated endpoints (healthy/slow/flapping in turn, <latency> ms per call) run by <workers> `proxbox
// worker` processes with PROXBOX_WORKER_CONCURRENCY=<concurrency> each, against one web process from
// the build (PROXBOX_WORKER=off) on a scratch embedded PostgreSQL. Measures the replication list as a
// user sees it — REST `GET /api/plugins/proxbox/replications/?limit=50` and the `/replications` page
// (HTML, signed in) — one request after another: p50/p95 idle, then while the scheduled sync runs, and
// the ratio (target ≤ 2×). Also the most runs seen running at once (bound: workers × concurrency).
import fs from "node:fs";
import os from "node:os";
import { isFinalSyncState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { createSchedule } from "@/server/schedules/service";
import { requestSyncAll, waitForRun } from "@/server/sync/service";
import { ensureBuilt, type ProxboxProcess } from "../test/processes/harness";
import { withBenchHarness } from "./process-harness";
import { benchArgs } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ENDPOINTS = Number(args.get("endpoints") ?? 50);
const WORKERS = Number(args.get("workers") ?? 2);
const CONCURRENCY = Number(args.get("concurrency") ?? 2);
const LATENCY_MS = Number(args.get("latency") ?? 100);
const JOBS = Number(args.get("jobs") ?? 20);
const SAMPLES = Number(args.get("samples") ?? 40);
const JSON_OUT = args.get("json");
const TARGET_RATIO = 2;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

async function timeOne(t: Target): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(t.url, { headers: t.headers, redirect: "manual" }); // a sign-in redirect is an error
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${t.name}: ${res.status}`);
  return performance.now() - t0;
}

/** One request after another, alternating targets, until `more()` says stop (at least `min` rounds). */
async function sample(
  targets: Target[],
  min: number,
  more: () => boolean,
): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let i = 0; i < min || more(); i++) {
    for (const t of targets) out[t.name].push(await timeOne(t));
  }
  return out;
}

async function main(): Promise<void> {
  ensureBuilt();
  await withBenchHarness(
    ENDPOINTS,
    {
      jobsPerCluster: JOBS,
      baseDelayMs: LATENCY_MS,
      slowDelayMs: 3 * LATENCY_MS,
      simulator: "child",
    },
    async (h) => {
      const web: ProxboxProcess = await h.startWeb({ env: { PROXBOX_LOG_LEVEL: "warn" } });
      const workerEnv = {
        PROXBOX_WORKER_CONCURRENCY: String(CONCURRENCY),
        PROXBOX_SCHEDULER_INTERVAL_MS: "1000",
        PROXBOX_LOG_LEVEL: "info",
      };
      await Promise.all(Array.from({ length: WORKERS }, () => h.startWorker(workerEnv)));
      console.log(
        `${ENDPOINTS} endpoints × ${JOBS} jobs (${LATENCY_MS} ms per call, slow ${3 * LATENCY_MS} ms), ` +
          `${WORKERS} workers × PROXBOX_WORKER_CONCURRENCY=${CONCURRENCY}, ${os.cpus().length} cores`,
      );
      // A first sync creates the rows the list shows (not measured).
      const t0 = performance.now();
      const first = await requestSyncAll({ kind: "full", trigger: "cli" });
      for (const { run } of first) await waitForRun(run.id, { timeoutMs: 10 * 60_000 });
      console.log(
        `first sync: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${await db.replication.count()} replications\n`,
      );

      const cookie = await h.sessionCookie();
      const targets: Target[] = [
        {
          name: "REST list (limit=50)",
          url: `${web.url}/api/plugins/proxbox/replications/?limit=50`,
          headers: { Authorization: h.authorization, Accept: "application/json" },
        },
        { name: "/replications page", url: `${web.url}/replications`, headers: { Cookie: cookie } },
      ];
      await sample(targets, 5, () => false); // warm-up: first loads of the routes
      const idle = await sample(targets, SAMPLES, () => false);

      // The scheduled sync: a schedule due now; the workers' scheduler fires it within a tick.
      const actor = { userId: null, userName: "bench", requestId: crypto.randomUUID() };
      const schedule = await createSchedule(actor, { name: "bench-all", kind: "full", intervalMinutes: 60 });
      await db.syncSchedule.update({ where: { id: schedule.id }, data: { nextRunAt: new Date() } });
      const fired = performance.now();
      let runIds: number[] = [];
      while (runIds.length < ENDPOINTS) {
        runIds = (
          await db.syncRun.findMany({ where: { scheduleId: schedule.id }, select: { id: true } })
        ).map((r) => r.id);
        await new Promise((r) => setTimeout(r, 100));
      }
      let finished = false;
      let maxRunning = 0;
      const watcher = (async () => {
        while (!finished) {
          const states = await db.syncRun.groupBy({
            by: ["state"],
            where: { id: { in: runIds } },
            _count: true,
          });
          const count = (s: string) => states.find((x) => x.state === s)?._count ?? 0;
          maxRunning = Math.max(maxRunning, count("running"));
          if (states.every((x) => isFinalSyncState(x.state))) finished = true;
          else await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const busy = await sample(targets, 5, () => !finished);
      await watcher;
      const syncMs = performance.now() - fired;
      const outcome = await db.syncRun.groupBy({
        by: ["state"],
        where: { id: { in: runIds } },
        _count: true,
      });

      console.log(
        `scheduled full sync of ${runIds.length} endpoints: ${(syncMs / 1000).toFixed(1)} s, ` +
          `${outcome.map((o) => `${o._count} ${o.state}`).join(", ")}; ` +
          `at most ${maxRunning} running at once (bound ${WORKERS * CONCURRENCY})\n`,
      );
      console.log(
        "request".padEnd(24),
        "idle p50/p95 ms".padEnd(18),
        "during sync p50/p95 ms".padEnd(24),
        "p95 ratio",
      );
      const rows = targets.map((t) => {
        const r = {
          name: t.name,
          idle: { p50: pct(idle[t.name], 50), p95: pct(idle[t.name], 95), n: idle[t.name].length },
          busy: { p50: pct(busy[t.name], 50), p95: pct(busy[t.name], 95), n: busy[t.name].length },
        };
        const ratio = r.busy.p95 / r.idle.p95;
        console.log(
          t.name.padEnd(24),
          `${r.idle.p50.toFixed(0)} / ${r.idle.p95.toFixed(0)}`.padEnd(18),
          `${r.busy.p50.toFixed(0)} / ${r.busy.p95.toFixed(0)} (n=${r.busy.n})`.padEnd(24),
          `${ratio.toFixed(2)}× ${ratio <= TARGET_RATIO ? "ok" : `over the ${TARGET_RATIO}× target`}`,
        );
        return { ...r, p50Ratio: r.busy.p50 / r.idle.p50, p95Ratio: ratio };
      });
      if (JSON_OUT) {
        fs.writeFileSync(
          JSON_OUT,
          `${JSON.stringify(
            {
              endpoints: ENDPOINTS,
              jobs: JOBS,
              workers: WORKERS,
              concurrency: CONCURRENCY,
              latencyMs: LATENCY_MS,
              syncMs,
              maxRunning,
              states: Object.fromEntries(outcome.map((o) => [o.state, o._count])),
              rows,
            },
            null,
            2,
          )}\n`,
        );
      }
    },
  );
}

await main();
