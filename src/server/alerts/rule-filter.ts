import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { compileFilters, type RawClient, resolveParameter } from "@/server/filters";
import { parseQuery, RESERVED_PARAMETERS } from "@/server/filters/query-string";
import { replicationFilterSet } from "@/server/replications/filterset";

// A rule's scope is the list's own filter language (the replication filterset shared by the UI, tRPC
// and REST), so "the jobs this rule watches" is exactly what /replications?<filter> shows. Unlike the
// list, a rule refuses parameters it does not know: ignoring a typo would silently widen the scope.

/** The rule's scope as a condition on `replication r` (replicationFilterSet.from); throws 400 on a bad filter. */
export async function ruleScopeSql(
  rule: { filter: string; endpointIds: number[] },
  client: RawClient = db,
): Promise<Prisma.Sql> {
  let params: Map<string, string[]>;
  try {
    params = parseQuery(rule.filter.trim());
  } catch (err) {
    throw new AppError("BAD_REQUEST", `filter: ${(err as Error).message}`, {
      filter: [(err as Error).message],
    });
  }
  const errors: Record<string, string[]> = {};
  for (const key of params.keys()) {
    if (RESERVED_PARAMETERS.has(key))
      errors[key] = [`${key} is not a filter (a rule's filter selects jobs only)`];
    else if (!resolveParameter(replicationFilterSet, key)) errors[key] = [`unknown filter ${key}`];
  }
  const compiled = await compileFilters(replicationFilterSet, params, "api", client);
  Object.assign(errors, compiled.errors);
  if (Object.keys(errors).length > 0) {
    const detail = Object.entries(errors)
      .map(([k, v]) => `${k}: ${v.join(" ")}`)
      .join("; ");
    throw new AppError("BAD_REQUEST", `invalid filter (${detail})`, { filter: [detail] });
  }
  return rule.endpointIds.length > 0
    ? Prisma.sql`(${compiled.where}) AND r.endpoint_id = ANY(${rule.endpointIds}::int[])`
    : compiled.where;
}
