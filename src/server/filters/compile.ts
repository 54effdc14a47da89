import { Prisma } from "@/generated/prisma/client";
import { MAX_FILTER_VALUES, MAX_REGEX_LENGTH, MAX_REGEX_VALUES } from "./limits";
import {
  acceptsNull,
  emptyCondition,
  isRegexLookup,
  isTextLookup,
  lookupsFor,
  membershipCondition,
  scalarCondition,
} from "./lookups";
import { own } from "./own";
import { lastValue, type QueryParams, RESERVED_PARAMETERS } from "./query-string";
import { checkRegexes, checkRelations, type RawClient } from "./relations";
import type { FieldErrors, FilterMode, FilterSetDef, Lookup, ParsedValue, ScalarFilter, Sql } from "./types";
import {
  escapeLike,
  MESSAGES,
  type Parsed,
  parseBoolean,
  parseDateTime,
  parseFloatValue,
  parseInteger,
  parseString,
  parseUuid,
} from "./values";

// Turns a query string into one SQL condition, NetBox-style: repeated keys OR, different keys AND,
// unknown keys ignored. In API mode any invalid value is reported (→ 400); in UI mode the invalid
// parameter is dropped and reported, as NetBox's list views do (netbox-conventions §2.7, §2.9).

export interface CompiledFilter {
  where: Sql;
  errors: FieldErrors;
}

type Resolved =
  | { type: "scalar"; field: ScalarFilter; lookup: Lookup }
  | { type: "relation"; name: string; by: "id" | "name"; negated: boolean }
  | { type: "custom"; name: string }
  | { type: "search" };

export function resolveParameter(def: FilterSetDef, key: string): Resolved | null {
  if (RESERVED_PARAMETERS.has(key)) return null;
  if (key === "q" && def.search) return { type: "search" };
  if (own(def.custom, key)) return { type: "custom", name: key };
  const field = own(def.fields, key);
  if (field) return { type: "scalar", field, lookup: "exact" };
  const negated = key.endsWith("__n");
  const stem = negated ? key.slice(0, -3) : key;
  for (const name of Object.keys(def.relations ?? {})) {
    if (stem === `${name}_id`) return { type: "relation", name, by: "id", negated };
    if (stem === name) return { type: "relation", name, by: "name", negated };
  }
  const cut = key.lastIndexOf("__");
  if (cut <= 0) return null;
  const base = own(def.fields, key.slice(0, cut));
  const lookup = key.slice(cut + 2) as Lookup;
  if (!base || lookup === "exact" || !lookupsFor(base).includes(lookup)) return null;
  return { type: "scalar", field: base, lookup };
}

function parseScalar(field: ScalarFilter, lookup: Lookup, raw: string): Parsed<ParsedValue> {
  if (raw === "null" && acceptsNull(lookup) && (field.kind === "string" || field.kind === "choice")) {
    return { ok: true, value: null };
  }
  switch (field.kind) {
    case "int":
      return parseInteger(raw);
    case "float":
      return parseFloatValue(raw);
    case "datetime":
      return parseDateTime(raw);
    case "uuid":
      return parseUuid(raw);
    case "boolean":
      return parseBoolean(raw);
    default: {
      const text = parseString(raw);
      if (!text.ok) return text;
      if (field.kind === "choice" && !field.choices?.includes(text.value)) {
        return { ok: false, error: MESSAGES.choice(text.value) };
      }
      return text;
    }
  }
}

function likePattern(lookup: Lookup, text: string): string {
  const escaped = escapeLike(text);
  if (lookup === "isw" || lookup === "nisw") return `${escaped}%`;
  if (lookup === "iew" || lookup === "niew") return `%${escaped}`;
  return `%${escaped}%`;
}

/** Django's multi-value fields drop blank values before casting (`?guest=` is a no-op). */
function nonEmpty(values: readonly string[]): string[] {
  return values.filter((v) => v !== "");
}

