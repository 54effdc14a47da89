import type { Prisma } from "@/generated/prisma/client";

// A filterset declares, per REST parameter name, what a column holds. The engine derives NetBox's
// lookup suffixes from the kind, so every model gets the same query-string language (netbox-conventions §2).

export type Sql = Prisma.Sql;

export type ScalarKind = "string" | "int" | "float" | "datetime" | "boolean" | "choice" | "uuid";

export type Lookup =
  | "exact"
  | "n"
  | "ic"
  | "nic"
  | "iew"
  | "niew"
  | "isw"
  | "nisw"
  | "ie"
  | "nie"
  | "empty"
  | "regex"
  | "iregex"
  | "lt"
  | "lte"
  | "gt"
  | "gte";

export interface ScalarFilter {
  kind: ScalarKind;
  /** A trusted SQL expression for the column, e.g. Prisma.raw("r.target"). */
  sql: Sql;
  /** For kind "choice": the allowed values (NetBox validates every lookup against them). */
  choices?: readonly string[];
  /** Restricts the generated lookups (default: all lookups of the kind). */
  lookups?: readonly Lookup[];
}

/** A foreign key: generates `<name>_id` (by pk) and `<name>` (by name), each with `__n`. */
export interface RelationFilter {
  /** The FK column on the filtered table, e.g. Prisma.raw("r.virtual_machine_id"). */
  idSql: Sql;
  /** The related row's name column through the list query's join, e.g. Prisma.raw("vm.name"). */
  nameSql: Sql;
  /** Related table and its name column, constants from code, for NetBox's "Select a valid choice" check. */
  table: string;
  nameColumn: string;
}

/** A filter with its own SQL (time_after, created_by_request …): one value, parsed as `kind`. */
export interface CustomFilter {
  kind: Exclude<ScalarKind, "choice">;
  toSql(value: ParsedValue): Sql;
}

export type ParsedValue = string | number | boolean | null | { numeric: string } | { timestamp: string };

export interface FilterSetDef {
  /** `from` clause with joins, e.g. Prisma.sql`replication r join proxmox_endpoint e on …`. */
  from: Sql;
  /**
   * `from` in parts: the base table (e.g. Prisma.sql`replication r`) and each join with the alias it
   * brings in, each joined to the base only. A count or page joins only what its SQL reads: PostgreSQL
   * removes an unread LEFT JOIN but still treats its key column as needed, which rules out an index-only
   * scan (a count of 7,600 of 100,000 rows: 45 ms as a bitmap heap scan, 2 ms index-only).
   */
  parts?: { base: Sql; joins: { alias: string; sql: Sql }[] };
  /** The primary key expression, e.g. Prisma.raw("r.id"). */
  id: Sql;
  fields: Record<string, ScalarFilter>;
  relations?: Record<string, RelationFilter>;
  custom?: Record<string, CustomFilter>;
  /** `q`: an OR of icontains across a few columns; receives the LIKE pattern (already escaped). */
  search?: (likePattern: string) => Sql;
  /** `ordering` terms → SQL expressions (whitelist: unknown terms are dropped, never passed on). */
  ordering: Record<string, Sql[]>;
  defaultOrdering: string[];
}

export type FilterMode = "api" | "ui";

export type FieldErrors = Record<string, string[]>;
