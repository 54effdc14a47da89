import { Prisma } from "@/generated/prisma/client";
import type { DestinationCreateInput, RuleCreateInput } from "@/server/alerts/schema";
import {
  createDestination,
  createRule,
  type DeliveryView,
  type DestinationView,
  deleteDestination,
  deleteRule,
  destinationViews,
  loadDeliveries,
  loadRules,
  type RuleView,
  ruleView,
  testDestination,
  updateDestination,
  updateRule,
} from "@/server/alerts/service";
import { AppError } from "@/server/errors";
import { columnsOf, type FilterSetDef, inIdOrder, own } from "@/server/filters";
import { isPlainObject, readJsonBody } from "../body";
import { badRequest, jsonResponse } from "../errors";
import { metadataHandler } from "../metadata";
import { detailHandler, listHandler, loadOne, objectResponse, type RestResource } from "../resource";
import {
  DELIVERY_STATE,
  DESTINATION_FIELD_NAMES,
  DESTINATION_KIND,
  deliverySchema,
  destinationSchema,
  destinationWriteSchema,
  RULE_FIELD_NAMES,
  ruleSchema,
  ruleWriteSchema,
  serializeDelivery,
  serializeDestination,
  serializeRule,
} from "../serializers/alerts";
import { TLS_MODE } from "../serializers/endpoint";
import type { ApiContext, ApiHandler } from "../with-api";

// /api/plugins/proxbox/alert-destinations/, alert-rules/ (reads for every role, writes and "send test"
// for admins, through the alert service) and alert-deliveries/ (the read-only delivery log).

const d = columnsOf("ad");
export const destinationFilterSet: FilterSetDef = {
  from: Prisma.sql`alert_destination ad`,
  id: d.col("id"),
  fields: {
    id: d.int("id"),
    name: d.text("name"),
    kind: d.choice("kind", DESTINATION_KIND),
    description: d.text("description"),
    webhook_url: d.text("url"),
    tls_mode: d.choice("tls_mode", TLS_MODE),
    smtp_url: d.text("smtp_url"),
    created: d.time("created"),
    last_updated: d.time("last_updated"),
  },
  search: (p) => Prisma.sql`(ad.name ILIKE ${p} OR ad.description ILIKE ${p} OR ad.url ILIKE ${p})`,
  ordering: {
    id: [d.col("id")],
    name: [d.col("name")],
    kind: [d.col("kind")],
    created: [d.col("created")],
    last_updated: [d.col("last_updated")],
  },
  defaultOrdering: ["name"],
};

const r = columnsOf("ar");
export const ruleFilterSet: FilterSetDef = {
  from: Prisma.sql`alert_rule ar`,
  id: r.col("id"),
  fields: {
    id: r.int("id"),
    name: r.text("name"),
    description: r.text("description"),
    enabled: r.bool("enabled"),
    filter: r.text("filter"),
    digest_seconds: r.int("digest_seconds"),
    created: r.time("created"),
    last_updated: r.time("last_updated"),
  },
  custom: {
    transition: { kind: "string", toSql: (v) => Prisma.sql`${v}::text = ANY(ar.transitions)` },
    // A rule with no endpoints covers them all.
    endpoint_id: {
      kind: "int",
      toSql: (v) => Prisma.sql`(${v}::int4 = ANY(ar.endpoint_ids) OR cardinality(ar.endpoint_ids) = 0)`,
    },
    destination_id: {
      kind: "int",
      toSql: (v) =>
        Prisma.sql`EXISTS (SELECT 1 FROM alert_rule_destination ard WHERE ard.rule_id = ar.id AND ard.destination_id = ${v}::int4)`,
    },
  },
  search: (p) => Prisma.sql`(ar.name ILIKE ${p} OR ar.description ILIKE ${p})`,
  ordering: {
    id: [r.col("id")],
    name: [r.col("name")],
    enabled: [r.col("enabled")],
    digest_seconds: [r.col("digest_seconds")],
    created: [r.col("created")],
    last_updated: [r.col("last_updated")],
  },
  defaultOrdering: ["name"],
};

