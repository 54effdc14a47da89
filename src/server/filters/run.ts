import { Prisma } from "@/generated/prisma/client";
import type { RawClient } from "./relations";
import type { FilterSetDef, Sql } from "./types";

// The two queries behind every list: the count and one page of ids. Rows are then loaded by id with
// an explicit Prisma select, so the filter SQL never decides which columns leave the database.

export async function countMatching(client: RawClient, def: FilterSetDef, where: Sql): Promise<number> {
  const rows = await client.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT count(*)::int AS n FROM ${def.from} WHERE ${where}`,
  );
  return rows[0]?.n ?? 0;
}

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

/** Restores the order of `ids` after a `findMany({ where: { id: { in: ids } } })`. */
export function inIdOrder<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
