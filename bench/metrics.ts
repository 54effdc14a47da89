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
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { Gauge, Registry } from "prom-client";
import { disconnectDb } from "@/server/db/client";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { closePools } from "@/server/db/pools";
import { scrapeMetrics } from "@/server/metrics/service";
import { benchArgs, seedReplications } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 20);
const JSON_OUT = args.get("json");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)] as number;

// The recovery point as the sync would store it for the seeded schedules (*/15 … mon..fri 22:30):
// overdue_at = last_sync + interval × 2 (+ duration), so jobs whose last sync is older than that are
// overdue; every 37th job is running, every 74th of them for longer than the hour's bound.
const RECOVERY_POINT = `
UPDATE replication SET
  expected_interval_s = CASE schedule WHEN '*/15' THEN 900 WHEN '*/5' THEN 300 WHEN '*/30' THEN 1800
    WHEN 'hourly' THEN 3600 WHEN '21:00' THEN 86400 ELSE 261000 END,
  syncing_pid = CASE WHEN id % 37 = 0 THEN 1000 + id END,
  last_try = CASE WHEN id % 74 = 0 THEN now() - interval '2 hours' ELSE last_try END`;
const RECOVERY_POINT_INSTANTS = `
UPDATE replication SET
  overdue_at = CASE WHEN NOT disable AND remove_job IS NULL
    THEN coalesce(last_sync, first_seen) + (expected_interval_s * 2 + coalesce(duration, 0)) * interval '1 second' END,
  stuck_at = CASE WHEN syncing_pid IS NOT NULL THEN last_try + interval '1 hour' END`;

interface Row {
  endpoint: string;
  replication_id: string;
  guest: number;
  source: string | null;
  target: string;
  health: string;
  last_sync: number | null;
  duration: number | null;
  fail_count: number | null;
  expected_interval_s: number | null;
  overdue_at: number | null;
  stuck_at: number | null;
}

/** The per-job families the prom-client way, from rows read by the same statement shape. */
async function promClientBaseline(raw: pg.Client): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const { rows } = await raw.query<Row>(`
    SELECT e.name AS endpoint, r.replication_id, r.guest, r.source, r.target, r.health,
      extract(epoch FROM r.last_sync)::float8 AS last_sync, r.duration, r.fail_count,
      r.expected_interval_s::float8 AS expected_interval_s,
      CASE WHEN NOT r.disable AND r.remove_job IS NULL THEN extract(epoch FROM r.overdue_at)::float8 END AS overdue_at,
      extract(epoch FROM r.stuck_at)::float8 AS stuck_at
    FROM replication r JOIN proxmox_endpoint e ON e.id = r.endpoint_id WHERE r.status = 'active'`);
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-bench-metrics-"));
const pgHandle = await startEmbedded(dir, "server");
try {
  await migrate(pgHandle.url);
  process.env.PROXBOX_RUNTIME_DATABASE_URL = pgHandle.url;
  const raw = new pg.Client({ connectionString: pgHandle.url });
  await raw.connect();
  const seeded = await seedReplications(raw, ROWS);
  await raw.query(RECOVERY_POINT);
  await raw.query(RECOVERY_POINT_INSTANTS);
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
  await raw.end();
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
} finally {
  await disconnectDb();
  await closePools();
  await pgHandle.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
