import { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import { isValidCalendarEvent, parseCalendarEvent } from "@/lib/calendar-event";
import { type Actor, recordObjectChanges } from "@/server/changelog/service";
import { db } from "@/server/db/client";
import { reader } from "@/server/db/reader";
import { AppError } from "@/server/errors";
import { filterPage, filterPageRows, type ListInput, listInput } from "@/server/filters";
import { listObjectChanges } from "@/server/object-changes/service";
import { replicationFilterSet } from "./filterset";
import { listRowSource } from "./load";
import {
  type ReplicationDetail,
  type ReplicationListItem,
  replicationDetailSelect,
  replicationDisplay,
  replicationSnapshot,
  replicationSnapshotSelect,
  snapshotsDiffer,
  withRecoveryPoint,
} from "./rows";
import { deleteReplicationItems } from "./writes";

// The replication service: every reader and writer (UI via tRPC, REST, CLI) goes through here, and
// every list goes through the one filterset, so a query string means the same thing everywhere.

export type { ReplicationDetail, ReplicationListItem, ReplicationListRow } from "./rows";
export { replicationDisplay } from "./rows";

export interface ReplicationList {
  count: number;
  rows: ReplicationListItem[];
  /** Parameters dropped because their values were invalid, with NetBox's messages. */
  errors: Record<string, string[]>;
}

/** UI mode: invalid filter values are dropped and reported, like NetBox's list views. */
export async function listReplications(input: ListInput): Promise<ReplicationList> {
  const { query, limit, offset } = listInput.parse(input);
  const page = await filterPageRows(
    reader,
    replicationFilterSet,
    query,
    "ui",
    { limit, offset },
    listRowSource,
  );
  return { count: page.count, rows: withRecoveryPoint(page.rows), errors: page.errors };
}

/**
 * Every job matching a query string in REST parameter names, in list order. Invalid parameters are an
 * error with NetBox's field messages, as in the REST API (the CLI's `replications list`).
 */
export async function matchingReplicationIds(query: string): Promise<number[]> {
  const page = await filterPage(reader, replicationFilterSet, query, "api");
  const invalid = Object.entries(page.errors);
  if (invalid.length > 0) {
    const summary = invalid.map(([key, messages]) => `${key}: ${messages.join(" ")}`).join("; ");
    throw new AppError("BAD_REQUEST", summary, page.errors);
  }
  return page.ids;
}

export async function getReplication(id: number): Promise<ReplicationDetail | null> {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) return null;
  return db.replication.findUnique({ where: { id }, select: replicationDetailSelect });
}

/** One job's change log, newest first (its detail page's "Change log" tab), through the change-log filterset. */
export function listReplicationChanges(id: number, limit: number) {
  return listObjectChanges({
    query: `changed_object_type=proxbox.replication&changed_object_id=${id}`,
    limit,
  });
}

export const bulkPatchInput = z
  .object({
    disable: z.boolean().optional(),
    comment: z.string().max(4096).nullable().optional(),
    schedule: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .refine(isValidCalendarEvent, { error: (iss) => scheduleError(String(iss.input)) })
      .optional(),
    removeJob: z.enum(["local", "full"]).nullable().optional(),
  })
  .strict();
type BulkPatch = z.input<typeof bulkPatchInput>;

