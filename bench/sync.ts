// Sync benchmark: tsx bench/sync.ts [jobs=10000,100000] [nodes=8] [json=results.json]
// For each size: a simulated cluster with that many replication jobs runs in a child process; this
// process syncs it into a scratch embedded PostgreSQL (first sync = all created, second = unchanged)
// and prints wall time per stage, peak memory, and ratios against raw baselines measured in the same
// run: fetching + parsing /cluster/replication alone, and one raw INSERT … unnest of the same rows.
// json=<file> also writes every figure as JSON (one entry per size; see SizeResult) for `npm run bench`.
// The baselines run in a child process (this script with baseline=<endpoint id>): their copies of the
// list must not count towards the syncing process's peak RSS, and a heap once grown to hold them is not
// given back to the OS at once (issue 11: it added ~100 MB to the figure at 100,000 jobs).
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { dispatchAlertEvents } from "@/server/alerts/dispatch";
import { evaluateAlertCandidates } from "@/server/alerts/events";
import { db } from "@/server/db/client";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { clientForEndpoint, createEndpoint } from "@/server/endpoints/service";
import { stopBoss } from "@/server/sync/queue";
import { processRun, requestSync } from "@/server/sync/service";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = new Map(process.argv.slice(2).map((a) => a.split("=") as [string, string]));
const sizes = (args.get("jobs") ?? "10000,100000").split(",").map(Number);
const nodes = Number(args.get("nodes") ?? 8);
const jsonOut = args.get("json");
const actor = { userId: null, userName: "bench", requestId: crypto.randomUUID() };

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

interface SyncResult {
  wallMs: number;
  state: string;
  counts: Record<string, unknown>;
  /** stage name → wall ms, in run order */
  stagesMs: Record<string, number>;
  /** peak RSS of this (the syncing) process during this sync */
  peakRssBytes: number;
}
interface SizeResult {
  jobs: number;
  nodes: number;
  guests: number;
  first: SyncResult;
  unchanged: SyncResult;
  /** peak RSS over both syncs */
  peakRssBytes: number;
  /** fetchParseMs: first fetch+parse of /cluster/replication (the simulator builds its cached answer);
   *  fetchParseWarmMs: the same call again, as the sync sees it. */
  baseline: { fetchParseMs: number; fetchParseWarmMs: number; rawInsertMs: number };
  ratios: { firstOverFetchPlusInsert: number; unchangedOverFetch: number };
  rows: number;
  changeLogEntries: number;
  /** The scheduler's alert pass after both syncs (ms; events raised; alert events in the table). */
  alertPass?: {
    evaluateMs: number;
    evaluateAgainMs: number;
    dispatchMs: number;
    raised: number;
    alertEvents: number;
  };
}
const results: SizeResult[] = [];
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function startSimulator(
  jobs: number,
): Promise<{ child: ChildProcess; url: string; fingerprint: string; tokenId: string; secret: string }> {
  const guests = Math.ceil(jobs / 1.6);
  const child = spawn(
    "npx",
    [
      "tsx",
      "src/simulator/main.ts",
      "--generate",
      `clusters=1,jobs=${jobs},nodes=${nodes},guests=${guests},seed=7`,
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    },
  );
  let out = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      out += String(d);
      const field = (name: string) => new RegExp(`${name}\\s+(\\S+)`).exec(out)?.[1];
      if (out.includes("Admin API")) {
        resolve({
          child,
          url: field("url")!,
          fingerprint: field("fingerprint")!,
          tokenId: field("token")!,
          secret: field("secret")!,
        });
      }
    });
    child.on("exit", (code) => reject(new Error(`simulator exited ${code}`)));
  });
}

