// GET/OPTIONS/POST/PUT/PATCH/DELETE /api/plugins/proxbox/replications/ — list, create and bulk update/delete.
import { replicationHandlers as h } from "@/server/rest/replications";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.list, { permission: "view" });
export const POST = withApi(h.create, { permission: "change" });
export const PUT = withApi(h.bulkPut, { permission: "change" });
export const PATCH = withApi(h.bulkPatch, { permission: "change" });
export const DELETE = withApi(h.bulkDelete, { permission: "change" });
export const OPTIONS = withApi(h.listOptions, { permission: "view" });
