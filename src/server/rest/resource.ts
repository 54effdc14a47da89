import type { z } from "zod";
import { reader } from "@/server/db/reader";
import { type FilterSetDef, filterPage, filterPageRows, type RowSource } from "@/server/filters";
import { routeId } from "./body";
import { badRequest, jsonResponse, notFound } from "./errors";
import { pageOf, paginate, sqlOffset } from "./pagination";
import { applySelection, etagOf, fieldSelection } from "./representation";
import type { ApiContext, ApiHandler } from "./with-api";

// A model exposed over REST: its filterset, how to load rows by id, how to render one. The generic
// list and detail handlers below give every model the same NetBox behaviour.

export interface RestResource<Row extends { id: number }> {
  /** URL segment under /api/plugins/proxbox/, e.g. "replications". */
  path: string;
  /** Verbose name for 404s ("No Replication matches the given query."). */
  model: string;
  filterSet: FilterSetDef;
  load(ids: number[]): Promise<Row[]>;
  /** When set, a list page's rows come in the same statement as its count (see countPageRows). */
  rowSource?: RowSource<Row>;
  serialize(row: Row, ctx: ApiContext): Record<string, unknown>;
  briefFields: readonly string[];
  /** Response schema, for the OpenAPI document. */
  schema: z.ZodType;
  /** When set, detail responses carry NetBox 4.6's ETag. */
  lastUpdated?(row: Row): Date;
  /** Short description for the OpenAPI document. */
  description: string;
  /** Writable resources: the write body schema and choice labels (OPTIONS metadata, pynetbox's choices()). */
  write?: WritableFields;
}

export interface WritableFields {
  schema: z.ZodObject;
  /** field → value → label, for the choices OPTIONS lists. */
  choiceLabels?: Record<string, Record<string, string>>;
}

export function render<Row extends { id: number }>(
  resource: RestResource<Row>,
  rows: Row[],
  ctx: ApiContext,
): Record<string, unknown>[] {
  const selection = fieldSelection(ctx.params, ctx.method);
  return rows.map((row) => applySelection(resource.serialize(row, ctx), selection, resource.briefFields));
}

export function listHandler<Row extends { id: number }>(resource: RestResource<Row>): ApiHandler {
  return async (ctx) => {
    const page = pageOf(ctx.params);
    const window = { limit: page.limit, offset: sqlOffset(page) };
    const { rowSource } = resource;
    const result = rowSource
      ? await filterPageRows(reader, resource.filterSet, ctx.params, "api", window, rowSource)
      : await filterPage(reader, resource.filterSet, ctx.params, "api", window);
    if (Object.keys(result.errors).length > 0) throw badRequest(result.errors);
    const rows = "rows" in result ? (result.rows as Row[]) : await resource.load(result.ids);
    return jsonResponse(paginate(ctx.absoluteUrl, page, result.count, render(resource, rows, ctx)));
  };
}

/** The row behind `{id}`, or a 404 in NetBox's words. */
export async function loadOne<Row extends { id: number }>(
  resource: RestResource<Row>,
  ctx: ApiContext,
): Promise<Row> {
  const id = routeId(ctx.routeParams.id);
  const [row] = id === null ? [] : await resource.load([id]);
  if (!row) throw notFound(resource.model);
  return row;
}

export function objectResponse<Row extends { id: number }>(
  resource: RestResource<Row>,
  row: Row,
  ctx: ApiContext,
  status = 200,
): Response {
  const headers: Record<string, string> = resource.lastUpdated
    ? { ETag: etagOf(resource.lastUpdated(row)) }
    : {};
  return jsonResponse(render(resource, [row], ctx)[0], status, headers);
}

export function detailHandler<Row extends { id: number }>(resource: RestResource<Row>): ApiHandler {
  return async (ctx) => objectResponse(resource, await loadOne(resource, ctx), ctx);
}
