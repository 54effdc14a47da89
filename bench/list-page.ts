// List-page benchmark: tsx bench/list-page.ts [rows=100000] [runs=5]
// Seeds <rows> replications (set-based INSERT … SELECT generate_series) into a scratch embedded
// PostgreSQL, then times listReplications — the exact service behind the UI table and the REST list —
// for the first load and a series of filter/sort/page changes, each against a hand-written raw-SQL
// baseline returning the same page and count. Target: < 1 s per list call.
// `trgm=1` first adds pg_trgm GIN indexes (a candidate migration) to measure what they buy for q/__ic.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { disconnectDb } from "@/server/db/client";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { listReplications } from "@/server/replications/service";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = new Map(process.argv.slice(2).map((a) => a.split("=") as [string, string]));
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 5);
const TRGM = args.get("trgm") === "1";

const TRGM_INDEXES = `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX replication_replication_id_trgm ON replication USING gin (replication_id gin_trgm_ops);
CREATE INDEX replication_target_trgm ON replication USING gin (target gin_trgm_ops);
CREATE INDEX replication_source_trgm ON replication USING gin (source gin_trgm_ops);
CREATE INDEX replication_comment_trgm ON replication USING gin (comment gin_trgm_ops);
CREATE INDEX virtual_machine_name_trgm ON virtual_machine USING gin (name gin_trgm_ops);
ANALYZE;
`;

const SEED = `
INSERT INTO proxmox_endpoint (name, url, cluster_name, timezone)
  SELECT 'cluster-' || i, 'https://pve' || i || '.example:8006', 'cluster-' || i, 'Europe/Berlin'
  FROM generate_series(1, 4) i;
INSERT INTO proxmox_node (endpoint_id, name, status, online)
  SELECT e.id, 'pve' || n, 'online', n <> 7 FROM proxmox_endpoint e, generate_series(1, 8) n;
INSERT INTO virtual_machine (endpoint_id, vmid, name, type, node_name, status)
  SELECT 1 + (g % 4), 100 + g / 4, CASE WHEN g % 50 = 0 THEN NULL ELSE 'vm-' || g END,
         (CASE WHEN g % 3 = 0 THEN 'lxc' ELSE 'qemu' END)::"VmType", 'pve' || (1 + g % 8),
         CASE WHEN g % 9 = 0 THEN 'stopped' ELSE 'running' END
  FROM generate_series(0, $1::int / 2 - 1) g;
INSERT INTO replication (endpoint_id, virtual_machine_id, proxmox_node_id, replication_id, guest, jobnum,
    target, source, schedule, rate, disable, comment, remove_job, status, last_sync, last_try, next_sync,
    duration, fail_count, error, health, raw_config)
  SELECT vm.endpoint_id, CASE WHEN j.i % 97 = 0 THEN NULL ELSE vm.id END,
         (SELECT pn.id FROM proxmox_node pn WHERE pn.endpoint_id = vm.endpoint_id AND pn.name = 'pve' || (1 + (j.i + 3) % 8)),
         vm.vmid || '-' || j.n, vm.vmid, j.n, 'pve' || (1 + (j.i + 3) % 8), vm.node_name,
         (ARRAY['*/15','*/5','21:00','mon..fri 22:30','hourly','*/30'])[1 + j.i % 6],
         CASE WHEN j.i % 5 = 0 THEN (j.i % 200) + 1 ELSE NULL END, j.i % 17 = 0,
         CASE WHEN j.i % 7 = 0 THEN 'nightly backup copy ' || j.i ELSE NULL END,
         CASE WHEN j.i % 101 = 0 THEN 'local'::"RemoveJob" ELSE NULL END,
         (CASE WHEN j.i % 23 = 0 THEN 'stale' ELSE 'active' END)::"ReplicationStatus",
         now() - (j.i % 10000) * interval '1 minute', now() - (j.i % 10000) * interval '1 minute',
         now() + (j.i % 900) * interval '1 second', (j.i % 3000) / 10.0, (j.i % 13 = 0)::int * (j.i % 4),
         CASE WHEN j.i % 13 = 0 THEN 'command zfs snapshot failed: exit code ' || j.i % 4 ELSE NULL END,
         CASE WHEN j.i % 101 = 0 THEN 'removal_scheduled' WHEN j.i % 13 = 0 THEN 'error' WHEN j.i % 17 = 0 THEN 'disabled'
              WHEN j.i % 29 = 0 THEN 'pending' WHEN j.i % 31 = 0 THEN 'unknown' ELSE 'ok' END,
         jsonb_build_object('id', vm.vmid || '-' || j.n, 'type', 'local')
  FROM (SELECT i, i % 2 AS n, i / 2 AS g FROM generate_series(0, $1::int - 1) i) j
  JOIN virtual_machine vm ON vm.id = (SELECT min(id) FROM virtual_machine) + j.g;
ANALYZE;
`;

interface Case {
  name: string;
  query: string;
  offset?: number;
  /** The raw baseline: WHERE and ORDER BY over replication r + joins, the same page and count. */
  where: string;
  order: string;
}

const FROM = `replication r JOIN proxmox_endpoint e ON e.id = r.endpoint_id
  LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id LEFT JOIN proxmox_node pn ON pn.id = r.proxmox_node_id`;

