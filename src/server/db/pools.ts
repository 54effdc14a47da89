import "server-only";
import pg from "pg";
import { runtimeDatabaseUrl } from "./client";

// The node-postgres pools beside Prisma's (the list reader per purpose, the sync's set-based SQL, the
// health probe), made one way: bound to the booted database's URL and made again when it changes (a
// test switching databases), an idle connection's error (the server restarting) never crashing the
// process, and all of them closed together when the database stops.

interface Entry {
  url: string;
  pool: pg.Pool;
}
// On globalThis: Next's bundle and tsx-loaded code are two module instances in one process.
const globalForPools = globalThis as unknown as { proxboxPools?: Map<string, Entry> };
globalForPools.proxboxPools ??= new Map();
const pools = globalForPools.proxboxPools;

/** The pool named `name`, created with `options` on first use against the current database. */
export function sharedPool(name: string, options: Omit<pg.PoolConfig, "connectionString">): pg.Pool {
  const url = runtimeDatabaseUrl();
  const entry = pools.get(name);
  if (entry?.url === url) return entry.pool;
  if (entry) void entry.pool.end().catch(() => undefined);
  const pool = new pg.Pool({ ...options, connectionString: url });
  pool.on("error", () => undefined);
  pools.set(name, { url, pool });
  return pool;
}

/** Ends every pool (when the database stops, or a test drops its database). */
export async function closePools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((e) => e.pool.end().catch(() => undefined)));
}
