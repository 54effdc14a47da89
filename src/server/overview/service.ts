import { Prisma } from "@/generated/prisma/client";
import { FAILING_HEALTH_STATES, HEALTH_SEVERITY, HEALTH_STATES, type HealthState } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
// The list's own overdue / stuck conditions: the tiles and the lists they link to count the same rows.
import { OVERDUE_SQL, STUCK_SQL } from "@/server/replications/filterset";

// The overview: how healthy the active jobs are, which ones need attention first, and when each
// endpoint was last synced. Every number is one SQL aggregate, so it matches the filtered lists.

/** Health states an operator must act on, worst first. */

export interface FailingJob {
  id: number;
  replicationId: string;
  endpointId: number;
  endpointName: string;
  guest: number;
  vmName: string | null;
  source: string | null;
  target: string;
  health: HealthState;
  error: string | null;
  failCount: number | null;
  lastSync: Date | null;
}

export interface EndpointSyncState {
  id: number;
  name: string;
  enabled: boolean;
  lastSyncAt: Date | null;
  lastRun: {
    id: number;
    kind: string;
    state: string;
    finishedAt: Date | null;
    created: Date;
    error: string | null;
  } | null;
}

/** A job behind its schedule, for the "Most overdue" list: which job, as a failing one names it. */
export interface OverdueJob
  extends Pick<
    FailingJob,
    | "id"
    | "replicationId"
    | "endpointId"
    | "endpointName"
    | "guest"
    | "vmName"
    | "source"
    | "target"
    | "lastSync"
  > {
  overdueAt: Date;
}

/** The estate's health over time, summed over endpoints, one point per 15-minute sample bucket. */
export interface HealthTrendPoint {
  bucket: Date;
  jobs: number;
  error: number;
  overdue: number;
  stuck: number;
}

export interface RecoveryOverview {
  /** Counted exactly as the list's `overdue=true` / `stuck=true` filters select. */
  overdue: number;
  stuck: number;
  /** Worst first: the smallest overdue_at (overdue the longest). */
  mostOverdue: OverdueJob[];
  trendDays: number;
  trend: HealthTrendPoint[];
}

export interface Overview {
  /** Active jobs per health state (every state present, 0 when none). */
  health: Record<HealthState, number>;
  totals: { jobs: number; active: number; stale: number; unlinked: number; failing: number };
  failing: FailingJob[];
  endpoints: EndpointSyncState[];
  recovery: RecoveryOverview;
}

/**
 * Overdue and stuck counts, the most overdue jobs and the estate's error and overdue counts over
 * the last `trendDays` from health_sample. Samples are summed per bucket; a bucket that misses an
 * endpoint (no scheduler ran, or the endpoint had no active job) simply counts less.
 */
export async function getRecoveryOverview(limit = 10, trendDays = 7): Promise<RecoveryOverview> {
  const since = new Date(Date.now() - trendDays * 86_400_000);
  const [[counts], mostOverdue, trend] = await Promise.all([
    db.$queryRaw<{ overdue: number; stuck: number }[]>`
      SELECT (count(*) FILTER (WHERE ${OVERDUE_SQL}))::int AS overdue,
             (count(*) FILTER (WHERE ${STUCK_SQL}))::int AS stuck
        FROM replication r
       WHERE r.overdue_at IS NOT NULL OR r.stuck_at IS NOT NULL`,
    db.$queryRaw<OverdueJob[]>`
      SELECT r.id, r.replication_id AS "replicationId", r.endpoint_id AS "endpointId", e.name AS "endpointName",
             r.guest, vm.name AS "vmName", r.source, r.target, r.last_sync AS "lastSync", r.overdue_at AS "overdueAt"
        FROM replication r
        JOIN proxmox_endpoint e ON e.id = r.endpoint_id
        LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id
       WHERE ${OVERDUE_SQL}
       ORDER BY r.overdue_at, e.name, r.guest, r.jobnum
       LIMIT ${limit}`,
    db.$queryRaw<HealthTrendPoint[]>`
      SELECT bucket, sum(jobs)::int AS jobs, sum(error)::int AS error, sum(overdue)::int AS overdue,
             sum(stuck)::int AS stuck
        FROM health_sample
       WHERE bucket >= ${since}
       GROUP BY bucket ORDER BY bucket`,
  ]);
  return { overdue: counts.overdue, stuck: counts.stuck, mostOverdue, trendDays, trend };
}

const severityOrder = Prisma.raw(
  `CASE r.health ${HEALTH_STATES.map((s) => `WHEN '${s}' THEN ${HEALTH_SEVERITY[s]}`).join(" ")} ELSE 0 END`,
);

export async function getOverview(failingLimit = 25): Promise<Overview> {
  const [healthRows, [totals], failing, endpoints, recovery] = await Promise.all([
    db.$queryRaw<{ health: string; n: number }[]>`
      SELECT health, count(*)::int AS n FROM replication WHERE status = 'active' GROUP BY health`,
    db.$queryRaw<Overview["totals"][]>`
      SELECT count(*)::int AS jobs,
             (count(*) FILTER (WHERE status = 'active'))::int AS active,
             (count(*) FILTER (WHERE status = 'stale'))::int AS stale,
             (count(*) FILTER (WHERE virtual_machine_id IS NULL))::int AS unlinked,
             (count(*) FILTER (WHERE status = 'active' AND health IN (${Prisma.join([...FAILING_HEALTH_STATES])})))::int
               AS failing
      FROM replication`,
    db.$queryRaw<FailingJob[]>`
      SELECT r.id, r.replication_id AS "replicationId", r.endpoint_id AS "endpointId", e.name AS "endpointName",
             r.guest, vm.name AS "vmName", r.source, r.target, r.health, r.error,
             r.fail_count AS "failCount", r.last_sync AS "lastSync"
      FROM replication r
      JOIN proxmox_endpoint e ON e.id = r.endpoint_id
      LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id
      WHERE r.status = 'active' AND r.health IN (${Prisma.join([...FAILING_HEALTH_STATES])})
      ORDER BY ${severityOrder} DESC, r.fail_count DESC NULLS LAST, e.name, r.guest, r.jobnum
      LIMIT ${failingLimit}`,
    endpointSyncStates(),
    getRecoveryOverview(),
  ]);
  const health = Object.fromEntries(HEALTH_STATES.map((s) => [s, 0])) as Record<HealthState, number>;
  for (const row of healthRows) {
    const state = (HEALTH_STATES as readonly string[]).includes(row.health)
      ? (row.health as HealthState)
      : "unknown";
    health[state] += row.n;
  }
  return { health, totals, failing, endpoints, recovery };
}

async function endpointSyncStates(): Promise<EndpointSyncState[]> {
  const rows = await db.proxmoxEndpoint.findMany({
    select: {
      id: true,
      name: true,
      enabled: true,
      lastSyncAt: true,
      syncRuns: {
        select: { id: true, kind: true, state: true, finishedAt: true, created: true, error: true },
        orderBy: { id: "desc" },
        take: 1,
      },
    },
    orderBy: { name: "asc" },
  });
  return rows.map(({ syncRuns, ...e }) => ({ ...e, lastRun: syncRuns[0] ?? null }));
}
