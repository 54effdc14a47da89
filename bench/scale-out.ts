// Scale-out benchmark: tsx bench/scale-out.ts [endpoints=20] [workers=1,2,3] [concurrency=1] [latency=150]
//                                            [slow=400] [jobs=20] [json=<file>]
// Wall time of a full sync of <endpoints> simulated endpoints (healthy, slow and flapping in turn; every
// call to a healthy or flapping cluster waits <latency> ms, to a slow one <slow> ms, so the sync is
// I/O-bound like a real estate across a WAN) done by 1, 2 and 3 `proxbox worker` processes
// (PROXBOX_WORKER_CONCURRENCY=<concurrency> each) on one scratch embedded PostgreSQL, and the speed-up
// over one worker. Each measured sync is an unchanged one (a first, unmeasured sync creates the rows), so
// every worker count does the same work. Harness: test/processes/harness.ts.
import fs from "node:fs";
import os from "node:os";
import { requestSyncAll, waitForRun } from "@/server/sync/service";
import { withBenchHarness } from "./process-harness";
import { benchArgs } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ENDPOINTS = Number(args.get("endpoints") ?? 20);
const WORKERS = (args.get("workers") ?? "1,2,3").split(",").map(Number);
const CONCURRENCY = Number(args.get("concurrency") ?? 1);
const LATENCY_MS = Number(args.get("latency") ?? 150);
const SLOW_MS = Number(args.get("slow") ?? 400);
const JOBS = Number(args.get("jobs") ?? 20);
const JSON_OUT = args.get("json");

/** A full sync of every endpoint (one run each, as `proxbox sync` asks); the wall ms until all are final. */
async function fullSync(): Promise<{ wallMs: number; states: Record<string, number> }> {
  const t0 = performance.now();
  const runs = await requestSyncAll({ kind: "full", trigger: "cli" });
  const done = await Promise.all(runs.map(({ run }) => waitForRun(run.id, { timeoutMs: 10 * 60_000 })));
  const wallMs = performance.now() - t0;
  const states: Record<string, number> = {};
  for (const r of done) states[r.state] = (states[r.state] ?? 0) + 1;
  return { wallMs, states };
}

async function main(): Promise<void> {
  await withBenchHarness(
    ENDPOINTS,
    {
      jobsPerCluster: JOBS,
      baseDelayMs: LATENCY_MS,
      slowDelayMs: SLOW_MS,
      simulator: "child",
    },
    async (h) => {
      const workerEnv = { PROXBOX_WORKER_CONCURRENCY: String(CONCURRENCY), PROXBOX_LOG_LEVEL: "info" };
      console.log(
        `${ENDPOINTS} endpoints × ${JOBS} jobs (healthy/slow/flapping, ${LATENCY_MS}/${SLOW_MS} ms per call), ` +
          `full sync, PROXBOX_WORKER_CONCURRENCY=${CONCURRENCY}, ${os.cpus().length} cores\n`,
      );
      // The first sync creates every row; the measured ones all find the same, unchanged data.
      const warm = await h.startWorker(workerEnv);
      const first = await fullSync();
      await h.stop(warm);
      console.log(`first sync (creates the rows, 1 worker): ${(first.wallMs / 1000).toFixed(1)} s\n`);

      const results: Array<{
        workers: number;
        wallMs: number;
        speedup: number;
        states: Record<string, number>;
      }> = [];
      console.log("workers  wall s   speed-up  runs");
      for (const n of WORKERS) {
        const workers = await Promise.all(Array.from({ length: n }, () => h.startWorker(workerEnv)));
        const { wallMs, states } = await fullSync();
        for (const w of workers) await h.stop(w);
        const base = results[0]?.wallMs ?? wallMs;
        const speedup = base / wallMs;
        results.push({ workers: n, wallMs, speedup, states });
        console.log(
          `${String(n).padEnd(8)} ${(wallMs / 1000).toFixed(1).padStart(6)}   ${speedup.toFixed(2).padStart(6)}×  ${JSON.stringify(states)}`,
        );
      }
      // One run takes about (calls on its critical path) × latency; with runs spread evenly the ideal is
      // ceil(endpoints / (workers × concurrency)) × that. CPU (2 cores for PostgreSQL, the workers and the
      // simulator) caps it once the latency no longer dominates.
      const ideal = results.map((r) => Math.ceil(ENDPOINTS / (r.workers * CONCURRENCY)));
      console.log(
        `\nideal speed-up (runs in sequence per slot): ${results.map((r, i) => `${r.workers}: ${(ideal[0] / ideal[i]).toFixed(2)}×`).join(", ")}`,
      );
      if (JSON_OUT) {
        fs.writeFileSync(
          JSON_OUT,
          `${JSON.stringify({ endpoints: ENDPOINTS, jobs: JOBS, concurrency: CONCURRENCY, latencyMs: LATENCY_MS, slowMs: SLOW_MS, firstMs: first.wallMs, results }, null, 2)}\n`,
        );
      }
    },
  );
}

await main();
