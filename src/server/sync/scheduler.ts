import { db } from "@/server/db/client";
import type { Env } from "@/server/env";
import { logger } from "@/server/log";
import { computeNextRun } from "@/server/schedules/service";
import { purgeStaleReplications } from "./purge";
import { reapDeadRuns, requestSyncAll } from "./service";

// The scheduler loop, run by every process with a worker. Each tick claims due schedules with
// FOR UPDATE SKIP LOCKED (so two processes never fire the same one), advances next_run_at, and reaps
// runs whose worker died.

interface DueSchedule {
  id: number;
  name: string;
  kind: "full" | "replications";
  endpoint_ids: number[];
  interval_minutes: number | null;
  cron: string | null;
}

export async function schedulerTick(now = new Date()): Promise<number> {
  let fired = 0;
  await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<DueSchedule[]>`
      select id, name, kind::text as kind, endpoint_ids, interval_minutes, cron from sync_schedule
       where enabled and next_run_at is not null and next_run_at <= ${now}
       for update skip locked`;
    for (const s of due) {
      const next = computeNextRun({ intervalMinutes: s.interval_minutes, cron: s.cron }, now);
      await tx.syncSchedule.update({ where: { id: s.id }, data: { lastRunAt: now, nextRunAt: next } });
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
  });
  return fired;
}

export function startScheduler(
  settings: Pick<
    Env,
    "PROXBOX_SCHEDULER_INTERVAL_MS" | "PROXBOX_HEARTBEAT_TIMEOUT_MS" | "PROXBOX_STALE_PURGE_DAYS"
  >,
): () => void {
  const intervalMs = settings.PROXBOX_SCHEDULER_INTERVAL_MS;
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
