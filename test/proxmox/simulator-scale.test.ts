import { describe, expect, it } from "vitest";
import { runServeBenchmark } from "@/simulator/serve-benchmark";

// 100,000 replication jobs over 20 clusters: the simulator generates, starts and serves every list in
// full. How fast is a benchmark's question, not a test's: `npx tsx bench/simulator-serve.ts`.

describe("simulator at scale", () => {
  it("serves /cluster/replication for 100k jobs across 20 clusters", { timeout: 120_000 }, async () => {
    const result = await runServeBenchmark({ clusters: 20, jobsPerCluster: 5000, seed: 1 });
    expect(result.clusters).toHaveLength(20);
    expect(new Set(result.clusters.map((c) => c.name)).size).toBe(20);
    expect(result.totalJobs).toBe(100_000);
    expect(result.clusters.every((c) => c.jobs === 5000)).toBe(true);
    expect(result.clusters.every((c) => c.bytes > 5000 * '{"id":"100-0"}'.length)).toBe(true);
  });
});
