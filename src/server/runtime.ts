import type { Env } from "@/server/env";
import { logger } from "@/server/log";

// Process lifecycle shared by the web server, the CLI and workers: background services and an
// ordered, once-only shutdown on SIGINT/SIGTERM so the embedded PostgreSQL always stops cleanly.

type Hook = () => Promise<void>;
const hooks: Hook[] = [];
let shuttingDown = false;

export function onShutdown(hook: Hook): void {
  hooks.unshift(hook);
  if (hooks.length === 1) {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => void shutdown(0));
    }
  }
}

export async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
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
  const { startSyncWorker, stopBoss } = await import("@/server/sync/queue");
  const { processRun } = await import("@/server/sync/service");
  const { startScheduler } = await import("@/server/sync/scheduler");
  const { runInBackground } = await import("@/server/db/client");
  // Sync work uses the background pool: no request statement timeout, no competing with requests.
  await startSyncWorker(
    (runId) => runInBackground(() => processRun(runId)),
    Number(process.env.PROXBOX_WORKER_CONCURRENCY ?? 2),
  );
  const stopScheduler = runInBackground(() => startScheduler()); // its timer keeps the context
  logger.info("sync worker and scheduler started");
  onShutdown(async () => {
    stopScheduler();
    await stopBoss();
  });
}