const CASES: Case[] = [
  {
    name: "first load (default order)",
    query: "",
    where: "true",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "q=vm-123",
    query: "q=vm-123",
    where:
      "(r.replication_id ILIKE '%vm-123%' OR vm.name ILIKE '%vm-123%' OR r.target ILIKE '%vm-123%' OR r.source ILIKE '%vm-123%' OR r.comment ILIKE '%vm-123%')",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "health=error",
    query: "health=error",
    where: "r.health = 'error'",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "health=error&health=unknown&ordering=-last_sync",
    query: "health=error&health=unknown&ordering=-last_sync",
    where: "r.health IN ('error','unknown')",
    order: "r.last_sync DESC, r.id",
  },
  {
    name: "target__ic=pve3",
    query: "target__ic=pve3",
    where: "r.target ILIKE '%pve3%'",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "rate__gte=100",
    query: "rate__gte=100",
    where: "r.rate >= 100",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "disable=true",
    query: "disable=true",
    where: "r.disable",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "comment__ic=backup&ordering=-fail_count,replication_id",
    query: "comment__ic=backup&ordering=-fail_count,replication_id",
    where: "r.comment ILIKE '%backup%'",
    order: "r.fail_count DESC, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "endpoint_id=2&status=stale",
    query: "endpoint_id=2&status=stale",
    where: "r.endpoint_id = 2 AND r.status = 'stale'",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "guest__gte=1000&guest__lt=2000",
    query: "guest__gte=1000&guest__lt=2000",
    where: "r.guest >= 1000 AND r.guest < 2000",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
  {
    name: "last_sync__lt=<now-1d>&ordering=next_sync",
    query: `last_sync__lt=${new Date(Date.now() - 86_400_000).toISOString()}&ordering=next_sync`,
    where: `r.last_sync < '${new Date(Date.now() - 86_400_000).toISOString()}'`,
    order: "r.next_sync, r.id",
  },
  {
    name: "ordering=virtual_machine (name)",
    query: "ordering=virtual_machine",
    where: "true",
    order: "vm.name, r.id",
  },
  {
    name: "deep page offset=50000",
    query: "",
    offset: 50_000,
    where: "true",
    order: "e.name, r.guest, r.jobnum, r.replication_id, r.id",
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-bench-list-"));
const pgHandle = await startEmbedded(dir, "server");
try {
  await migrate(pgHandle.url);
  process.env.PROXBOX_RUNTIME_DATABASE_URL = pgHandle.url;
  const raw = new pg.Client({ connectionString: pgHandle.url });
  await raw.connect();
  const [seedMs] = await time(() => raw.query(SEED.replaceAll("$1::int", String(ROWS))));
  if (TRGM) {
    const [ms] = await time(() => raw.query(TRGM_INDEXES));
    console.log(`pg_trgm indexes built in ${(ms / 1000).toFixed(1)} s`);
  }
  const { rows } = await raw.query<{ n: number }>("select count(*)::int n from replication");
  console.log(`seeded ${rows[0].n} replications in ${(seedMs / 1000).toFixed(1)} s (${dir})\n`);
  console.log("case".padEnd(58), "list ms (median, max)".padEnd(24), "raw ms".padEnd(9), "ratio  count");
  let worst = 0;
  for (const c of CASES) {
    const listTimes: number[] = [];
    const rawTimes: number[] = [];
    let count = 0;
    for (let i = 0; i < RUNS; i++) {
      const [ms, res] = await time(() =>
        listReplications({ query: c.query, limit: 50, offset: c.offset ?? 0 }),
      );
      listTimes.push(ms);
      count = res.count;
      const [rms, page] = await time(async () => {
        const [n, ids] = await Promise.all([
          raw.query<{ n: number }>(`SELECT count(*)::int n FROM ${FROM} WHERE ${c.where}`),
          raw.query(`SELECT r.*, e.name AS e_name, vm.name AS vm_name, pn.name AS pn_name FROM ${FROM}
            WHERE ${c.where} ORDER BY ${c.order} LIMIT 50 OFFSET ${c.offset ?? 0}`),
        ]);
        return { n: n.rows[0].n, ids: ids.rows.map((r) => r.id as number) };
      });
      rawTimes.push(rms);
      if (i === 0 && (page.n !== res.count || page.ids.join() !== res.rows.map((r) => r.id).join())) {
        console.log(`  ! ${c.name}: baseline differs (count ${page.n} vs ${res.count})`);
      }
    }
    worst = Math.max(worst, ...listTimes);
    const m = median(listTimes);
    const rm = median(rawTimes);
    console.log(
      c.name.slice(0, 57).padEnd(58),
      `${m.toFixed(0)} (${Math.max(...listTimes).toFixed(0)})`.padEnd(24),
      rm.toFixed(0).padEnd(9),
      `${(m / rm).toFixed(1)}x`.padEnd(6),
      count,
    );
  }
  console.log(
    `\nworst single call: ${worst.toFixed(0)} ms — ${worst < 1000 ? "within" : "OVER"} the 1 s target`,
  );
  await raw.end();
} finally {
  await disconnectDb();
  await pgHandle.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
