import { Prisma } from "@/generated/prisma/client";
import type { RawClient } from "./relations";
import type { FilterSetDef, Sql } from "./types";

// The queries behind every list: the count and one page of ids (one statement), or every matching id.
// Rows are then loaded by id with an explicit select, so the filter SQL never decides which columns
// leave the database.

export async function selectIds(
  client: RawClient,
  def: FilterSetDef,
  where: Sql,
  orderBy: Sql,
  page?: { limit: number; offset: number },
): Promise<number[]> {
  const paging = page ? Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}` : Prisma.empty;
  const rows = await client.$queryRaw<{ id: number }[]>(
    Prisma.sql`SELECT ${def.id} AS id FROM ${def.from} WHERE ${where} ORDER BY ${orderBy} ${paging}`,
  );
  return rows.map((r) => r.id);
}

/**
 * The count and one page of ids in a single statement: two independent subqueries, each planned on its
 * own (the page can still walk an index in order), but one round trip. Under load the list API's cost
 * is mostly per statement (pool queueing, socket writes), so this is cheaper than two parallel queries.
 */
export async function countAndPage(
  client: RawClient,
  def: FilterSetDef,
  where: Sql,
  orderBy: Sql,
  page: { limit: number; offset: number },
): Promise<{ count: number; ids: number[] }> {
  const rows = await client.$queryRaw<{ n: number; ids: number[] }[]>(
    Prisma.sql`SELECT (SELECT count(*)::int FROM ${def.from} WHERE ${where}) AS n,
      ARRAY(SELECT ${def.id} FROM ${def.from} WHERE ${where} ORDER BY ${orderBy}
        LIMIT ${page.limit} OFFSET ${page.offset}) AS ids`,
  );
  return { count: rows[0]?.n ?? 0, ids: rows[0]?.ids ?? [] };
}

/** Restores the order of `ids` after a `findMany({ where: { id: { in: ids } } })`. */
export function inIdOrder<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
