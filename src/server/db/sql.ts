import "server-only";
import type pg from "pg";
import { sharedPool } from "./pools";

// Plain node-postgres for the sync's set-based statements: large array parameters through Prisma's
// raw API cost about 4× more than through pg directly (measured: 10,000-row INSERT … unnest
// 1.4 s vs 0.35 s). Everything else uses Prisma.

export interface Sql {
  /** Parameters are variadic, like Prisma's $queryRawUnsafe, so call sites read the same. */
  query<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  execute(text: string, ...params: unknown[]): Promise<number>;
}

function pool(): pg.Pool {
  return sharedPool("sql", { max: 4 });
}

function wrap(client: pg.PoolClient): Sql {
  return {
    async query<T>(text: string, ...params: unknown[]) {
      return (await client.query(text, params)).rows as T[];
    },
    async execute(text: string, ...params: unknown[]) {
      return (await client.query(text, params)).rowCount ?? 0;
    },
  };
}

/** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
export async function sqlTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  // While checked out, a client has no listener of the pool's: the server going away (a restart)
  // would otherwise emit an unhandled 'error' and end the process. The failed statement reports it.
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    await client.query("begin");
    const result = await fn(wrap(client));
    await client.query("commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch((rollbackErr: Error) => {
      broken ??= rollbackErr;
    });
    throw err;
  } finally {
    client.off("error", onError);
    // A connection that failed is dropped from the pool, not handed to the next transaction.
    client.release(broken);
  }
}
