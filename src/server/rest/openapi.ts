import { z } from "zod";
import { COVERAGE_LIST_LIMIT } from "@/server/coverage/service";
import { filterParameters, type QueryParameter } from "./filter-parameters";
import { components, DOCUMENTED_RESOURCES, type ResourceDoc } from "./openapi-components";
import { PAGINATE_COUNT } from "./pagination";
import { coverageSchema } from "./serializers/coverage";
import { API_BASE } from "./urls";

// The OpenAPI 3.1 document, generated from the same zod schemas and filtersets the API runs on, so the
// contract cannot drift from the code.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ content: { "application/json": { schema } } });
const errors = {
  "400": { description: "Invalid input", ...json(ref("Error")) },
  "403": { description: "Authentication or permission failure", ...json(ref("Error")) },
};

const COMMON_LIST_PARAMETERS: QueryParameter[] = [
  ["limit", `Page size (default ${PAGINATE_COUNT}, max 1000; 0 = max)`, { type: "integer" }],
  ["offset", "Index of the first result", { type: "integer" }],
  ["ordering", "Comma-separated fields, '-' for descending; unknown fields are ignored", { type: "string" }],
  ["brief", "Any non-empty value: the brief representation", { type: "string" }],
  ["fields", "Comma-separated fields to return", { type: "string" }],
  ["omit", "Comma-separated fields to leave out", { type: "string" }],
].map(([name, description, schema]) => ({
  name: name as string,
  in: "query" as const,
  required: false as const,
  description: description as string,
  schema: schema as Record<string, unknown>,
}));

const idParameter = { name: "id", in: "path", required: true, schema: { type: "integer" } };

function readPaths(r: ResourceDoc) {
  const tag = r.path;
  return {
    [`${API_BASE}/${r.path}/`]: {
      get: {
        operationId: `${r.path}_list`,
        tags: [tag],
        summary: `List ${r.path}`,
        description: `${r.description}. Repeated parameters are OR'ed, different parameters AND'ed.`,
        parameters: [...COMMON_LIST_PARAMETERS, ...filterParameters(r.filterSet)],
        responses: { "200": { description: "A page", ...json(ref(`Paginated${r.model}List`)) }, ...errors },
      },
    },
    [`${API_BASE}/${r.path}/{id}/`]: {
      get: {
        operationId: `${r.path}_retrieve`,
        tags: [tag],
        summary: `One ${r.model}`,
        parameters: [idParameter, ...COMMON_LIST_PARAMETERS.slice(3)],
        responses: {
          "200": { description: r.model, ...json(ref(r.model)) },
          "403": errors["403"],
          "404": { description: "Not found", ...json(ref("Error")) },
        },
      },
    },
  };
}

type Operation = Record<string, unknown>;
const op = (id: string, tag: string, summary: string, extra: Operation): Operation => ({
  operationId: id,
  tags: [tag],
  summary,
  ...extra,
});

