import { type RecoveryPoint, recoveryPoint } from "@/lib/recovery-point";
import { db } from "@/server/db/client";

// Health history reads (issue 13): what one job's health did over the last days, from the
// replication_health_event rows the sync writes (one per change of the job's health reading: state,
// last sync, duration, fail count, error). Every read is bounded by the window and uses the
// (job_id, at) index; the series are bucketed in SQL so a job that runs every minute (43,200 events
// in 30 days) still sends a few hundred points to the page.

const DAY_MS = 86_400_000;

/** Health states that count as "healthy" for the share: replicated, or replicating right now. */
export const HEALTHY_STATES: readonly string[] = ["ok", "syncing"];

export interface HealthTransition {
  at: Date;
  /** The state before; null for the job's first reading ever. */
  previous: string | null;
  health: string;
  error: string | null;
  failCount: number | null;
}

export interface HealthSeriesPoint {
  /** Start of the bucket. */
  at: Date;
  /** Longest run duration (seconds) reported in the bucket; null when none was. */
  duration: number | null;
  /** Highest fail count reported in the bucket; null when none was. */
  failCount: number | null;
}

export interface HealthyShare {
  /** Share of the observed time whose health was ok or syncing, 0–100; null when nothing was observed. */
  percent: number | null;
  healthySeconds: number;
  /** Time in the window the job's health is known for (from first_seen, less time before its first reading). */
  observedSeconds: number;
}

export interface HealthHistory {
  days: number;
  from: Date;
  to: Date;
  /** State changes in the window, newest first (at most `transitionLimit`). */
  transitions: HealthTransition[];
  /** All state changes in the window (the list may be cut at `transitionLimit`). */
  transitionCount: number;
  /** Duration and fail count over the window, oldest first, one point per bucket that has events. */
  series: HealthSeriesPoint[];
  bucketSeconds: number;
  healthy: HealthyShare;
}

interface StateSegmentInput {
  from: Date;
  to: Date;
  firstSeen: Date | null;
  currentHealth: string;
  /** The window's state changes, oldest first. */
  changes: { at: Date; previous: string | null; health: string }[];
}

/**
 * "Healthy x% of the window", time-weighted. The window starts at `from` or at first_seen when the
 * job was first seen inside it. Before the window's first state change the job was in that change's
 * `previous` state; with no change in the window it was in its current state the whole time. A
 * `previous` of null (the first reading ever) means no reading yet: that stretch is not observed and
 * counts neither way. From each change on, the job was in the change's state until the next change.
 */
export function healthyShare({
  from,
  to,
  firstSeen,
  currentHealth,
  changes,
}: StateSegmentInput): HealthyShare {
  const start = Math.max(from.getTime(), firstSeen?.getTime() ?? from.getTime());
  const end = to.getTime();
  let healthyMs = 0;
  let observedMs = 0;
  const add = (state: string | null, a: number, b: number) => {
    const span = Math.min(b, end) - Math.max(a, start);
    if (span <= 0 || state === null) return;
    observedMs += span;
    if (HEALTHY_STATES.includes(state)) healthyMs += span;
  };
  if (changes.length === 0) {
    add(currentHealth, start, end);
  } else {
    add(changes[0].previous, start, changes[0].at.getTime());
    for (let i = 0; i < changes.length; i++) {
      const next = i + 1 < changes.length ? changes[i + 1].at.getTime() : end;
      add(changes[i].health, changes[i].at.getTime(), next);
    }
  }
  const healthySeconds = Math.round(healthyMs / 1000);
  const observedSeconds = Math.round(observedMs / 1000);
  return {
    percent: observedMs > 0 ? (100 * healthyMs) / observedMs : null,
    healthySeconds,
    observedSeconds,
  };
}

/** The bucket width for a window: about 120 points, at least 15 minutes. */
export function seriesBucketSeconds(days: number): number {
  return Math.max(900, Math.ceil((days * 86_400) / 120 / 900) * 900);
}

/**
 * One job's health history over the last `days` (default 30) before `now`. Null when the job does
 * not exist.
 */
