import http from "node:http";
import next from "next";
import { countUsers } from "@/server/auth/service";
import { type BootedDatabase, bootDatabase } from "@/server/db/boot";
import type { Env } from "@/server/env";
import { recordPeer } from "@/server/http/forwarded";
import { logger } from "@/server/log";
import { onShutdown, startBackground } from "@/server/runtime";

// The web process: database (embedded by default) with migrations applied, the built Next.js app
// (or, with `dev`, Next's development server: compiled on demand, hot reload), and — unless
// PROXBOX_WORKER=off — a sync worker and the scheduler.
export async function startWebServer(
  env: Env,
  opts: { dev?: boolean } = {},
): Promise<{ db: BootedDatabase; server: http.Server }> {
  const db = await bootDatabase(env, "server", (msg) => logger.debug({ component: "postgres" }, msg));
  logger.info({ database: db.embedded ? `embedded (${env.dataDir})` : "external" }, "database ready");
  // Shutdown hooks run last-registered first: background work, then HTTP, then the database.
  onShutdown(() => db.stop());
  const app = next({ dev: opts.dev ?? false, dir: process.cwd(), hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    // Route handlers learn the TCP peer from this header only (src/server/http/forwarded.ts), to tell a
    // trusted proxy's X-Forwarded-* from a client's. Links are built from Host, not from the `hostname`
    // given to next() above, which only sets the bind address request.url carries.
    recordPeer(req);
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  onShutdown(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  await startBackground(env);
  console.error(`Proxbox is running on http://localhost:${env.PORT}`);
  if ((await countUsers()) === 0) {
    // Never a default password: the first admin is created deliberately, from the command line.
    console.error(
      "No user exists yet. Create the first admin with:\n  npm run proxbox -- user create admin --role admin",
    );
  }
  return { db, server };
}