function writePaths(paths: Record<string, Record<string, Operation>>) {
  const list = paths[`${API_BASE}/replications/`];
  const detail = paths[`${API_BASE}/replications/{id}/`];
  const many = (name: string) => ({ type: "array", items: ref(name) });
  const one = (status: string) => ({
    [status]: { description: "Replication", ...json(ref("Replication")) },
    ...errors,
  });
  const bulkOut = { "200": { description: "Replications", ...json(many("Replication")) }, ...errors };
  const body = (schema: unknown) => ({ required: true, ...json(schema) });
  const t = "replications";
  const deleteBody = { type: "array", items: { type: "object", properties: { id: { type: "integer" } } } };
  list.post = op("replications_create", t, "Create one (object) or many (list), all or nothing", {
    requestBody: body({ oneOf: [ref("ReplicationRequest"), many("ReplicationRequest")] }),
    responses: {
      "201": { description: "Created", ...json({ oneOf: [ref("Replication"), many("Replication")] }) },
      ...errors,
    },
  });
  list.put = op("replications_bulk_update", t, "Bulk full update", {
    requestBody: body(many("BulkReplicationRequest")),
    responses: bulkOut,
  });
  list.patch = op("replications_bulk_partial_update", t, "Bulk partial update", {
    requestBody: body(many("BulkReplicationRequest")),
    responses: bulkOut,
  });
  list.delete = op("replications_bulk_destroy", t, "Bulk delete", {
    requestBody: body(deleteBody),
    responses: { "204": { description: "Deleted" }, ...errors },
  });
  detail.put = op("replications_update", t, "Full update (If-Match supported)", {
    parameters: [idParameter],
    requestBody: body(ref("ReplicationRequest")),
    responses: one("200"),
  });
  detail.patch = op("replications_partial_update", t, "Partial update (If-Match supported)", {
    parameters: [idParameter],
    requestBody: body(ref("PatchedReplicationRequest")),
    responses: one("200"),
  });
  detail.delete = op("replications_destroy", t, "Delete", {
    parameters: [idParameter],
    responses: { "204": { description: "Deleted" }, ...errors },
  });
  const e = "endpoints";
  const endpointOut = (status: string) => ({
    [status]: { description: "Endpoint", ...json(ref("ProxmoxEndpoint")) },
    ...errors,
  });
  paths[`${API_BASE}/endpoints/`].post = op("endpoints_create", e, "Create an endpoint (admin)", {
    requestBody: body(ref("ProxmoxEndpointRequest")),
    responses: endpointOut("201"),
  });
  const endpointDetail = paths[`${API_BASE}/endpoints/{id}/`];
  endpointDetail.patch = op("endpoints_partial_update", e, "Update an endpoint (admin)", {
    parameters: [idParameter],
    requestBody: body(ref("ProxmoxEndpointRequest")),
    responses: endpointOut("200"),
  });
  endpointDetail.delete = op("endpoints_destroy", e, "Delete an endpoint and its inventory (admin)", {
    parameters: [idParameter],
    responses: { "204": { description: "Deleted" }, ...errors },
  });
  paths[`${API_BASE}/endpoints/{id}/sync/`] = {
    post: op("endpoints_sync", e, "Queue a sync (operator)", {
      parameters: [idParameter],
      requestBody: {
        required: false,
        ...json({ type: "object", properties: { kind: { enum: ["replications", "full"] } } }),
      },
      responses: {
        "202": { description: "Queued", ...json(ref("SyncRun")) },
        "200": {
          description: "A sync of this endpoint was already queued or running",
          ...json(ref("SyncRun")),
        },
        ...errors,
      },
    }),
  };
}

/** Alert rules and destinations: admin writes, and a destination's "send test". */
function alertWritePaths(paths: Record<string, Record<string, Operation>>) {
  const body = (name: string) => ({ required: true, ...json(ref(name)) });
  for (const [path, model] of [
    ["alert-rules", "AlertRule"],
    ["alert-destinations", "AlertDestination"],
  ] as const) {
    const out = (status: string) => ({ [status]: { description: model, ...json(ref(model)) }, ...errors });
    paths[`${API_BASE}/${path}/`].post = op(`${path}_create`, path, `Create (admin)`, {
      requestBody: body(`${model}Request`),
      responses: out("201"),
    });
    const detail = paths[`${API_BASE}/${path}/{id}/`];
    detail.patch = op(`${path}_partial_update`, path, "Update the fields given (admin)", {
      parameters: [idParameter],
      requestBody: body(`${model}Request`),
      responses: out("200"),
    });
    detail.delete = op(`${path}_destroy`, path, "Delete (admin)", {
      parameters: [idParameter],
      responses: { "204": { description: "Deleted" }, ...errors },
    });
  }
  paths[`${API_BASE}/alert-destinations/{id}/test/`] = {
    post: op("alert-destinations_test", "alert-destinations", "Send a test alert (admin)", {
      parameters: [idParameter],
      responses: {
        "200": {
          description: "ok false with the exact failure when the test message was not accepted",
          ...json({
            type: "object",
            properties: { ok: { type: "boolean" }, detail: { type: "string" } },
            required: ["ok", "detail"],
          }),
        },
        ...errors,
      },
    }),
  };
}

