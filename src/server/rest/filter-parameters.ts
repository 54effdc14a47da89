import { type FilterSetDef, lookupsFor, type ScalarFilter } from "@/server/filters";

// OpenAPI query parameters for a filterset: every field with every lookup NetBox would generate,
// the <fk>_id / <fk> pairs, custom filters and q — the same list the filter engine accepts.

export interface QueryParameter {
  name: string;
  in: "query";
  required: false;
  description: string;
  schema: Record<string, unknown>;
  style?: "form";
  explode?: boolean;
}

const LOOKUP_TEXT: Record<string, string> = {
  n: "not equal",
  ic: "contains (case-insensitive)",
  nic: "does not contain",
  iew: "ends with",
  niew: "does not end with",
  isw: "starts with",
  nisw: "does not start with",
  ie: "equals (case-insensitive)",
  nie: "does not equal (case-insensitive)",
  empty: "is empty (true) / is not empty (false)",
  regex: "matches a PostgreSQL regular expression",
  iregex: "matches a regular expression (case-insensitive)",
  lt: "less than",
  lte: "less than or equal",
  gt: "greater than",
  gte: "greater than or equal",
};

function valueSchema(field: Pick<ScalarFilter, "kind" | "choices">): Record<string, unknown> {
  switch (field.kind) {
    case "int":
      return { type: "integer" };
    case "float":
      return { type: "number" };
    case "datetime":
      return { type: "string", format: "date-time" };
    case "boolean":
      return { type: "boolean" };
    case "uuid":
      return { type: "string", format: "uuid" };
    case "choice":
      return { type: "string", enum: [...(field.choices ?? [])] };
    default:
      return { type: "string" };
  }
}

const many = (items: Record<string, unknown>) => ({ type: "array", items });

export function filterParameters(def: FilterSetDef): QueryParameter[] {
  const out: QueryParameter[] = [];
  const push = (name: string, description: string, schema: Record<string, unknown>) =>
    out.push({
      name,
      in: "query",
      required: false,
      description,
      schema,
      ...(schema.type === "array" ? { style: "form" as const, explode: true } : {}),
    });
  if (def.search)
    push("q", "Quick search (case-insensitive contains over the main text fields)", { type: "string" });
  for (const [name, field] of Object.entries(def.fields)) {
    for (const lookup of lookupsFor(field)) {
      const single = lookup === "empty" || field.kind === "boolean";
      const schema = lookup === "empty" ? { type: "boolean" } : valueSchema(field);
      const key = lookup === "exact" ? name : `${name}__${lookup}`;
      const text =
        lookup === "exact" ? `${name} equals (repeat to OR values)` : `${name} ${LOOKUP_TEXT[lookup]}`;
      push(key, text, single ? schema : many(schema));
    }
  }
  for (const name of Object.keys(def.relations ?? {})) {
    push(`${name}_id`, `${name} by id ("null" = none)`, many({ type: "string" }));
    push(`${name}_id__n`, `${name} not by id`, many({ type: "string" }));
    push(name, `${name} by name`, many({ type: "string" }));
    push(`${name}__n`, `${name} not by name`, many({ type: "string" }));
  }
  for (const [name, custom] of Object.entries(def.custom ?? {})) push(name, name, valueSchema(custom));
  return out;
}
