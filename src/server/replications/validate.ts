import type { Prisma, RemoveJob, ReplicationStatus } from "@/generated/prisma/client";
import { isValidCalendarEvent } from "@/lib/calendar-event";
import { DEFAULT_REPLICATION_SCHEDULE } from "@/lib/vocabulary";
import { isPlainObject } from "@/server/rest/body";
import { drfErrors } from "@/server/rest/drf-errors";
import { type RelatedKind, resolveRelated } from "./related";
import type { ReplicationSnapshotRow } from "./rows";
import { REPLICATION_FIELD_KINDS, replicationCreateSchema, replicationPatchSchema } from "./schema";

// Validation of one REST body into column values: the field schema (DRF messages), related objects
// by id or attributes (NetBox messages), then the model rules (schedule, id format, same endpoint)
// and uniqueness of (endpoint, replication_id).

export type Tx = Prisma.TransactionClient;
export type FieldErrorMap = Record<string, string[]>;

export interface Values {
  endpointId: number;
  replicationId: string;
  virtualMachineId: number | null;
  proxmoxNodeId: number | null;
  guest: number;
  jobnum: number;
  target: string;
  jobType: string;
  schedule: string;
  rate: number | null;
  comment: string | null;
  disable: boolean;
  source: string | null;
  removeJob: RemoveJob | null;
  status: ReplicationStatus;
  rawConfig: Prisma.InputJsonValue;
}

const DEFAULTS = {
  jobType: "local",
  schedule: DEFAULT_REPLICATION_SCHEDULE,
  disable: false,
  status: "active" as const,
  rawConfig: {},
};
const UNIQUE_MESSAGE = "The fields endpoint, replication_id must make a unique set.";

export function valuesOf(row: ReplicationSnapshotRow): Values {
  const { id: _id, virtualMachine: _vm, staleSince: _s, ...rest } = row;
  return { ...rest, rawConfig: (row.rawConfig ?? {}) as Prisma.InputJsonValue };
}

export type Built = { values: Values; message?: string } | { errors: FieldErrorMap };

/** Validates one body against an existing row (update) or the defaults (create). */
export async function build(tx: Tx, body: unknown, base: Values | null, partial: boolean): Promise<Built> {
  if (!isPlainObject(body)) {
    const type = Array.isArray(body) ? "list" : body === null ? "NoneType" : typeof body;
    return { errors: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${type}.`] } };
  }
  const parsed = (partial ? replicationPatchSchema : replicationCreateSchema).safeParse(body, {
    reportInput: true,
  });
  if (!parsed.success) return { errors: drfErrors(parsed.error, REPLICATION_FIELD_KINDS) };
  const b = parsed.data;
  const errors: FieldErrorMap = {};
  const ids: Partial<Record<RelatedKind, number | null>> = {};
  for (const kind of ["endpoint", "virtual_machine", "proxmox_node"] as const) {
    const value = b[kind];
    if (value === undefined) continue;
    if (value === null) ids[kind] = null;
    else {
      const found = await resolveRelated(tx, kind, value);
      if ("error" in found) errors[kind] = [found.error];
      else ids[kind] = found.row.id;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  // On create the schema has made the required fields present; the cast below relies on that.
  const from: Partial<Values> = base ?? {
    ...DEFAULTS,
    virtualMachineId: null,
    proxmoxNodeId: null,
    rate: null,
    comment: null,
  };
  const values = {
    ...from,
    endpointId: ids.endpoint ?? from.endpointId,
    virtualMachineId: ids.virtual_machine !== undefined ? ids.virtual_machine : from.virtualMachineId,
    proxmoxNodeId: ids.proxmox_node !== undefined ? ids.proxmox_node : from.proxmoxNodeId,
    replicationId: b.replication_id ?? from.replicationId,
    guest: b.guest ?? from.guest,
    jobnum: b.jobnum ?? from.jobnum,
    target: b.target ?? from.target,
    jobType: b.job_type ?? from.jobType,
    schedule: b.schedule === undefined ? from.schedule : b.schedule.trim() || DEFAULTS.schedule,
    rate: b.rate !== undefined ? b.rate : from.rate,
    comment: b.comment !== undefined ? b.comment : from.comment,
    disable: b.disable ?? from.disable,
    source: b.source !== undefined ? b.source : (from.source ?? null),
    removeJob: b.remove_job !== undefined ? b.remove_job || null : (from.removeJob ?? null),
    status: b.status ?? from.status,
    rawConfig: (b.raw_config ?? from.rawConfig) as Prisma.InputJsonValue,
  } as Values;
  const clean = await cleanErrors(tx, values);
  return Object.keys(clean).length > 0 ? { errors: clean } : { values, message: b.changelog_message };
}

/** Model-level rules (Django's clean()). */
async function cleanErrors(tx: Tx, v: Values): Promise<FieldErrorMap> {
  const errors: FieldErrorMap = {};
  if (!isValidCalendarEvent(v.schedule)) errors.schedule = [`Invalid calendar event: ${v.schedule}`];
  if (v.replicationId !== `${v.guest}-${v.jobnum}`) {
    errors.replication_id = [`Must be "<guest>-<jobnum>": ${v.guest}-${v.jobnum}.`];
  }
  const owners = [
    ["virtual_machine", v.virtualMachineId, tx.virtualMachine],
    ["proxmox_node", v.proxmoxNodeId, tx.proxmoxNode],
  ] as const;
  for (const [field, id, table] of owners) {
    if (id === null) continue;
    const row = await (table as Tx["proxmoxNode"]).findUnique({
      where: { id },
      select: { endpointId: true },
    });
    if (row && row.endpointId !== v.endpointId)
      errors[field] = ["Must belong to the replication's endpoint."];
  }
  return errors;
}

/** (endpoint, replication_id) must stay unique, within the batch and against the table. */
export async function uniquenessErrors(
  tx: Tx,
  items: { id?: number; values: Values }[],
): Promise<(FieldErrorMap | null)[]> {
  const seen = new Set<string>();
  const existing = await tx.replication.findMany({
    where: {
      OR: items.map((i) => ({ endpointId: i.values.endpointId, replicationId: i.values.replicationId })),
    },
    select: { id: true, endpointId: true, replicationId: true },
  });
  return items.map(({ id, values }) => {
    const key = `${values.endpointId}\u0000${values.replicationId}`;
    const clash =
      seen.has(key) ||
      existing.some(
        (e) => e.endpointId === values.endpointId && e.replicationId === values.replicationId && e.id !== id,
      );
    seen.add(key);
    return clash ? { non_field_errors: [UNIQUE_MESSAGE] } : null;
  });
}
