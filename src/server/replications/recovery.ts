import { Prisma } from "@/generated/prisma/client";

// Recomputing a whole endpoint's stored recovery-point instants when its settings change (issue 13).
// The sync computes overdue_at / stuck_at per job in JavaScript (src/lib/recovery-point.ts
// recoveryPoint()) from the schedule in the node's time zone; a changed grace factor or stuck bound does
// not change the schedule, so the stored expected_interval_s suffices and one UPDATE per endpoint brings
// every job in line at once, instead of leaving them wrong until the next sync. The SQL must give what
// recoveryPoint() gives (test/endpoints/recovery-recompute.test.ts compares them row by row).

type Executor = { $executeRaw(query: Prisma.Sql): Promise<number> };

/**
 * overdue_at = (last_sync, or first_seen for a job that never synced) + expected interval × grace factor
 * + the last duration (negative or unknown counts as 0); null for disabled jobs, jobs scheduled for
 * removal and jobs without an expected interval. Rows already right are not rewritten.
 * Returns the number of jobs whose overdue_at changed.
 */
export function recomputeOverdue(db: Executor, endpointId: number): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    UPDATE replication r SET overdue_at = v.overdue_at
    FROM (
      SELECT s.id, CASE WHEN s.disable OR s.remove_job IS NOT NULL OR s.expected_interval_s IS NULL THEN NULL
        ELSE coalesce(s.last_sync, s.first_seen) + make_interval(secs =>
          s.expected_interval_s * e.overdue_grace_factor + coalesce(greatest(s.duration, 0), 0))
        END AS overdue_at
      FROM replication s JOIN proxmox_endpoint e ON e.id = s.endpoint_id
      WHERE s.endpoint_id = ${endpointId}
    ) v
    WHERE r.id = v.id AND r.overdue_at IS DISTINCT FROM v.overdue_at`);
}

/**
 * stuck_at = start of the run in progress (Proxmox sets last_try when a run begins) + the endpoint's
 * bound, for jobs with a run in progress (syncing_pid set); null for the others.
 * Returns the number of jobs whose stuck_at changed.
 */
export function recomputeStuck(db: Executor, endpointId: number): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    UPDATE replication r SET stuck_at = v.stuck_at
    FROM (
      SELECT s.id, CASE WHEN s.syncing_pid IS NOT NULL AND s.last_try IS NOT NULL
        THEN s.last_try + make_interval(secs => e.stuck_after_seconds) END AS stuck_at
      FROM replication s JOIN proxmox_endpoint e ON e.id = s.endpoint_id
      WHERE s.endpoint_id = ${endpointId}
    ) v
    WHERE r.id = v.id AND r.stuck_at IS DISTINCT FROM v.stuck_at`);
}
