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
    Prisma.sql`SELECT ${def.id} AS id FROM ${fromFor(def, where, orderBy)} WHERE ${where} ORDER BY ${orderBy} ${paging}`,
  );
  return rows.map((r) => r.id);
}

/** `def.from` reduced to the base table and the joins whose alias one of `sql` reads. */
export function fromFor(def: FilterSetDef, ...sql: Sql[]): Sql {
  if (!def.parts) return def.from;
  const text = sql.map((s) => s.sql).join("\n");
  const joins = def.parts.joins.filter((j) => new RegExp(`\\b${j.alias}\\.`).test(text));
  return joins.length
    ? Prisma.sql`${def.parts.base} ${Prisma.join(
        joins.map((j) => j.sql),
        " ",
      )}`
    : def.parts.base;
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
  const rows = await client.$queryRaw<{ __count: number; __ids: number[] }[]>(
    Prisma.sql`SELECT ${countAndIds(def, where, orderBy, page)}`,
  );
  return { count: rows[0]?.__count ?? 0, ids: rows[0]?.__ids ?? [] };
}

/** The select list shared by both: the count (`__count`) and the page's ids in order (`__ids`). */
function countAndIds(
  def: FilterSetDef,
  where: Sql,
  orderBy: Sql,
  page: { limit: number; offset: number },
): Sql {
  return Prisma.sql`(SELECT count(*)::int FROM ${fromFor(def, where)} WHERE ${where}) AS __count,
      ARRAY(SELECT ${def.id} FROM ${fromFor(def, where, orderBy)} WHERE ${where} ORDER BY ${orderBy}
        LIMIT ${page.limit} OFFSET ${page.offset}) AS __ids`;
}

/**
 * How a model's rows are read for a page: a constant `SELECT … FROM <table> <joins>` (no WHERE), the
 * expression of its primary key, and the mapping of one raw row.
 */
export interface RowSource<Row> {
  select: string;
  id: string;
  map(raw: Record<string, unknown>): Row;
}

/**
 * The count, one page of ids and that page's rows in a single statement. Each statement costs a
 * round trip of socket writes and reads; on this kind of machine those syscalls were the largest
 * single cost of a list request under load (profiled: ~10% of the server's CPU in writev), so a page
 * is read in two statements (authentication, this) rather than three.
 */
export async function countPageRows<Row>(
  client: RawClient,
  def: FilterSetDef,
  where: Sql,
  orderBy: Sql,
  page: { limit: number; offset: number },
  source: RowSource<Row>,
): Promise<{ count: number; ids: number[]; rows: Row[] }> {
  const raw = await client.$queryRaw<Record<string, unknown>[]>(
    Prisma.sql`WITH __page AS MATERIALIZED (SELECT ${countAndIds(def, where, orderBy, page)})
      SELECT __page.__count, __page.__ids, __rows.* FROM __page
        LEFT JOIN LATERAL (${Prisma.raw(source.select)} WHERE ${Prisma.raw(source.id)} = ANY(__page.__ids)) __rows
        ON true`,
  );
  const ids = (raw[0]?.__ids as number[] | undefined) ?? [];
  const rows = ids.length ? raw.map((r) => source.map(r)) : [];
  return {
    count: (raw[0]?.__count as number | undefined) ?? 0,
    ids,
    rows: inIdOrder(ids, rows as (Row & { id: number })[]),
  };
}

/** Restores the order of `ids` after a `findMany({ where: { id: { in: ids } } })`. */
export function inIdOrder<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
