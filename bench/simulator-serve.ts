// Simulator serving benchmark: tsx bench/simulator-serve.ts [clusters=20] [jobs=100000] [seed=1]
// Generates a scenario, starts the simulator and times GET /cluster/replication on every cluster, against a
// raw in-process JSON.stringify of the same payload. The defaults are the scale the simulator must handle:
// 100,000 jobs over 20 clusters within a minute on a 2-core machine, a repeated fetch served from the cache
// faster than the first. Exits 1 when either does not hold (test/proxmox/simulator-scale.test.ts checks only
// that everything is served).
import { formatServeBenchmark, runServeBenchmark } from "@/simulator/serve-benchmark";

const BUDGET_MS = 60_000;

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.split("=");
    return [key, Number(value)] as const;
  }),
);
const clusters = args.get("clusters") ?? 20;
const jobs = args.get("jobs") ?? 100_000;

const started = performance.now();
const result = await runServeBenchmark({
  clusters,
  jobsPerCluster: Math.ceil(jobs / clusters),
  seed: args.get("seed") ?? 1,
});
const totalMs = performance.now() - started;
console.log(formatServeBenchmark(result));
const withinBudget = totalMs < BUDGET_MS;
const cacheHelps = result.serveWarmMs < result.serveColdMs;
console.log(
  `wall time incl. generation: ${(totalMs / 1000).toFixed(1)} s (budget ${BUDGET_MS / 1000} s: ${withinBudget ? "ok" : "OVER"}); ` +
    `cached fetch ${cacheHelps ? "faster" : "NOT faster"} than the first`,
);
if (!withinBudget || !cacheHelps) process.exitCode = 1;
