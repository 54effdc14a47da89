import fs from "node:fs";
import path from "node:path";
import { db } from "@/server/db/client";
import { API_VERSION } from "@/server/rest/api-version";
import { WORKER_APPLICATION_PREFIX } from "@/server/sync/queue";
import pkg from "../../../package.json";

// GET /api/status/ — NetBox's StatusView (django-version, installed-apps, netbox-version, plugins,
// python-version, rq-workers-running) told honestly for a Node app: our own version, the NetBox API
// level we answer as, the libraries that matter, the database and the sync workers alive right now.

/** The libraries that shape the API's behaviour (NetBox lists its Django apps here). */
const INSTALLED_APPS = ["next", "@trpc/server", "@prisma/client", "pg-boss", "zod", "pino"];

// The file reads below carry turbopackIgnore: they are runtime look-ups, not files for the build to trace
// (without it, Next would copy the whole project into the server output).

function installedVersion(name: string): string | null {
  try {
    const file = path.join(/*turbopackIgnore: true*/ process.cwd(), "node_modules", name, "package.json");
    return (
      (JSON.parse(fs.readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as { version?: string }).version ??
      null
    );
  } catch {
    return null;
  }
}

function committedMigrations(): string[] {
  try {
    // As src/server/db/migrate.ts finds them (not imported: the build would trace its file reads).
    const dir =
      process.env.PROXBOX_MIGRATIONS_DIR ??
      path.resolve(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations");
    return fs
      .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
      .filter(
        (d) =>
          d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")),
      )
      .map((d) => d.name);
  } catch {
    return [];
  }
}

export interface DatabaseStatus {
  up: boolean;
  version: string | null;
  migrations_applied: number | null;
  migrations_pending: number | null;
}

async function databaseStatus(): Promise<DatabaseStatus> {
  try {
    const [{ version }] = await db.$queryRaw<
      { version: string }[]
    >`select current_setting('server_version') as version`;
    const applied = await db.$queryRaw<{ name: string }[]>`
      select migration_name as name from _prisma_migrations
      where finished_at is not null and rolled_back_at is null`;
    const done = new Set(applied.map((r) => r.name));
    const committed = committedMigrations();
    return {
      up: true,
      version,
      migrations_applied: done.size,
      // Unknown when the migration files are not next to the app (a bare dist/ deployment).
      migrations_pending: committed.length === 0 ? null : committed.filter((m) => !done.has(m)).length,
    };
  } catch {
    // The error text may name hosts or users: the status page only says the database is down.
    return { up: false, version: null, migrations_applied: null, migrations_pending: null };
  }
}

/**
 * Sync workers alive now: every process that runs one names its pg-boss connections
 * `proxbox-worker:<host>:<pid>` (src/server/sync/queue.ts), so the distinct names among this
 * database's sessions count them — on every machine, with no table or heartbeat to maintain.
 */
export async function workersRunning(): Promise<number | null> {
  try {
    const [row] = await db.$queryRaw<{ n: bigint }[]>`
      select count(distinct application_name) as n from pg_stat_activity
      where datname = current_database() and application_name like ${`${WORKER_APPLICATION_PREFIX}%`}`;
    return Number(row?.n ?? 0);
  } catch {
    return null;
  }
}

export async function statusReport() {
  const [database, workers] = await Promise.all([databaseStatus(), workersRunning()]);
  const installed = Object.fromEntries(
    INSTALLED_APPS.map((name) => [name, installedVersion(name)]).filter(([, v]) => v !== null),
  );
  return {
    "proxbox-version": pkg.version,
    // The NetBox REST API level Proxbox is compatible with (the API-Version header), not a NetBox install.
    "netbox-version": API_VERSION,
    "installed-apps": installed,
    plugins: { proxbox: pkg.version },
    "node-version": process.versions.node,
    database,
    "workers-running": workers,
  };
}
