import { Prisma } from "@/generated/prisma/client";
import { own } from "./own";
import type { FilterSetDef, Sql } from "./types";

// DRF's OrderingFilter: `?ordering=target,-guest`, terms trimmed, unknown terms silently dropped,
// the model's default when none is left. Only whitelisted expressions ever reach SQL. The primary key
// is always the last tie-breaker so that pages never overlap.

export function orderingTerms(def: FilterSetDef, raw: string | undefined): string[] {
  const terms = (raw ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "" && own(def.ordering, t.startsWith("-") ? t.slice(1) : t) !== undefined);
  return terms.length > 0 ? terms : def.defaultOrdering;
}

export function compileOrdering(def: FilterSetDef, raw: string | undefined): Sql {
  const parts: Sql[] = [];
  for (const term of orderingTerms(def, raw)) {
    const desc = term.startsWith("-");
    const direction = Prisma.raw(desc ? "DESC" : "ASC");
    for (const expr of own(def.ordering, desc ? term.slice(1) : term) ?? [])
      parts.push(Prisma.sql`${expr} ${direction}`);
  }
  parts.push(Prisma.sql`${def.id} ASC`);
  return Prisma.join(parts, ", ");
}
