import { Prisma } from "@/generated/prisma/client";
import { SYNC_KIND } from "@/lib/vocabulary";
import { db } from "@/server/db/client";
import { columnsOf, type FilterSetDef, inIdOrder } from "@/server/filters";
import {
  loadObjectChanges,
  type ObjectChangeRow,
  objectChangeFilterSet,
} from "@/server/object-changes/service";
import { loadSyncRuns, type SyncRunRow, syncRunFilterSet } from "@/server/sync-runs/service";
import type { RestResource } from "../resource";
import {
  objectChangeSchema,
  type ScheduleRow,
  scheduleSchema,
  serializeObjectChange,
  serializeSchedule,
  serializeSyncRun,
  syncRunSchema,
} from "../serializers/operations";

// Sync runs, sync schedules and the change log, read through the REST API.

export const syncRunResource: RestResource<SyncRunRow> = {
  path: "sync-runs",
  model: "SyncRun",
  description: "Sync runs: queued → running → succeeded / failed / partial (read-only)",
  filterSet: syncRunFilterSet,
  load: loadSyncRuns,
  serialize: (row, ctx) => serializeSyncRun(row, ctx.url),
  briefFields: ["id", "url", "display", "kind", "state"],
  schema: syncRunSchema,
};

const s = columnsOf("ss");

// The schedule service belongs to the scheduler; its REST list needs the filter language too.
export const scheduleFilterSet: FilterSetDef = {
  from: Prisma.sql`sync_schedule ss`,
  id: s.col("id"),
  fields: {
    id: s.int("id"),
    name: s.text("name"),
    kind: s.choice("kind", SYNC_KIND),
    interval_minutes: s.int("interval_minutes"),
    cron: s.text("cron"),
    enabled: s.bool("enabled"),
    last_run_at: s.time("last_run_at"),
    next_run_at: s.time("next_run_at"),
    created: s.time("created"),
    last_updated: s.time("last_updated"),
  },
  custom: {
    // A schedule with no endpoints covers them all.
    endpoint_id: {
      kind: "int",
      toSql: (v) => Prisma.sql`(${v}::int4 = ANY(ss.endpoint_ids) OR cardinality(ss.endpoint_ids) = 0)`,
    },
  },
  search: (p) => Prisma.sql`(ss.name ILIKE ${p} OR ss.cron ILIKE ${p})`,
  ordering: {
    id: [s.col("id")],
    name: [s.col("name")],
    enabled: [s.col("enabled")],
    next_run_at: [s.col("next_run_at")],
    last_run_at: [s.col("last_run_at")],
    created: [s.col("created")],
  },
  defaultOrdering: ["name"],
};

export async function loadSchedules(ids: number[]): Promise<ScheduleRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.syncSchedule.findMany({ where: { id: { in: ids } } });
  const endpointIds = [...new Set(rows.flatMap((r) => r.endpointIds))];
  const endpoints = await db.proxmoxEndpoint.findMany({
    where: { id: { in: endpointIds } },
    select: { id: true, name: true },
  });
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  const withEndpoints = rows.map((r) => ({
    ...r,
    endpoints: r.endpointIds.flatMap((id) => byId.get(id) ?? []),
  }));
  return inIdOrder(ids, withEndpoints);
}

export const scheduleResource: RestResource<ScheduleRow> = {
  path: "schedules",
  model: "SyncSchedule",
  description: "Scheduled syncs (every N minutes or a cron expression)",
  filterSet: scheduleFilterSet,
  load: loadSchedules,
  serialize: (row, ctx) => serializeSchedule(row, ctx.url),
  briefFields: ["id", "url", "display", "name", "enabled"],
  schema: scheduleSchema,
  lastUpdated: (row) => row.lastUpdated,
};

export const objectChangeResource: RestResource<ObjectChangeRow> = {
  path: "object-changes",
  model: "ObjectChange",
  description: "The change log: every create, update and delete with pre/post snapshots (read-only)",
  filterSet: objectChangeFilterSet,
  load: loadObjectChanges,
  serialize: (row, ctx) => serializeObjectChange(row, ctx.url),
  briefFields: ["id", "url", "display", "action"],
  schema: objectChangeSchema,
};
