// List-page benchmark: tsx bench/list-page.ts [rows=100000] [runs=20] [json=<file>]
// Seeds <rows> replications (bench/seed.ts: set-based INSERT … SELECT generate_series) into a scratch
// embedded PostgreSQL migrated as the app role (so the pg_trgm indexes of the migrations are there), then
// times listReplications — the exact service behind the UI table and the tRPC list — for the first load
// and a series of filter/sort/page changes, each against a hand-written raw-SQL baseline returning the
// same page and count. Target: p95 ≤ 50 ms per case. `json=` writes per case median/p95/max and the
// baseline's median (ms). CI-sized: rows=10000 runs=5.
import fs from "node:fs";
import { listReplications } from "@/server/replications/service";
import { median, percentile, withBenchDatabase } from "./bench-database";
import { benchArgs, seedReplications } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 20);
const JSON_OUT = args.get("json");
const TARGET_P95_MS = 50;

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

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [performance.now() - t, v];
}

interface CaseResult {
  name: string;
  count: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  baselineMedianMs: number;
  sameAsBaseline: boolean;
}

await withBenchDatabase("list", async ({ dir, raw }) => {
  const [seedMs, seeded] = await time(() => seedReplications(raw, ROWS));
  console.log(`seeded ${seeded} replications in ${(seedMs / 1000).toFixed(1)} s (${dir})\n`);
  console.log("case".padEnd(58), "list ms (median, p95, max)".padEnd(28), "raw ms".padEnd(9), "ratio  count");
  const results: CaseResult[] = [];
  for (const c of CASES) {
    const listTimes: number[] = [];
    const rawTimes: number[] = [];
    let count = 0;
    let same = true;
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
        same = false;
        console.log(`  ! ${c.name}: baseline differs (count ${page.n} vs ${res.count})`);
      }
    }
    const r: CaseResult = {
      name: c.name,
      count,
      medianMs: median(listTimes),
      p95Ms: percentile(listTimes, 95),
      maxMs: Math.max(...listTimes),
      baselineMedianMs: median(rawTimes),
      sameAsBaseline: same,
    };
    results.push(r);
    console.log(
      c.name.slice(0, 57).padEnd(58),
      `${r.medianMs.toFixed(0)}, ${r.p95Ms.toFixed(0)}, ${r.maxMs.toFixed(0)}`.padEnd(28),
      r.baselineMedianMs.toFixed(0).padEnd(9),
      `${(r.medianMs / r.baselineMedianMs).toFixed(1)}x`.padEnd(6),
      count,
    );
  }
  const worst = Math.max(...results.map((r) => r.p95Ms));
  console.log(
    `\nworst p95: ${worst.toFixed(0)} ms — ${worst <= TARGET_P95_MS ? "within" : "OVER"} the ${TARGET_P95_MS} ms target`,
  );
  if (JSON_OUT) {
    const report = {
      rows: seeded,
      runs: RUNS,
      targetP95Ms: TARGET_P95_MS,
      worstP95Ms: worst,
      cases: results,
    };
    fs.writeFileSync(JSON_OUT, `${JSON.stringify(report, null, 2)}\n`);
  }
  if (results.some((r) => !r.sameAsBaseline)) process.exitCode = 1;
});
