import { z } from "zod";
import type { SyncSchedule } from "@/generated/prisma/client";
import { CHANGE_ACTION, SYNC_KIND, SYNC_STATE, SYNC_TRIGGER } from "@/lib/vocabulary";
import { own } from "@/server/filters";
import type { ObjectChangeRow } from "@/server/object-changes/service";
import type { SyncRunRow } from "@/server/sync-runs/service";
import { choice, isoDateTime } from "../representation";
import type { UrlBuilder } from "../urls";
import { choiceSchema, dateTime, nestedEndpointSchema, nestedUserSchema } from "./common";
import { nestedEndpoint } from "./inventory";

// Sync runs, sync schedules and the change log.

const json = z.unknown();

export const syncRunSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    kind: choiceSchema(["full", "replications", "endpoint", "replication"]),
    endpoint: nestedEndpointSchema.nullable(),
    target: z.string().nullable(),
    trigger: choiceSchema(["manual", "schedule", "api", "cli"]),
    state: choiceSchema(["queued", "running", "succeeded", "failed", "partial"]),
    stage: z.string().nullable(),
    progress: z.number(),
    stages: json,
    counts: json,
    warnings: json,
    errors: json,
    log: json,
    error: z.string().nullable(),
    requested_by: z.string().nullable(),
    schedule_id: z.int().nullable(),
    created: dateTime,
    started_at: dateTime.nullable(),
    finished_at: dateTime.nullable(),
    duration: z
      .number()
      .nullable()
      .meta({ description: "seconds from start to finish (or to now while running)" }),
  })
  .meta({ id: "SyncRun" });

export function serializeSyncRun(r: SyncRunRow, url: UrlBuilder): z.output<typeof syncRunSchema> {
  const end = r.finishedAt ?? (r.startedAt ? new Date() : null);
  return {
    id: r.id,
    url: url("sync-runs", r.id),
    display: `${SYNC_KIND[r.kind]} sync #${r.id}`,
    kind: choice(SYNC_KIND, r.kind),
    endpoint: r.endpoint ? nestedEndpoint(r.endpoint, url) : null,
    target: r.target,
    trigger: choice(SYNC_TRIGGER, r.trigger),
    state: choice(SYNC_STATE, r.state),
    stage: r.stage,
    progress: r.progress,
    stages: r.stages,
    counts: r.counts,
    warnings: r.warnings,
    errors: r.errors,
    log: r.log,
    error: r.error,
    requested_by: r.requestedBy,
    schedule_id: r.scheduleId,
    created: isoDateTime(r.created),
    started_at: isoDateTime(r.startedAt),
    finished_at: isoDateTime(r.finishedAt),
    duration: r.startedAt && end ? (end.getTime() - r.startedAt.getTime()) / 1000 : null,
  };
}

export const scheduleSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    name: z.string(),
    kind: choiceSchema(["full", "replications", "endpoint", "replication"]),
    endpoints: z.array(nestedEndpointSchema).meta({ description: "Empty: every endpoint" }),
    interval_minutes: z.int().nullable(),
    cron: z.string().nullable(),
    enabled: z.boolean(),
    last_run_at: dateTime.nullable(),
    next_run_at: dateTime.nullable(),
    created: dateTime,
    last_updated: dateTime,
  })
  .meta({ id: "SyncSchedule" });

export type ScheduleRow = SyncSchedule & { endpoints: { id: number; name: string }[] };

export function serializeSchedule(s: ScheduleRow, url: UrlBuilder): z.output<typeof scheduleSchema> {
  return {
    id: s.id,
    url: url("schedules", s.id),
    display: s.name,
    name: s.name,
    kind: choice(SYNC_KIND, s.kind),
    endpoints: s.endpoints.map((e) => nestedEndpoint(e, url)),
    interval_minutes: s.intervalMinutes,
    cron: s.cron,
    enabled: s.enabled,
    last_run_at: isoDateTime(s.lastRunAt),
    next_run_at: isoDateTime(s.nextRunAt),
    created: isoDateTime(s.created),
    last_updated: isoDateTime(s.lastUpdated),
  };
}

export const objectChangeSchema = z
  .object({
    id: z.int(),
    url: z.url(),
    display: z.string(),
    time: dateTime,
    user: nestedUserSchema.nullable(),
    user_name: z.string(),
    request_id: z.uuid(),
    action: choiceSchema(["create", "update", "delete"]),
    changed_object_type: z.string().meta({ example: "proxbox.replication" }),
    changed_object_id: z.int(),
    changed_object: z.object({ id: z.int(), url: z.url().nullable(), display: z.string() }).nullable(),
    related_object_type: z.string().nullable(),
    related_object_id: z.int().nullable(),
    object_repr: z.string(),
    message: z.string(),
    prechange_data: z.record(z.string(), z.unknown()).nullable(),
    postchange_data: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "ObjectChange" });

const RESOURCE_OF_TYPE: Record<string, string> = {
  "proxbox.replication": "replications",
  "proxbox.endpoint": "endpoints",
  "proxbox.virtualmachine": "virtual-machines",
  "proxbox.proxmoxnode": "nodes",
  "proxbox.storage": "storage",
  "proxbox.syncschedule": "schedules",
};

/** Defence in depth: whatever a snapshot holds, nothing that looks like a credential leaves. */
const SENSITIVE_KEY = /secret|password|passwd|token_hash|tokenhash|private_key|api_key/i;
export function maskSensitive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSensitive);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SENSITIVE_KEY.test(k) && v !== null ? "********" : maskSensitive(v),
      ]),
    );
  }
  return value;
}

const snapshotOf = (v: unknown) =>
  v && typeof v === "object" ? (maskSensitive(v) as Record<string, unknown>) : null;

export function serializeObjectChange(
  c: ObjectChangeRow,
  url: UrlBuilder,
): z.output<typeof objectChangeSchema> {
  const resource = own(RESOURCE_OF_TYPE, c.changedObjectType);
  return {
    id: c.id,
    url: url("object-changes", c.id),
    display: `${c.objectRepr} ${CHANGE_ACTION[c.action].toLowerCase()}`,
    time: isoDateTime(c.time),
    user: c.user ? { id: c.user.id, url: null, display: c.user.username, username: c.user.username } : null,
    user_name: c.userName,
    request_id: c.requestId,
    action: choice(CHANGE_ACTION, c.action),
    changed_object_type: c.changedObjectType,
    changed_object_id: c.changedObjectId,
    changed_object: {
      id: c.changedObjectId,
      url: resource && c.action !== "delete" ? url(resource, c.changedObjectId) : null,
      display: c.objectRepr,
    },
    related_object_type: c.relatedObjectType,
    related_object_id: c.relatedObjectId,
    object_repr: c.objectRepr,
    message: c.message,
    prechange_data: snapshotOf(c.prechangeData),
    postchange_data: snapshotOf(c.postchangeData),
  };
}