async function rawInsertBaseline(url: string, rows: Array<Record<string, unknown>>): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    "create temp table raw_bench (id text, guest int, target text, schedule text, rate float8, comment text, raw jsonb)",
  );
  const t = performance.now();
  await client.query(
    "insert into raw_bench select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::jsonb[])",
    [
      rows.map((r) => r.id),
      rows.map((r) => r.guest),
      rows.map((r) => r.target),
      rows.map((r) => r.schedule ?? null),
      rows.map((r) => r.rate ?? null),
      rows.map((r) => r.comment ?? null),
      rows.map((r) => JSON.stringify(r)),
    ],
  );
  const ms = performance.now() - t;
  await client.end();
  return ms;
}

function writeJson() {
  const doc = {
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memBytes: os.totalmem(),
      node: process.version,
    },
    date: new Date().toISOString(),
    sizes: results,
  };
  fs.writeFileSync(jsonOut!, `${JSON.stringify(doc, null, 2)}\n`);
}

interface BaselineResult {
  fetchMs: number;
  fetchWarmMs: number;
  insertMs: number;
  listed: number;
}

/** Child-process mode: the baselines of one endpoint, printed as one JSON line. */
async function runBaselines(endpointId: number, pgUrl: string): Promise<BaselineResult> {
  // Baseline 1: the raw API call the sync cannot avoid (the simulator builds and caches this answer on
  // the first call, as before; the second, warm figure is reported beside it).
  const client = await clientForEndpoint(endpointId);
  let t = performance.now();
  const list = await client.clusterReplication();
  const fetchMs = performance.now() - t;
  t = performance.now();
  await client.clusterReplication();
  const fetchWarmMs = performance.now() - t;
  // Warm the simulator's answers (it caches some of them): a real cluster computes them on its own CPUs,
  // while here the simulator shares our 2 cores with PostgreSQL and the sync.
  const nodeNames = (await client.nodes()).filter((n) => n.status === "online").map((n) => n.node);
  await Promise.all([
    client.clusterResources("vm"),
    client.clusterResources("storage"),
    ...nodeNames.map((n) => client.nodeReplication(n)),
  ]);
  await client.close();
  // Baseline 2: one raw INSERT … unnest of the same rows into an index-free temp table.
  const insertMs = await rawInsertBaseline(
    pgUrl,
    list.map((j) => j.raw),
  );
  return { fetchMs, fetchWarmMs, insertMs, listed: list.length };
}

function baselinesInChild(endpointId: number, pgUrl: string): Promise<BaselineResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "bench/sync.ts", `baseline=${endpointId}`], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, PROXBOX_BENCH_PG_URL: pgUrl },
    });
    let out = "";
    child.stdout?.on("data", (d) => {
      out += String(d);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (code === 0 && line) resolve(JSON.parse(line) as BaselineResult);
      else reject(new Error(`baseline process exited ${code}: ${out.slice(-500)}`));
    });
  });
}

