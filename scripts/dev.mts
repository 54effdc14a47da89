// `npm run dev`: the app with hot reload — Next's development server (Turbopack) inside the same web
// process as `npm start`: embedded PostgreSQL in PROXBOX_DATA_DIR (default ./data) with migrations
// applied, the sync worker and the scheduler. Pages and route handlers reload on save; a change to
// the process's own server code (worker, scheduler, database boot) needs a restart. Logs are formatted
// for people (PROXBOX_LOG_FORMAT=json for JSON lines).
process.env.PROXBOX_LOG_FORMAT ??= "pretty";
const { ConfigError, parseEnv } = await import("@/server/env");
const { startWebServer } = await import("@/server/web-server");

try {
  await startWebServer(parseEnv(), { dev: true });
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
