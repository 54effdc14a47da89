import { Prisma } from "@/generated/prisma/client";
import type { EndpointCreateInput } from "@/server/endpoints/schema";
import {
  createEndpoint,
  deleteEndpoint,
  type EndpointView,
  getEndpoint,
  updateEndpoint,
} from "@/server/endpoints/service";
import { AppError } from "@/server/errors";
import { columnsOf, type FilterSetDef, own } from "@/server/filters";
import { requestSync } from "@/server/sync/service";
import { loadSyncRuns } from "@/server/sync-runs/service";
import { isPlainObject, readJsonBody } from "../body";
import { badRequest, jsonResponse } from "../errors";
import { metadataHandler } from "../metadata";
import { detailHandler, listHandler, loadOne, objectResponse, type RestResource, render } from "../resource";
import {
  AUTH_MODE,
  ENDPOINT_FIELD_NAMES,
  endpointSchema,
  endpointWriteSchema,
  serializeEndpoint,
  TLS_MODE,
} from "../serializers/endpoint";
import type { ApiContext, ApiHandler } from "../with-api";
import { syncRunResource } from "./operations";

// /api/plugins/proxbox/endpoints/ — reads for every role, writes for admins, through the endpoint
// service (the only code that touches stored secrets). POST …/{id}/sync/ queues a sync (operators).

const e = columnsOf("e");

export const endpointFilterSet: FilterSetDef = {
  from: Prisma.sql`proxmox_endpoint e`,
  id: e.col("id"),
  fields: {
    id: e.int("id"),
    name: e.text("name"),
    proxmox_url: e.text("url"),
    auth_mode: e.choice("auth_mode", AUTH_MODE),
    token_id: e.text("token_id"),
    username: e.text("username"),
    tls_mode: e.choice("tls_mode", TLS_MODE),
    enabled: e.bool("enabled"),
    cluster_name: e.text("cluster_name"),
    pve_version: e.text("pve_version"),
    timezone: e.text("timezone"),
    last_sync_at: e.time("last_sync_at"),
    created: e.time("created"),
    last_updated: e.time("last_updated"),
  },
  search: (p) => Prisma.sql`(e.name ILIKE ${p} OR e.url ILIKE ${p} OR e.cluster_name ILIKE ${p})`,
  ordering: {
    id: [e.col("id")],
    name: [e.col("name")],
    proxmox_url: [e.col("url")],
    enabled: [e.col("enabled")],
    cluster_name: [e.col("cluster_name")],
    last_sync_at: [e.col("last_sync_at")],
    created: [e.col("created")],
    last_updated: [e.col("last_updated")],
  },
  defaultOrdering: ["name"],
};

async function loadEndpoints(ids: number[]): Promise<EndpointView[]> {
  const rows: EndpointView[] = [];
  for (const id of ids) {
    try {
      rows.push(await getEndpoint(id));
    } catch (err) {
      if (!(err instanceof AppError && err.code === "NOT_FOUND")) throw err;
    }
  }
  return rows;
}

export const endpointResource: RestResource<EndpointView> = {
  path: "endpoints",
  model: "ProxmoxEndpoint",
  description: "Proxmox VE endpoints (clusters or single nodes); secrets are write-only",
  filterSet: endpointFilterSet,
  load: loadEndpoints,
  serialize: (row, ctx) => serializeEndpoint(row, ctx.url),
  briefFields: ["id", "url", "display", "name"],
  schema: endpointSchema,
  lastUpdated: (row) => row.lastUpdated,
  write: { schema: endpointWriteSchema, choiceLabels: { auth_mode: AUTH_MODE, tls_mode: TLS_MODE } },
};

const SERVICE_TO_REST = Object.fromEntries(
  Object.entries(ENDPOINT_FIELD_NAMES).map(([rest, svc]) => [svc, rest]),
);

/** REST names in, service names out; unknown keys dropped (DRF ignores them). */
function toServiceInput(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest({ non_field_errors: ["Invalid data. Expected a dictionary."] });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = own(ENDPOINT_FIELD_NAMES, key);
    if (name) out[name] = value;
  }
  return out;
}

/** The service's field errors under the REST names. */
async function restErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "BAD_REQUEST" && err.fields) {
      throw badRequest(
        Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [own(SERVICE_TO_REST, k) ?? k, v])),
      );
    }
    throw err;
  }
}

async function create(ctx: ApiContext): Promise<Response> {
  const input = toServiceInput((await readJsonBody(ctx.request)) ?? {});
  const view = await restErrors(() => createEndpoint(ctx.actor, input as EndpointCreateInput));
  return objectResponse(endpointResource, view, ctx, 201);
}

function update(): ApiHandler {
  return async (ctx) => {
    const row = await loadOne(endpointResource, ctx);
    const input = toServiceInput((await readJsonBody(ctx.request)) ?? {});
    const view = await restErrors(() => updateEndpoint(ctx.actor, row.id, input));
    return objectResponse(endpointResource, view, ctx);
  };
}

async function destroy(ctx: ApiContext): Promise<Response> {
  const row = await loadOne(endpointResource, ctx);
  await deleteEndpoint(ctx.actor, row.id);
  return new Response(null, { status: 204 });
}

/** Queues a sync and answers with its run: 202 when queued now, 200 when one was already under way. */
async function sync(ctx: ApiContext): Promise<Response> {
  const row = await loadOne(endpointResource, ctx);
  const body = (await readJsonBody(ctx.request)) ?? {};
  const kind = isPlainObject(body) && body.kind !== undefined ? body.kind : "replications";
  if (kind !== "full" && kind !== "replications") {
    throw badRequest({ kind: [`${String(kind)} is not a valid choice.`] });
  }
  const { run, created } = await requestSync({
    kind,
    endpointId: row.id,
    trigger: "api",
    requestedBy: ctx.user.username,
  });
  const [loaded] = await loadSyncRuns([run.id]);
  return jsonResponse(render(syncRunResource, [loaded], ctx)[0], created ? 202 : 200);
}

export const endpointHandlers = {
  list: listHandler(endpointResource),
  listOptions: metadataHandler(endpointResource, { view: "list", actions: { POST: "admin" } }),
  detailOptions: metadataHandler(endpointResource, { view: "detail", actions: { PUT: "admin" } }),
  create,
  detail: detailHandler(endpointResource),
  put: update(),
  patch: update(),
  destroy,
  sync,
};
