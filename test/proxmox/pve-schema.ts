import { readFileSync } from "node:fs";
import path from "node:path";
import { parseCalendarEvent } from "@/lib/calendar-event";

// A small validator for PVE's own JSON schema dialect (PVE::JSONSchema as exported in apidata.js):
// type / optional / enum / pattern / format / minimum / maximum / maxLength / items / properties /
// additionalProperties. PVE booleans are the integers 0 and 1.

export interface PveSchema {
  type?: string;
  optional?: 0 | 1;
  enum?: string[];
  pattern?: string;
  format?: string | Record<string, unknown>;
  minimum?: number | string;
  maximum?: number | string;
  maxLength?: number;
  items?: PveSchema;
  properties?: Record<string, PveSchema>;
  additionalProperties?: 0 | 1 | PveSchema;
}

interface EndpointInfo {
  returns?: PveSchema;
  parameters?: PveSchema;
}

export interface PveApiSchema {
  endpoints: Record<string, { info: Record<string, EndpointInfo> }>;
}

export const SCHEMA_PATH = "/work/shared/proxmox/pve-api-replication-schema.json";
/** Schema nodes the shared file lacks (GET /cluster/ha/resources), kept next to this file. */
export const EXTRA_SCHEMA_PATH = path.join(import.meta.dirname, "pve-api-ha-schema.json");

export function loadPveSchema(): PveApiSchema {
  const shared = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as PveApiSchema;
  const extra = JSON.parse(readFileSync(EXTRA_SCHEMA_PATH, "utf8")) as PveApiSchema;
  for (const path of Object.keys(extra.endpoints)) {
    if (path in shared.endpoints) throw new Error(`${path} is in both schema files: drop the local copy`);
  }
  return { endpoints: { ...shared.endpoints, ...extra.endpoints } };
}

export function returnsOf(api: PveApiSchema, path: string, method = "GET"): PveSchema {
  const info = api.endpoints[path]?.info[method];
  if (!info?.returns) throw new Error(`schema has no ${method} ${path} return schema`);
  return info.returns;
}

const FORMATS: Record<string, (v: string) => boolean> = {
  "pve-replication-job-id": (v) => {
    const m = /^(\d+)-(\d+)$/.exec(v);
    return m !== null && Number(m[1]) >= 100;
  },
  "pve-node": (v) => /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v),
  "pve-vmid": (v) => /^[1-9][0-9]{2,8}$/.test(v),
  "pve-calendar-event": (v) => {
    try {
      parseCalendarEvent(v);
      return true;
    } catch {
      return false;
    }
  },
  // pve-ha-manager: `<type>:<name>` or a bare VMID.
  "pve-ha-resource-or-vm-id": (v) => /^(?:[a-z]+:\S+|\d+)$/.test(v),
  "pve-ha-group-id": (v) => /^[a-z][a-z0-9_-]+$/i.test(v),
  "pve-storage-id": (v) => /^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v),
  "pve-storage-content-list": (v) =>
    v
      .split(",")
      .every((c) => ["images", "rootdir", "vztmpl", "iso", "backup", "snippets", "import"].includes(c)),
};

/** Every way `value` breaks `schema`; empty when it conforms. Unknown formats are reported, not skipped. */
export function validatePve(schema: PveSchema, value: unknown, at = "data"): string[] {
  const errors: string[] = [];
  const fail = (msg: string) => errors.push(`${at}: ${msg}`);
  switch (schema.type) {
    case undefined:
      break;
    case "null":
      if (value !== null) fail(`expected null, got ${JSON.stringify(value)}`);
      return errors;
    case "boolean":
      if (value !== 0 && value !== 1) fail(`expected PVE boolean 0/1, got ${JSON.stringify(value)}`);
      return errors;
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) return [`${at}: expected ${schema.type}`];
      if (schema.type === "integer" && !Number.isInteger(value)) fail(`expected integer, got ${value}`);
      if (schema.minimum !== undefined && value < Number(schema.minimum))
        fail(`below minimum ${schema.minimum}`);
      if (schema.maximum !== undefined && value > Number(schema.maximum))
        fail(`above maximum ${schema.maximum}`);
      return errors;
    }
    case "string": {
      if (typeof value !== "string") return [`${at}: expected string, got ${JSON.stringify(value)}`];
      if (schema.enum && !schema.enum.includes(value))
        fail(`'${value}' not in enum ${schema.enum.join(",")}`);
      if (schema.maxLength !== undefined && value.length > schema.maxLength)
        fail(`longer than ${schema.maxLength}`);
      if (schema.pattern && !new RegExp(`^(?:${schema.pattern})$`).test(value)) {
        fail(`'${value}' does not match /${schema.pattern}/`);
      }
      if (typeof schema.format === "string") {
        const check = FORMATS[schema.format];
        if (!check) fail(`validator does not know format ${schema.format}`);
        else if (!check(value)) fail(`'${value}' is not a valid ${schema.format}`);
      }
      return errors;
    }
    case "array":
      if (!Array.isArray(value)) return [`${at}: expected array`];
      if (schema.items) {
        const items = schema.items;
        value.forEach((item, i) => {
          errors.push(...validatePve(items, item, `${at}[${i}]`));
        });
      }
      return errors;
    case "object":
      if (value === null || typeof value !== "object" || Array.isArray(value))
        return [`${at}: expected object`];
      break;
    default:
      return [`${at}: validator does not know type ${schema.type}`];
  }
  if (schema.properties && value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    for (const [key, prop] of Object.entries(schema.properties)) {
      if (obj[key] === undefined) {
        if (!prop.optional) fail(`missing required property ${key}`);
        continue;
      }
      errors.push(...validatePve(prop, obj[key], `${at}.${key}`));
    }
    if (schema.additionalProperties === 0) {
      for (const key of Object.keys(obj)) if (!(key in schema.properties)) fail(`unexpected property ${key}`);
    }
  }
  return errors;
}