const l = columnsOf("dl");
export const deliveryFilterSet: FilterSetDef = {
  from: Prisma.sql`alert_delivery dl`,
  id: l.col("id"),
  fields: {
    id: l.int("id"),
    rule_id: l.int("rule_id"),
    destination_id: l.int("destination_id"),
    state: l.choice("state", DELIVERY_STATE),
    attempts: l.int("attempts"),
    last_error: l.text("last_error"),
    due_at: l.time("due_at"),
    created: l.time("created"),
    sent_at: l.time("sent_at"),
  },
  ordering: {
    id: [l.col("id")],
    state: [l.col("state")],
    attempts: [l.col("attempts")],
    due_at: [l.col("due_at")],
    created: [l.col("created")],
    sent_at: [l.col("sent_at")],
  },
  defaultOrdering: ["-created", "-id"],
};

async function loadDestinationViews(ids: number[]): Promise<DestinationView[]> {
  return inIdOrder(ids, await destinationViews(ids));
}

async function loadRuleViews(ids: number[]): Promise<RuleView[]> {
  return inIdOrder(ids, (await loadRules({ id: { in: ids } })).map(ruleView));
}

export const destinationResource: RestResource<DestinationView> = {
  path: "alert-destinations",
  model: "AlertDestination",
  description: "Where alerts go: webhooks (HMAC-signed) and e-mail (SMTP); secrets are write-only",
  filterSet: destinationFilterSet,
  load: loadDestinationViews,
  serialize: (row, ctx) => serializeDestination(row, ctx.url),
  briefFields: ["id", "url", "display", "name", "kind"],
  schema: destinationSchema,
  lastUpdated: (row) => row.lastUpdated,
  write: {
    schema: destinationWriteSchema,
    choiceLabels: { kind: DESTINATION_KIND, tls_mode: TLS_MODE },
  },
};

export const ruleResource: RestResource<RuleView> = {
  path: "alert-rules",
  model: "AlertRule",
  description: "Which health transitions of which jobs alert which destinations",
  filterSet: ruleFilterSet,
  load: loadRuleViews,
  serialize: (row, ctx) => serializeRule(row, ctx.url),
  briefFields: ["id", "url", "display", "name", "enabled"],
  schema: ruleSchema,
  lastUpdated: (row) => row.lastUpdated,
  write: { schema: ruleWriteSchema },
};

export const deliveryResource: RestResource<DeliveryView> = {
  path: "alert-deliveries",
  model: "AlertDelivery",
  description: "The alert delivery log: one message per rule and destination, with its attempts (read-only)",
  filterSet: deliveryFilterSet,
  load: loadDeliveries,
  serialize: (row, ctx) => serializeDelivery(row, ctx.url),
  briefFields: ["id", "url", "display", "state"],
  schema: deliverySchema,
};

/** REST names in, service names out; unknown keys dropped (DRF ignores them). */
function toServiceInput(body: unknown, names: Record<string, string>): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest({ non_field_errors: ["Invalid data. Expected a dictionary."] });
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const name = own(names, key);
    if (name) out[name] = value;
  }
  return out;
}

/** Related objects as NetBox writes them: [1, 2] or [{"id": 1}, …] (pynetbox sends records as ids). */
function ids(value: unknown): unknown {
  return Array.isArray(value)
    ? value.map((v) => (isPlainObject(v) && typeof v.id === "number" ? v.id : v))
    : value;
}

function ruleInputOf(body: unknown): Record<string, unknown> {
  const input = toServiceInput(body, RULE_FIELD_NAMES);
  for (const key of ["endpointIds", "destinationIds"]) if (key in input) input[key] = ids(input[key]);
  return input;
}

