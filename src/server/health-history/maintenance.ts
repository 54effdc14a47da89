import { db } from "@/server/db/client";

// What the scheduler does for the health history on its ticks (issue 13): prune rows older than the
// retention (PROXBOX_HEALTH_HISTORY_DAYS) and write the estate's health counts per endpoint into
// health_sample, one row per endpoint per 15-minute bucket. Both are single set-based statements
// and safe to run from several scheduler processes at once: the DELETE is idempotent and the sample
// is INSERT … ON CONFLICT DO NOTHING on (bucket, endpoint_id), so whichever process comes first
// writes the bucket's sample and the others write nothing.

const DAY_MS = 86_400_000;
export const SAMPLE_BUCKET_MS = 15 * 60_000;

/** `now` truncated to its 15-minute bucket (UTC; every zone offset is a multiple of 15 minutes). */
export function sampleBucket(now: Date): Date {
  return new Date(Math.floor(now.getTime() / SAMPLE_BUCKET_MS) * SAMPLE_BUCKET_MS);
}

/**
 * Deletes health events and samples older than `days` before `now`. Both DELETEs range over the
 * `at` / `bucket` index. Returns how many rows of each went.
 */
export async function pruneHealthHistory(
  days: number,
  now = new Date(),
): Promise<{ events: number; samples: number; alerts: number }> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const [events, samples, alertEvents, deliveries] = await Promise.all([
    db.$executeRaw`DELETE FROM replication_health_event WHERE at < ${cutoff}`,
    db.$executeRaw`DELETE FROM health_sample WHERE bucket < ${cutoff}`,
    // Alerts are history too (issue 14): matched events and finished deliveries, same retention.
    db.$executeRaw`DELETE FROM alert_event WHERE at < ${cutoff} AND dispatched_at IS NOT NULL`,
    db.$executeRaw`DELETE FROM alert_delivery WHERE created < ${cutoff} AND state IN ('sent', 'failed')`,
  ]);
  return { events, samples, alerts: alertEvents + deliveries };
}

/**
 * Writes the current bucket's sample for every endpoint that has active jobs: counts of active jobs
 * by health, overdue (overdue_at passed, not disabled, no removal scheduled — the sync leaves
 * overdue_at null for those, the conditions are repeated so a stale column cannot count) and stuck
 * (stuck_at passed). Returns the number of rows written (0 when another process already wrote the bucket).
 */
export async function sampleEstateHealth(now = new Date()): Promise<number> {
  const bucket = sampleBucket(now);
  return db.$executeRaw`
    INSERT INTO health_sample (bucket, endpoint_id, jobs, ok, error, unknown, syncing, overdue, stuck)
    SELECT ${bucket}, endpoint_id,
           count(*)::int,
           (count(*) FILTER (WHERE health = 'ok'))::int,
           (count(*) FILTER (WHERE health = 'error'))::int,
           (count(*) FILTER (WHERE health = 'unknown'))::int,
           (count(*) FILTER (WHERE health = 'syncing'))::int,
           (count(*) FILTER (WHERE overdue_at < ${now} AND NOT disable AND remove_job IS NULL))::int,
           (count(*) FILTER (WHERE stuck_at < ${now}))::int
      FROM replication
     WHERE status = 'active'
       -- Another process wrote this bucket already: skip the scan over every job, not just the insert.
       AND NOT EXISTS (SELECT 1 FROM health_sample WHERE bucket = ${bucket})
     GROUP BY endpoint_id
    ON CONFLICT (bucket, endpoint_id) DO NOTHING`;
}

/**
 * The scheduler's health-history step: one sample attempt per bucket per process (ticks come every
 * few seconds, buckets every 15 minutes) and a prune at most once per `pruneEveryMs` per process.
 */
export function healthHistoryTicker(retentionDays: number, pruneEveryMs = 3_600_000) {
  let lastPrune = Number.NEGATIVE_INFINITY;
  let lastBucket = Number.NaN;
  return async (now = new Date()) => {
    const bucket = sampleBucket(now).getTime();
    let sampled = 0;
    if (bucket !== lastBucket) {
      sampled = await sampleEstateHealth(now);
      lastBucket = bucket;
    }
    let pruned: { events: number; samples: number; alerts: number } | null = null;
    if (now.getTime() - lastPrune >= pruneEveryMs) {
      pruned = await pruneHealthHistory(retentionDays, now);
      lastPrune = now.getTime();
    }
    return { sampled, pruned };
  };
}
