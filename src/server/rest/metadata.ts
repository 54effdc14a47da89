import { z } from "zod";
import { canPerform, type Permission } from "@/server/auth";
import { ApiError, jsonResponse } from "./errors";
import { loadOne, type RestResource } from "./resource";
import type { ApiContext, ApiHandler } from "./with-api";

// OPTIONS on a list or detail URL: DRF's SimpleMetadata as NetBox answers it (BulkOperationMetadata):
// {"name", "description", "renders", "parses", "actions": {"POST"|"PUT": {field: {type, required,
// read_only, label, help_text?, max_length?, min_value?, max_value?, choices?}}}}. pynetbox's
// Endpoint.choices() reads actions.POST. The fields come from the same zod schemas the API validates
// writes with (resource.write) and renders responses with (resource.schema), so they cannot drift.
// As in DRF, an action is offered only to a caller who may perform it (a read-only token, a viewer or
// a detail that does not exist gets none), and a read-only resource has no "actions" at all.

type Json = Record<string, unknown>;
type Method = "POST" | "PUT";

export interface FieldInfo {
  type: string;
  required: boolean;
  read_only: boolean;
  label: string;
  help_text?: string;
  max_length?: number;
  min_value?: number;
  max_value?: number;
  choices?: { value: string; display_name: string }[];
}

