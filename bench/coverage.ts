import { getCoverage } from "@/server/coverage/service";
import { listVirtualMachines } from "@/server/virtual-machines/service";
import { median, percentile, withBenchDatabase } from "./bench-database";
import { benchArgs, seedReplications } from "./seed";

process.env.PROXBOX_LOG_LEVEL ??= "fatal";
const args = benchArgs();
const ROWS = Number(args.get("rows") ?? 100_000);
const RUNS = Number(args.get("runs") ?? 10);
const EXTRA_GUESTS = Math.round(ROWS / 10);

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

await withBenchDatabase("coverage", async ({ raw }) => {
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
}).catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
