import { Prisma } from "@/generated/prisma/client";
import { type columnsOf, inIdOrder, type RelationFilter, type Sql } from "@/server/filters";

// What every read-only model (guests, nodes, storages, sync runs, the change log) shares: rows loaded
// by the ids a filterset picked, through one explicit select, and the same two foreign keys. A model's
// service is then its filterset, its select and what is really its own.

type Columns = ReturnType<typeof columnsOf>;

/**
 * `findMany` over `where` (the ids) with the model's select → a loader that returns the rows in the
 * order of the ids it is given, i.e. the filterset's order.
 */
export function rowsById<Row extends { id: number }>(
  findMany: (where: { id: { in: number[] } }) => Promise<Row[]>,
): (ids: number[]) => Promise<Row[]> {
  return async (ids) => (ids.length === 0 ? [] : inIdOrder(ids, await findMany({ id: { in: ids } })));
}

/** The related names through the list query's joins (`e`, `pn`), for relations and ordering. */
export const ENDPOINT_NAME: Sql = Prisma.raw("e.name");
export const NODE_NAME: Sql = Prisma.raw("pn.name");

/** `endpoint_id` / `endpoint`: the list query joins proxmox_endpoint as `e`. */
export function endpointRelation(c: Columns): RelationFilter {
  return {
    idSql: c.col("endpoint_id"),
    nameSql: ENDPOINT_NAME,
    table: "proxmox_endpoint",
    nameColumn: "name",
  };
}

/** `node_id` / `node` (by name; names are unique per endpoint only): the list query joins proxmox_node as `pn`. */
export function nodeRelation(c: Columns): RelationFilter {
  return { idSql: c.col("node_id"), nameSql: NODE_NAME, table: "proxmox_node", nameColumn: "name" };
}

/** Ordering terms that are plain columns of the same name. */
export function sortable(c: Columns, ...names: string[]): Record<string, Sql[]> {
  return Object.fromEntries(names.map((name) => [name, [c.col(name)]]));
}
