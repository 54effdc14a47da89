import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";

// NetBox-style change log. Every create/update/delete — from the UI, the REST API, the CLI or a sync —
// writes one ObjectChange with pre/post snapshots (FKs as ids, no nesting, no created/last_updated).

export type ChangeAction = "create" | "update" | "delete";

export interface ObjectChangeInput {
  action: ChangeAction;
  objectType: string; // "proxbox.replication", "proxbox.endpoint", ...
  objectId: number;
  objectRepr: string;
  pre: Record<string, unknown> | null;
  post: Record<string, unknown> | null;
  relatedObjectType?: string;
  relatedObjectId?: number;
  message?: string;
}

export interface Actor {
  userId: number | null;
  userName: string; // the user's name, or "sync"
  requestId: string; // uuid, echoed as X-Request-ID
}

const SNAPSHOT_EXCLUDED = new Set(["created", "last_updated", "lastUpdated"]);

/** The snapshot NetBox stores: scalar fields only, timestamps as ISO strings, change-noise removed. */
export function snapshot(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (SNAPSHOT_EXCLUDED.has(k) || k.startsWith("_")) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

export async function recordObjectChanges(
  actor: Actor,
  changes: ObjectChangeInput[],
  client: Prisma.TransactionClient = db,
): Promise<number> {
  if (changes.length === 0) return 0;
  const time = new Date();
  const result = await client.objectChange.createMany({
    data: changes.map((c) => ({
      time,
      userId: actor.userId,
      userName: actor.userName,
      requestId: actor.requestId,
      action: c.action,
      changedObjectType: c.objectType,
      changedObjectId: c.objectId,
      relatedObjectType: c.relatedObjectType ?? null,
      relatedObjectId: c.relatedObjectId ?? null,
      objectRepr: c.objectRepr.slice(0, 200),
      message: (c.message ?? "").slice(0, 200),
      prechangeData: (c.pre ?? undefined) as Prisma.InputJsonValue | undefined,
      postchangeData: (c.post ?? undefined) as Prisma.InputJsonValue | undefined,
    })),
  });
  return result.count;
}
