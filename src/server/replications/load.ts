import { db } from "@/server/db/client";
import { inIdOrder } from "@/server/filters";
import {
  type ReplicationDetail,
  type ReplicationListRow,
  replicationDetailSelect,
  replicationListSelect,
} from "./rows";

// Rows for a page of ids from the filterset, in the filterset's order.

export async function loadListRows(ids: number[]): Promise<ReplicationListRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.replication.findMany({ where: { id: { in: ids } }, select: replicationListSelect });
  return inIdOrder(ids, rows);
}

export async function loadDetails(ids: number[]): Promise<ReplicationDetail[]> {
  if (ids.length === 0) return [];
  const rows = await db.replication.findMany({ where: { id: { in: ids } }, select: replicationDetailSelect });
  return inIdOrder(ids, rows);
}
