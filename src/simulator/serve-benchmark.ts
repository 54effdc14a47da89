import { Agent, request } from "undici";
import { generateScenario } from "./generator";
import { parseScenario } from "./scenario";
import { startSimulator } from "./server";

// How fast the simulator serves GET /cluster/replication for large scenarios. Shared by the scale test
// (test/proxmox) and bench/simulator-serve.ts.

export interface ServeBenchmarkOptions {
  clusters: number;
  jobsPerCluster: number;
  nodesPerCluster?: number;
  seed?: number;
}

export interface ClusterServeStats {
  name: string;
  jobs: number;
  bytes: number;
  /** First fetch: filters, renders and serialises the list, then sends it. */
  coldMs: number;
  /** Second fetch: served from the per-revision cache. */
  warmMs: number;
  /** JSON.stringify of the same payload in-process (no HTTP, no TLS). */
  stringifyMs: number;
}

export interface ServeBenchmarkResult {
  generateMs: number;
  startMs: number;
  totalJobs: number;
  totalBytes: number;
  serveColdMs: number;
  serveWarmMs: number;
  stringifyMs: number;
  clusters: ClusterServeStats[];
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export async function runServeBenchmark(opts: ServeBenchmarkOptions): Promise<ServeBenchmarkResult> {
  let t = process.hrtime.bigint();
  const scenario = parseScenario(
    generateScenario({
      clusters: opts.clusters,
      nodesPerCluster: opts.nodesPerCluster ?? 4,
      jobsPerCluster: opts.jobsPerCluster,
      seed: opts.seed ?? 1,
    }),
  );
  const generateMs = ms(t);
  t = process.hrtime.bigint();
  const sim = await startSimulator({ scenario, authDelayMs: 0 });
  const startMs = ms(t);
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const stats: ClusterServeStats[] = [];
  try {
    for (const cluster of sim.clusters) {
      const token = cluster.token;
      if (!token) throw new Error(`cluster ${cluster.name} has no token`);
      const fetchList = async () => {
        const started = process.hrtime.bigint();
        const res = await request(`${cluster.url}/api2/json/cluster/replication`, {
          headers: { authorization: `PVEAPIToken=${token.tokenId}=${token.secret}` },
          dispatcher,
        });
        const body = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`${cluster.name}: HTTP ${res.statusCode}`);
        return { body, elapsed: ms(started) };
      };
      const cold = await fetchList();
      const warm = await fetchList();
      const payload: unknown = JSON.parse(cold.body);
      const s = process.hrtime.bigint();
      JSON.stringify(payload);
      stats.push({
        name: cluster.name,
        jobs: (payload as { data: unknown[] }).data.length,
        bytes: Buffer.byteLength(cold.body),
        coldMs: cold.elapsed,
        warmMs: warm.elapsed,
        stringifyMs: ms(s),
      });
    }
  } finally {
    await dispatcher.close();
    await sim.close();
  }
  const sum = (f: (s: ClusterServeStats) => number) => stats.reduce((acc, s) => acc + f(s), 0);
  return {
    generateMs,
    startMs,
    totalJobs: sum((s) => s.jobs),
    totalBytes: sum((s) => s.bytes),
    serveColdMs: sum((s) => s.coldMs),
    serveWarmMs: sum((s) => s.warmMs),
    stringifyMs: sum((s) => s.stringifyMs),
    clusters: stats,
  };
}

export function formatServeBenchmark(r: ServeBenchmarkResult): string {
  const f = (n: number) => n.toFixed(1).padStart(8);
  const lines = [
    `generate+validate scenario: ${r.generateMs.toFixed(0)} ms; start simulator: ${r.startMs.toFixed(0)} ms`,
    "cluster        jobs      bytes   cold ms   warm ms  stringify ms  cold/stringify",
    ...r.clusters.map(
      (c) =>
        `${c.name.padEnd(10)} ${String(c.jobs).padStart(8)} ${String(c.bytes).padStart(10)} ${f(c.coldMs)}  ${f(c.warmMs)}  ${f(c.stringifyMs)}      ${(c.coldMs / c.stringifyMs).toFixed(1).padStart(6)}x`,
    ),
    `total: ${r.totalJobs} jobs, ${(r.totalBytes / 1e6).toFixed(1)} MB; serve cold ${r.serveColdMs.toFixed(0)} ms, warm ${r.serveWarmMs.toFixed(0)} ms; JSON.stringify baseline ${r.stringifyMs.toFixed(0)} ms (cold/baseline ${(r.serveColdMs / r.stringifyMs).toFixed(1)}x, warm/baseline ${(r.serveWarmMs / r.stringifyMs).toFixed(1)}x)`,
  ];
  return lines.join("\n");
}
