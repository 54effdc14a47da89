import { dispatchAlertEvents, rescueDeliveries } from "@/server/alerts/dispatch";
import { evaluateAlertCandidates } from "@/server/alerts/events";
import { db } from "@/server/db/client";
import type { Env } from "@/server/env";
import { healthHistoryTicker } from "@/server/health-history/maintenance";
import { logger } from "@/server/log";
import { computeNextRun } from "@/server/schedules/service";
import { purgeStaleReplications } from "./purge";
import { reapDeadRuns, requestSyncAll } from "./service";

// The scheduler loop, run by every process with a worker. Each tick claims due schedules with
// FOR UPDATE SKIP LOCKED and advances their next_run_at in the same transaction (so two processes
// never fire the same one), requests their runs, and reaps runs whose worker died.

interface DueSchedule {
  id: number;
  name: string;
  kind: "full" | "replications";
  endpoint_ids: number[];
  interval_minutes: number | null;
  cron: string | null;
}

export async function schedulerTick(now = new Date()): Promise<number> {
  // Claim and advance in one short transaction, then request the runs after it commits. Requesting
  // inside it held the transaction for as long as enqueueing took: with 50 endpoints that passed the
  // interactive transaction's 5 s limit, the advance was rolled back and the schedule fired again on
  // every tick (issue 12's many-endpoints test). A process dying between the two loses one firing,
  // never repeats one.
  const due = await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<DueSchedule[]>`
      select id, name, kind::text as kind, endpoint_ids, interval_minutes, cron from sync_schedule
       where enabled and next_run_at is not null and next_run_at <= ${now}
       for update skip locked`;
    for (const s of rows) {
      const next = computeNextRun({ intervalMinutes: s.interval_minutes, cron: s.cron }, now);
      await tx.syncSchedule.update({ where: { id: s.id }, data: { lastRunAt: now, nextRunAt: next } });
    }
    return rows;
  });
  let fired = 0;
  for (const s of due) {
    try {
      const runs = await requestSyncAll({
        kind: s.kind,
        endpointIds: s.endpoint_ids,
        trigger: "schedule",
        requestedBy: `schedule ${s.name}`,
        scheduleId: s.id,
      });
      fired += runs.filter((r) => r.created).length;
      logger.info({ schedule: s.name, runs: runs.map((r) => r.run.id) }, "scheduled sync enqueued");
    } catch (err) {
      logger.error({ err, schedule: s.name }, "scheduled sync could not be enqueued");
    }
  }
  return fired;
}

/** One alert pass: evaluate time-based conditions, match pending events, re-queue stranded deliveries. */
export async function alertTick(): Promise<void> {
  try {
    const raised = await evaluateAlertCandidates();
    const matched = await dispatchAlertEvents();
    const rescued = await rescueDeliveries();
    if (raised || matched.deliveries || rescued)
      logger.info({ raised, ...matched, rescued }, "alerts evaluated and dispatched");
  } catch (err) {
    // Alerts must never stop the scheduler's other duties (schedules, reaping, purging).
    logger.error({ err }, "alert pass failed");
  }
}

export function startScheduler(
  settings: Pick<
    Env,
    | "PROXBOX_SCHEDULER_INTERVAL_MS"
    | "PROXBOX_HEARTBEAT_TIMEOUT_MS"
    | "PROXBOX_STALE_PURGE_DAYS"
    | "PROXBOX_HEALTH_HISTORY_DAYS"
  >,
): () => void {
  const intervalMs = settings.PROXBOX_SCHEDULER_INTERVAL_MS;
  // Estate samples (one per endpoint per 15 minutes) and the retention prune (hourly per process).
  const healthHistory = healthHistoryTicker(settings.PROXBOX_HEALTH_HISTORY_DAYS);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await schedulerTick();
      const reaped = await reapDeadRuns(settings.PROXBOX_HEARTBEAT_TIMEOUT_MS);
      if (reaped) logger.warn({ reaped }, "marked runs of dead workers failed");
      const purged = await purgeStaleReplications(settings.PROXBOX_STALE_PURGE_DAYS);
      if (purged) logger.info({ purged }, "purged stale replications (PROXBOX_STALE_PURGE_DAYS)");
      // Alerts: overdue and stuck arrive by the clock; then match what is pending to rules.
      await alertTick();
      const history = await healthHistory();
      if (history.pruned && history.pruned.events + history.pruned.samples + history.pruned.alerts > 0) {
        logger.info({ ...history.pruned }, "pruned health history (PROXBOX_HEALTH_HISTORY_DAYS)");
      }
    } catch (err) {
      logger.error({ err }, "scheduler tick failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
