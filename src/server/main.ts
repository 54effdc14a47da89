// The Proxbox web process: boots the database (embedded by default), applies migrations, then serves
// the built Next.js app. Background workers attach here later (PROXBOX_WORKER=on).
import http from "node:http";
import next from "next";
import { bootDatabase } from "@/server/db/boot";
import { ConfigError, parseEnv } from "@/server/env";
import { logger } from "@/server/log";
import { onShutdown, startBackground } from "@/server/runtime";

async function main() {
  const env = parseEnv();
  const db = await bootDatabase(env, "server", (msg) => logger.debug({ component: "postgres" }, msg));
  logger.info({ database: db.embedded ? `embedded (${env.dataDir})` : "external" }, "database ready");
  // Shutdown hooks run last-registered first: background work, then HTTP, then the database.
  onShutdown(() => db.stop());
  const app = next({ dev: false, dir: process.cwd(), hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  logger.info(`Proxbox listening on http://localhost:${env.PORT}`);
  onShutdown(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await startBackground(env);
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    logger.fatal({ err }, "Proxbox failed to start");
  }
  process.exit(1);
});
