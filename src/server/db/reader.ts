import "server-only";
import { createHash } from "node:crypto";
import pg from "pg";
import type { Prisma } from "@/generated/prisma/client";
import { currentDbPurpose, type DbPurpose, statementTimeoutMs } from "./client";
import { sharedPool } from "./pools";

// The read path of every list request (filters, page loaders, the token and session lookups): plain
// node-postgres instead of Prisma's raw API. Profiled in-process (bench/phase.ts), Prisma turned the
// 50 rows of one list page into objects in ~2.9 ms of CPU, node-postgres in ~0.4 ms; under load that
// was the largest single cost of a REST list request. Same pools by purpose as ./client.ts: the
// request pool cancels statements after PROXBOX_STATEMENT_TIMEOUT_MS, the background pool never does.
// Results read as Prisma's raw results do for the types these statements return: int4/float8 as
// numbers, jsonb parsed, and timestamp(3) columns (UTC, without time zone) as Dates in UTC.

const POOL_SIZE: Record<DbPurpose, number> = { request: 10, background: 4 };

const timestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, "text");
/** `timestamp` is stored in UTC; node-postgres would read it in the process's local time zone. */
function parseUtcTimestamp(value: string): Date | number {
  return /infinity$/.test(value) ? timestamptz(value) : timestamptz(`${value}+00`);
}
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === pg.types.builtins.TIMESTAMP && format !== "binary") return parseUtcTimestamp;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function pool(purpose: DbPurpose = currentDbPurpose()): pg.Pool {
  const timeout = purpose === "request" ? statementTimeoutMs() : 0;
  return sharedPool(`read:${purpose}`, {
    max: POOL_SIZE[purpose],
    types,
    ...(timeout > 0 ? { statement_timeout: timeout } : {}),
    application_name: `proxbox-${purpose}-read`,
    // Each connection keeps the statements prepared on it (see prepared()); recycling it bounds that.
    maxUses: 1000,
  });
}

// Statements run again and again (the same list with other values, the token lookup) are prepared:
// PostgreSQL then parses them once per connection and, after five runs, may keep a generic plan
// instead of planning each time. Planning a list page's statement took ~5 ms, as long as running it.
// Only a statement seen PREPARE_AFTER times is prepared, so one-off queries (every distinct filter
// combination is a distinct text) never pile up on a connection.
const PREPARE_AFTER = 3;
const seen = new Map<string, number>();

function prepared(text: string, values: unknown[]): pg.QueryConfig {
  const name = createHash("sha1").update(text).digest("base64url");
  const runs = (seen.get(name) ?? 0) + 1;
  if (runs >= PREPARE_AFTER) return { name, text, values };
  if (seen.size >= 1000) seen.clear();
  seen.set(name, runs);
  return { text, values };
}

/** Rows of a read-only statement written with Prisma.sql (its `$n` text and values). */
export async function readRows<T>(query: Prisma.Sql): Promise<T[]> {
  return (await pool().query(prepared(query.text, query.values))).rows as T[];
}

/** Rows of a constant read-only statement with positional parameters. */
export async function readRowsText<T>(text: string, ...params: unknown[]): Promise<T[]> {
  return (await pool().query(prepared(text, params))).rows as T[];
}

/** The filter engine's client interface (`$queryRaw`) over readRows, for list requests. */
export const reader = {
  $queryRaw<T = unknown>(query: Prisma.Sql): Promise<T> {
    return readRows(query) as Promise<T>;
  },
};
