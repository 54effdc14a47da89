// /metrics benchmark: tsx bench/metrics.ts [rows=100000] [runs=20] [json=<file>]
// Seeds <rows> replications (bench/seed.ts) into a scratch embedded PostgreSQL, gives them the recovery
// point the sync stores (expected interval, overdue_at, stuck_at for running jobs; some overdue, some
// stuck), then times full scrapes through scrapeMetrics — the service behind GET /metrics: its queries,
// every chunk written — and reports the exposition's size plain and gzipped (Prometheus asks for gzip;
// Next's server compresses), the time of its queries alone, and the heap's and RSS's peak while writing.
// Part of `npm run bench` (bench/run.ts: 100,000 rows in full, 10,000 in ci).
// Baseline in the same run: the same per-job families through prom-client Gauges (one object per label
// set per family, formatted by the library), from the same rows, to show what writing them ourselves saves.
import fs from "node:fs";
import zlib from "node:zlib";
import type pg from "pg";
import { Gauge, Registry } from "prom-client";
import { db } from "@/server/db/client";
import { JOBS_QUERY, type JobRow, scrapeMetrics } from "@/server/metrics/service";
import { recomputeOverdue, recomputeStuck } from "@/server/replications/recovery";
import { median, percentile, withBenchDatabase } from "./bench-database";
import { benchArgs, seedReplications } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 20);
const JSON_OUT = args.get("json");

// The recovery point as the sync would store it for the seeded schedules (*/15 … mon..fri 22:30): the
// expected intervals here, then overdue_at and stuck_at from the endpoint recompute
// (src/server/replications/recovery.ts), so jobs whose last sync is older than interval × 2 (+ duration)
// are overdue; every 37th job is running, every 74th of them for longer than the hour's bound.
const RECOVERY_POINT = `
UPDATE replication SET
  expected_interval_s = CASE schedule WHEN '*/15' THEN 900 WHEN '*/5' THEN 300 WHEN '*/30' THEN 1800
    WHEN 'hourly' THEN 3600 WHEN '21:00' THEN 86400 ELSE 261000 END,
  syncing_pid = CASE WHEN id % 37 = 0 THEN 1000 + id END,
  last_try = CASE WHEN id % 74 = 0 THEN now() - interval '2 hours' ELSE last_try END`;

/** The per-job families the prom-client way, from rows read by the same statement shape. */
async function promClientBaseline(raw: pg.Client): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const { rows } = await raw.query<JobRow>(JOBS_QUERY.sql);
  const registry = new Registry();
  const labelNames = ["endpoint", "replication_id", "guest", "source", "target"];
  const g = (name: string, extra: string[] = []) =>
    new Gauge({ name, help: name, labelNames: [...labelNames, ...extra], registers: [registry] });
  const lastSync = g("proxbox_replication_last_sync_timestamp_seconds");
  const duration = g("proxbox_replication_last_sync_duration_seconds");
  const failCount = g("proxbox_replication_fail_count");
  const state = g("proxbox_replication_state", ["state"]);
  const age = g("proxbox_replication_recovery_point_age_seconds");
  const interval = g("proxbox_replication_expected_interval_seconds");
  const overdue = g("proxbox_replication_overdue");
  const stuck = g("proxbox_replication_stuck");
  const now = Date.now() / 1000;
  for (const r of rows) {
    const labels = {
      endpoint: r.endpoint,
      replication_id: r.replication_id,
      guest: String(r.guest),
      source: r.source ?? "",
      target: r.target,
    };
    if (r.last_sync !== null) {
      lastSync.set(labels, r.last_sync);
      age.set(labels, now - r.last_sync);
    }
    if (r.duration !== null) duration.set(labels, r.duration);
    if (r.fail_count !== null) failCount.set(labels, r.fail_count);
    state.set({ ...labels, state: r.health }, 1);
    if (r.expected_interval_s !== null) interval.set(labels, r.expected_interval_s);
    overdue.set(labels, r.overdue_at !== null && r.overdue_at < now ? 1 : 0);
    stuck.set(labels, r.stuck_at !== null && r.stuck_at < now ? 1 : 0);
  }
  const text = await registry.metrics();
  return { ms: performance.now() - start, bytes: Buffer.byteLength(text) };
}

await withBenchDatabase("metrics", async ({ raw }) => {
  const seeded = await seedReplications(raw, ROWS);
  await raw.query(RECOVERY_POINT);
  // The instants as the endpoints' settings (defaults: grace 2, stuck after an hour) give them.
  for (const { id } of await db.proxmoxEndpoint.findMany({ select: { id: true } })) {
    await recomputeOverdue(db, id);
    await recomputeStuck(db, id);
  }
  await raw.query("VACUUM ANALYZE replication");
  const flags = (
    await raw.query<{ overdue: number; stuck: number }>(
      `SELECT count(*) FILTER (WHERE overdue_at < now() AT TIME ZONE 'UTC' AND status = 'active')::int AS overdue,
         count(*) FILTER (WHERE stuck_at < now() AT TIME ZONE 'UTC' AND status = 'active')::int AS stuck
       FROM replication`,
    )
  ).rows[0];
  const times: number[] = [];
  const queryTimes: number[] = [];
  let bytes = 0;
  let jobs = 0;
  let peakHeapMb = 0;
  let peakRssMb = 0;
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const scrape = await scrapeMetrics();
    queryTimes.push(performance.now() - start);
    let size = 0;
    for (const chunk of scrape.chunks()) {
      size += Buffer.byteLength(chunk);
      const mem = process.memoryUsage();
      peakHeapMb = Math.max(peakHeapMb, mem.heapUsed / 2 ** 20);
      peakRssMb = Math.max(peakRssMb, mem.rss / 2 ** 20);
    }
    times.push(performance.now() - start);
    bytes = size;
    jobs = scrape.jobs;
  }
  // Once more through gzip, chunk by chunk as the response is compressed (level 6, zlib's default).
  const gzipStart = performance.now();
  const gzip = zlib.createGzip();
  let gzipBytes = 0;
  gzip.on("data", (b: Buffer) => {
    gzipBytes += b.length;
  });
  const ended = new Promise((resolve) => gzip.on("end", resolve));
  for (const chunk of (await scrapeMetrics()).chunks()) gzip.write(chunk);
  gzip.end();
  await ended;
  const gzipMs = performance.now() - gzipStart;
  const baseline = await promClientBaseline(raw);
  const result = {
    rows: seeded,
    jobsExported: jobs,
    overdueJobs: flags.overdue,
    stuckJobs: flags.stuck,
    scrapeMs: {
      median: median(times),
      p95: percentile(times, 95),
      max: Math.max(...times),
      runs: times.map((t) => Math.round(t)),
    },
    queriesMs: { median: median(queryTimes) },
    bytes,
    gzipBytes,
    scrapeWithGzipMs: Math.round(gzipMs),
    peakHeapMb: Math.round(peakHeapMb),
    peakRssMb: Math.round(peakRssMb),
    rssBeforeMb: Math.round(rssBeforeMb),
    promClientBaseline: { ms: Math.round(baseline.ms), bytes: baseline.bytes, families: 8 },
  };
  console.log(JSON.stringify(result, null, 2));
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
});
