// /metrics benchmark: tsx bench/metrics.ts [rows=100000] [runs=5] [json=<file>]
// Seeds <rows> replications (bench/seed.ts) into a scratch embedded PostgreSQL, then times full scrapes
// through scrapeMetrics — the service behind GET /metrics: its queries, every chunk written — and
// reports the exposition's size plain and gzipped (Prometheus asks for gzip; Next's server compresses),
// the time of its two queries alone, and the heap's peak while writing.
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
const RUNS = Number(args.get("runs") ?? 5);
const JSON_OUT = args.get("json");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

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
}

/** The per-job families the prom-client way, from rows read by the same statement shape. */
async function promClientBaseline(raw: pg.Client): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const { rows } = await raw.query<Row>(`
    SELECT e.name AS endpoint, r.replication_id, r.guest, r.source, r.target, r.health,
      extract(epoch FROM r.last_sync)::float8 AS last_sync, r.duration, r.fail_count
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
  const times: number[] = [];
  const queryTimes: number[] = [];
  let bytes = 0;
  let jobs = 0;
  let peakHeapMb = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const scrape = await scrapeMetrics();
    queryTimes.push(performance.now() - start);
    let size = 0;
    for (const chunk of scrape.chunks()) {
      size += Buffer.byteLength(chunk);
      peakHeapMb = Math.max(peakHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
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
    scrapeMs: { median: median(times), max: Math.max(...times), runs: times.map((t) => Math.round(t)) },
    queriesMs: { median: median(queryTimes) },
    bytes,
    gzipBytes,
    scrapeWithGzipMs: Math.round(gzipMs),
    peakHeapMb: Math.round(peakHeapMb),
    promClientBaseline: { ms: Math.round(baseline.ms), bytes: baseline.bytes, families: 5 },
  };
  console.log(JSON.stringify(result, null, 2));
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await disconnectDb();
  await closePools();
  await pgHandle.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
