import { db } from "@/server/db/client";
import { sqlTransaction } from "@/server/db/sql";
import { type HealthValues, healthFromStatus, nodeJobStatuses } from "./health";
import type { SyncScope } from "./scope";

// Job health lives on each job's source node (GET /nodes/{node}/replication lists only jobs whose
// guest is on that node). We ask every node that hosts a job, a few at a time. A job whose node
// could not be asked becomes *unknown*, keeping its last known values — never *ok* by default.

const CONCURRENCY = 4;

/**
 * A job as the health stages (all jobs, or one in an individual sync) read it: timestamps as epoch milliseconds (numbers, not Dates: parsing
 * 300,000 timestamps into Dates was a third of the stage at 100,000 jobs, issue 11).
 */
export interface LeanJob {
  id: number;
  replication_id: string;
  disable: boolean;
  remove_job: string | null;
  node: string | null;
  last_sync: number | null;
  last_try: number | null;
  next_sync: number | null;
  duration: number | null;
  fail_count: number | null;
  error: string | null;
  syncing_pid: number | null;
  health: string;
}

// The columns are timestamp(3) written from timestamptz values (the session time zone converts); the
// cast back to timestamptz undoes exactly that, so the epoch is right whatever the time zone.
const ms = (column: string) => `(extract(epoch from r.${column}::timestamptz) * 1000)::float8 as ${column}`;

/** The active jobs of an endpoint, or only those listed. */
export async function loadLeanJobs(endpointId: number, replicationIds?: string[]): Promise<LeanJob[]> {
  return sqlTransaction((sql) =>
    sql.query<LeanJob>(
      `select r.id, r.replication_id, r.disable, r.remove_job::text as remove_job,
            coalesce(vm.node_name, r.source) as node, ${ms("last_sync")}, ${ms("last_try")}, ${ms("next_sync")},
            r.duration, r.fail_count, r.error, r.syncing_pid, r.health
       from replication r left join virtual_machine vm on vm.id = r.virtual_machine_id
      where r.endpoint_id = $1 and r.status = 'active' ${replicationIds ? "and r.replication_id = any($2::text[])" : ""}`,
      endpointId,
      ...(replicationIds ? [replicationIds] : []),
    ),
  );
}

const time = (d: Date | null) => (d ? d.getTime() : null);

/** A new reading that differs from the stored one, as the UPDATE below takes it. */
interface HealthRecord {
  id: number;
  /** true: the node was not asked; only `health` changes, the last known values stay as stored. */
  keep: boolean;
  last_sync?: string | null;
  last_try?: string | null;
  next_sync?: string | null;
  duration?: number | null;
  fail_count?: number | null;
  error?: string | null;
  syncing_pid?: number | null;
  health: string;
}

/** The record that brings a stored job to a new reading, or null when nothing differs. */
export function healthChange(j: LeanJob, v: HealthValues): HealthRecord | null {
  if (
    time(v.last_sync) === j.last_sync &&
    time(v.last_try) === j.last_try &&
    time(v.next_sync) === j.next_sync &&
    v.duration === j.duration &&
    v.fail_count === j.fail_count &&
    v.error === j.error &&
    v.syncing_pid === j.syncing_pid &&
    v.health === j.health
  )
    return null;
  return {
    id: j.id,
    keep: false,
    last_sync: v.last_sync?.toISOString() ?? null,
    last_try: v.last_try?.toISOString() ?? null,
    next_sync: v.next_sync?.toISOString() ?? null,
    duration: v.duration,
    fail_count: v.fail_count,
    error: v.error,
    syncing_pid: v.syncing_pid,
    health: v.health,
  };
}

/** A job whose node could not be asked: it keeps every last known value, only its state becomes unknown. */
export function unknownChange(j: LeanJob): HealthRecord | null {
  return j.health === "unknown" ? null : { id: j.id, keep: true, health: "unknown" };
}

/** Writes the changed readings in one set-based statement. */
export async function writeHealthChanges(changed: HealthRecord[]): Promise<void> {
  if (!changed.length) return;
  // Health is state, not configuration: it does not touch last_updated or the change log.
  // One jsonb parameter for all rows (see reconcile.ts for why).
  await sqlTransaction((sql) =>
    sql.execute(
      `update replication r set
              last_sync = case when u.keep then r.last_sync else u.last_sync end,
              last_try = case when u.keep then r.last_try else u.last_try end,
              next_sync = case when u.keep then r.next_sync else u.next_sync end,
              duration = case when u.keep then r.duration else u.duration end,
              fail_count = case when u.keep then r.fail_count else u.fail_count end,
              error = case when u.keep then r.error else u.error end,
              syncing_pid = case when u.keep then r.syncing_pid else u.syncing_pid end,
              health = u.health, health_checked_at = now()
         from jsonb_to_recordset($1::jsonb) as u(id int4, keep bool, last_sync timestamptz, last_try timestamptz,
              next_sync timestamptz, duration float8, fail_count int4, error text, syncing_pid int4, health text)
        where r.id = u.id`,
      JSON.stringify(changed),
    ),
  );
}

export async function healthStage(scope: SyncScope) {
  const { client, report, endpointId } = scope;
  const jobs = await loadLeanJobs(endpointId);
  const byNode = new Map<string, LeanJob[]>();
  for (const j of jobs) {
    // The job's node: its guest's current node when known, else its source (sourceNodeOf, in SQL).
    const node = j.node ?? "";
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
  // Each job is compared as soon as its node answers; only the changed ones are kept for the write.
  const changed: HealthRecord[] = [];
  const states: Record<string, number> = {};
  const failedNodes: string[] = [];
  const queue = [...byNode.keys()];
  let done = 0;

  const observed = (j: LeanJob, v: HealthValues) => {
    states[v.health] = (states[v.health] ?? 0) + 1;
    const change = healthChange(j, v);
    if (change) changed.push(change);
  };
  const unknown = (j: LeanJob) => {
    states.unknown = (states.unknown ?? 0) + 1;
    const change = unknownChange(j);
    if (change) changed.push(change);
  };

  async function ask(node: string) {
    const nodeJobs = byNode.get(node) ?? [];
    try {
      if (!node) throw new Error("no source node known");
      if (offline.has(node)) throw new Error("node is offline");
      const statuses = await (scope.nodeStatuses?.(node) ??
        client.nodeReplication(node).then(nodeJobStatuses));
      for (const j of nodeJobs) {
        const s = statuses.get(j.replication_id);
        if (s) observed(j, healthFromStatus(j, s));
        else unknown(j);
      }
    } catch (err) {
      failedNodes.push(node || "(none)");
      report.error(
        `health of ${nodeJobs.length} job(s) on ${node || "an unknown node"} unknown: ${(err as Error).message}`,
      );
      for (const j of nodeJobs) unknown(j);
    } finally {
      report.advance(++done / Math.max(1, byNode.size));
    }
  }
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let node = queue.shift(); node !== undefined; node = queue.shift()) await ask(node);
    }),
  );
  await writeHealthChanges(changed);
  return {
    value: { failedNodes, states },
    counts: { jobs: jobs.length, updated: changed.length, nodesFailed: failedNodes.length },
  };
}
