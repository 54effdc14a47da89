import { hostname } from "node:os";
import PgBoss from "pg-boss";
import { runtimeDatabaseUrl } from "@/server/db/client";
import { logger } from "@/server/log";

// Sync runs execute as pg-boss jobs on the application's own PostgreSQL: any process with a worker
// (the web server by default, `proxbox worker` for scale-out) may pick a run up.

const SYNC_QUEUE = "proxbox-sync";

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
