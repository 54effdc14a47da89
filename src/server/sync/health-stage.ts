import { db } from "@/server/db/client";
import { sqlTransaction } from "@/server/db/sql";
import { type HealthValues, healthFromStatus, sourceNodeOf, unknownHealth } from "./health";
import type { SyncScope } from "./scope";

// Job health lives on each job's source node (GET /nodes/{node}/replication lists only jobs whose
// guest is on that node). We ask every node that hosts a job, a few at a time. A job whose node
// could not be asked becomes *unknown*, keeping its last known values — never *ok* by default.

const CONCURRENCY = 4;

/** A job as stored: its health columns (health as text, it may predate a state) and what locates it. */
interface JobRow extends Omit<HealthValues, "health"> {
  id: number;
  replication_id: string;
  disable: boolean;
  remove_job: string | null;
  source: string | null;
  vm_node: string | null;
  health: string;
}

const same = (a: unknown, b: unknown) =>
  (a instanceof Date ? a.getTime() : (a ?? null)) === (b instanceof Date ? b.getTime() : (b ?? null));
const FIELDS = [
  "last_sync",
  "last_try",
  "next_sync",
  "duration",
  "fail_count",
  "error",
  "syncing_pid",
  "health",
] as const;

export async function loadJobsForHealth(endpointId: number, replicationIds?: string[]): Promise<JobRow[]> {
  return sqlTransaction((sql) =>
    sql.query<JobRow>(
      `select r.id, r.replication_id, r.disable, r.remove_job::text as remove_job, r.source, vm.node_name as vm_node,
            r.last_sync, r.last_try, r.next_sync, r.duration, r.fail_count, r.error, r.syncing_pid, r.health
       from replication r left join virtual_machine vm on vm.id = r.virtual_machine_id
      where r.endpoint_id = $1 and r.status = 'active' ${replicationIds ? "and r.replication_id = any($2::text[])" : ""}`,
      endpointId,
      ...(replicationIds ? [replicationIds] : []),
    ),
  );
}

export async function writeHealth(jobs: JobRow[], next: Map<number, HealthValues>): Promise<number> {
  const changed = jobs.filter((j) => {
    const v = next.get(j.id);
    return v && FIELDS.some((f) => !same(j[f], v[f]));
  });
  if (changed.length) {
    // Health is state, not configuration: it does not touch last_updated or the change log.
    // One jsonb parameter for all rows (see reconcile.ts for why).
    const records = changed.map((j) => ({ id: j.id, ...next.get(j.id)! }));
    await sqlTransaction((sql) =>
      sql.execute(
        `update replication r set last_sync = u.last_sync, last_try = u.last_try, next_sync = u.next_sync,
                duration = u.duration, fail_count = u.fail_count, error = u.error, syncing_pid = u.syncing_pid,
                health = u.health, health_checked_at = now()
           from jsonb_to_recordset($1::jsonb) as u(id int4, last_sync timestamptz, last_try timestamptz,
                next_sync timestamptz, duration float8, fail_count int4, error text, syncing_pid int4, health text)
          where r.id = u.id`,
        JSON.stringify(records),
      ),
    );
  }
  return changed.length;
}

export async function healthStage(scope: SyncScope) {
  const { client, report, endpointId } = scope;
  const jobs = await loadJobsForHealth(endpointId);
  const byNode = new Map<string, JobRow[]>();
  for (const j of jobs) {
    const node = sourceNodeOf(j.vm_node, j.source) ?? "";
    // Appended in place: copying the node's list per job was quadratic (12 s for 100,000 jobs).
    const list = byNode.get(node);
    if (list) list.push(j);
    else byNode.set(node, [j]);
  }
  const offline = new Set(
    (await db.proxmoxNode.findMany({ where: { endpointId, online: false }, select: { name: true } })).map(
      (n) => n.name,
    ),
  );
  const next = new Map<number, HealthValues>();
  const failedNodes: string[] = [];
  const queue = [...byNode.keys()];
  let done = 0;

  async function ask(node: string) {
    const nodeJobs = byNode.get(node) ?? [];
    try {
      if (!node) throw new Error("no source node known");
      if (offline.has(node)) throw new Error("node is offline");
      const statuses = new Map((await client.nodeReplication(node)).map((s) => [s.id, s]));
      for (const j of nodeJobs) {
        const s = statuses.get(j.replication_id);
        next.set(j.id, s ? healthFromStatus(j, s) : unknownHealth(j));
      }
    } catch (err) {
      failedNodes.push(node || "(none)");
      report.error(
        `health of ${nodeJobs.length} job(s) on ${node || "an unknown node"} unknown: ${(err as Error).message}`,
      );
      for (const j of nodeJobs) next.set(j.id, unknownHealth(j));
    } finally {
      report.advance(++done / Math.max(1, byNode.size));
    }
  }
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let node = queue.shift(); node !== undefined; node = queue.shift()) await ask(node);
    }),
  );
  const updated = await writeHealth(jobs, next);
  const states: Record<string, number> = {};
  for (const v of next.values()) states[v.health] = (states[v.health] ?? 0) + 1;
  return {
    value: { failedNodes, states },
    counts: { jobs: jobs.length, updated, nodesFailed: failedNodes.length },
  };
}
