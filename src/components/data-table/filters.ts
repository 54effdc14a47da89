// The NetBox filter vocabulary, client side: which lookups each kind of field offers, how a lookup
// becomes a REST parameter name (`target__ic`), and how a parameter reads as a pill ("Target contains").
// The server (src/server/filters) is the authority; these lists only drive the UI.

export type FilterKind = "string" | "int" | "float" | "datetime" | "boolean" | "choice" | "relation";

export type Lookup =
  | "exact"
  | "n"
  | "ic"
  | "nic"
  | "isw"
  | "nisw"
  | "iew"
  | "niew"
  | "ie"
  | "nie"
  | "regex"
  | "iregex"
  | "empty"
  | "gt"
  | "gte"
  | "lt"
  | "lte";

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterField {
  /** The REST parameter name without a lookup suffix, e.g. "target", "endpoint_id". */
  key: string;
  label: string;
  kind: FilterKind;
  /** Choices for kind "choice"; options for "relation" (ids → names) when known. */
  options?: readonly FilterOption[];
  /** Restricts the lookups offered (default: all for the kind). */
  lookups?: readonly Lookup[];
  /** Shown next to the value input, e.g. "MB/s". */
  unit?: string;
}

const TEXT_LOOKUPS: Record<string, string> = {
  exact: "is",
  n: "is not",
  ic: "contains",
  nic: "does not contain",
  isw: "starts with",
  nisw: "does not start with",
  iew: "ends with",
  niew: "does not end with",
  ie: "equals (case-insensitive)",
  nie: "does not equal (case-insensitive)",
  regex: "matches pattern",
  iregex: "matches pattern (case-insensitive)",
  empty: "is empty",
};
const NUMBER_LOOKUPS: Record<string, string> = {
  exact: "is",
  n: "is not",
  gt: "greater than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  empty: "is empty",
};
const DATE_LOOKUPS: Record<string, string> = {
  exact: "is",
  n: "is not",
  gt: "after",
  gte: "on or after",
  lt: "before",
  lte: "on or before",
  empty: "is empty",
};
const CHOICE_LOOKUPS: Record<string, string> = { exact: "is", n: "is not", empty: "is empty" };
const BOOLEAN_LOOKUPS: Record<string, string> = { exact: "is" };

function lookupLabels(kind: FilterKind): Record<string, string> {
  switch (kind) {
    case "string":
      return TEXT_LOOKUPS;
    case "int":
    case "float":
      return NUMBER_LOOKUPS;
    case "datetime":
      return DATE_LOOKUPS;
    case "boolean":
      return BOOLEAN_LOOKUPS;
    default:
      return CHOICE_LOOKUPS;
  }
}

export function lookupsOf(field: FilterField): Lookup[] {
  const all = Object.keys(lookupLabels(field.kind)) as Lookup[];
  return field.lookups ? all.filter((l) => field.lookups?.includes(l)) : all;
}

export function lookupLabel(field: FilterField, lookup: Lookup): string {
  return lookupLabels(field.kind)[lookup] ?? lookup;
}

/** `target` + `ic` → `target__ic`; the exact lookup has no suffix. */
export function paramKey(field: FilterField, lookup: Lookup): string {
  return lookup === "exact" ? field.key : `${field.key}__${lookup}`;
}

export interface FilterParam {
  key: string;
  value: string;
}

export interface ResolvedParam extends FilterParam {
  field: FilterField;
  lookup: Lookup;
}

/** Every parameter name the fields accept, in a stable order (fields, then lookups). */
export function filterParamKeys(fields: readonly FilterField[]): string[] {
  return fields.flatMap((f) => lookupsOf(f).map((l) => paramKey(f, l)));
}

export function resolveParam(fields: readonly FilterField[], param: FilterParam): ResolvedParam | null {
  for (const field of fields) {
    for (const lookup of lookupsOf(field)) {
      if (paramKey(field, lookup) === param.key) return { ...param, field, lookup };
    }
  }
  return null;
}

/** The value as a person reads it: choice labels, relation names, Yes/No. */
export function valueLabel(field: FilterField, value: string): string {
  if (field.kind === "boolean") return value === "true" || value === "True" ? "Yes" : "No";
  const option = field.options?.find((o) => o.value === value);
  if (option) return option.label;
  if (value === "null" && (field.kind === "relation" || field.kind === "choice")) return "none";
  return value;
}

/** A pill's text: "Health is: Error", "Comment is empty", "Rate at least: 10". */
export function pillText(p: ResolvedParam): string {
  if (p.lookup === "empty") {
    const empty = p.value === "true" || p.value === "True";
    return `${p.field.label} ${empty ? "is empty" : "is not empty"}`;
  }
  return `${p.field.label} ${lookupLabel(p.field, p.lookup)}: ${valueLabel(p.field, p.value)}`;
}
