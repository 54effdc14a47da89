import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";

// One Prisma client per process and purpose. The URL is resolved once at boot (embedded server or
// DATABASE_URL) and handed over through PROXBOX_RUNTIME_DATABASE_URL, so Next's bundled route code and
// tsx-loaded code (CLI, worker) agree without each starting a database.
//
// Two purposes, two connection pools, so neither can starve the other:
// - "request" (the default: pages, tRPC, REST): every statement is cancelled after
//   PROXBOX_STATEMENT_TIMEOUT_MS (default 15 s), so a pathological filter from any read-only token
//   cannot hold connections for minutes.
// - "background" (the sync worker, the scheduler, the CLI): no timeout — a large sync may legitimately
//   run long statements — and its own pool, so slow requests never take the sync's connections.
// The health check has a third, tiny pool of its own (./probe.ts).

export type DbPurpose = "request" | "background";

interface DbState {
  url: string;
  clients: Partial<Record<DbPurpose, PrismaClient>>;
}

// On globalThis: Next's bundle and tsx-loaded code are two module instances in one process.
const globalForDb = globalThis as unknown as {
  proxboxDb?: DbState;
  proxboxDbPurpose?: AsyncLocalStorage<DbPurpose>;
};
globalForDb.proxboxDbPurpose ??= new AsyncLocalStorage<DbPurpose>();
const purposeStore = globalForDb.proxboxDbPurpose;

export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
const POOL_SIZE: Record<DbPurpose, number> = { request: 10, background: 4 };

export function runtimeDatabaseUrl(): string {
  const url = process.env.PROXBOX_RUNTIME_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("the database is not started (PROXBOX_RUNTIME_DATABASE_URL is unset)");
  return url;
}

/** PROXBOX_STATEMENT_TIMEOUT_MS (validated in env.ts); 0 turns the limit off. */
export function statementTimeoutMs(): number {
  const raw = process.env.PROXBOX_STATEMENT_TIMEOUT_MS;
  const n = raw ? Number(raw) : DEFAULT_STATEMENT_TIMEOUT_MS;
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_STATEMENT_TIMEOUT_MS;
}

/**
 * The purpose of code running now: "background" inside runInBackground, else the process default
 * (PROXBOX_DB_PURPOSE, which bootDatabase sets to "background" for the CLI), else "request".
 */
export function currentDbPurpose(): DbPurpose {
  return (
    purposeStore.getStore() ?? (process.env.PROXBOX_DB_PURPOSE === "background" ? "background" : "request")
  );
}

/** Runs fn (and everything it starts, timers included) on the background pool, without the statement timeout. */
export function runInBackground<T>(fn: () => T): T {
  return purposeStore.run("background", fn);
}

function createClient(url: string, purpose: DbPurpose): PrismaClient {
  const timeout = purpose === "request" ? statementTimeoutMs() : 0;
  const adapter = new PrismaPg({
    connectionString: url,
    max: POOL_SIZE[purpose],
    // Sent as a startup parameter: the server cancels any statement of this pool after `timeout` ms.
    ...(timeout > 0 ? { statement_timeout: timeout } : {}),
    application_name: `proxbox-${purpose}`,
  });
  return new PrismaClient({ adapter });
}

export function getDb(purpose: DbPurpose = currentDbPurpose()): PrismaClient {
  const url = runtimeDatabaseUrl();
  let state = globalForDb.proxboxDb;
  if (!state || state.url !== url) {
    const stale = state;
    state = { url, clients: {} };
    globalForDb.proxboxDb = state;
    for (const client of Object.values(stale?.clients ?? {}))
      void client.$disconnect().catch(() => undefined);
  }
  state.clients[purpose] ??= createClient(url, purpose);
  return state.clients[purpose];
}

export async function disconnectDb(): Promise<void> {
  const state = globalForDb.proxboxDb;
  globalForDb.proxboxDb = undefined;
  await Promise.all(Object.values(state?.clients ?? {}).map((c) => c.$disconnect()));
}

/** `db.replication.findMany(...)` anywhere on the server, bound lazily to the booted database. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const client = getDb();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export type { PrismaClient };
