import { REPLICATION_JOB_TYPE, REPLICATION_REMOVE_JOB, REPLICATION_STATUS } from "@/lib/vocabulary";
import { replicationFilterSet } from "@/server/replications/filterset";
import { replicationCreateSchema } from "@/server/replications/schema";
import {
  createReplications,
  deleteReplicationItems,
  detailRowSource,
  loadDetails,
  MAX_BULK_SELECTION,
  type ReplicationDetail,
  updateReplications,
} from "@/server/replications/service";
import { isPlainObject, readJsonBody } from "./body";
import { ApiError, badRequest, jsonResponse } from "./errors";
import { metadataHandler } from "./metadata";
import { etagOf } from "./representation";
import { detailHandler, listHandler, loadOne, objectResponse, type RestResource, render } from "./resource";
import { REPLICATION_BRIEF_FIELDS, replicationSchema, serializeReplication } from "./serializers/replication";
import type { ApiContext, ApiHandler } from "./with-api";

// /api/plugins/proxbox/replications/ — NetBox's NetBoxModelViewSet: list, detail, create one or many,
// update one or many (PUT full, PATCH partial), delete one or many, each all-or-nothing.

export const replicationResource: RestResource<ReplicationDetail> = {
  path: "replications",
  model: "Replication",
  description: "Proxmox VE storage replication jobs (pvesr) with their health",
  filterSet: replicationFilterSet,
  load: loadDetails,
  rowSource: detailRowSource,
  serialize: (row, ctx) => serializeReplication(row, ctx.url),
  briefFields: REPLICATION_BRIEF_FIELDS,
  schema: replicationSchema,
  lastUpdated: (row) => row.lastUpdated,
  write: {
    schema: replicationCreateSchema,
    choiceLabels: {
      job_type: REPLICATION_JOB_TYPE,
      remove_job: REPLICATION_REMOVE_JOB,
      status: REPLICATION_STATUS,
    },
  },
};

const MAX_INT4 = 2_147_483_647;

const created = (ctx: ApiContext, rows: ReplicationDetail[]) =>
  jsonResponse(render(replicationResource, rows, ctx), 201);

async function create(ctx: ApiContext): Promise<Response> {
  const body = (await readJsonBody(ctx.request)) ?? {};
  const many = Array.isArray(body);
  const outcome = await createReplications(ctx.actor, many ? body : [body]);
  if (!outcome.ok) throw badRequest(many ? outcome.errors : outcome.errors[0]);
  // Bulk responses are ordered by pk, as NetBox's are.
  const rows = await loadDetails([...outcome.ids].sort((a, b) => a - b));
  return many ? created(ctx, rows) : objectResponse(replicationResource, rows[0], ctx, 201);
}

/** A bulk body: a list of objects, each with an integer id; as many as the UI's bulk actions take. */
function bulkItems(body: unknown): Record<string, unknown>[] {
  if (!Array.isArray(body)) {
    const type = body === undefined ? "NoneType" : isPlainObject(body) ? "dict" : typeof body;
    throw badRequest({ non_field_errors: [`Expected a list of items but got type "${type}".`] });
  }
  if (body.length > MAX_BULK_SELECTION) {
    // DRF's ListSerializer(max_length=…) message.
    throw badRequest({
      non_field_errors: [`Ensure this field has no more than ${MAX_BULK_SELECTION} elements.`],
    });
  }
  const errors = body.map((item) =>
    !isPlainObject(item)
      ? { non_field_errors: ["Invalid data. Expected a dictionary."] }
      : !Number.isInteger(item.id) || (item.id as number) < 1
        ? { id: [item.id === undefined ? "This field is required." : "A valid integer is required."] }
        : null,
  );
  if (errors.some(Boolean)) throw badRequest(errors.map((e) => e ?? {}));
  return body as Record<string, unknown>[];
}

function bulkUpdate(partial: boolean): ApiHandler {
  return async (ctx) => {
    // Ids beyond int4 name no row; NetBox skips unknown ids silently (PostgreSQL would refuse the value).
    const items = bulkItems(await readJsonBody(ctx.request)).filter(
      (item) => (item.id as number) <= MAX_INT4,
    );
    const outcome = await updateReplications(
      ctx.actor,
      items.map((item) => ({ id: item.id as number, body: item })),
      partial,
    );
    if (!outcome.ok) throw badRequest(outcome.errors[0]);
    return jsonResponse(render(replicationResource, await loadDetails(outcome.ids), ctx));
  };
}

async function bulkDelete(ctx: ApiContext): Promise<Response> {
  const items = bulkItems(await readJsonBody(ctx.request));
  await deleteReplicationItems(
    ctx.actor,
    items.map((i) => ({ id: i.id as number, message: messageOf(i) })),
  );
  return new Response(null, { status: 204 });
}

function messageOf(body: unknown): string | undefined {
  return isPlainObject(body) && typeof body.changelog_message === "string"
    ? body.changelog_message
    : undefined;
}

/** If-Match (NetBox 4.6): a stale ETag gets 412 with the current one. */
function checkPrecondition(ctx: ApiContext, row: ReplicationDetail): void {
  const header = ctx.request.headers.get("if-match");
  if (!header) return;
  const current = etagOf(row.lastUpdated);
  const offered = header.split(",").map((t) => t.trim());
  if (!offered.includes("*") && !offered.includes(current)) {
    throw new ApiError(412, { detail: "Precondition failed." }, { ETag: current });
  }
}

function update(partial: boolean): ApiHandler {
  return async (ctx) => {
    const row = await loadOne(replicationResource, ctx);
    checkPrecondition(ctx, row);
    const body = (await readJsonBody(ctx.request)) ?? {};
    const outcome = await updateReplications(ctx.actor, [{ id: row.id, body }], partial);
    if (!outcome.ok) throw badRequest(outcome.errors[0]);
    const [after] = await loadDetails([row.id]);
    return objectResponse(replicationResource, after, ctx);
  };
}

async function destroy(ctx: ApiContext): Promise<Response> {
  const row = await loadOne(replicationResource, ctx);
  const body = await readJsonBody(ctx.request);
  await deleteReplicationItems(ctx.actor, [{ id: row.id, message: messageOf(body) }]);
  return new Response(null, { status: 204 });
}

export const replicationHandlers = {
  list: listHandler(replicationResource),
  listOptions: metadataHandler(replicationResource, {
    view: "list",
    actions: { POST: "change", PUT: "change" },
  }),
  detailOptions: metadataHandler(replicationResource, { view: "detail", actions: { PUT: "change" } }),
  create,
  bulkPut: bulkUpdate(false),
  bulkPatch: bulkUpdate(true),
  bulkDelete,
  detail: detailHandler(replicationResource),
  put: update(false),
  patch: update(true),
  destroy,
};
