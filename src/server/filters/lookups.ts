import { Prisma } from "@/generated/prisma/client";
import type { Lookup, ParsedValue, ScalarFilter, ScalarKind, Sql } from "./types";

// NetBox's lookup maps (utilities/constants.py) and the SQL each lookup means on PostgreSQL, written
// the way Django writes it: negated lookups are `exclude()`, which keeps NULL rows (`… IS NOT TRUE`).

export const STRING_LOOKUPS: readonly Lookup[] = [
  "exact",
  "n",
  "ic",
  "nic",
  "iew",
  "niew",
  "isw",
  "nisw",
  "ie",
  "nie",
  "empty",
  "regex",
  "iregex",
];
export const NUMERIC_LOOKUPS: readonly Lookup[] = ["exact", "n", "lt", "lte", "gt", "gte", "empty"];

export function lookupsFor(field: ScalarFilter): readonly Lookup[] {
  if (field.lookups) return field.lookups;
  switch (field.kind) {
    case "string":
    case "choice":
      return STRING_LOOKUPS;
    case "int":
    case "float":
    case "datetime":
      return NUMERIC_LOOKUPS;
    default:
      return ["exact"];
  }
}

const NEGATED: Partial<Record<Lookup, Lookup>> = {
  n: "exact",
  nic: "ic",
  niew: "iew",
  nisw: "isw",
  nie: "ie",
};

/** The positive lookup behind a negated one (nic → ic), and whether it is negated. */
export function splitNegation(lookup: Lookup): { base: Lookup; negated: boolean } {
  const base = NEGATED[lookup];
  return base ? { base, negated: true } : { base: lookup, negated: false };
}

/** Only exact/n treat the literal value "null" as NULL (FILTERS_NULL_CHOICE_VALUE). */
export function acceptsNull(lookup: Lookup): boolean {
  return lookup === "exact" || lookup === "n";
}

export function isTextLookup(lookup: Lookup): boolean {
  return ["ic", "nic", "iew", "niew", "isw", "nisw"].includes(lookup);
}

export function isRegexLookup(lookup: Lookup): boolean {
  return lookup === "regex" || lookup === "iregex";
}

/** A typed bind parameter; out-of-range integers compare as numeric so they never overflow int4. */
export function bind(kind: ScalarKind, value: ParsedValue): Sql {
  if (value !== null && typeof value === "object") {
    if ("numeric" in value) return Prisma.sql`${value.numeric}::numeric`;
    return Prisma.sql`${value.timestamp}::timestamp`;
  }
  switch (kind) {
    case "int":
      return Prisma.sql`${value}::int4`;
    case "float":
      // As text: the driver adapter sends an integral JS number beyond 2^53 as an integer parameter,
      // which PostgreSQL then refuses; float8 reads the decimal text exactly as Django's float() would.
      return Prisma.sql`${String(value)}::float8`;
    case "boolean":
      return Prisma.sql`${value}::boolean`;
    case "uuid":
      return Prisma.sql`${value}::uuid`;
    default:
      return Prisma.sql`${value}::text`;
  }
}

const COMPARISON: Partial<Record<Lookup, string>> = { lt: "<", lte: "<=", gt: ">", gte: ">=" };

/** One value's condition for a positive lookup (`empty` is handled by emptyCondition). */
function valueCondition(column: Sql, kind: ScalarKind, lookup: Lookup, value: ParsedValue): Sql {
  if (value === null) return Prisma.sql`${column} IS NULL`;
  switch (lookup) {
    case "exact":
      return Prisma.sql`${column} = ${bind(kind, value)}`;
    case "ie":
      return Prisma.sql`UPPER(${column}::text) = UPPER(${bind(kind, value)})`;
    case "ic":
    case "isw":
    case "iew":
      // The value arrives as a ready LIKE pattern (escaped, with % added by the caller).
      return Prisma.sql`${column}::text ILIKE ${value}`;
    case "regex":
      return Prisma.sql`${column}::text ~ ${value}`;
    case "iregex":
      return Prisma.sql`${column}::text ~* ${value}`;
    default: {
      const op = COMPARISON[lookup];
      if (!op) throw new Error(`lookup ${lookup} has no SQL`);
      return Prisma.sql`${column} ${Prisma.raw(op)} ${bind(kind, value)}`;
    }
  }
}

/** Several values of one parameter are OR'ed; a negated lookup excludes all of them (NOR). */
export function scalarCondition(column: Sql, kind: ScalarKind, lookup: Lookup, values: ParsedValue[]): Sql {
  const { base, negated } = splitNegation(lookup);
  const ored = Prisma.join(
    values.map((v) => valueCondition(column, kind, base, v)),
    " OR ",
  );
  return negated ? Prisma.sql`(${ored}) IS NOT TRUE` : Prisma.sql`(${ored})`;
}

/** NetBox's `__empty`: '' or NULL for text (extras/lookups.py Empty), IS NULL for numbers and dates. */
export function emptyCondition(column: Sql, kind: ScalarKind, empty: boolean): Sql {
  if (kind === "string" || kind === "choice") {
    return empty
      ? Prisma.sql`CAST(LENGTH(${column}::text) AS BOOLEAN) IS NOT TRUE`
      : Prisma.sql`CAST(LENGTH(${column}::text) AS BOOLEAN) IS TRUE`;
  }
  return empty ? Prisma.sql`${column} IS NULL` : Prisma.sql`${column} IS NOT NULL`;
}

/** `<fk>_id` / `<fk>` membership, with "null" meaning no related object. */
export function membershipCondition(column: Sql, values: (string | number | null)[], negated: boolean): Sql {
  const present = values.filter((v): v is string | number => v !== null);
  const parts: Sql[] = [];
  if (present.length > 0) parts.push(Prisma.sql`${column} IN (${Prisma.join(present)})`);
  if (present.length < values.length) parts.push(Prisma.sql`${column} IS NULL`);
  const ored = Prisma.join(parts, " OR ");
  return negated ? Prisma.sql`(${ored}) IS NOT TRUE` : Prisma.sql`(${ored})`;
}
