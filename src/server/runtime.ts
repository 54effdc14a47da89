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

/** Background services of the web process; filled in by the sync worker and scheduler. */
export async function startBackground(_env: Env): Promise<void> {}
