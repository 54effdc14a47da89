// GET/OPTIONS/PUT/PATCH/DELETE /api/plugins/proxbox/endpoints/{id}/ — one endpoint; writes are admin-only.
import { endpointHandlers as h } from "@/server/rest/resources/endpoints";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.detail, { permission: "view" });
export const PUT = withApi(h.put, { permission: "admin" });
export const PATCH = withApi(h.patch, { permission: "admin" });
export const DELETE = withApi(h.destroy, { permission: "admin" });
export const OPTIONS = withApi(h.detailOptions, { permission: "view" });