function scheduleError(text: string): string {
  try {
    parseCalendarEvent(text);
    return "invalid calendar event";
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * The most jobs one bulk edit or bulk delete may touch, whether given as ids or as "all N matching" a
 * query; REST bulk PUT/PATCH/DELETE take as many items. It bounds one transaction and its change log.
 */
export const MAX_BULK_SELECTION = 100_000;

/** Explicit ids, or every job matching a query string (NetBox's "select all N matching"). */
export const selectionInput = z.union([
  z.object({ ids: z.array(z.int().positive()).max(MAX_BULK_SELECTION) }),
  z.object({ query: z.string().max(100_000) }),
]);
export type ReplicationSelection = z.input<typeof selectionInput>;

function tooManySelected(count: number): string {
  return `A bulk operation takes at most ${MAX_BULK_SELECTION} replications; ${count} were selected.`;
}

/** The selected ids; a query selects what it matches in the UI's mode (invalid parameters dropped). */
async function resolveSelection(selection: ReplicationSelection): Promise<number[]> {
  const ids =
    "ids" in selection
      ? selection.ids.filter((id) => Number.isSafeInteger(id) && id > 0)
      : (await filterPage(reader, replicationFilterSet, selection.query, "ui")).ids;
  if (ids.length > MAX_BULK_SELECTION) throw new AppError("BAD_REQUEST", tooManySelected(ids.length));
  return ids;
}

/**
 * Bulk edit (NetBox's "Edit Selected"): one patch applied to the selected or all matching jobs, in one
 * transaction, one ObjectChange per job that actually changed. Returns the number of changed jobs.
 */
export async function bulkUpdateReplications(
  actor: Actor,
  selection: ReplicationSelection,
  patch: BulkPatch,
  message?: string,
): Promise<{ updated: number; ids: number[] }> {
  const parsed = bulkPatchInput.safeParse(patch);
  if (!parsed.success) throw patchError(parsed.error);
  const ids = await resolveSelection(selection);
  const data: Prisma.ReplicationUpdateManyMutationInput = Object.fromEntries(
    Object.entries(parsed.data).filter(([, v]) => v !== undefined),
  );
  if (ids.length === 0 || Object.keys(data).length === 0) return { updated: 0, ids: [] };
  return db.$transaction(async (tx) => {
    const before = await tx.replication.findMany({
      where: { id: { in: ids } },
      select: replicationSnapshotSelect,
    });
    const changed = before.filter((row) =>
      Object.entries(data).some(([k, v]) => row[k as keyof typeof row] !== v),
    );
    if (changed.length === 0) return { updated: 0, ids: [] };
    const changedIds = changed.map((r) => r.id);
    await tx.replication.updateMany({
      where: { id: { in: changedIds } },
      data: { ...data, lastUpdated: new Date() },
    });
    const after = await tx.replication.findMany({
      where: { id: { in: changedIds } },
      select: replicationSnapshotSelect,
    });
    const afterById = new Map(after.map((r) => [r.id, r]));
    const changes = changed.flatMap((pre) => {
      const post = afterById.get(pre.id);
      if (!post || !snapshotsDiffer(replicationSnapshot(pre), replicationSnapshot(post))) return [];
      return [
        {
          action: "update" as const,
          objectType: "proxbox.replication",
          objectId: pre.id,
          objectRepr: replicationDisplay(post),
          pre: replicationSnapshot(pre),
          post: replicationSnapshot(post),
          message,
        },
      ];
    });
    await recordObjectChanges(actor, changes, tx);
    return { updated: changedIds.length, ids: changedIds };
  });
}

function patchError(error: z.ZodError): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "non_field_errors";
    const name = key === "removeJob" ? "remove_job" : key;
    fields[name] = [...(fields[name] ?? []), issue.message];
  }
  return new AppError("BAD_REQUEST", "invalid bulk edit", fields);
}

/**
 * Bulk delete (NetBox's "Delete Selected") of the selected or all matching jobs, one transaction, one
 * ObjectChange per deleted job. Returns the number deleted.
 */
export async function bulkDeleteReplications(
  actor: Actor,
  selection: ReplicationSelection,
  message?: string,
): Promise<{ deleted: number }> {
  const ids = await resolveSelection(selection);
  return {
    deleted: await deleteReplicationItems(
      actor,
      ids.map((id) => ({ id, message })),
    ),
  };
}

export { exportReplicationsCsv } from "./export";
export { detailRowSource, listRowSource, loadDetails, loadListRows } from "./load";
export { createReplications, deleteReplicationItems, updateReplications } from "./writes";