const baselineOf = args.get("baseline");
if (baselineOf) {
  const pgUrl = process.env.PROXBOX_BENCH_PG_URL!;
  try {
    console.log(JSON.stringify(await runBaselines(Number(baselineOf), pgUrl)));
  } finally {
    clearInterval(sampler);
    await db.$disconnect();
  }
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-bench-"));
fs.chmodSync(dir, 0o755);
const pgServer = await startEmbedded(dir, "server");
process.env.PROXBOX_RUNTIME_DATABASE_URL = pgServer.url;
process.env.PROXBOX_SECRET_KEY = "0".repeat(64);
await migrate(pgServer.url);

console.log(
  `sync benchmark — ${os.cpus().length} cores, Node ${process.version}, ${nodes} nodes per cluster\n`,
);
try {
  for (const [round, jobs] of sizes.entries()) {
    const sim = await startSimulator(jobs);
    try {
      const endpoint = await createEndpoint(actor, {
        name: `bench-${round}-${jobs}`,
        url: sim.url,
        tokenId: sim.tokenId,
        tokenSecret: sim.secret,
        tlsMode: "fingerprint",
        fingerprint: sim.fingerprint,
        requestTimeoutMs: 120_000,
      });
      const base = await baselinesInChild(endpoint.id, pgServer.url);
      const { fetchMs, insertMs, listed } = base;
      let t: number;

      const timings: Record<string, number> = {};
      const synced: SyncResult[] = [];
      let sizePeak = 0;
      for (const label of ["first sync (all created)", "second sync (unchanged)"]) {
        peakRss = process.memoryUsage().rss;
        t = performance.now();
        const { run } = await requestSync({ kind: "full", endpointId: endpoint.id });
        await processRun(run.id);
        timings[label] = performance.now() - t;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        sizePeak = Math.max(sizePeak, peakRss);
        const done = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
        const c = done.counts as Record<string, number>;
        const stagesMs = Object.fromEntries(
          (done.stages as Array<{ name: string; startedAt?: string; finishedAt?: string }>).map((s) => [
            s.name,
            s.startedAt && s.finishedAt ? Date.parse(s.finishedAt) - Date.parse(s.startedAt) : 0,
          ]),
        );
        const stages = Object.entries(stagesMs)
          .map(([name, ms]) => `${name} ${secs(ms)}`)
          .join(", ");
        synced.push({
          wallMs: timings[label],
          state: done.state,
          counts: c,
          stagesMs,
          peakRssBytes: peakRss,
        });
        console.log(
          `${jobs} jobs — ${label}: ${secs(timings[label])} [${done.state}; created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}]`,
        );
        console.log(`    stages: ${stages}; peak RSS ${mb(peakRss)}`);
      }
      // The scheduler's alert pass over this estate (issue 14): evaluating the clock's conditions on
      // every candidate job, then matching pending events. It runs every scheduler tick in every process.
      t = performance.now();
      const raised = await evaluateAlertCandidates();
      const evaluateMs = performance.now() - t;
      t = performance.now();
      await dispatchAlertEvents();
      const dispatchMs = performance.now() - t;
      t = performance.now();
      await evaluateAlertCandidates();
      const evaluateAgainMs = performance.now() - t;
      const alertEvents = await db.alertEvent.count();
      console.log(
        `    alert pass: evaluate ${secs(evaluateMs)} (${raised} raised; again ${secs(evaluateAgainMs)}), dispatch ${secs(dispatchMs)}; alert events from the syncs and the pass: ${alertEvents}`,
      );
      const rows = await db.replication.count({ where: { endpointId: endpoint.id } });
      const changeLogEntries = await db.objectChange.count({
        where: { changedObjectType: "proxbox.replication" },
      });
      console.log(`    rows in database: ${rows}; change-log entries: ${changeLogEntries}`);
      console.log(`    peak RSS of the syncing process: ${mb(sizePeak)}`);
      console.log(
        `    baseline (child process): fetch+parse /cluster/replication ${secs(fetchMs)} (warm ${secs(base.fetchWarmMs)}); raw INSERT … unnest of ${listed} rows ${secs(insertMs)}`,
      );
      const ratios = {
        firstOverFetchPlusInsert: synced[0].wallMs / (fetchMs + insertMs),
        unchangedOverFetch: synced[1].wallMs / fetchMs,
      };
      console.log(
        `    ratio: first sync / (fetch + raw insert) = ${ratios.firstOverFetchPlusInsert.toFixed(1)}×; second sync / fetch = ${ratios.unchangedOverFetch.toFixed(1)}×\n`,
      );
      results.push({
        jobs,
        nodes,
        guests: Math.ceil(jobs / 1.6),
        first: synced[0],
        unchanged: synced[1],
        peakRssBytes: sizePeak,
        baseline: { fetchParseMs: fetchMs, fetchParseWarmMs: base.fetchWarmMs, rawInsertMs: insertMs },
        ratios,
        rows,
        changeLogEntries,
        alertPass: { evaluateMs, evaluateAgainMs, dispatchMs, raised, alertEvents },
      });
      if (jsonOut) writeJson();
    } finally {
      if (sim.child.pid) process.kill(-sim.child.pid, "SIGTERM");
    }
  }
} finally {
  clearInterval(sampler);
  await stopBoss();
  await db.$disconnect();
  await pgServer.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
