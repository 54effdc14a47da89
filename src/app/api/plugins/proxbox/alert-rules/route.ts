// GET/OPTIONS/POST /api/plugins/proxbox/alert-rules/ — list alert rules (all roles), create one (admins).
import { ruleHandlers as h } from "@/server/rest/resources/alerts";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withApi(h.list, { permission: "view" });
export const POST = withApi(h.create, { permission: "admin" });
export const OPTIONS = withApi(h.listOptions, { permission: "view" });
