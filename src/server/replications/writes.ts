import type { ReplicationStatus } from "@/generated/prisma/client";
import type { Actor, ObjectChangeInput } from "@/server/changelog/service";
import { recordObjectChanges } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import {
  type ReplicationSnapshotRow,
  replicationDisplay,
  replicationSnapshot,
  replicationSnapshotSelect,
  snapshotsDiffer,
} from "./rows";
import { build, type FieldErrorMap, uniquenessErrors, type Values, valuesOf } from "./validate";

// REST writes (POST/PUT/PATCH/DELETE, one or many): NetBox's semantics — validate everything first,
// then write all in one transaction or nothing; one ObjectChange per object, with the request's
// changelog_message; updates that change nothing are saved but not logged.

export type WriteOutcome = { ok: true; ids: number[] } | { ok: false; errors: FieldErrorMap[] };

function staleSinceFor(status: ReplicationStatus, before: ReplicationSnapshotRow | null): Date | null {
  if (status !== "stale") return null;
  return before?.status === "stale" ? before.staleSince : new Date();
}

export async function createReplications(actor: Actor, bodies: unknown[]): Promise<WriteOutcome> {
  return db.$transaction(async (tx) => {
    const built = [];
    for (const body of bodies) built.push(await build(tx, body, null, false));
    const valid = built.flatMap((b) => ("values" in b ? [b] : []));
    const unique = valid.length === built.length ? await uniquenessErrors(tx, valid) : [];
    if (valid.length < built.length || unique.some(Boolean)) {
      let u = 0;
      return { ok: false, errors: built.map((b) => ("errors" in b ? b.errors : (unique[u++] ?? {}))) };
    }
    const ids: number[] = [];
    const changes: ObjectChangeInput[] = [];
    for (const { values, message } of valid) {
      const row = await tx.replication.create({
        data: { ...values, staleSince: staleSinceFor(values.status, null) },
        select: replicationSnapshotSelect,
      });
      ids.push(row.id);
      changes.push(
        change("create", row.id, replicationDisplay(row), null, replicationSnapshot(row), message),
      );
    }
    await recordObjectChanges(actor, changes, tx);
    return { ok: true, ids };
  });
}

/** PUT (partial=false) or PATCH; ids that do not exist are skipped, as NetBox's bulk update does. */
export async function updateReplications(
  actor: Actor,
  items: { id: number; body: unknown }[],
  partial: boolean,
): Promise<WriteOutcome> {
  return db.$transaction(async (tx) => {
    const rows = await tx.replication.findMany({
      where: { id: { in: items.map((i) => i.id) } },
      select: replicationSnapshotSelect,
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const planned: { id: number; before: ReplicationSnapshotRow; values: Values; message?: string }[] = [];
    for (const item of items) {
      const before = byId.get(item.id);
      if (!before) continue;
      const built = await build(tx, item.body, valuesOf(before), partial);
      if ("errors" in built) return { ok: false, errors: [built.errors] };
      planned.push({ id: item.id, before, ...built });
    }
    const clash = (await uniquenessErrors(tx, planned)).find(Boolean);
    if (clash) return { ok: false, errors: [clash] };
    const changes: ObjectChangeInput[] = [];
    for (const { id, before, values, message } of planned) {
      const after = await tx.replication.update({
        where: { id },
        data: { ...values, staleSince: staleSinceFor(values.status, before), lastUpdated: new Date() },
        select: replicationSnapshotSelect,
      });
      const pre = replicationSnapshot(before);
      const post = replicationSnapshot(after);
      if (snapshotsDiffer(pre, post))
        changes.push(change("update", id, replicationDisplay(after), pre, post, message));
    }
    await recordObjectChanges(actor, changes, tx);
    return { ok: true, ids: planned.map((p) => p.id) };
  });
}

/** Deletes the listed ids that exist (others are skipped); returns how many were deleted. */
export async function deleteReplicationItems(
  actor: Actor,
  items: { id: number; message?: string }[],
): Promise<number> {
  const ids = items
    .map((i) => i.id)
    .filter((id) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647);
  if (ids.length === 0) return 0;
  const messages = new Map(items.map((i) => [i.id, i.message]));
  return db.$transaction(async (tx) => {
    const before = await tx.replication.findMany({
      where: { id: { in: ids } },
      select: replicationSnapshotSelect,
    });
    if (before.length === 0) return 0;
    await tx.replication.deleteMany({ where: { id: { in: before.map((r) => r.id) } } });
    const changes = before.map((pre) =>
      change("delete", pre.id, replicationDisplay(pre), replicationSnapshot(pre), null, messages.get(pre.id)),
    );
    await recordObjectChanges(actor, changes, tx);
    return before.length;
  });
}

function change(
  action: ObjectChangeInput["action"],
  objectId: number,
  objectRepr: string,
  pre: Record<string, unknown> | null,
  post: Record<string, unknown> | null,
  message?: string,
): ObjectChangeInput {
  return { action, objectType: "proxbox.replication", objectId, objectRepr, pre, post, message };
}
