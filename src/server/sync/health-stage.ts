import { recoveryPoint } from "@/lib/recovery-point";
import { evaluateAlerts } from "@/server/alerts/events";
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
  /** The recovery-point inputs and the values stored from them (issue 13). */
  schedule: string;
  first_seen: number;
  /** The node's own time zone when known; else the endpoint's applies (RecoverySettings.timeZone). */
  time_zone: string | null;
  expected_interval_s: number | null;
  overdue_at: number | null;
  stuck_at: number | null;
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
            r.duration, r.fail_count, r.error, r.syncing_pid, r.health,
            r.schedule, ${ms("first_seen")}, pn.timezone as time_zone,
            r.expected_interval_s, ${ms("overdue_at")}, ${ms("stuck_at")}
       from replication r
       left join virtual_machine vm on vm.id = r.virtual_machine_id
       left join proxmox_node pn on pn.endpoint_id = r.endpoint_id and pn.name = coalesce(vm.node_name, r.source)
      where r.endpoint_id = $1 and r.status = 'active' ${replicationIds ? "and r.replication_id = any($2::text[])" : ""}`,
      endpointId,
      ...(replicationIds ? [replicationIds] : []),
    ),
  );
}

const time = (d: Date | null) => (d ? d.getTime() : null);
const iso = (epochMs: number | null) => (epochMs === null ? null : new Date(epochMs).toISOString());

/** What recovery-point watch needs besides the job: the endpoint's settings and one clock for the whole stage. */
export interface RecoverySettings {
  graceFactor: number;
  stuckAfterSeconds: number;
  /** The endpoint's time zone (GET /nodes/{node}/time), for jobs whose node's own zone is not known. */
  timeZone: string | null;
  now: Date;
}

/** The endpoint's recovery-point settings (proxmox_endpoint.overdue_grace_factor, stuck_after_seconds). */
export async function recoverySettings(endpointId: number): Promise<RecoverySettings> {
  const e = await db.proxmoxEndpoint.findUniqueOrThrow({
    where: { id: endpointId },
    select: { overdueGraceFactor: true, stuckAfterSeconds: true, timezone: true },
  });
  return {
    graceFactor: e.overdueGraceFactor,
    stuckAfterSeconds: e.stuckAfterSeconds,
    timeZone: e.timezone,
    now: new Date(),
  };
}

export interface RecoveryColumns {
  expected_interval_s: number | null;
  overdue_at: number | null;
  stuck_at: number | null;
}

/** What the recovery point of a job depends on besides its health (times in epoch milliseconds). */
interface RecoveryJob {
  schedule: string;
  time_zone: string | null;
  disable: boolean;
  remove_job: string | null;
  first_seen: number;
}

/**
 * The stored recovery point of a job with these health values (src/lib/recovery-point.ts holds the
 * rule). Only instants are stored, so "overdue" and "stuck" are comparisons with now() in SQL and stay
 * true while nobody syncs — which is exactly when a node is offline.
 */
export function recoveryColumns(
  j: RecoveryJob,
  v: {
    last_sync: number | null;
    last_try: number | null;
    duration: number | null;
    syncing_pid: number | null;
  },
  s: RecoverySettings,
): RecoveryColumns {
  const rp = recoveryPoint({
    lastSync: v.last_sync === null ? null : new Date(v.last_sync),
    lastDuration: v.duration,
    schedule: j.schedule,
    timeZone: j.time_zone ?? s.timeZone,
    disabled: j.disable,
    removeJob: j.remove_job,
    // Proxmox sets last_try when a run starts; while a pid is set, that is the run's start.
    syncingSince: v.syncing_pid && v.last_try !== null ? new Date(v.last_try) : null,
    firstSeen: new Date(j.first_seen),
    now: s.now,
    graceFactor: s.graceFactor,
    stuckAfterSeconds: s.stuckAfterSeconds,
  });
  return {
    expected_interval_s: rp.expectedIntervalSeconds,
    overdue_at: rp.overdueAt ? rp.overdueAt.getTime() : null,
    stuck_at: rp.stuckAt ? rp.stuckAt.getTime() : null,
  };
}

const sameRecovery = (j: LeanJob, r: RecoveryColumns) =>
  r.expected_interval_s === j.expected_interval_s &&
  r.overdue_at === j.overdue_at &&
  r.stuck_at === j.stuck_at;

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
  expected_interval_s: number | null;
  overdue_at: string | null;
  stuck_at: string | null;
  /** The stored health before this reading (the history event's `previous`). */
  previous: string;
  /**
   * Whether the reading is a health event for the history (issue 13): a change of last sync, duration,
   * fail count, state or error. next_sync and last_try move on every run and the recovery point with
   * the clock; neither alone is an event.
   */
  event: boolean;
}

/** The record that brings a stored job to a new reading, or null when nothing differs. */
export function healthChange(j: LeanJob, v: HealthValues, s: RecoverySettings): HealthRecord | null {
  const lastSync = time(v.last_sync);
  const lastTry = time(v.last_try);
  const recovery = recoveryColumns(
    j,
    { last_sync: lastSync, last_try: lastTry, duration: v.duration, syncing_pid: v.syncing_pid },
    s,
  );
  const event =
    lastSync !== j.last_sync ||
    v.duration !== j.duration ||
    v.fail_count !== j.fail_count ||
    v.error !== j.error ||
    v.health !== j.health;
  if (
    !event &&
    lastTry === j.last_try &&
    time(v.next_sync) === j.next_sync &&
    v.syncing_pid === j.syncing_pid &&
    sameRecovery(j, recovery)
  )
    return null;
  return {
    id: j.id,
    keep: false,
    last_sync: iso(lastSync),
    last_try: iso(lastTry),
    next_sync: v.next_sync?.toISOString() ?? null,
    duration: v.duration,
    fail_count: v.fail_count,
    error: v.error,
    syncing_pid: v.syncing_pid,
    health: v.health,
    expected_interval_s: recovery.expected_interval_s,
    overdue_at: iso(recovery.overdue_at),
    stuck_at: iso(recovery.stuck_at),
    previous: j.health,
    event,
  };
}

/**
 * A job whose node could not be asked: it keeps every last known value, only its state becomes unknown.
 * Its recovery point is recomputed from those values (the schedule or the settings may have changed),
 * so a job on an offline node turns overdue when its last sync ages past the allowance.
 */
export function unknownChange(j: LeanJob, s: RecoverySettings): HealthRecord | null {
  const recovery = recoveryColumns(j, j, s);
  const event = j.health !== "unknown";
  if (!event && sameRecovery(j, recovery)) return null;
  return {
    id: j.id,
    keep: true,
    health: "unknown",
    expected_interval_s: recovery.expected_interval_s,
    overdue_at: iso(recovery.overdue_at),
    stuck_at: iso(recovery.stuck_at),
    previous: j.health,
    event,
  };
}

/**
 * Writes the changed readings in one set-based statement, and in the same statement one history row
 * per health event (replication_health_event) with the values as written.
 */
export async function writeHealthChanges(changed: HealthRecord[]): Promise<void> {
  if (!changed.length) return;
  // Health is state, not configuration: it does not touch last_updated or the change log.
  // One jsonb parameter for all rows (see reconcile.ts for why).
  await sqlTransaction(async (sql) => {
    await sql.execute(
      `with u as (
         select * from jsonb_to_recordset($1::jsonb) as u(id int4, keep bool, last_sync timestamptz,
              last_try timestamptz, next_sync timestamptz, duration float8, fail_count int4, error text,
              syncing_pid int4, health text, expected_interval_s int4, overdue_at timestamptz,
              stuck_at timestamptz, previous text, event bool)
       ), written as (
         update replication r set
              last_sync = case when u.keep then r.last_sync else u.last_sync end,
              last_try = case when u.keep then r.last_try else u.last_try end,
              next_sync = case when u.keep then r.next_sync else u.next_sync end,
              duration = case when u.keep then r.duration else u.duration end,
              fail_count = case when u.keep then r.fail_count else u.fail_count end,
              error = case when u.keep then r.error else u.error end,
              syncing_pid = case when u.keep then r.syncing_pid else u.syncing_pid end,
              health = u.health, health_checked_at = now(),
              expected_interval_s = u.expected_interval_s, overdue_at = u.overdue_at, stuck_at = u.stuck_at
           from u
          where r.id = u.id
         returning r.id, r.endpoint_id, r.health, r.last_sync, r.duration, r.fail_count, r.error,
                   u.previous, u.event
       )
       insert into replication_health_event (job_id, endpoint_id, at, previous, health, last_sync, duration,
                   fail_count, error)
       select id, endpoint_id, now(), previous, health, last_sync, duration, fail_count, error
         from written where event`,
      JSON.stringify(changed),
    );
    // Alerts for these jobs' transitions, in the same transaction as the health they are about.
    await evaluateAlerts(sql, {
      jobIds: changed.map((c) => c.id),
      previous: new Map(changed.map((c) => [c.id, c.previous])),
    });
  });
}

export async function healthStage(scope: SyncScope) {
  const { client, report, endpointId } = scope;
  const [jobs, settings] = await Promise.all([loadLeanJobs(endpointId), recoverySettings(endpointId)]);
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
    const change = healthChange(j, v, settings);
    if (change) changed.push(change);
  };
  const unknown = (j: LeanJob) => {
    states.unknown = (states.unknown ?? 0) + 1;
    const change = unknownChange(j, settings);
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