/** Django's capfirst(verbose_name): "replication_id" → "Replication id". */
const labelOf = (field: string) => {
  const text = field.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

function resolve(schema: Json, defs: Record<string, Json>): Json {
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  return defs[ref.split("/").pop() ?? ""] ?? {};
}

/** The branches of a union, without null (a nullable field is the same field). */
function branches(schema: Json, defs: Record<string, Json>): Json[] {
  const s = resolve(schema, defs);
  const options = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (!options) return s.type === "null" ? [] : [s];
  return options.flatMap((o) => branches(o, defs));
}

function enumValues(options: Json[]): unknown[] | null {
  const values: unknown[] = [];
  for (const o of options) {
    if (Array.isArray(o.enum)) values.push(...o.enum);
    else if (o.const !== undefined) values.push(o.const);
    else return null;
  }
  return values;
}

/** DRF's field type names (SimpleMetadata.label_lookup) for a JSON Schema. */
function drfType(options: Json[]): string {
  if (options.length === 0) return "field";
  if (enumValues(options)) return "choice";
  const types = new Set(options.map((o) => o.type));
  // A related object: a numeric id or a dict of attributes (NetBox's writable nested serializer).
  if (types.has("integer") && types.has("object")) return "nested object";
  if (options.length > 1) return "field";
  const o = options[0];
  switch (o.type) {
    case "integer":
      return "integer";
    case "number":
      return "float";
    case "boolean":
      return "boolean";
    case "array":
      return "list";
    case "string":
      return o.format === "date-time" ? "datetime" : o.format === "uri" ? "url" : "string";
    case "object": {
      const properties = (o.properties ?? {}) as Json;
      // NetBox renders a choice as {"value", "label"}.
      if ("value" in properties && "label" in properties) return "choice";
      return o.properties ? "nested object" : "json";
    }
    default:
      return "field";
  }
}

function toJsonSchema(schema: z.ZodType, io: "input" | "output"): { root: Json; defs: Record<string, Json> } {
  const doc = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  const defs = (doc.$defs ?? {}) as Record<string, Json>;
  // A schema registered under an id comes back as {"$ref": "#/$defs/<id>"}.
  return { root: resolve(doc, defs), defs };
}

function fieldInfo(
  name: string,
  schema: Json,
  defs: Record<string, Json>,
  flags: { required: boolean; readOnly: boolean },
  labels: Record<string, string> | undefined,
): FieldInfo {
  const options = branches(schema, defs);
  const info: FieldInfo = {
    type: drfType(options),
    required: flags.required,
    read_only: flags.readOnly,
    label: labelOf(name),
  };
  const described = resolve(schema, defs).description ?? options.find((o) => o.description)?.description;
  if (typeof described === "string") info.help_text = described;
  const scalar = options.length === 1 ? options[0] : undefined;
  if (typeof scalar?.maxLength === "number") info.max_length = scalar.maxLength;
  if (scalar?.type === "integer" || scalar?.type === "number") {
    if (typeof scalar.minimum === "number" && scalar.minimum > Number.MIN_SAFE_INTEGER) {
      info.min_value = scalar.minimum;
    }
    if (typeof scalar.maximum === "number" && scalar.maximum < Number.MAX_SAFE_INTEGER) {
      info.max_value = scalar.maximum;
    }
  }
  // DRF lists choices for writable choice fields only.
  const values = enumValues(options);
  if (values && !flags.readOnly) {
    info.choices = values
      .filter((v): v is string => typeof v === "string" && v !== "")
      .map((value) => ({ value, display_name: labels?.[value] ?? value }));
  }
  return info;
}

const cache = new WeakMap<object, Record<string, FieldInfo>>();

/** Every field of the serializer: writable ones from the write schema, the rest read-only. */
export function serializerInfo(resource: Pick<RestResource<{ id: number }>, "schema" | "write">) {
  const cached = cache.get(resource);
  if (cached) return cached;
  const out: Record<string, FieldInfo> = {};
  const response = toJsonSchema(resource.schema, "output");
  const write = resource.write ? toJsonSchema(resource.write.schema, "input") : undefined;
  const writable = (write?.root.properties ?? {}) as Record<string, Json>;
  const required = new Set((write?.root.required ?? []) as string[]);
  const labels = resource.write?.choiceLabels ?? {};
  const field = (name: string, schema: Json, defs: Record<string, Json>, readOnly: boolean) =>
    fieldInfo(name, schema, defs, { required: !readOnly && required.has(name), readOnly }, labels[name]);
  // Response order first (the serializer's declared order), then write-only fields.
  for (const [name, schema] of Object.entries((response.root.properties ?? {}) as Record<string, Json>)) {
    out[name] = Object.hasOwn(writable, name)
      ? field(name, writable[name], write?.defs ?? {}, false)
      : field(name, schema, response.defs, true);
  }
  for (const [name, schema] of Object.entries(writable)) {
    if (!Object.hasOwn(out, name)) out[name] = field(name, schema, write?.defs ?? {}, false);
  }
  cache.set(resource, out);
  return out;
}

export interface MetadataOptions {
  view: "list" | "detail";
  /** The write actions this URL allows, with the role each needs (as the route's own handlers). */
  actions?: Partial<Record<Method, Permission>>;
}

export function metadataHandler<Row extends { id: number }>(
  resource: RestResource<Row>,
  options: MetadataOptions,
): ApiHandler {
  return async (ctx: ApiContext) => {
    const actions: Partial<Record<Method, Record<string, FieldInfo>>> = {};
    for (const method of ["POST", "PUT"] as const) {
      const permission = options.actions?.[method];
      if (!permission || !resource.write || !ctx.writeEnabled || !canPerform(ctx.user.role, permission))
        continue;
      if (options.view === "detail") {
        // DRF checks the object too: no PUT fields for a detail that does not exist.
        const exists = await loadOne(resource, ctx).then(
          () => true,
          (err) => {
            if (err instanceof ApiError && err.status === 404) return false;
            throw err;
          },
        );
        if (!exists) continue;
      }
      actions[method] = serializerInfo(resource);
    }
    return jsonResponse({
      name: `${resource.model} ${options.view === "list" ? "List" : "Instance"}`,
      description: options.view === "list" ? resource.description : "",
      // What this API really renders and parses (NetBox also offers its browsable HTML and form bodies).
      renders: ["application/json"],
      parses: ["application/json"],
      ...(Object.keys(actions).length > 0 ? { actions } : {}),
    });
  };
}