export async function compileFilters(
  def: FilterSetDef,
  params: QueryParams,
  mode: FilterMode,
  client: RawClient,
): Promise<CompiledFilter> {
  const errors: FieldErrors = {};
  const conditions: { key: string; sql: Sql }[] = [];
  const relationChecks: Parameters<typeof checkRelations>[1] = [];
  const regexChecks: { key: string; pattern: string }[] = [];
  let valueCount = 0;
  let regexCount = 0;

  for (const [key, allValues] of params) {
    const resolved = resolveParameter(def, key);
    if (!resolved) continue;
    valueCount += nonEmpty(allValues).length;
    if (valueCount > MAX_FILTER_VALUES) {
      errors[key] = [MESSAGES.tooManyValues(MAX_FILTER_VALUES)];
      continue;
    }
    if (resolved.type === "search") {
      const text = parseString(lastValue(params, key) ?? "");
      if (!text.ok) errors[key] = [text.error];
      else if (text.value && def.search)
        conditions.push({ key, sql: def.search(`%${escapeLike(text.value)}%`) });
      continue;
    }
    if (resolved.type === "custom") {
      const custom = def.custom![resolved.name];
      const raw = lastValue(params, key) ?? "";
      if (raw === "") continue;
      const parsed = parseScalar({ kind: custom.kind, sql: Prisma.empty }, "exact", raw);
      if (!parsed.ok) errors[key] = [parsed.error];
      else conditions.push({ key, sql: custom.toSql(parsed.value) });
      continue;
    }
    if (resolved.type === "relation") {
      const values = nonEmpty(allValues).map((v) => v.trim());
      if (values.length > 0)
        relationChecks.push({ key, relation: def.relations![resolved.name], ...resolved, values });
      continue;
    }
    const { field, lookup } = resolved;
    // `__empty` and booleans are single-value filters: Django reads the last value.
    if (lookup === "empty" || field.kind === "boolean") {
      const raw = lastValue(params, key) ?? "";
      if (raw === "") continue;
      const flag = parseBoolean(raw);
      if (!flag.ok) errors[key] = [flag.error];
      else if (lookup === "empty")
        conditions.push({ key, sql: emptyCondition(field.sql, field.kind, flag.value) });
      else conditions.push({ key, sql: Prisma.sql`${field.sql} = ${flag.value}` });
      continue;
    }
    const values: ParsedValue[] = [];
    let error: string | undefined;
    for (const raw of nonEmpty(allValues)) {
      if (isRegexLookup(lookup)) {
        regexCount += 1;
        if (regexCount > MAX_REGEX_VALUES) {
          error = MESSAGES.tooManyRegexes(MAX_REGEX_VALUES);
          break;
        }
        // Counted in code points, as Python's len() does.
        const length = [...raw].length;
        if (length > MAX_REGEX_LENGTH) {
          error = MESSAGES.maxLength(MAX_REGEX_LENGTH, length);
          break;
        }
      }
      const parsed = parseScalar(field, lookup, raw);
      if (!parsed.ok) {
        error = parsed.error;
        break;
      }
      let value = parsed.value;
      if (typeof value === "string" && isTextLookup(lookup)) value = likePattern(lookup, value);
      if (typeof value === "string" && isRegexLookup(lookup)) regexChecks.push({ key, pattern: value });
      values.push(value);
    }
    if (error) errors[key] = [error];
    else if (values.length > 0)
      conditions.push({ key, sql: scalarCondition(field.sql, field.kind, lookup, values) });
  }

  const relationConditions = await checkRelations(client, relationChecks, errors);
  for (const c of relationConditions) {
    conditions.push({ key: c.key, sql: membershipCondition(c.column, c.values, c.negated) });
  }
  await checkRegexes(client, regexChecks, errors);

  // UI mode keeps the valid parameters; API mode never runs a query when errors exist.
  const valid = conditions.filter((c) => !(c.key in errors));
  if (mode === "api" && Object.keys(errors).length > 0) return { where: Prisma.sql`FALSE`, errors };
  const where =
    valid.length > 0
      ? Prisma.join(
          valid.map((c) => c.sql),
          " AND ",
        )
      : Prisma.sql`TRUE`;
  return { where, errors };
}
