import { Prisma } from "@/generated/prisma/client";
import type { FieldErrors, RelationFilter, Sql } from "./types";
import { MESSAGES, parseInteger, parseString } from "./values";

// Checks that need the database: a related object named in a filter must exist (NetBox answers
// ?virtual_machine_id=999 with 400 "Select a valid choice", #5129), and a regex must compile in
// PostgreSQL's dialect before it reaches the real query (NetBox would answer 500).

/** What the filter engine reads through: Prisma's client or transaction, or the list reader (db/reader.ts). */
export interface RawClient {
  $queryRaw<T = unknown>(query: Prisma.Sql): PromiseLike<T>;
}

export interface RelationCheck {
  key: string;
  relation: RelationFilter;
  by: "id" | "name";
  negated: boolean;
  values: string[];
}

export interface RelationCondition {
  key: string;
  column: Sql;
  values: (string | number | null)[];
  negated: boolean;
}

export async function checkRelations(
  client: RawClient,
  checks: RelationCheck[],
  errors: FieldErrors,
): Promise<RelationCondition[]> {
  const out: RelationCondition[] = [];
  for (const check of checks) {
    const result = check.by === "id" ? await checkIds(client, check) : await checkNames(client, check);
    if ("error" in result) errors[check.key] = [result.error];
    else {
      const column = check.by === "id" ? check.relation.idSql : check.relation.nameSql;
      out.push({ key: check.key, column, values: result.values, negated: check.negated });
    }
  }
  return out;
}

type CheckResult = { values: (string | number | null)[] } | { error: string };

async function checkIds(client: RawClient, check: RelationCheck): Promise<CheckResult> {
  const values: (number | null)[] = [];
  for (const raw of check.values) {
    if (raw === "null") {
      values.push(null);
      continue;
    }
    const parsed = parseInteger(raw);
    if (!parsed.ok) return { error: MESSAGES.pk(raw) };
    // Beyond int4 no row can have that id.
    if (typeof parsed.value !== "number") return { error: MESSAGES.choice(raw) };
    values.push(parsed.value);
  }
  const wanted = values.filter((v): v is number => v !== null);
  if (wanted.length > 0) {
    const table = Prisma.raw(quoteIdent(check.relation.table));
    const rows = await client.$queryRaw<{ id: number }[]>(
      Prisma.sql`SELECT id FROM ${table} WHERE id IN (${Prisma.join(wanted)})`,
    );
    const found = new Set(rows.map((r) => r.id));
    const missing = wanted.find((v) => !found.has(v));
    if (missing !== undefined) return { error: MESSAGES.choice(String(missing)) };
  }
  return { values };
}

async function checkNames(client: RawClient, check: RelationCheck): Promise<CheckResult> {
  const values: (string | null)[] = [];
  for (const raw of check.values) {
    if (raw === "null") {
      values.push(null);
      continue;
    }
    const parsed = parseString(raw);
    if (!parsed.ok) return { error: parsed.error };
    values.push(parsed.value);
  }
  const wanted = values.filter((v): v is string => v !== null);
  if (wanted.length > 0) {
    const table = Prisma.raw(quoteIdent(check.relation.table));
    const column = Prisma.raw(quoteIdent(check.relation.nameColumn));
    const rows = await client.$queryRaw<{ name: string }[]>(
      Prisma.sql`SELECT DISTINCT ${column} AS name FROM ${table} WHERE ${column} IN (${Prisma.join(wanted)})`,
    );
    const found = new Set(rows.map((r) => r.name));
    const missing = wanted.find((v) => !found.has(v));
    if (missing !== undefined) return { error: MESSAGES.choice(missing) };
  }
  return { values };
}

export async function checkRegexes(
  client: RawClient,
  checks: { key: string; pattern: string }[],
  errors: FieldErrors,
): Promise<void> {
  const seen = new Set<string>();
  for (const { key, pattern } of checks) {
    if (key in errors || seen.has(`${key}\u0000${pattern}`)) continue;
    seen.add(`${key}\u0000${pattern}`);
    try {
      await client.$queryRaw(Prisma.sql`SELECT '' ~ ${pattern} AS ok`);
    } catch {
      errors[key] = [MESSAGES.regex];
    }
  }
}

/** Table and column names come from code, never from a request; quoting still keeps them inert. */
function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe identifier ${name}`);
  return `"${name}"`;
}
