// POST /api/plugins/proxbox/alert-destinations/{id}/test/ — send a test alert (admins): {"ok", "detail"}.
import { destinationHandlers as h } from "@/server/rest/resources/alerts";
import { withApi } from "@/server/rest/with-api";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = withApi(h.test, { permission: "admin" });
