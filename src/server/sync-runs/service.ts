import { Prisma } from "@/generated/prisma/client";
import { SYNC_KIND, SYNC_STATE, SYNC_TRIGGER } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef, inIdOrder, type ListInput, listPage } from "@/server/filters";

// Sync runs for reading (the sync service creates and advances them): what ran, when, how it went.

const c = columnsOf("sr");

export const syncRunFilterSet: FilterSetDef = {
  from: Prisma.sql`sync_run sr LEFT JOIN proxmox_endpoint e ON e.id = sr.endpoint_id`,
  id: c.col("id"),
  fields: {
    id: c.int("id"),
    kind: c.choice("kind", SYNC_KIND),
    trigger: c.choice("trigger", SYNC_TRIGGER),
    state: c.choice("state", SYNC_STATE),
    target: c.text("target"),
    stage: c.text("stage"),
    progress: c.float("progress"),
    error: c.text("error"),
    requested_by: c.text("requested_by"),
    schedule_id: c.int("schedule_id"),
    created: c.time("created"),
    started_at: c.time("started_at"),
    finished_at: c.time("finished_at"),
  },
  relations: {
    endpoint: {
      idSql: c.col("endpoint_id"),
      nameSql: Prisma.raw("e.name"),
      table: "proxmox_endpoint",
      nameColumn: "name",
    },
  },
  search: (p) => Prisma.sql`(sr.target ILIKE ${p} OR sr.error ILIKE ${p} OR sr.requested_by ILIKE ${p})`,
  ordering: {
    id: [c.col("id")],
    kind: [Prisma.raw("sr.kind::text")],
    state: [Prisma.raw("sr.state::text")],
    trigger: [Prisma.raw("sr.trigger::text")],
    endpoint: [Prisma.raw("e.name")],
    created: [c.col("created")],
    started_at: [c.col("started_at")],
    finished_at: [c.col("finished_at")],
  },
  defaultOrdering: ["-created", "-id"],
};

export const syncRunSelect = {
  id: true,
  kind: true,
  target: true,
  trigger: true,
  state: true,
  stages: true,
  stage: true,
  progress: true,
  counts: true,
  warnings: true,
  errors: true,
  log: true,
  error: true,
  requestedBy: true,
  scheduleId: true,
  created: true,
  startedAt: true,
  finishedAt: true,
  endpoint: { select: { id: true, name: true } },
} satisfies Prisma.SyncRunSelect;
export type SyncRunRow = Prisma.SyncRunGetPayload<{ select: typeof syncRunSelect }>;

export async function loadSyncRuns(ids: number[]): Promise<SyncRunRow[]> {
  if (ids.length === 0) return [];
  return inIdOrder(ids, await db.syncRun.findMany({ where: { id: { in: ids } }, select: syncRunSelect }));
}

export async function listSyncRuns(input: ListInput) {
  return listPage(db, syncRunFilterSet, input, loadSyncRuns);
}

export async function getSyncRun(id: number): Promise<SyncRunRow | null> {
  return (await loadSyncRuns([id]))[0] ?? null;
}
