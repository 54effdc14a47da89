import { z } from "zod";
import type { FieldKind } from "@/server/rest/drf-errors";

// The REST write contract for a replication (also the OpenAPI request body). Related objects are a
// numeric id or an attribute dict ({"name": "vm01"}), as NetBox's writable nested serializers take.

const related = z
  .union([z.int().positive(), z.record(z.string(), z.unknown())])
  .meta({ description: 'A numeric ID or a dictionary of attributes, e.g. {"name": "pve1"}' });

const fields = {
  endpoint: related,
  replication_id: z.string().min(1).max(255).meta({ description: "<guest>-<jobnum>, e.g. 100-0" }),
  virtual_machine: related.nullable(),
  proxmox_node: related.nullable().meta({ description: "The target node" }),
  guest: z.int().min(0).max(2_147_483_647),
  target: z.string().min(1).max(255),
  job_type: z.enum(["local"]),
  schedule: z.string().max(128).meta({ description: "Proxmox calendar event; empty means */15" }),
  rate: z.number().positive().nullable().meta({ description: "MB/s; null = unlimited" }),
  comment: z.string().max(4096).nullable(),
  disable: z.boolean(),
  source: z.string().max(255).nullable(),
  jobnum: z.int().min(0).max(2_147_483_647),
  remove_job: z.union([z.enum(["local", "full"]), z.literal("")]).nullable(),
  status: z.enum(["active", "stale"]),
  raw_config: z.record(z.string(), z.unknown()),
  changelog_message: z.string().max(200).meta({ description: "Stored on the ObjectChange (write-only)" }),
};

export const replicationCreateSchema = z.object({
  ...fields,
  virtual_machine: fields.virtual_machine.optional(),
  proxmox_node: fields.proxmox_node.optional(),
  job_type: fields.job_type.optional(),
  schedule: fields.schedule.optional(),
  rate: fields.rate.optional(),
  comment: fields.comment.optional(),
  disable: fields.disable.optional(),
  source: fields.source.optional(),
  remove_job: fields.remove_job.optional(),
  status: fields.status.optional(),
  raw_config: fields.raw_config.optional(),
  changelog_message: fields.changelog_message.optional(),
});

export const replicationPatchSchema = replicationCreateSchema.partial();

/** Bulk PUT/PATCH items carry their id. */
export const replicationBulkItemSchema = replicationPatchSchema.extend({ id: z.int().positive() });

export const REPLICATION_FIELD_KINDS: Record<string, FieldKind> = {
  id: "int",
  endpoint: "related",
  virtual_machine: "related",
  proxmox_node: "related",
  guest: "int",
  jobnum: "int",
  rate: "number",
  disable: "boolean",
  job_type: "choice",
  remove_job: "choice",
  status: "choice",
  raw_config: "object",
};
