import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { SYNC_KIND, SYNC_STATE, SYNC_TRIGGER } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { reader } from "@/server/db/reader";
import { columnsOf, type FilterSetDef, filterPage } from "@/server/filters";
import { ENDPOINT_NAME, endpointRelation, rowsById, sortable } from "@/server/inventory/reader";

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
  relations: { endpoint: endpointRelation(c) },
  search: (p) => Prisma.sql`(sr.target ILIKE ${p} OR sr.error ILIKE ${p} OR sr.requested_by ILIKE ${p})`,
  ordering: {
    ...sortable(c, "id", "created", "started_at", "finished_at"),
    kind: [Prisma.raw("sr.kind::text")],
    state: [Prisma.raw("sr.state::text")],
    trigger: [Prisma.raw("sr.trigger::text")],
    endpoint: [ENDPOINT_NAME],
  },
  defaultOrdering: ["-created", "-id"],
};

/** What the runs table shows: everything but the per-stage report and the (up to 1000-line) log. */
const syncRunSummarySelect = {
  id: true,
  kind: true,
  target: true,
  trigger: true,
  state: true,
  stage: true,
  progress: true,
  counts: true,
  error: true,
  requestedBy: true,
  created: true,
  startedAt: true,
  finishedAt: true,
  endpoint: { select: { id: true, name: true } },
} satisfies Prisma.SyncRunSelect;
export type RunSummary = Prisma.SyncRunGetPayload<{ select: typeof syncRunSummarySelect }>;

const syncRunSelect = {
  ...syncRunSummarySelect,
  stages: true,
  warnings: true,
  errors: true,
  log: true,
  scheduleId: true,
} satisfies Prisma.SyncRunSelect;
export type SyncRunRow = Prisma.SyncRunGetPayload<{ select: typeof syncRunSelect }>;

export const loadSyncRuns = rowsById((where) => db.syncRun.findMany({ where, select: syncRunSelect }));
const loadRunSummaries = rowsById((where) => db.syncRun.findMany({ where, select: syncRunSummarySelect }));

export const runListInput = z.object({
  endpointId: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
});

/** The runs table: newest first, optionally one endpoint's (an unknown endpoint has none). */
export async function listRunSummaries(input: z.input<typeof runListInput>) {
  const { endpointId, limit, offset } = runListInput.parse(input);
  // API mode: `endpoint_id` of a deleted endpoint yields no rows instead of being dropped.
  const query = endpointId ? `endpoint_id=${endpointId}` : "";
  const page = await filterPage(reader, syncRunFilterSet, query, "api", { limit, offset });
  return { count: page.count, rows: await loadRunSummaries(page.ids) };
}
