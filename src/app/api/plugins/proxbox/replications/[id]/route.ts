// GET/OPTIONS/PUT/PATCH/DELETE /api/plugins/proxbox/replications/{id}/ — one replication job.
import { replicationHandlers as h } from "@/server/rest/replications";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.detail, { permission: "view" });
export const PUT = withApi(h.put, { permission: "change" });
export const PATCH = withApi(h.patch, { permission: "change" });
export const DELETE = withApi(h.destroy, { permission: "change" });
export const OPTIONS = withApi(h.detailOptions, { permission: "view" });
