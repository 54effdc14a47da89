import { z } from "zod";
import { compileFilters } from "./compile";
import { compileOrdering } from "./ordering";
import { lastValue, parseQuery, type QueryParams, TooManyParametersError } from "./query-string";
import type { RawClient } from "./relations";
import { countAndPage, countPageRows, type RowSource, selectIds } from "./run";
import type { FieldErrors, FilterMode, FilterSetDef, Sql } from "./types";

// One filtered, ordered page of ids plus the total: what every list (REST, tRPC, UI, export) needs.

export interface FilteredPage {
  count: number;
  ids: number[];
  errors: FieldErrors;
}

function paramsOf(query: string | QueryParams, mode: FilterMode): QueryParams | FieldErrors {
  if (typeof query !== "string") return query;
  try {
    return parseQuery(query);
  } catch (err) {
    if (err instanceof TooManyParametersError && mode === "ui") return { __all__: [err.message] };
    throw err;
  }
}

type Compiled = { where: Sql; orderBy: Sql; errors: FieldErrors } | { rejected: FieldErrors };

/** WHERE and ORDER BY of a list request, or its errors when the API must answer 400 (UI: dropped). */
async function compileRequest(
  client: RawClient,
  def: FilterSetDef,
  query: string | QueryParams,
  mode: FilterMode,
): Promise<Compiled> {
  const params = paramsOf(query, mode);
  if (!(params instanceof Map)) return { rejected: params as FieldErrors };
  const { where, errors } = await compileFilters(def, params, mode, client);
  if (mode === "api" && Object.keys(errors).length > 0) return { rejected: errors };
  // The UI's column headers send `sort` (NetBox's UI parameter); the API sends `ordering`.
  const orderBy = compileOrdering(def, lastValue(params, "ordering") ?? lastValue(params, "sort"));
  return { where, orderBy, errors };
}

/** `page` omitted: every matching id (bulk edit "select all matching", export). */
export async function filterPage(
  client: RawClient,
  def: FilterSetDef,
  query: string | QueryParams,
  mode: FilterMode,
  page?: { limit: number; offset: number },
): Promise<FilteredPage> {
  const c = await compileRequest(client, def, query, mode);
  if ("rejected" in c) return { count: 0, ids: [], errors: c.rejected };
  if (!page) {
    const ids = await selectIds(client, def, c.where, c.orderBy);
    return { count: ids.length, ids, errors: c.errors };
  }
  const { count, ids } = await countAndPage(client, def, c.where, c.orderBy, page);
  return { count, ids, errors: c.errors };
}

/** One filtered page and its rows, read in the same statement as the count (see countPageRows). */
export async function filterPageRows<Row>(
  client: RawClient,
  def: FilterSetDef,
  query: string | QueryParams,
  mode: FilterMode,
  page: { limit: number; offset: number },
  source: RowSource<Row>,
): Promise<FilteredPage & { rows: Row[] }> {
  const c = await compileRequest(client, def, query, mode);
  if ("rejected" in c) return { count: 0, ids: [], rows: [], errors: c.rejected };
  return { ...(await countPageRows(client, def, c.where, c.orderBy, page, source)), errors: c.errors };
}

/** A UI/tRPC list request of any model: a query string in REST parameter names, and a page. */
export const listInput = z.object({
  /** e.g. "status=active&target__ic=pve&ordering=-last_sync". */
  query: z.string().max(100_000).default(""),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});
export type ListInput = z.input<typeof listInput>;

/** A UI/tRPC list of any model: filter a page of ids (invalid values dropped, as in NetBox's UI), then load them. */
export async function listPage<Row>(
  client: RawClient,
  def: FilterSetDef,
  input: ListInput,
  load: (ids: number[]) => Promise<Row[]>,
): Promise<{ count: number; rows: Row[]; errors: FieldErrors }> {
  const page = await filterPage(client, def, input.query ?? "", "ui", {
    limit: Math.min(Math.max(input.limit ?? 50, 1), 1000),
    offset: Math.max(input.offset ?? 0, 0),
  });
  return { count: page.count, rows: await load(page.ids), errors: page.errors };
}