export async function getHealthHistory(
  jobId: number,
  opts: { days?: number; now?: Date; transitionLimit?: number } = {},
): Promise<HealthHistory | null> {
  const days = opts.days ?? 30;
  const to = opts.now ?? new Date();
  const from = new Date(to.getTime() - days * DAY_MS);
  const transitionLimit = opts.transitionLimit ?? 100;
  const bucketSeconds = seriesBucketSeconds(days);

  const [job] = await db.$queryRaw<{ health: string; first_seen: Date | null }[]>`
    SELECT health, first_seen FROM replication WHERE id = ${jobId}`;
  if (!job) return null;

  const [changes, series] = await Promise.all([
    // Only rows where the state changed matter for the timeline and the share; the others record a
    // new sync, duration or fail count under the same state. `at > from`: a change exactly at the
    // window's start already holds for the whole window and is found as the state before it.
    db.$queryRaw<HealthTransition[]>`
      SELECT at, previous, health, error, fail_count AS "failCount"
        FROM replication_health_event
       WHERE job_id = ${jobId} AND at > ${from} AND at <= ${to}
         AND previous IS DISTINCT FROM health
       ORDER BY at, id`,
    db.$queryRaw<HealthSeriesPoint[]>`
      SELECT to_timestamp(floor(extract(epoch FROM at) / ${bucketSeconds}) * ${bucketSeconds})
               AT TIME ZONE 'UTC' AS at,
             max(duration) AS duration, max(fail_count) AS "failCount"
        FROM replication_health_event
       WHERE job_id = ${jobId} AND at > ${from} AND at <= ${to}
       GROUP BY 1 ORDER BY 1`,
  ]);

  return {
    days,
    from,
    to,
    transitions: changes.slice(-transitionLimit).reverse(),
    transitionCount: changes.length,
    series,
    bucketSeconds,
    healthy: healthyShare({ from, to, firstSeen: job.first_seen, currentHealth: job.health, changes }),
  };
}

export interface JobRecoveryPoint extends RecoveryPoint {
  /** The zone the schedule was evaluated in: the source node's, else the endpoint's, else UTC. */
  timeZone: string;
  graceFactor: number;
  stuckAfterSeconds: number;
  lastSync: Date | null;
  /** The node running the job (the guest's node, else the source) as the inventory knows it. */
  sourceNode: { name: string; online: boolean } | null;
  /** What the last sync stored (null until a sync has computed them). */
  stored: { expectedIntervalSeconds: number | null; overdueAt: Date | null; stuckAt: Date | null };
}

/**
 * One job's recovery point at `now`, computed here from its schedule, last sync and the endpoint's
 * grace factor and stuck bound (recoveryPoint() of src/lib/recovery-point.ts), so the detail page
 * is right even before a sync has filled overdue_at / stuck_at. Proxmox's pvescheduler runs on the
 * node holding the guest (its current node, else the job's source, as the health stage picks it),
 * so that node's time zone is the one the schedule fires in.
 */
export async function getJobRecoveryPoint(jobId: number, now = new Date()): Promise<JobRecoveryPoint | null> {
  const [r] = await db.$queryRaw<
    {
      last_sync: Date | null;
      duration: number | null;
      schedule: string;
      disable: boolean;
      remove_job: string | null;
      syncing_pid: number | null;
      last_try: Date | null;
      first_seen: Date | null;
      expected_interval_s: number | null;
      overdue_at: Date | null;
      stuck_at: Date | null;
      grace: number;
      stuck_after: number;
      endpoint_tz: string | null;
      node_name: string | null;
      node_online: boolean | null;
      node_tz: string | null;
    }[]
  >`
    SELECT r.last_sync, r.duration, r.schedule, r.disable, r.remove_job::text AS remove_job,
           r.syncing_pid, r.last_try, r.first_seen, r.expected_interval_s, r.overdue_at, r.stuck_at,
           e.overdue_grace_factor AS grace, e.stuck_after_seconds AS stuck_after, e.timezone AS endpoint_tz,
           sn.name AS node_name, sn.online AS node_online, sn.timezone AS node_tz
      FROM replication r
      JOIN proxmox_endpoint e ON e.id = r.endpoint_id
      LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id
      LEFT JOIN proxmox_node sn ON sn.endpoint_id = r.endpoint_id AND sn.name = coalesce(vm.node_name, r.source)
     WHERE r.id = ${jobId}`;
  if (!r) return null;
  const timeZone = r.node_tz || r.endpoint_tz || "UTC";
  const point = recoveryPoint({
    lastSync: r.last_sync,
    lastDuration: r.duration,
    schedule: r.schedule,
    timeZone,
    disabled: r.disable,
    removeJob: r.remove_job,
    // While a run is in progress Proxmox's last_try is its start (see RecoveryPointInput.syncingSince).
    syncingSince: r.syncing_pid !== null ? r.last_try : null,
    firstSeen: r.first_seen,
    now,
    graceFactor: r.grace,
    stuckAfterSeconds: r.stuck_after,
  });
  return {
    ...point,
    timeZone,
    graceFactor: r.grace,
    stuckAfterSeconds: r.stuck_after,
    lastSync: r.last_sync,
    sourceNode: r.node_name === null ? null : { name: r.node_name, online: r.node_online === true },
    stored: { expectedIntervalSeconds: r.expected_interval_s, overdueAt: r.overdue_at, stuckAt: r.stuck_at },
  };
}
