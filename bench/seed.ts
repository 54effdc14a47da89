import type pg from "pg";

// The set-based seeder shared by the list, load and page benchmarks: <rows> replications over
// 4 endpoints × 8 nodes and rows/2 guests, with the spread of health, status, schedules, comments
// and unlinked guests the filters need — one INSERT … SELECT generate_series per table, seconds for 100,000.

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
`;

/** Seeds a freshly migrated, empty database; returns the number of replications. */
export async function seedReplications(client: pg.Client, rows: number): Promise<number> {
  if (!Number.isSafeInteger(rows) || rows < 2) throw new Error(`rows must be an integer ≥ 2, got ${rows}`);
  await client.query(SEED.replaceAll("$1::int", String(rows)));
  // A settled database, as a running one is: autovacuum visits a table soon after a bulk insert
  // (autovacuum_vacuum_insert_threshold), setting the visibility map that index-only scans rely on.
  // Measuring right after a bulk insert would time hint-bit setting and heap fetches instead.
  await client.query("VACUUM ANALYZE");
  const result = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM replication");
  return result.rows[0].n;
}

/** `key=value` command-line arguments, as every benchmark takes them. */
export function benchArgs(argv = process.argv.slice(2)): Map<string, string> {
  return new Map(argv.map((a) => a.split(/=(.*)/s, 2) as [string, string]));
}
