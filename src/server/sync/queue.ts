import { hostname } from "node:os";
import PgBoss from "pg-boss";
import { runtimeDatabaseUrl } from "@/server/db/client";
import { logger } from "@/server/log";

// Sync runs execute as pg-boss jobs on the application's own PostgreSQL: any process with a worker
// (the web server by default, `proxbox worker` for scale-out) may pick a run up.

const SYNC_QUEUE = "proxbox-sync";
/** Alert deliveries (issue 14): their own queue, so a hung receiver never holds up a sync. */
const ALERT_QUEUE = "proxbox-alert";

const globalForBoss = globalThis as unknown as { proxboxBoss?: Promise<PgBoss>; proxboxWorker?: boolean };

/** A process running a sync worker names its connections `proxbox-worker:<host>:<pid>`; GET /api/status/ counts them. */
export const WORKER_APPLICATION_PREFIX = "proxbox-worker:";

async function startBoss(): Promise<PgBoss> {
  // PostgreSQL keeps 63 bytes of application_name; the pid at the end must survive a long host name.
  const name = globalForBoss.proxboxWorker
    ? `${WORKER_APPLICATION_PREFIX}${hostname().slice(0, 40)}:${process.pid}`
    : "proxbox";
  const boss = new PgBoss({
    connectionString: runtimeDatabaseUrl(),
    schema: "pgboss",
    max: 4,
    application_name: name,
  });
  boss.on("error", (err) => logger.error({ err }, "pg-boss error"));
  await boss.start();
  await boss.createQueue(SYNC_QUEUE).catch(() => undefined); // already exists
  // "stately": at most one waiting job per delivery (singletonKey), so a rescue never doubles one.
  await boss.createQueue(ALERT_QUEUE, { name: ALERT_QUEUE, policy: "stately" }).catch(() => undefined);
  return boss;
}

function getBoss(): Promise<PgBoss> {
  globalForBoss.proxboxBoss ??= startBoss().catch((err) => {
    globalForBoss.proxboxBoss = undefined;
    throw err;
  });
  return globalForBoss.proxboxBoss;
}

export async function enqueueRun(runId: number): Promise<string | null> {
  const boss = await getBoss();
  // Runs report their own failures; a retry would silently re-run a sync nobody asked for twice.
  return boss.send(SYNC_QUEUE, { runId }, { retryLimit: 0, expireInSeconds: 6 * 3600 });
}

/** Retries with exponential backoff (pg-boss): 5 attempts after the first, 30 s, 60 s, 120 s … by default. */
export interface AlertRetryPolicy {
  retryLimit: number;
  retryDelaySeconds: number;
}

let alertRetry: AlertRetryPolicy = { retryLimit: 5, retryDelaySeconds: 30 };

export function setAlertRetryPolicy(policy: AlertRetryPolicy): void {
  alertRetry = policy;
}

export async function enqueueAlertDelivery(deliveryId: number, startAfter: Date): Promise<string | null> {
  const boss = await getBoss();
  return boss.send(
    ALERT_QUEUE,
    { deliveryId },
    {
      singletonKey: `delivery:${deliveryId}`,
      startAfter,
      retryLimit: alertRetry.retryLimit,
      retryDelay: alertRetry.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: 15 * 60,
    },
  );
}

/** Runs deliveries in this process: `concurrency` at a time, each bounded by its destination's timeout. */
export async function startAlertWorker(
  handler: (deliveryId: number, attempt: { retryCount: number; retryLimit: number }) => Promise<void>,
  concurrency = 4,
): Promise<void> {
  const boss = await getBoss();
  for (let i = 0; i < concurrency; i++) {
    await boss.work<{ deliveryId: number }>(
      ALERT_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
      async ([job]) => {
        if (job)
          await handler(job.data.deliveryId, { retryCount: job.retryCount, retryLimit: job.retryLimit });
      },
    );
  }
}

export async function stopAlertWorker(): Promise<void> {
  if (!globalForBoss.proxboxBoss) return;
  const boss = await globalForBoss.proxboxBoss.catch(() => undefined);
  await boss?.offWork(ALERT_QUEUE);
}

export const workerId = () => `${hostname()}:${process.pid}`;

export async function startSyncWorker(
  handler: (runId: number) => Promise<void>,
  concurrency = 2,
): Promise<void> {
  // Set before the first getBoss(): the web server and `proxbox worker` start their worker at boot.
  globalForBoss.proxboxWorker = true;
  const boss = await getBoss();
  for (let i = 0; i < concurrency; i++) {
    await boss.work<{ runId: number }>(
      SYNC_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: 1 },
      async ([job]) => {
        if (job) await handler(job.data.runId);
      },
    );
  }
}

/**
 * Stops this process's sync workers from fetching more jobs, at once (pg-boss offWork); a job already
 * fetched still reaches the handler, which then hands it back (see processRun).
 */
export async function stopWorking(): Promise<void> {
  if (!globalForBoss.proxboxWorker || !globalForBoss.proxboxBoss) return;
  const boss = await globalForBoss.proxboxBoss.catch(() => undefined);
  await boss?.offWork(SYNC_QUEUE);
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.proxboxBoss;
  globalForBoss.proxboxBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 10_000 }).catch(() => undefined);
}
