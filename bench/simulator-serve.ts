// Simulator serving benchmark: tsx bench/simulator-serve.ts [clusters=20] [jobs=100000] [seed=1]
// Generates a scenario, starts the simulator and times GET /cluster/replication on every cluster, against a
// raw in-process JSON.stringify of the same payload.
import { formatServeBenchmark, runServeBenchmark } from "@/simulator/serve-benchmark";

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key, value] = arg.split("=");
    return [key, Number(value)] as const;
  }),
);
const clusters = args.get("clusters") ?? 20;
const jobs = args.get("jobs") ?? 100_000;

const result = await runServeBenchmark({
  clusters,
  jobsPerCluster: Math.ceil(jobs / clusters),
  seed: args.get("seed") ?? 1,
});
console.log(formatServeBenchmark(result));
