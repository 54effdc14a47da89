// GET/OPTIONS/PUT/PATCH/DELETE /api/plugins/proxbox/alert-rules/{id}/ — one rule; writes are admin-only.
import { ruleHandlers as h } from "@/server/rest/resources/alerts";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.detail, { permission: "view" });
export const PUT = withApi(h.update, { permission: "admin" });
export const PATCH = withApi(h.update, { permission: "admin" });
export const DELETE = withApi(h.destroy, { permission: "admin" });
export const OPTIONS = withApi(h.detailOptions, { permission: "view" });
