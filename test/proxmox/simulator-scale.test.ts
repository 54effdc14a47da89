import { describe, expect, it } from "vitest";
import { formatServeBenchmark, runServeBenchmark } from "@/simulator/serve-benchmark";

// 100,000 replication jobs over 20 clusters: generating, starting and serving must stay well within a
// minute on a 2-core machine.

describe("simulator at scale", () => {
  it("serves /cluster/replication for 100k jobs across 20 clusters", { timeout: 120_000 }, async () => {
    const started = performance.now();
    const result = await runServeBenchmark({ clusters: 20, jobsPerCluster: 5000, seed: 1 });
    const totalMs = performance.now() - started;
    console.log(
      `${formatServeBenchmark(result)}\nwall time incl. generation: ${(totalMs / 1000).toFixed(1)} s`,
    );
    expect(result.clusters).toHaveLength(20);
    expect(result.totalJobs).toBe(100_000);
    expect(result.clusters.every((c) => c.jobs === 5000)).toBe(true);
    expect(totalMs).toBeLessThan(60_000);
    // The cache makes a repeated fetch cheaper than the first one.
    expect(result.serveWarmMs).toBeLessThan(result.serveColdMs);
  });
});