/** The service's field errors under the REST names ("emailTo.0" → "email_to.0"). */
async function restErrors<T>(names: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const toRest = Object.fromEntries(Object.entries(names).map(([rest, svc]) => [svc, rest]));
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError && err.code === "BAD_REQUEST" && err.fields) {
      throw badRequest(
        Object.fromEntries(
          Object.entries(err.fields).map(([k, v]) => {
            const [head, ...rest] = k.split(".");
            return [[own(toRest, head) ?? head, ...rest].join("."), v];
          }),
        ),
      );
    }
    throw err;
  }
}

async function readBody(ctx: ApiContext) {
  return (await readJsonBody(ctx.request)) ?? {};
}

export const destinationHandlers = {
  list: listHandler(destinationResource),
  listOptions: metadataHandler(destinationResource, { view: "list", actions: { POST: "admin" } }),
  detailOptions: metadataHandler(destinationResource, { view: "detail", actions: { PUT: "admin" } }),
  detail: detailHandler(destinationResource),
  async create(ctx: ApiContext): Promise<Response> {
    const input = toServiceInput(await readBody(ctx), DESTINATION_FIELD_NAMES);
    const view = await restErrors(DESTINATION_FIELD_NAMES, () =>
      createDestination(ctx.actor, input as DestinationCreateInput),
    );
    return objectResponse(destinationResource, view, ctx, 201);
  },
  async update(ctx: ApiContext): Promise<Response> {
    const row = await loadOne(destinationResource, ctx);
    const input = toServiceInput(await readBody(ctx), DESTINATION_FIELD_NAMES);
    const view = await restErrors(DESTINATION_FIELD_NAMES, () => updateDestination(ctx.actor, row.id, input));
    return objectResponse(destinationResource, view, ctx);
  },
  async destroy(ctx: ApiContext): Promise<Response> {
    const row = await loadOne(destinationResource, ctx);
    await deleteDestination(ctx.actor, row.id);
    return new Response(null, { status: 204 });
  },
  /** POST …/{id}/test/: one test message; 200 with ok false and the exact failure when it fails. */
  async test(ctx: ApiContext): Promise<Response> {
    const row = await loadOne(destinationResource, ctx);
    const result = await testDestination(row.id);
    return jsonResponse({ ok: result.ok, detail: result.detail });
  },
} satisfies Record<string, ApiHandler>;

export const ruleHandlers = {
  list: listHandler(ruleResource),
  listOptions: metadataHandler(ruleResource, { view: "list", actions: { POST: "admin" } }),
  detailOptions: metadataHandler(ruleResource, { view: "detail", actions: { PUT: "admin" } }),
  detail: detailHandler(ruleResource),
  async create(ctx: ApiContext): Promise<Response> {
    const input = ruleInputOf(await readBody(ctx));
    const view = await restErrors(RULE_FIELD_NAMES, () => createRule(ctx.actor, input as RuleCreateInput));
    return objectResponse(ruleResource, view, ctx, 201);
  },
  async update(ctx: ApiContext): Promise<Response> {
    const row = await loadOne(ruleResource, ctx);
    const input = ruleInputOf(await readBody(ctx));
    const view = await restErrors(RULE_FIELD_NAMES, () => updateRule(ctx.actor, row.id, input));
    return objectResponse(ruleResource, view, ctx);
  },
  async destroy(ctx: ApiContext): Promise<Response> {
    const row = await loadOne(ruleResource, ctx);
    await deleteRule(ctx.actor, row.id);
    return new Response(null, { status: 204 });
  },
} satisfies Record<string, ApiHandler>;

export const deliveryHandlers = {
  list: listHandler(deliveryResource),
  listOptions: metadataHandler(deliveryResource, { view: "list" }),
  detail: detailHandler(deliveryResource),
  detailOptions: metadataHandler(deliveryResource, { view: "detail" }),
} satisfies Record<string, ApiHandler>;