const links = (names: string[]) => ({
  type: "object",
  properties: Object.fromEntries(names.map((n) => [n, { type: "string", format: "uri" }])),
});

const STATUS_SCHEMA = {
  type: "object",
  properties: {
    "proxbox-version": { type: "string" },
    "netbox-version": { type: "string", description: "The NetBox REST API level Proxbox answers as" },
    "installed-apps": { type: "object", additionalProperties: { type: "string" } },
    plugins: { type: "object", additionalProperties: { type: "string" } },
    "node-version": { type: "string" },
    database: {
      type: "object",
      properties: {
        up: { type: "boolean" },
        version: { type: ["string", "null"] },
        migrations_applied: { type: ["integer", "null"] },
        migrations_pending: { type: ["integer", "null"] },
      },
    },
    "workers-running": { type: ["integer", "null"], description: "Sync worker processes connected now" },
  },
};

/** The roots and the status view around the resources. */
function surroundingPaths(paths: Record<string, Record<string, Operation>>) {
  const t = "api";
  paths["/api/"] = {
    get: op("api_root", t, "API root", {
      description:
        "Links to the API's sections; answers without credentials (pynetbox reads nb.version here).",
      security: [],
      responses: { "200": { description: "Links", ...json(links(["plugins", "schema", "status"])) } },
    }),
  };
  paths["/api/plugins/"] = {
    get: op("plugins_root", t, "Installed plugins' API roots", {
      responses: { "200": { description: "Links", ...json(links(["proxbox"])) }, "403": errors["403"] },
    }),
  };
  paths[`${API_BASE}/`] = {
    get: op("proxbox_root", t, "Proxbox API root", {
      responses: {
        "200": { description: "Links", ...json(links(DOCUMENTED_RESOURCES.map((r) => r.path))) },
        "403": errors["403"],
      },
    }),
  };
  paths[`${API_BASE}/coverage/`] = {
    get: op("coverage", "coverage", "Guests without an active replication job, per endpoint and node", {
      description: `Risk classes, highest first: ha (HA-managed, not replicated), none (no job), inactive (only disabled, stale or removal-scheduled jobs). Each list holds the first ${COVERAGE_LIST_LIMIT} guests by endpoint, node and VMID; count is the total.`,
      responses: {
        "200": { description: "Coverage", ...json(z.toJSONSchema(coverageSchema)) },
        "403": errors["403"],
      },
    }),
  };
  paths["/api/status/"] = {
    get: op("status", t, "Versions, database and sync workers (NetBox's status view)", {
      responses: { "200": { description: "Status", ...json(STATUS_SCHEMA) }, "403": errors["403"] },
    }),
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, Operation>> = {};
  for (const r of DOCUMENTED_RESOURCES) Object.assign(paths, readPaths(r));
  writePaths(paths);
  alertWritePaths(paths);
  surroundingPaths(paths);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Proxbox API",
      version: process.env.npm_package_version ?? "0.1.0",
      description:
        "NetBox-compatible REST API of Proxbox: Proxmox VE storage replication jobs and their inventory. " +
        "Authenticate with `Authorization: Bearer nbt_<key>.<token>` (or legacy `Token <token>`). " +
        "Roles: viewer reads; operator also writes replications and queues syncs; admin also manages endpoints.",
    },
    security: [{ tokenAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        tokenAuth: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "Bearer nbt_<key>.<token> or Token <token>",
        },
        cookieAuth: { type: "apiKey", in: "cookie", name: "proxbox_session" },
      },
    },
  };
  return cached;
}

export { DOCUMENTED_RESOURCES } from "./openapi-components";
