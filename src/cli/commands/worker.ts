import type { Command } from "commander";
import { bootDatabase } from "@/server/db/boot";
import { parseEnv } from "@/server/env";
import { logger } from "@/server/log";
import { onShutdown, startBackground } from "@/server/runtime";

export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("run a sync worker and the scheduler until stopped (scale out: several on one PostgreSQL)")
    .action(async () => {
      const env = parseEnv();
      // A worker is long-running like the web server: others may attach to an embedded server it owns.
      const db = await bootDatabase(env, "server", (m) => logger.debug({ component: "postgres" }, m));
      onShutdown(() => db.stop());
      await startBackground(env, { force: true });
      logger.info({ pid: process.pid }, "proxbox worker ready");
      await new Promise(() => undefined); // until SIGINT/SIGTERM
    });
}
