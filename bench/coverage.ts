// Coverage benchmark: tsx bench/coverage.ts [rows=100000] [runs=10]
// Seeds <rows> replications (bench/seed.ts: rows/2 guests, ~1 in 17 jobs disabled, 1 in 23 stale, 1 in
// 101 removal-scheduled) into a scratch embedded PostgreSQL, adds guests without any job and marks
// every 7th guest HA-managed, then times getCoverage() (the /coverage page and REST report) and the VM
// list with the `replicated` / `ha_managed` filters (count + first page, as the list page loads them).
// Run by hand (not part of `npm run bench`); numbers go into the report.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { getCoverage } from "@/server/coverage/service";
import { disconnectDb } from "@/server/db/client";
import { startEmbedded } from "@/server/db/embedded";
import { migrate } from "@/server/db/migrate";
import { closePools } from "@/server/db/pools";
import { listVirtualMachines } from "@/server/virtual-machines/service";
import { benchArgs, seedReplications } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 10);
const EXTRA_GUESTS = Math.round(ROWS / 10);

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

async function timed(name: string, fn: () => Promise<string>) {
  const times: number[] = [];
  let summary = "";
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    summary = await fn();
    times.push(performance.now() - t);
  }
  console.log(
    name.padEnd(52),
    `median ${median(times).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`.padEnd(
      44,
    ),
    summary,
  );
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proxbox-bench-coverage-"));
const pgHandle = await startEmbedded(dir, "server");
try {
  await migrate(pgHandle.url);
  process.env.PROXBOX_RUNTIME_DATABASE_URL = pgHandle.url;
  const raw = new pg.Client({ connectionString: pgHandle.url });
  await raw.connect();
  raw.on("error", () => undefined); // the server stops at the end, under this client
  const jobs = await seedReplications(raw, ROWS);
  await raw.query(`
    INSERT INTO virtual_machine (endpoint_id, vmid, name, type, node_name, status)
      SELECT 1 + (g % 4), 900000 + g, 'bare-' || g, 'qemu', 'pve' || (1 + g % 8), 'running'
      FROM generate_series(0, ${EXTRA_GUESTS - 1}) g;
    UPDATE virtual_machine SET ha_state = CASE WHEN id % 5 = 0 THEN 'stopped' ELSE 'started' END
     WHERE id % 7 = 0;
    UPDATE proxmox_endpoint SET ha_readable = (id <> 4);`);
  await raw.query("VACUUM ANALYZE");
  const guests = (await raw.query<{ n: number }>("select count(*)::int n from virtual_machine")).rows[0].n;
  console.log(`seeded ${jobs} replications, ${guests} guests\n`);
  await timed("getCoverage()", async () => {
    const c = await getCoverage();
    return `ha ${c.totals.ha}, none ${c.totals.none}, inactive ${c.totals.inactive}, protected ${c.totals.protected}`;
  });
  for (const query of [
    "replicated=false",
    "replicated=true",
    "replicated=false&ha_managed=true",
    "ha_state=started&ordering=-replicated",
  ]) {
    await timed(`VM list ${query}`, async () => {
      const page = await listVirtualMachines({ query, limit: 50, offset: 0 });
      return `count ${page.count}`;
    });
  }
  await raw.end();
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await disconnectDb();
  await closePools();
  await pgHandle.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
